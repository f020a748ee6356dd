"""Reading an agency's staff list (graders.agencies.roster): CSV or XLSX, Vietnamese or English headers,
every bad row named by its line (in Vietnamese and English), personal-data columns never kept."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from graders.agencies.roster import RosterError, read_roster

GROUPS = {"nguoi_dan": "Người dân", "can_bo_cong_chuc": "Cán bộ, công chức, viên chức"}


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_csv_with_vietnamese_headers_is_read_with_groups_by_label_and_dates_the_vietnamese_way():
    data = ("Mã người học;Họ và tên;Đơn vị;Nhóm;Hạn hoàn thành;Ghi chú\n"
            "sub-1;Nguyễn  Văn An;UBND phường Tân Định;cán bộ, công chức, viên chức;31/12/2026;x\n"
            "sub-2;Trần Thị Bình;Phòng Tư pháp;nguoi_dan;2026-11-30;\n"
            "\n").encode("utf-8-sig")
    roster = read_roster(data, GROUPS)
    assert roster.problems == []
    first, second = roster.rows
    assert (first.line, first.subject_id, first.name, first.group, first.deadline) == (
        2, "sub-1", "Nguyễn Văn An", "can_bo_cong_chuc", dt.date(2026, 12, 31))
    assert (second.group, second.deadline) == ("nguoi_dan", dt.date(2026, 11, 30))
    assert roster.dropped_columns == ["Ghi chú"] and roster.personal_columns == []


def test_an_xlsx_with_english_headers_date_cells_and_number_cells_is_read():
    data = xlsx([["Username", "Name", "Unit", "Group", "Deadline"],
                 ["an.nguyen", "Nguyễn Văn An", "Phòng Nội vụ", "Người dân", dt.datetime(2026, 12, 1)],
                 [12345, "Lê Văn C", "", None, None]])
    roster = read_roster(data, GROUPS)
    assert roster.problems == []
    assert [(row.line, row.username, row.group, row.deadline) for row in roster.rows] == [
        (2, "an.nguyen", "nguoi_dan", dt.date(2026, 12, 1)), (3, "12345", "", None)]


def test_every_bad_row_is_named_by_its_line_in_vietnamese_and_english():
    data = ("Mã người học,Tên đăng nhập,Họ và tên,Nhóm,Hạn hoàn thành\n"
            "sub-1,,An,nguoi_dan,31/12/2026\n"
            ",,Không có mã,nguoi_dan,\n"                  # line 3: no identifier
            "CCCD001099001234,,Số căn cước,,\n"          # line 4: a national ID number
            "sub-4,,Bốn,giam_doc,\n"                     # line 5: unknown group
            "sub-5,,Năm,,ngày mai\n"                     # line 6: not a date
            "sub-1,,An lần hai,,\n"                      # line 7: the same person again
            ",có dấu cách,Bảy,,\n"                       # line 8: a username with a space
            'sub-9,,"Chín,nguoi_dan,\n').encode()        # line 9: an open quote
    roster = read_roster(data, GROUPS)
    assert roster.problem_count == 7 and len(roster.rows) == 1
    lines = [problem.split(":")[0] for problem in roster.problems]
    assert lines == [f"dòng {n}" for n in (3, 4, 5, 6, 7, 8, 9)]
    assert "(line 4: the subject id looks like an ID card or phone number" in roster.problems[1]
    assert "giam_doc" in roster.problems[2] and "can_bo_cong_chuc" in roster.problems[2]
    assert "đã có ở dòng 2" in roster.problems[4]


def test_personal_data_columns_are_dropped_and_named_back():
    data = xlsx([["Tên đăng nhập", "Họ và tên", "Số CCCD", "Ngày sinh", "Số điện thoại"],
                 ["an", "An", "001099001234", "01/01/1960", "0912345678"]])
    roster = read_roster(data, GROUPS)
    assert roster.personal_columns == ["Số CCCD", "Ngày sinh", "Số điện thoại"]
    assert "001099001234" not in repr(roster.rows) and "0912345678" not in repr(roster.rows)


@pytest.mark.parametrize(("data", "says"), [
    (b"", "tệp trống"),
    ("Họ và tên,Đơn vị\nAn,X\n".encode(), "Mã người học"),
    (b"PK\x03\x04not really a zip", "XLSX"),
    (b"\xff\xfe" + "Tên đăng nhập\n".encode("utf-16-le") + b"\x00\xd8", "UTF"),
])
def test_an_unusable_file_is_refused_as_a_whole_saying_what_to_do(data, says):
    with pytest.raises(RosterError, match=says):
        read_roster(data, GROUPS)
