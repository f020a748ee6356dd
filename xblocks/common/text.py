"""Text helpers both blocks share (pure: no XBlock, no Django)."""

from __future__ import annotations

import math
import re
import unicodedata

from lxml import html as lxml_html


def _(text: str) -> str:
    """Mark a msgid for extraction; blocks translate it at render time with the runtime's i18n service."""
    return text


# Translators: the language code of this catalogue: numbers are written for it ("vi": 0,25 and 45.000; "en": 0.25
# and 45,000), and pages carry it as their `lang`.
LANGUAGE_CODE = _("en")


def html_to_text(fragment: str) -> str:
    """The words of an HTML fragment (tags dropped, entities decoded, spaces collapsed), e.g. for a live region."""
    if not fragment or not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    return " ".join(root.text_content().split())


# Folding for search -----------------------------------------------------------------------------------
_WHITESPACE = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """`Hà Nội` -> `Ha Noi`; `đ`/`Đ` are separate letters in Unicode, so they are mapped by hand."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def search_key(text: str) -> str:
    """The form stored beside a name for search: no accents, case folded, single spaces, trimmed.

    Why: people type "UBND phuong Tan Dinh" on a phone keyboard without tone marks; stored once per row
    (an indexed column) it is compared in the database, not folded again per row on every search."""
    return _WHITESPACE.sub(" ", strip_diacritics(text or "").casefold()).strip()


# Numbers ---------------------------------------------------------------------------------------------
# Vietnamese writes 45.000 (a dot groups thousands) and 0,25 (a comma marks decimals), often with a
# currency word after it. One reader for everything a learner types (quiz answers, phone amounts).
MAX_NUMBER_CHARS = 300
_CURRENCY = re.compile(r"(?i)(vnđ|vnd|đồng|đ|₫)")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")
_PLAIN = re.compile(r"\d+([.,]\d+)?")


def parse_vietnamese_number(text: str) -> float | None:
    """Read a number as Vietnamese write it; None when it is not one.

    '45.000' and '45.000 đ' are 45000, '1.234,5' is 1234.5, '0,25' and '0.25' are 0.25, '-3' and '−3'
    are -3. A dot followed by groups of exactly three digits groups thousands; otherwise a single dot or
    comma is the decimal mark. '1,000,000' (English grouping) and '1,234.5' are refused as ambiguous.
    """
    raw = _SPACES.sub("", _CURRENCY.sub("", (text or "")[:MAX_NUMBER_CHARS])).replace("\u2212", "-")
    sign = -1.0 if raw.startswith("-") else 1.0
    raw = raw.lstrip("+-") if raw[:1] in "+-" and raw[1:2] not in "+-" else raw
    if "," in raw:
        whole, _, decimals = raw.partition(",")
        if "," in decimals or "." in decimals or not decimals.isdigit():
            return None
        if "." in whole:
            if not _GROUPED.fullmatch(whole):
                return None
            whole = whole.replace(".", "")
        if not whole.isdigit():
            return None
        raw = f"{whole}.{decimals}"
    elif _GROUPED.fullmatch(raw):
        raw = raw.replace(".", "")
    if not _PLAIN.fullmatch(raw):
        return None
    value = sign * float(raw)
    return value if math.isfinite(value) else None


def format_number(value: float, language: str = "vi", decimals: int = 2) -> str:
    """A number as the language writes it, at most `decimals` places: vi 0,25 and 45.000; en 0.25 and 45,000."""
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,.0f}"
    if text in ("-0", ""):
        text = "0"
    if language.split("-")[0] == "vi":
        text = text.translate({ord(","): ".", ord("."): ","})
    return text
