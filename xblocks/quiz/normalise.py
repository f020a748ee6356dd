"""How learners' typed answers are compared: one place for text and number normalisation.

Vietnamese learners type on phone keyboards that may or may not add diacritics, and write decimals with a
comma; both the validator (duplicate options) and the scorer must agree on what "the same" means.
"""

from __future__ import annotations

import re
import unicodedata

from xblocks.common.text import parse_vietnamese_number as parse_number
from xblocks.common.text import strip_diacritics

__all__ = ["MAX_ANSWER_CHARS", "normalise_text", "parse_number", "strip_diacritics"]

MAX_ANSWER_CHARS = 300
_SPACES = re.compile(r"\s+")


def normalise_text(text: str, *, case_sensitive: bool = False, ignore_diacritics: bool = False) -> str:
    """The canonical form two answers are compared in (NFC, trimmed, single spaces, optional folds)."""
    result = _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
    if ignore_diacritics:
        result = strip_diacritics(result)
    if not case_sensitive:
        result = result.casefold()
    return result
