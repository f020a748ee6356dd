"""How learners' typed answers are compared: one place for text and number normalisation.

Vietnamese learners type on phone keyboards that may or may not add diacritics, and write decimals with a
comma; both the validator (duplicate options) and the scorer must agree on what "the same" means.
"""

from __future__ import annotations

import math
import re
import unicodedata

MAX_ANSWER_CHARS = 300
_SPACES = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """`Hà Nội` -> `Ha Noi`; `đ`/`Đ` are separate letters in Unicode, so they are mapped by hand."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def normalise_text(text: str, *, case_sensitive: bool = False, ignore_diacritics: bool = False) -> str:
    """The canonical form two answers are compared in (NFC, trimmed, single spaces, optional folds)."""
    result = _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
    if ignore_diacritics:
        result = strip_diacritics(result)
    if not case_sensitive:
        result = result.casefold()
    return result


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> float | None:
    """Read a number as a Vietnamese learner may type it (`3,14`, `10.000.000`, `1.234,5`); None if not one."""
    raw = _SPACES.sub("", (text or "")[:MAX_ANSWER_CHARS]).replace("\u2212", "-")
    if not raw:
        return None
    if "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1:
        raw = raw.replace(".", "")
    elif raw.count(",") == 1:
        raw = raw.replace(",", ".")
    if not _NUMBER.match(raw):
        return None
    value = float(raw)
    return value if math.isfinite(value) else None
