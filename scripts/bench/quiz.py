"""Benchmark the auto_quiz block: submission latency, item statistics speed and shipped payload size.

Run: .venv/bin/python scripts/bench/quiz.py   (prints figures, then one JSON line)
Targets: submit <= 1 ms (10 questions, in process), statistics <= 2 s (100,000 learner rows of 10 items),
JS + CSS <= 30 KB gzipped. `payload_kb_gz` counts every file a learner's page loads: the shared common/net.js,
quiz.js and quiz.css (until issue 15 it counted quiz.js + quiz.css only; `payload_own_kb_gz` is that figure);
`staff_extra_kb_gz` is what course staff load on top (item statistics).

`submit_ms` times the real `submit` handler through `block.handle` with a JSON request, as the LMS calls
it: decoding, grading, the field saves (the runtime copies every saved value), the grade publish and the
JSON reply. Each learner makes two attempts; answers have the right shape for each question type. The
quiz shows results but not answers, so the reply carries each question's result rather than the whole
page; the second figure is the same submission when it also reveals the answers (whole page rendered).
The machine is shared: compare figures taken in the same run, not across runs.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from webob import Request  # noqa: E402
from xblock.field_data import DictFieldData  # noqa: E402
from xblock.fields import ScopeIds  # noqa: E402
from xblock.test.tools import TestRuntime  # noqa: E402

from scripts.bench._payload import gz_kb  # noqa: E402
from xblocks.common.i18n import BundledI18nService  # noqa: E402
from xblocks.quiz import QuizBlock  # noqa: E402
from xblocks.quiz.block import LEARNER_CSS, LEARNER_JS, STAFF_CSS, STAFF_JS  # noqa: E402
from xblocks.quiz.stats import item_statistics  # noqa: E402

TYPES = [
    '<question id="q{i}" type="single"><prompt>Câu {i}</prompt><choice correct="true">A</choice>'
    "<choice>B</choice><choice>C</choice></question>",
    '<question id="q{i}" type="multiple" scoring="weights"><prompt>Câu {i}</prompt><choice correct="true">A</choice>'
    '<choice correct="true">B</choice><choice>C</choice></question>',
    '<question id="q{i}" type="text" ignore_diacritics="true"><prompt>Câu {i}</prompt><answer>Hà Nội</answer>'
    '<answer regex="true">(tp )?ha noi</answer></question>',
    '<question id="q{i}" type="number"><prompt>Câu {i}</prompt><answer value="3.14" tolerance="1%"/></question>',
    '<question id="q{i}" type="ordering"><prompt>Câu {i}</prompt><item>A</item><item>B</item><item>C</item></question>',
]


_LEARNERS = iter(range(10**9))


def _block(**fields) -> QuizBlock:
    """A new learner's view of the quiz (each learner has an id of their own, as in a course)."""
    questions = "<questions>" + "".join(TYPES[i % len(TYPES)].format(i=i) for i in range(10)) + "</questions>"
    data = DictFieldData({"questions_xml": questions, "max_attempts": 0, **fields})
    runtime = TestRuntime(services={"field-data": data, "i18n": BundledI18nService("vi")})
    runtime.publish = mock.Mock()
    learner = f"u{next(_LEARNERS)}"
    return runtime.construct_xblock_from_class(QuizBlock, ScopeIds(learner, "auto_quiz", "d1", "bench-usage"))


def _post(block, handler, payload):
    request = Request.blank("/", method="POST")
    request.body = json.dumps(payload).encode()
    request.content_type = "application/json"
    response = block.handle(handler, request)
    assert response.status_code == 200, response.body
    return response


