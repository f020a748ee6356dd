"""Join and card codes: short, easy to read aloud and to type on a cheap phone (pure: no Django).

The alphabet leaves out what people confuse when reading a poster or a card: 0/O/Q/D, 1/I/L/J, 2/Z, 5/S,
8/B, 6/G, U/V, and every lower-case letter (codes are shown upper-case, typed any way). A class code of 6
of these 18 characters is one of 34 million; a card code has 8 (11 thousand million), since it signs a
learner in."""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "3479ACEFHKMNPRTWXY"
CLASS_CODE_LENGTH = 6
CARD_CODE_LENGTH = 8


def new_code(length: int = CLASS_CODE_LENGTH) -> str:
    """A random code (secrets: nobody can predict the next class's code from this one's)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def display(code: str) -> str:
    """The code as printed: groups of 3 or 4 with a dash ("K7P-4AX"), easier to copy by eye."""
    size = 3 if len(code) <= 6 else 4
    return "-".join(code[index:index + size] for index in range(0, len(code), size))


def normalise(typed: str) -> str:
    """What a learner typed, as the stored code: upper case, spaces and dashes dropped, full-width
    characters folded (NFKC). Returns "" when what is left cannot be a code."""
    folded = unicodedata.normalize("NFKC", typed or "").upper()
    kept = "".join(char for char in folded if char not in " -_.\t")
    if not kept or len(kept) > 16 or any(char not in ALPHABET for char in kept):
        return ""
    return kept
