"""Forms on the simulated phone (pure: no XBlock, no Django): value checks, fields, values, placeholders.

A `<form>` widget holds `<field>`s. A field's `name` names one value of the whole scenario: the same
field on a later screen shows what the learner typed, and `{{name}}` in any text shows it (a summary
before sending). Values live in the engine's state for one attempt and are checked only by a submit
rule's `<field>` checks, on the server. Scenarios hold fictional data only: a form never asks for a
learner's real data (docs/authoring/phone_sim.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from xblocks.common.regex import full_match
from xblocks.common.text import parse_vietnamese_number as parse_number

# Value checks, shared by typed rules (`<expect check=…>`) and form fields (`<field check=…>`).
CHECKS = ("exact", "normalised", "pattern", "range", "number", "required")
FORM_FIELD_KINDS = ("text", "number", "phone", "email", "choice")
MAX_VALUE_LENGTH = 200  # longest learner entry the engine looks at or keeps
MAX_FIELDS = 30  # values one scenario may keep
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_-]{0,63})\s*\}\}")
EMPTY_VALUE = "—"  # what a placeholder shows before the learner filled its field

_SEPARATORS = re.compile(r"[\s.\-]+")


def normalise(text: str) -> str:
    """Compare typed text the way a helper would: ignore case, Vietnamese accents, spaces, '.' and '-'.

    So '0912 000 123' equals '0912-000-123' and 'Nguyen van an' equals 'Nguyễn Văn An'.
    """
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SEPARATORS.sub("", text.casefold())


def value_matches(check: str | None, expected: str | None, low: float | None, high: float | None,
                  entry: str | None) -> bool:
    """Whether a learner's entry passes one check (docs/authoring/phone_sim.md, "Value checks")."""
    if check is None:
        return True
    text = (entry or "")[:MAX_VALUE_LENGTH]
    if check == "required":
        return bool(text.strip())
    if check == "exact":
        return text == expected
    if check == "normalised":
        return normalise(text) == normalise(expected or "")
    if check == "pattern":
        return full_match(expected or "", text.strip())
    number = parse_number(text)
    if check == "number":
        return number is not None
    return number is not None and low is not None and high is not None and low <= number <= high


def format_number(value: float | None) -> str | None:
    """A bound as an author wrote it: 2 not 2.0 (what "show me" types for a range)."""
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class FieldSpec:
    """One `<field>` of a form as written: what the page draws (never a check or an expected value)."""

    name: str
    label: str
    kind: str = "text"
    options: tuple[str, ...] = ()  # kind="choice": the choices, in order
    value: str = ""  # pre-filled (data the service already has); the only value of a read-only field
    readonly: bool = False
    placeholder: str = ""
    line: int | None = None


@dataclass(frozen=True)
class FieldCheck:
    """One `<field>` check inside a submit rule: the named field's value must pass `check`."""

    name: str
    check: str
    value: str | None = None
    low: float | None = None
    high: float | None = None
    show: str | None = None
    feedback: str = ""
    line: int | None = None

    def matches(self, entry: str | None) -> bool:
        return value_matches(self.check, self.value, self.low, self.high, entry)

    @property
    def demo_value(self) -> str | None:
        """What "show me" (and the watch-mode walk-through) puts in the field."""
        if self.show is not None:
            return self.show
        if self.check in ("exact", "normalised"):
            return self.value
        if self.check == "range":
            return format_number(self.low)
        return None


Lookup = Callable[[str], str]


def failing(checks: Iterable[FieldCheck], lookup: Lookup) -> tuple[FieldCheck, ...]:
    """The checks a submit fails, in the author's order (each field named once)."""
    seen, out = set(), []
    for check in checks:
        if check.name not in seen and not check.matches(lookup(check.name)):
            seen.add(check.name)
            out.append(check)
    return tuple(out)


def merge_values(current: tuple[tuple[str, str], ...], editable: Iterable[str],
                 sent: Mapping[str, object] | None) -> tuple[tuple[str, str], ...]:
    """The kept values after the page reported what its fields hold now.

    Only the screen's editable fields are taken (a read-only field keeps the author's value, whatever
    the browser says); each value is text cut to MAX_VALUE_LENGTH; the result is sorted by name.
    """
    values = dict(current)
    if sent:
        for name in editable:
            entry = sent.get(name)
            if isinstance(entry, str | int | float) and not isinstance(entry, bool):
                values[name] = str(entry)[:MAX_VALUE_LENGTH]
    return tuple(sorted(values.items()))[:MAX_FIELDS]


def lookup_for(fields: Mapping[str, FieldSpec], values: tuple[tuple[str, str], ...]) -> Lookup:
    """A field's current value: the learner's, else the pre-filled one; a read-only field's is the author's."""
    kept = dict(values)

    def lookup(name: str) -> str:
        spec = fields.get(name)
        if spec is not None and (spec.readonly or name not in kept):
            return spec.value
        return kept.get(name, "")

    return lookup


def fill(text: str, lookup: Lookup) -> str:
    """`text` with each `{{name}}` replaced by the field's value, in one pass (a value is never re-read)."""
    if "{{" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: lookup(m.group(1)) or EMPTY_VALUE, text)


def placeholders(text: str) -> list[str]:
    """The field names `text` shows."""
    return PLACEHOLDER.findall(text)
