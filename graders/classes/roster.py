"""A teacher's roster file (CSV, or XLSX through openpyxl): name, birth year, phone optional.

Header names are matched without accents or case ("Họ và tên", "ho ten", "name"; "Năm sinh", "birth year";
"Số điện thoại", "SĐT", "phone"). Every bad line is named; nothing is imported if any line is refused.
Names follow the certificate's rule (graders.credentials.credential.check_holder_name), since the name
typed here is the one printed there. Neither the birth year nor the phone is ever logged.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date

from graders.classes.service import RosterEntry
from graders.credentials.credential import CredentialInputError, check_holder_name
from graders.pipeline.grade_report import GradeReportError, decode_report

MAX_BYTES = 2_000_000
MAX_LEARNERS = 500
NAME, BIRTH_YEAR, PHONE = "name", "birth_year", "phone"
_HEADERS = {
    NAME: {"ho va ten", "ho ten", "ten", "name", "full name", "hoc vien"},
    BIRTH_YEAR: {"nam sinh", "birth year", "year of birth", "nam"},
    PHONE: {"so dien thoai", "dien thoai", "sdt", "phone", "so dt", "dt"},
}
_PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


def fold(text: str) -> str:
    """Lower case without accents (đ -> d): how people type a header, or search a name."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).lower().split())


def _rows(filename: str, data: bytes) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        try:
            import openpyxl
        except ImportError:  # pragma: no cover - installed with hocvuso
            raise ValueError("Không đọc được tệp XLSX trên máy chủ này; hãy lưu thành CSV UTF-8.") from None
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ValueError("Tệp XLSX bị hỏng hoặc không phải bảng tính Excel.") from None
        sheet = book.worksheets[0]
        return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    try:
        text, _encoding = decode_report(data)
    except GradeReportError as error:
        raise ValueError(f"Tệp CSV không đọc được: {error}") from None
    sample = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (sample.count(d), d == ","))
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(header):
        folded = fold(cell)
        for column, names in _HEADERS.items():
            if folded in names and column not in found:
                found[column] = index
    return found


def read_roster(filename: str, data: bytes) -> tuple[list[RosterEntry], list[str]]:
    """The roster's learners, or the problems (line by line, Vietnamese) that stop the import."""
    if len(data) > MAX_BYTES:
        return [], [f"Tệp lớn quá {MAX_BYTES // 1_000_000} MB."]
    try:
        rows = [row for row in _rows(filename, data) if any(cell.strip() for cell in row)]
    except (ValueError, csv.Error) as error:
        return [], [str(error)]
    if not rows:
        return [], ["Tệp trống. Dòng đầu là tiêu đề: Họ và tên, Năm sinh, Số điện thoại."]
    columns = _columns(rows[0])
    if NAME not in columns:
        return [], ["Dòng 1 phải là tiêu đề, có cột \"Họ và tên\" (cột \"Năm sinh\", \"Số điện thoại\" nếu có)."]
    if len(rows) - 1 > MAX_LEARNERS:
        return [], [f"Một lần nhập tối đa {MAX_LEARNERS} học viên."]
    entries, problems = [], []
    this_year = date.today().year
    for line, row in enumerate(rows[1:], start=2):
        cell = {column: (row[index].strip() if index < len(row) else "") for column, index in columns.items()}
        try:
            name = check_holder_name(cell[NAME])
        except CredentialInputError:
            problems.append(f"Dòng {line}: thiếu họ và tên, hoặc tên dài quá 200 ký tự.")
            continue
        year = None
        if cell.get(BIRTH_YEAR):
            raw = cell[BIRTH_YEAR].removesuffix(".0")
            if not raw.isdigit() or not this_year - 120 <= int(raw) <= this_year:
                problems.append(f"Dòng {line}: năm sinh \"{raw[:10]}\" không đúng (ví dụ 1958).")
                continue
            year = int(raw)
        phone = cell.get(PHONE, "")
        if phone and not _PHONE.match(phone):
            problems.append(f"Dòng {line}: số điện thoại không đúng (chỉ chữ số, ví dụ 0912 345 678).")
            continue
        entries.append(RosterEntry(name, year, phone))
    return (entries, []) if not problems else ([], problems)
