"""`hocvuso import-grades` reads what Excel writes, names the line of every bad row, and imports all or nothing.

Before: UTF-16 files, invalid UTF-8 and huge cells ended in tracebacks, and a stray `"` swallowed the rest
of the file ("imported 2 learners" of 5, exit 0).
"""

from __future__ import annotations

import pytest

from graders import cli
from graders.cli import pipeline as cli_pipeline
from graders.models import BlockProgress, LearnerLink

pytestmark = pytest.mark.django_db

KEY = "block-v1:HocVuSo+TEST01+2026+type@auto_quiz+block@q1_thiet_bi"
HEADER = ["Student ID", "Username", "Group", "Unit", "s1_mo_khoa (Earned)", "s1_mo_khoa (Possible)",
          f"{KEY} (Earned)", f"{KEY} (Possible)"]


def _rows(count: int = 5) -> list[list[str]]:
    return [[str(100 + n), f"hv{n}", "nguoi_dan", "Xã Yên Định", "1", "1", str(n % 10), "10"] for n in range(count)]


def _csv(rows, delimiter=",", header=HEADER) -> str:
    return "\r\n".join(delimiter.join(row) for row in [header, *rows]) + "\r\n"


def _import(tmp_path, content: bytes, capsys) -> tuple[int, str]:
    path = tmp_path / "grades.csv"
    path.write_bytes(content)
    code = cli.main(["import-grades", str(path), "--quiet"])
    return code, capsys.readouterr().err


def _assert_nothing_imported():
    assert not LearnerLink.objects.exists() and not BlockProgress.objects.exists()


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8-sig", ","),      # Excel: "CSV UTF-8 (comma delimited)"
    ("utf-16", "\t"),        # Excel: "Unicode Text" (UTF-16 LE with a BOM, tab separated)
    ("utf-16-be", ","),      # UTF-16 without a BOM
    ("utf-8", ";"),          # a Vietnamese-locale Excel separates with semicolons
])
def test_files_excel_writes_are_imported(mini_course, tmp_path, capsys, encoding, delimiter):
    code, err = _import(tmp_path, _csv(_rows(), delimiter).encode(encoding), capsys)
    assert code == 0, err
    assert "imported 5 learners" in err
    assert LearnerLink.objects.count() == 5
    assert LearnerLink.objects.get(lms_user_id="103").unit == "Xã Yên Định"
    assert BlockProgress.objects.get(learner__lms_user_id="103", url_name="q1_thiet_bi").earned == 3


def test_a_stray_quote_is_refused_with_its_line_and_nothing_is_imported(mini_course, tmp_path, capsys):
    rows = _rows()
    rows[1][3] = '"Xã Yên Định'  # line 3: the quote is never closed
    code, err = _import(tmp_path, _csv(rows).encode("utf-8"), capsys)
    assert code == 2
    assert "line 3:" in err and "quote" in err
    assert "Traceback" not in err
    _assert_nothing_imported()


def test_every_bad_row_is_named(mini_course, tmp_path, capsys):
    rows = _rows(6)
    rows[0][0] = ""                # line 2: no Student ID
    rows[2][6] = "11"              # line 4: 11 of 10
    rows[3] = rows[3][:4]          # line 5: cells missing
    rows[4][0] = rows[5][0] = "7"  # line 7 repeats line 6's learner
    code, err = _import(tmp_path, _csv(rows).encode("utf-8"), capsys)
    assert code == 2
    for line in ("line 2:", "line 4:", "line 5:", "line 7:"):
        assert line in err
    assert "line 3:" not in err and "line 6:" not in err
    assert "4 rows refused" in err
    _assert_nothing_imported()


def test_invalid_utf8_names_the_line(mini_course, tmp_path, capsys):
    content = _csv(_rows()).encode("utf-8")
    content = content.replace("Xã Yên Định".encode(), "Xã Yên Định".encode("cp1258", "replace"), 3)
    code, err = _import(tmp_path, content, capsys)
    assert code == 2
    assert "line 2:" in err and "CSV UTF-8" in err
    assert "Traceback" not in err
    _assert_nothing_imported()


def test_a_huge_cell_is_refused_with_its_line(mini_course, tmp_path, capsys):
    rows = _rows()
    rows[2][3] = "x" * 200_000  # past the csv module's own field limit
    code, err = _import(tmp_path, _csv(rows).encode("utf-8"), capsys)
    assert code == 2
    assert "line 4:" in err and "longer than" in err
    _assert_nothing_imported()


def test_a_spreadsheet_file_is_refused_clearly(mini_course, tmp_path, capsys):
    code, err = _import(tmp_path, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)), capsys)
    assert code == 2
    assert "Traceback" not in err and "nothing was imported" in err
    _assert_nothing_imported()


def test_a_refusal_in_a_later_batch_undoes_the_earlier_ones(mini_course, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli_pipeline, "GRADE_BATCH_ROWS", 2)
    rows = _rows(5)
    rows[4][2] = "nhom_khong_co"  # intake refuses an unknown group, in the third batch
    code, err = _import(tmp_path, _csv(rows).encode("utf-8"), capsys)
    assert code == 2
    assert "lines 6-6" in err and "unknown group" in err
    _assert_nothing_imported()
