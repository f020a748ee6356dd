"""A teacher's class roster (CSV or XLSX): name, birth year, phone optional. Pure: no Django.

Header names are matched without accents or case ("Họ và tên", "ho ten", "name"; "Năm sinh", "birth year";
"Số điện thoại", "SĐT", "phone"). Every bad line is named; nothing is imported if any line is refused.
Names follow the certificate's rule (check_holder_name), since the name typed here is printed there.
Neither the birth year nor the phone is ever logged. Files are read as agency staff lists are
(graders.agencies.roster.spreadsheet_lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from graders.agencies.roster import RosterError, spreadsheet_lines
from graders.credentials.credential import CredentialInputError, check_holder_name
from xblocks.common.text import search_key

MAX_BYTES = 2_000_000
MAX_LEARNERS = 500
NAME, BIRTH_YEAR, PHONE = "name", "birth_year", "phone"
_HEADERS = {
    NAME: {"ho va ten", "ho ten", "ten", "name", "full name", "hoc vien"},
    BIRTH_YEAR: {"nam sinh", "birth year", "year of birth"},
    PHONE: {"so dien thoai", "dien thoai", "sdt", "phone", "so dt"},
}
_PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


@dataclass(frozen=True)
class RosterEntry:
    """One line of a roster: the name printed on the learner's card and certificate; birth year and phone
    only if the teacher has them (graders.models.classes says why they are kept)."""

    name: str
    birth_year: int | None = None
    phone: str = ""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell (a birth year)
    return str(value).strip()


def read_roster(data: bytes) -> tuple[list[RosterEntry], list[str]]:
    """The roster's learners, or the problems (line by line, Vietnamese) that stop the import."""
    if len(data) > MAX_BYTES:
        return [], [f"Tệp lớn quá {MAX_BYTES // 1_000_000} MB."]
    try:
        lines = [(number, [_cell(value) for value in cells] if cells is not None else None)
                 for number, cells in spreadsheet_lines(data)]
    except RosterError as error:
        return [], [str(error)]
    lines = [(number, cells) for number, cells in lines if cells is None or any(cells)]
    if not lines or lines[0][1] is None:
        return [], ["Tệp trống. Dòng đầu là tiêu đề: Họ và tên, Năm sinh, Số điện thoại."]
    columns: dict[str, int] = {}
    for index, title in enumerate(lines[0][1]):
        for column, names in _HEADERS.items():
            if search_key(title) in names and column not in columns:
                columns[column] = index
    if NAME not in columns:
        return [], ["Dòng 1 phải là tiêu đề, có cột \"Họ và tên\" (cột \"Năm sinh\", \"Số điện thoại\" nếu có)."]
    if len(lines) - 1 > MAX_LEARNERS:
        return [], [f"Một lần nhập tối đa {MAX_LEARNERS} học viên."]
    entries, problems = [], []
    this_year = date.today().year
    for line, cells in lines[1:]:
        if cells is None:
            problems.append(f"Dòng {line}: có dấu ngoặc kép chưa đóng.")
            continue
        cell = {column: (cells[index] if index < len(cells) else "") for column, index in columns.items()}
        try:
            name = check_holder_name(cell[NAME])
        except CredentialInputError:
            problems.append(f"Dòng {line}: thiếu họ và tên, hoặc tên dài quá 200 ký tự.")
            continue
        year = None
        if cell.get(BIRTH_YEAR):
            raw = cell[BIRTH_YEAR]
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
