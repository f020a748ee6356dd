"""Acceptance (issue 13, agencies): an agency officer, on the demo site in a phone-sized Chromium (360 px),
signs in on the staff sign-in page, imports a 200-person staff list generated here, sees who has not
finished (filtered by a unit typed without accents), the page passes axe-core (WCAG 2.1 A/AA) with no
page-wide horizontal scroll at 360 and 320 px, and exports XLSX over real HTTP: the file opens with openpyxl
and has Vietnamese headers. An officer of agency A gets 403 on agency B, a learner gets 403. The screenshot
goes into docs/teaching.md."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import Workbook, load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from graders.agencies.staff_list import EXPORT_HEADERS
from graders.models import Agency, AgencyMember, AgencyOfficer
from tests.browser.axe import axe_violations
from tests.browser.base import WorkbenchBrowserTest
from tests.unit.agencies import rows
from tests.unit.pipeline.mini_course import COURSE_ID, write_course

DOC_IMAGE = Path(__file__).resolve().parents[3] / "docs/images/agency_staff_list.png"
UNITS = ["UBND phường Tân Định", "UBND phường Bến Nghé", "Phòng Tư pháp", "Phòng Nội vụ"]


@pytest.mark.browser
class AgencyOfficerTest(WorkbenchBrowserTest):
    def setUp(self):
        super().setUp()
        course = write_course(Path(tempfile.mkdtemp(prefix="hocvuso-agency-course-")))
        self.enterClassContext(self.settings(HOCVUSO_COURSE_DIRS=[str(course)], HOCVUSO_POLICY_OVERLAYS=[]))
        users = get_user_model().objects
        self.agency_a = Agency.objects.create(name="UBND Quận 1", course_id=COURSE_ID)
        self.agency_b = Agency.objects.create(name="Sở Tư pháp", course_id=COURSE_ID)
        AgencyMember.objects.create(agency=self.agency_b, username="nguoi_cua_so", name="Người Của Sở")
        self.officer = users.create_user("can_bo_quan_1", password="mat-khau-thu-1")
        AgencyOfficer.objects.create(agency=self.agency_a, user=self.officer)
        self.learner = users.create_user("hoc_vien")
        links = rows.learners(200, prefix="cb")
        rows.started(links[:120], COURSE_ID)
        rows.finished(links[:70], COURSE_ID)  # 70 finished, 50 learning, 80 not started
        self.staff_file = Path(tempfile.mkdtemp(prefix="hocvuso-agency-")) / "danh-sach-can-bo.xlsx"
        book = Workbook()
        book.active.append(["Mã người học", "Họ và tên", "Đơn vị", "Nhóm", "Hạn hoàn thành", "Số điện thoại"])
        for n, link in enumerate(links):
            book.active.append([link.subject_id, f"Nguyễn Văn {n:03d}", UNITS[n % 4], "Cán bộ",
                                "31/12/2026", f"0912{n:06d}"])
        book.save(self.staff_file)

    def sign_in(self, user) -> str:
        """Sign `user` in (a session as the site's login makes) and give the browser its cookie."""
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.driver.get(f"{self.live_server_url}/verify/")  # a page of the site, to set its cookie
        self.driver.delete_all_cookies()
        self.driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session, "path": "/"})
        return session

    def http_get(self, session: str, path: str) -> requests.Response:
        return requests.get(f"{self.live_server_url}{path}", cookies={settings.SESSION_COOKIE_NAME: session},
                            timeout=30, allow_redirects=False)

    def assert_clean(self, moment: str) -> None:
        assert axe_violations(self.driver, "main") == [], f"axe-core violations on {moment}"
        assert not self.has_horizontal_scroll(), f"horizontal scroll on {moment}"

    def test_an_officer_imports_200_people_sees_who_has_not_finished_and_exports_xlsx(self):
        self.set_width(360)
        self.driver.get(f"{self.live_server_url}/staff/agencies/")  # not signed in: the staff sign-in page
        self.wait_for("#id_username").send_keys("can_bo_quan_1")
        self.driver.find_element(By.ID, "id_password").send_keys("mat-khau-thu-1")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Đăng nhập']").click()
        self.wait_for("input[type=file]")  # back on the agency's list (the only agency of this officer)
        assert self.driver.current_url.endswith(f"/staff/agencies/{self.agency_a.pk}/")
        session = self.driver.get_cookie(settings.SESSION_COOKIE_NAME)["value"]
        self.assert_clean("the empty list")
        self.driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(self.staff_file))
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Nhập danh sách']").click()
        imported = self.wait_for("[data-field=imported]").text
        assert "Đã nhập danh sách 200 người" in imported
        assert "Số điện thoại" in self.driver.find_element(By.CSS_SELECTOR, "[data-field=personal-columns]").text
        assert "0912000001" not in self.driver.page_source
        counts = {name: self.driver.find_element(By.CSS_SELECTOR, f"[data-count={name}]").text
                  for name in ("total", "finished", "in_progress", "not_started")}
        assert counts == {"total": "200", "finished": "70", "in_progress": "50", "not_started": "80"}
        self.assert_clean("the imported list")

        unit = self.driver.find_element(By.ID, "unit")
        unit.send_keys("ubnd phuong tan dinh")  # typed without accents, as on a phone
        Select(self.driver.find_element(By.ID, "status")).select_by_visible_text("Chưa hoàn thành")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Lọc']").click()
        self.wait_until(lambda: "status=not_finished" in self.driver.current_url)
        statuses = [row.get_attribute("data-status") for row in self.driver.find_elements(By.CSS_SELECTOR, "tbody tr")]
        assert len(statuses) == 32 and set(statuses) == {"in_progress", "not_started"}  # 50 of unit 0, 18 finished
        units = {cell.text for cell in self.driver.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-of-type(1)")}
        assert units == {"UBND phường Tân Định"}
        region = self.driver.find_element(By.CSS_SELECTOR, ".scroll")
        assert (region.get_attribute("tabindex"), region.get_attribute("role")) == ("0", "region")
        self.assert_clean("the filtered list at 360 px")
        self.set_width(360, 1600)  # tall enough for the doc's picture to show the first rows of the table
        self.doc_picture("agency_staff_list_360", DOC_IMAGE)
        self.set_width(320)
        self.assert_clean("the filtered list at 320 px")

        export = self.driver.find_element(By.CSS_SELECTOR, "a[data-export=xlsx]").get_attribute("href")
        response = requests.get(export, cookies={settings.SESSION_COOKIE_NAME: session}, timeout=30)
        assert response.status_code == 200
        table = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert table[0] == EXPORT_HEADERS and table[0][0] == "Họ và tên"
        assert len(table) == 33 and {row[5] for row in table[1:]} == {"Đang học", "Chưa bắt đầu"}

        assert self.http_get(session, f"/staff/agencies/{self.agency_b.pk}/").status_code == 403
        assert self.http_get(session, f"/staff/agencies/{self.agency_b.pk}/export.xlsx").status_code == 403
        self.driver.get(f"{self.live_server_url}/staff/agencies/{self.agency_b.pk}/")
        assert "không có quyền" in self.driver.page_source and "Người Của Sở" not in self.driver.page_source

    def test_a_learner_gets_403(self):
        session = self.sign_in(self.learner)
        for path in ("/staff/agencies/", f"/staff/agencies/{self.agency_a.pk}/",
                     f"/staff/agencies/{self.agency_a.pk}/export.xlsx"):
            assert self.http_get(session, path).status_code == 403, path
