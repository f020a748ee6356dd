"""Read an Open edX problem grade report (CSV) into block scores. Pure: no Django.

The report has one row per learner ("Student ID", "Username", ...) and, per graded block, a pair of
columns "<block> (Earned)" and "<block> (Possible)". A block column is matched to the course by the
block's url_name: the column name is the url_name, a usage key ending in "block@<url_name>", or any
title ending in "<url_name>" or "(<usage key>)". Optional columns "Subject ID", "Group", "Unit" link
learners. Cells such as "Not Attempted" or empty are skipped.

Files come from spreadsheets, so the reader takes what Excel writes (UTF-8 with or without a BOM,
UTF-16 "Unicode text", comma, semicolon or tab separated) and checks the whole file before anything is
imported: every bad row is reported with its line, and one bad row means nothing is imported. Each
record must sit on one line (a grade report has no line breaks inside cells), so a stray `"` cannot
swallow the rows after it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_PAIR = re.compile(r"^(?P<name>.+?)\s*\((?P<kind>Earned|Possible)\)\s*$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9_.\-]+")
MAX_CELL = 1000  # characters; ids, names and scores are far shorter
MAX_PROBLEMS = 200  # problems kept (and shown); the count says how many more
_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]


class GradeReportError(ValueError):
    """The file is not a usable grade report; the message names the line or column."""


@dataclass(frozen=True)
class ReportRow:
    line: int
    user_id: str
    username: str
    subject_id: str | None
    group: str | None
    unit: str | None
    scores: tuple[tuple[str, float, float], ...]  # (url_name, earned, possible)


@dataclass
class GradeReport:
    """The usable rows, and a line-numbered problem for each row that is not (import only if none)."""

    encoding: str
    rows: list[ReportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0

    def refuse(self, line: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"line {line}: {message}")


def decode_report(data: bytes) -> tuple[str, str]:
    """The file's text and encoding: a byte-order mark decides, then UTF-16 without one (every other
    byte zero), else UTF-8. Anything else is refused with the line of the first undecodable byte."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:4:2] != b"\x00\x00":
        encoding = "utf-16-le"
    elif encoding is None and len(data) >= 4 and data[0:4:2] == b"\x00\x00" and data[1:4:2] != b"\x00\x00":
        encoding = "utf-16-be"
    encoding = encoding or "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        raise GradeReportError(
            f"line {line}: the file is not {encoding.upper().replace('-SIG', '')} text (byte "
            f"0x{data[error.start]:02x}); in Excel choose 'Save as' > 'CSV UTF-8 (comma delimited)'") from None
    return text.removeprefix("\ufeff"), encoding


def _url_name(column: str, known: set[str]) -> str | None:
    candidates = [column.strip(), column.rsplit("@", 1)[-1].strip(" )")]
    candidates += _TOKEN.findall(column)[-1:]
    for candidate in candidates:
        if candidate in known:
            return candidate
    return None


def _number(cell: str | None) -> float | None:
    try:
        value = float(cell)
    except (TypeError, ValueError):
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _split(line: str, delimiter: str) -> list[str]:
    """One physical line as cells; raises csv.Error on a quote that is not closed on the line."""
    return next(csv.reader([line], delimiter=delimiter, strict=True), [])


def read_grade_report(data: bytes, known_blocks: Iterable[str]) -> GradeReport:
    """Every learner row's scores for the known blocks, and every problem with its line.

    Raises GradeReportError when the file as a whole is unusable (encoding, header)."""
    text, encoding = decode_report(data)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise GradeReportError(f"line {line}: the file contains NUL characters; is it a spreadsheet (.xlsx) "
                               "rather than CSV? Save it as 'CSV UTF-8'")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    report = GradeReport(encoding)
    known = set(known_blocks)
    delimiter = _delimiter(lines[0])
    try:
        header = _split(lines[0], delimiter)
    except csv.Error as error:
        raise GradeReportError(f"line 1: the header is not valid CSV ({error})") from None
    if "Student ID" not in header:
        raise GradeReportError('line 1: the first row must be the header, with a "Student ID" column')
    if any(len(cell) > MAX_CELL for cell in header):
        raise GradeReportError(f"line 1: a column title is longer than {MAX_CELL} characters")
    pairs: dict[str, dict[str, int]] = {}
    for index, column in enumerate(header):
        match = _PAIR.match(column)
        url_name = _url_name(match.group("name"), known) if match else None
        if url_name:
            pairs.setdefault(url_name, {})[match.group("kind").lower()] = index
    usable = {name: cols for name, cols in pairs.items() if {"earned", "possible"} <= cols.keys()}
    if not usable:
        raise GradeReportError(
            "line 1: no column pair '<block> (Earned)' / '<block> (Possible)' names a graded block of this "
            "course (use the block's url_name or usage key in the column title)")
    column = {name: index for index, name in enumerate(header)}
    seen: dict[str, int] = {}
    for line_number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            cells = _split(line, delimiter)
        except csv.Error as error:
            if "larger than field limit" in str(error):
                report.refuse(line_number, f"a cell is longer than {MAX_CELL} characters")
            else:
                report.refuse(line_number, 'a quote (") opens a cell that is not closed on this line; '
                                           "remove the stray quote or close it")
            continue
        if len(cells) != len(header):
            report.refuse(line_number, f"{len(cells)} cells where the header has {len(header)}")
            continue
        if any(len(cell) > MAX_CELL for cell in cells):
            report.refuse(line_number, f"a cell is longer than {MAX_CELL} characters")
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[column[name]].strip() if name in column else ""

        user_id = cell("Student ID")
        if not user_id:
            report.refuse(line_number, "Student ID is empty")
            continue
        if user_id in seen:
            report.refuse(line_number, f"Student ID {user_id} is already on line {seen[user_id]}")
            continue
        seen[user_id] = line_number
        scores, bad = [], []
        for url_name, columns in usable.items():
            earned, possible = _number(cells[columns["earned"]]), _number(cells[columns["possible"]])
            if earned is None or not possible or possible <= 0:
                continue
            if not 0 <= earned <= possible:
                bad.append(f"{url_name}: earned {earned:g} is not between 0 and {possible:g}")
                continue
            scores.append((url_name, earned, possible))
        if bad:
            report.refuse(line_number, "; ".join(bad))
            continue
        report.rows.append(ReportRow(line_number, user_id, cell("Username"), cell("Subject ID") or None,
                                     cell("Group") or None, cell("Unit") or None, tuple(scores)))
    return report
