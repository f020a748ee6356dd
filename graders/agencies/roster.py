"""Read an agency's staff list (CSV or XLSX) into checked rows. Pure: no Django.

Columns, in Vietnamese or English, any order, any case, with or without accents: "Mã người học" (subject
id: the identity platform's pseudonymous id) or "Tên đăng nhập" (username) — one of the two per row —,
"Họ và tên" (name), "Đơn vị" (unit), "Nhóm" (group: its key or its label) and "Hạn hoàn thành" (deadline:
31/12/2026, 2026-12-31 or a date cell). Other columns are never stored; columns that hold personal data
(ID card number, birth date, phone, address) are named back so the officer knows they were dropped.

The whole file is checked before anything is stored: every bad row is reported with its line, in
Vietnamese and English, and one bad row means nothing is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from graders.credentials.credential import MAX_NAME_LENGTH, CredentialInputError, check_pseudonymous_subject_id
from graders.pipeline.grade_report import GradeReportError, decode_report
from xblocks.common.text import search_key

MAX_FILE_BYTES = 10_000_000
MAX_ROWS = 100_000
MAX_PROBLEMS = 200
LIMITS = {"subject_id": 255, "username": 150, "name": MAX_NAME_LENGTH, "unit": 255, "group": 64}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_USERNAME = re.compile(r"[\w.@+-]+")

# Column titles as search keys (xblocks.common.text.search_key) -> field.
COLUMNS = {
    "ma nguoi hoc": "subject_id", "subject id": "subject_id", "subject_id": "subject_id",
    "ten dang nhap": "username", "username": "username", "user name": "username",
    "ho va ten": "name", "ho ten": "name", "name": "name", "full name": "name",
    "don vi": "unit", "unit": "unit", "phong ban": "unit",
    "nhom": "group", "nhom doi tuong": "group", "group": "group",
    "han hoan thanh": "deadline", "han": "deadline", "deadline": "deadline",
}
# Words in a column title that mean personal data we must not keep (the column is dropped and named).
PERSONAL_WORDS = ("cccd", "cmnd", "can cuoc", "dinh danh ca nhan", "so dinh danh", "ngay sinh", "nam sinh",
                  "dien thoai", "sdt", "phone", "birth", "national id", "dia chi", "address", "email")
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


class RosterError(ValueError):
    """The file as a whole is unusable (format, header); the message says what to do, in vi and en."""


@dataclass(frozen=True)
class StaffRow:
    line: int
    subject_id: str
    username: str
    name: str
    unit: str
    group: str  # a group key of the course policies, or "" (keep the learner's)
    deadline: dt.date | None


@dataclass
class Roster:
    """The usable rows, and a line-numbered problem for each row that is not (import only if none)."""

    rows: list[StaffRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    personal_columns: list[str] = field(default_factory=list)

    def refuse(self, line: int, vi: str, en: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"dòng {line}: {vi} (line {line}: {en})")


def _is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _xlsx_lines(data: bytes) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RosterError(f"tệp XLSX không đọc được ({type(error).__name__}); hãy lưu lại bằng Excel "
                          "(the XLSX file cannot be read; save it again from Excel)") from None
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        book.close()


def _csv_lines(data: bytes) -> Iterator[tuple[int, list]]:
    try:
        text, _encoding = decode_report(data)
    except GradeReportError as error:
        raise RosterError(f"{error} (tệp CSV phải là UTF-8: trong Excel chọn 'CSV UTF-8')") from None
    if "\x00" in text:
        raise RosterError("tệp có ký tự NUL: có phải tệp Excel không? Hãy tải lên tệp .xlsx hoặc CSV UTF-8 "
                          "(the file contains NUL characters: upload an .xlsx or a UTF-8 CSV)")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    counts = {delimiter: lines[0].count(delimiter) for delimiter in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    for number, line in enumerate(lines, start=1):
        try:
            yield number, next(csv.reader([line], delimiter=delimiter, strict=True), [])
        except csv.Error:
            yield number, None  # a quote not closed on its line: refused as that line


def spreadsheet_lines(data: bytes) -> Iterator[tuple[int, list | None]]:
    """(line number, cells) of an uploaded CSV or XLSX (told apart by content, not name); a CSV line with
    an unclosed quote comes as None. Raises RosterError for a file that cannot be read at all. Also read
    by class rosters (graders.classes.roster)."""
    return _xlsx_lines(data) if _is_xlsx(data) else _csv_lines(data)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell holding an id
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _deadline(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def group_names(groups: Mapping[str, str]) -> dict[str, str]:
    """Every way a group may be written (its key or its label, folded) -> its key."""
    names = {}
    for key, label in groups.items():
        names[search_key(key)] = key
        names[search_key(label)] = key
    return names


def read_roster(data: bytes, groups: Mapping[str, str]) -> Roster:
    """Every staff row of the file and every problem with its line. `groups`: group key -> label.

    Raises RosterError when the file as a whole is unusable (size, format, header)."""
    if len(data) > MAX_FILE_BYTES:
        raise RosterError(f"tệp lớn hơn {MAX_FILE_BYTES // 1_000_000} MB; hãy chia nhỏ "
                          f"(the file is larger than {MAX_FILE_BYTES // 1_000_000} MB; split it)")
    if not data.strip():
        raise RosterError("tệp trống (the file is empty)")
    lines = _xlsx_lines(data) if _is_xlsx(data) else _csv_lines(data)
    roster = Roster()
    header = next(lines, (1, []))[1] or []
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        title_text = _text(title)
        key = search_key(title_text)
        if key in COLUMNS and COLUMNS[key] not in columns:
            columns[COLUMNS[key]] = index
        elif title_text:
            roster.dropped_columns.append(title_text[:80])
            if any(word in key for word in PERSONAL_WORDS):
                roster.personal_columns.append(title_text[:80])
    if "subject_id" not in columns and "username" not in columns:
        raise RosterError('dòng 1 phải là tiêu đề, có cột "Mã người học" hoặc "Tên đăng nhập" (line 1 must be '
                          'the header, with a "Mã người học" (subject id) or "Tên đăng nhập" (username) column)')
    _read_rows(roster, lines, columns, group_names(groups), sorted(groups))
    return roster


def _read_rows(roster: Roster, lines: Iterable[tuple[int, list | None]], columns: dict[str, int],
               known_groups: dict[str, str], group_keys: list[str]) -> None:
    seen: dict[str, int] = {}
    for count, (line, cells) in enumerate(lines, start=1):
        if count > MAX_ROWS:
            raise RosterError(f"tệp có hơn {MAX_ROWS} dòng; hãy chia nhỏ (more than {MAX_ROWS} rows; split it)")
        if cells is None:
            roster.refuse(line, 'có dấu ngoặc kép (") mở mà không đóng trên dòng này',
                          'a quote (") opens a cell that is not closed on this line')
            continue
        if not any(_text(cell) for cell in cells):
            continue

        def cell(name: str, cells: list = cells) -> object:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        values = {name: _text(cell(name)) for name in LIMITS}
        bad = [name for name, value in values.items() if len(value) > LIMITS[name] or _CONTROL.search(value)]
        if bad:
            roster.refuse(line, f"ô {', '.join(bad)} quá dài hoặc có ký tự điều khiển",
                          f"{', '.join(bad)} too long or holds a control character")
            continue
        subject_id, username = values["subject_id"], values["username"]
        if not subject_id and not username:
            roster.refuse(line, "thiếu mã người học hoặc tên đăng nhập", "no subject id or username")
            continue
        if subject_id:
            try:
                check_pseudonymous_subject_id(subject_id)
            except CredentialInputError:
                roster.refuse(line, "mã người học trông như số căn cước hoặc số điện thoại; không nhập số cá "
                                    "nhân, hãy dùng mã người học của nền tảng định danh",
                              "the subject id looks like an ID card or phone number; use the platform's "
                              "pseudonymous id")
                continue
        if username and not _USERNAME.fullmatch(username):
            roster.refuse(line, f"tên đăng nhập {username!r} có ký tự không hợp lệ (chỉ chữ, số, . @ + - _)",
                          f"username {username!r} has characters a username cannot have")
            continue
        group = ""
        if values["group"]:
            group = known_groups.get(search_key(values["group"]), "")
            if not group:
                roster.refuse(line, f"không có nhóm {values['group']!r} (các nhóm: {', '.join(group_keys)})",
                              f"unknown group {values['group']!r} (known: {', '.join(group_keys)})")
                continue
        deadline = None
        if _text(cell("deadline")):
            try:
                deadline = _deadline(cell("deadline"))
            except ValueError:
                roster.refuse(line, f"hạn hoàn thành {_text(cell('deadline'))[:40]!r} không phải ngày "
                                    "(viết 31/12/2026)",
                              "the deadline is not a date (write 31/12/2026)")
                continue
        person = f"s:{subject_id}" if subject_id else f"u:{username}"
        if person in seen:
            roster.refuse(line, f"người này đã có ở dòng {seen[person]}", f"this person is already on line "
                                                                       f"{seen[person]}")
            continue
        seen[person] = line
        roster.rows.append(StaffRow(line, subject_id, username, " ".join(values["name"].split()),
                                    " ".join(values["unit"].split()), group, deadline))
