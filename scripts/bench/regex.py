"""Benchmark author regexes: how long one learner answer takes to check against a hostile pattern.

Run: .venv/bin/python scripts/bench/regex.py   (prints figures, then one JSON line)
Target: a 300-character answer checked in under 10 ms against any pattern an author can save. The
patterns are the classic catastrophic-backtracking shapes; with Python's `re` the first one took 1.2 s
at 31 characters and doubled per character, so `re` is timed only up to 24 characters here.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from xblocks.common.regex import full_match  # noqa: E402
from xblocks.quiz.questions import compile_answer_regex  # noqa: E402

HOSTILE = ["(a|aa)+$", "(a+)+$", "(a|a?)+b", "(.*a){12}", "^(\\w+\\s?)*$"]
ANSWER = "a" * 299 + "!"


def _median_ms(check, repeats: int = 50) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        check()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    worst = 0.0
    for pattern in HOSTILE:
        quiz_ms = _median_ms(lambda p=pattern: compile_answer_regex(p, False, False).fullmatch(ANSWER))
        phone_ms = _median_ms(lambda p=pattern: full_match(p, ANSWER))
        worst = max(worst, quiz_ms, phone_ms)
        print(f"{pattern!r:>18} on 300 characters: quiz {quiz_ms:.4f} ms, phone {phone_ms:.4f} ms  (target < 10 ms)")
    began = time.perf_counter()
    re.fullmatch("(a|aa)+$", "a" * 24 + "!")
    backtracking_ms = (time.perf_counter() - began) * 1000
    print(f"for comparison, Python re on '(a|aa)+$' with only 25 characters: {backtracking_ms:.1f} ms")
    print(json.dumps({"worst_match_ms_300_chars": round(worst, 4), "python_re_25_chars_ms": round(backtracking_ms, 1)}))


if __name__ == "__main__":
    main()
