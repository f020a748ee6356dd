"""Author regular expressions, run by a linear-time engine (RE2) so no pattern can stall the server.

Python's `re` backtracks: `(a|aa)+$` on 31 characters took 1.2 s and doubles per character. RE2
matches in time linear in the input whatever the pattern, so a learner's 300-character answer is
checked in microseconds (scripts/bench/regex.py). RE2 has no backreferences or look-around; a pattern
using them is refused when the author saves, with a message saying so.
"""

from __future__ import annotations

from functools import lru_cache

import re2

MAX_PATTERN_CHARS = 500
_MAX_PROGRAM_BYTES = 1 << 20  # RE2's memory budget for one compiled pattern (1 MiB)


class PatternError(ValueError):
    """The author's pattern cannot be used; the message says why in words an author can act on."""


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str, *, ignore_case: bool = False):
    """The compiled RE2 form of an author's pattern (cached); raises PatternError when unusable."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(f"the pattern is longer than {MAX_PATTERN_CHARS} characters")
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignore_case
    options.max_mem = _MAX_PROGRAM_BYTES
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise PatternError(f"{detail} (backreferences and look-around are not supported)") from None


def full_match(pattern: str, text: str, *, ignore_case: bool = False) -> bool:
    """Whether the whole of `text` matches `pattern`; an unusable pattern matches nothing."""
    try:
        return compile_pattern(pattern, ignore_case=ignore_case).fullmatch(text) is not None
    except PatternError:
        return False