def _answers(block) -> dict:
    from xblocks.quiz.attempts import AttemptState
    from xblocks.quiz.view_model import layout, questions_by_id

    """A plausible answer of the right shape for every served question (page tokens, as a browser sends)."""
    by_id = questions_by_id(block.questions_xml)
    answers = {}
    for entry in layout(block._quiz(), AttemptState.from_dict(block.current)):
        kind, tokens = by_id[entry["id"]].type, [token for token, _ident in entry["options"]]
        answers[entry["token"]] = {"single": tokens[:1] and tokens[0], "text": "ha noi", "number": "3,14"}.get(
            kind, tokens)
    return answers


def bench_submit(rounds: int = 200, **fields) -> float:
    timings = []
    for index in range(rounds):
        if index % 2 == 0:  # a learner's first or second attempt, as in a real course
            block = _block(**fields)
        _post(block, "start", {"seq": block.attempt_seq})
        answers = _answers(block)
        began = time.perf_counter()
        _post(block, "submit", {"seq": block.attempt_seq, "answers": answers})
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def bench_grading_core(rounds: int = 200) -> float:
    """The grading itself (map ids, score 10 questions, apply the grading method), without XBlock I/O."""
    from xblocks.quiz.attempts import AttemptState, final_grade
    from xblocks.quiz.scoring import score_response
    from xblocks.quiz.tokens import decode
    from xblocks.quiz.view_model import layout, questions_by_id

    block = _block()
    _post(block, "start", {"seq": block.attempt_seq})
    by_id = questions_by_id(block.questions_xml)
    served = layout(block._quiz(), AttemptState.from_dict(block.current))
    answers = _answers(block)
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        total = 0.0
        for entry in served:
            question = by_id[entry["id"]]
            total += score_response(question, decode(question, entry, answers[entry["token"]])).earned
        final_grade([total, 1.0], "highest")
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def bench_stats(learners: int = 100_000, items: int = 10) -> float:
    rng = random.Random(1)
    ids = [f"q{i}" for i in range(items)]
    options = {item: ["a", "b", "c", "d"] for item in ids}
    keyed = {item: {"a"} for item in ids}
    rows = []
    for _ in range(learners):
        ability = rng.random()
        row = {}
        for item in ids:
            right = rng.random() < ability
            row[item] = (1.0 if right else 0.0, ["a"] if right else [rng.choice("bcd")])
        rows.append(row)
    began = time.perf_counter()
    item_statistics(rows, ids, options, keyed)
    return time.perf_counter() - began


def payload_kb() -> float:
    """Every script and style a learner's page loads (the block's own lists): the shared net.js included."""
    return gz_kb("quiz", LEARNER_JS + LEARNER_CSS)[0]


def main() -> None:
    submit_ms = bench_submit()
    print(f"submit handler, whole request (10 questions; grading, field saves, grade publish, the results "
          f"reply), median of 200: {submit_ms:.3f} ms  (target <= 1 ms)")
    print(f"  same, when the submission reveals the answers (whole page re-rendered): "
          f"{bench_submit(show_answer='after_each'):.3f} ms")
    print(f"grading core of that submission (decode + score + grading method): {bench_grading_core():.3f} ms")
    stats_s = bench_stats()
    print(f"item statistics, 100,000 learners x 10 items (1,000,000 responses): {stats_s:.2f} s  (target <= 2 s)")
    own = gz_kb("quiz", tuple(name for name in LEARNER_JS + LEARNER_CSS if not name.startswith("common/")))[0]
    kb, staff = payload_kb(), gz_kb("quiz", STAFF_JS + STAFF_CSS)[0]
    print(f"learner JS + CSS gzipped (net.js, quiz.js, quiz.css): {kb:.2f} KB  (target <= 30 KB); "
          f"quiz.js + quiz.css alone {own:.2f} KB")
    print(f"staff only, added for course staff (item statistics JS + CSS): {staff:.2f} KB gzipped")
    print(json.dumps({"submit_ms": round(submit_ms, 3), "stats_s": round(stats_s, 3), "payload_kb_gz": round(kb, 2),
                      "payload_own_kb_gz": round(own, 2), "staff_extra_kb_gz": round(staff, 2)}))


if __name__ == "__main__":
    main()
