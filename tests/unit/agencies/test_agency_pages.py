"""The officer's pages through Django's whole request stack: an officer of agency A sees A, imports and
exports it, and gets 403 on agency B; a learner and a site-wide `is_staff` user get 403 on every agency
page, an anonymous visitor is sent to sign in."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from graders.agencies.staff_list import EXPORT_HEADERS
from graders.models import Agency, AgencyMember, AgencyOfficer, LearnerLink
from graders.pipeline.intake import LearnerInfo, link_learner
from tests.unit.pipeline.mini_course import COURSE_ID

pytestmark = pytest.mark.django_db


def staff_xlsx(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    book.active.append(["Tên đăng nhập", "Họ và tên", "Đơn vị", "Nhóm", "Hạn hoàn thành", "Số điện thoại"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "danh-sach.xlsx"
    return out


@pytest.fixture
def agencies(mini_course):
    users = get_user_model().objects
    a, b = Agency.objects.create(name="UBND phường Tân Định", course_id=COURSE_ID), Agency.objects.create(name="Sở B")
    officer = users.create_user("can_bo_a", password="x")
    AgencyOfficer.objects.create(agency=a, user=officer)
    AgencyMember.objects.create(agency=b, username="nguoi_cua_b", name="Người của B")
    return a, b, officer


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_an_officer_imports_sees_and_exports_their_agency(agencies):
    a, _b, officer = agencies
    link_learner(LearnerInfo("lms-1", username="an"))
    client = client_for(officer)
    assert client.get(reverse("graders:agency-index")).url == reverse("graders:agency-staff", args=[a.pk])
    response = client.post(reverse("graders:agency-import", args=[a.pk]), {"file": staff_xlsx([
        ["an", "Nguyễn Văn An", "Tổ dân phố 3", "Cán bộ", "31/12/2026", "0912345678"],
        ["binh", "Trần Thị Bình", "Tổ dân phố 5", "", "", ""]])}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "Đã nhập danh sách 2 người" in page
    assert "Không lưu các cột có dữ liệu cá nhân: Số điện thoại" in page and "0912345678" not in page
    assert LearnerLink.objects.get(lms_user_id="lms-1").group == "can_bo_cong_chuc"
    page = client.get(reverse("graders:agency-staff", args=[a.pk]), {"unit": "TO DAN PHO 5"}).content.decode()
    assert "Trần Thị Bình" in page and "Nguyễn Văn An" not in page
    export = client.get(reverse("graders:agency-export", args=[a.pk, "xlsx"]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert next(sheet.iter_rows(values_only=True)) == EXPORT_HEADERS


def test_a_refused_file_lists_each_bad_line_and_imports_nothing(agencies):
    a, _b, officer = agencies
    response = client_for(officer).post(reverse("graders:agency-import", args=[a.pk]), {"file": staff_xlsx([
        ["an", "An", "", "giam_doc", "", ""], ["có dấu cách", "B", "", "", "mai", ""]])})
    page = response.content.decode()
    assert response.status_code == 400
    assert "dòng 2: không có nhóm" in page and "dòng 3: tên đăng nhập" in page
    assert not AgencyMember.objects.filter(agency=a).exists()


@pytest.mark.parametrize("who", ["officer of A", "learner", "is_staff only", "anonymous"])
def test_nobody_but_the_agencys_officers_sees_it(agencies, who):
    a, b, officer = agencies
    users = get_user_model().objects
    user = {"officer of A": officer, "learner": users.create_user("hoc_vien"),
            "is_staff only": users.create_user("nhan_vien", is_staff=True), "anonymous": None}[who]
    client = client_for(user)
    agencies_seen = [b] if who == "officer of A" else [a, b]
    for agency in agencies_seen:
        for response in (client.get(reverse("graders:agency-staff", args=[agency.pk])),
                         client.get(reverse("graders:agency-export", args=[agency.pk, "csv"])),
                         client.post(reverse("graders:agency-import", args=[agency.pk]),
                                     {"file": staff_xlsx([["ke_la", "Kẻ lạ", "", "", "", ""]])})):
            expected = 302 if who == "anonymous" else 403
            assert response.status_code == expected, (who, agency.name, response.status_code)
            assert "Người của B" not in response.content.decode()
    assert AgencyMember.objects.filter(agency=b).count() == 1 and not AgencyMember.objects.filter(agency=a).exists()
    if who in ("learner", "is_staff only"):
        assert client.get(reverse("graders:agency-index")).status_code == 403
