"""The staff completion report in a real browser: axe-core (WCAG 2.1 A + AA) finds nothing at 320 px, the page
does not scroll sideways, and the wide table scrolls inside a region a keyboard can reach."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from graders.models import LearnerLink
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.intake import LearnerInfo, ProgressEvent, record_progress
from tests.browser.axe import axe_violations
from tests.browser.base import WorkbenchBrowserTest

COURSE_ID = "course-v1:HocVuSo+KNS01+2026"


@pytest.mark.browser
class StaffReportAxeTest(WorkbenchBrowserTest):
    def sign_in_as_staff(self) -> None:
        """An operator's session made by Django's own login, handed to the browser as its cookie."""
        staff = get_user_model().objects.create_superuser("can_bo", password="x")  # sees every course
        client = Client()
        client.force_login(staff)
        self.driver.get(f"{self.live_server_url}/verify/")
        self.driver.add_cookie({"name": "sessionid", "value": client.cookies["sessionid"].value, "path": "/"})

    def test_completion_report_is_clean_at_320px_and_its_table_scrolls_by_keyboard(self):
        learner = LearnerInfo("workbench:mai", username="mai", display_name="Trần Thị Mai",
                              subject_id="demo-report-mai", group="trai_nghiem", unit="Xã Tân Phú, huyện Đông Anh")
        record_progress([ProgressEvent(learner, COURSE_ID, url, earned=1, possible=1, completed=True)
                         for url in ("s08_cuoc_goi_gia_cong_an", "q5_lua_dao")])
        evaluate_learners([LearnerLink.objects.get(lms_user_id="workbench:mai").id])
        self.set_width(320)
        self.sign_in_as_staff()
        self.driver.get(f"{self.live_server_url}/staff/reports/completions")
        self.wait_until(lambda: COURSE_ID in self.driver.find_element(By.TAG_NAME, "table").text,
                        message="the report shows no row")

        assert axe_violations(self.driver, "body") == []
        assert not self.has_horizontal_scroll()
        region = self.driver.find_element(By.CSS_SELECTOR, "table").find_element(By.XPATH, "..")
        wide = self.driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", region)
        assert wide, "at 320 px the table is wider than the page: the test would prove nothing"
        body = self.driver.find_element(By.TAG_NAME, "body")
        for _ in range(8):  # Tab through the form's controls until the table's region has focus
            if self.driver.switch_to.active_element == region:
                break
            body.send_keys(Keys.TAB) if _ == 0 else self.driver.switch_to.active_element.send_keys(Keys.TAB)
        assert self.driver.switch_to.active_element == region, "the table's scroll region is not reachable by Tab"
        assert region.get_attribute("aria-label") or region.get_attribute("aria-labelledby")
        region.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
        self.wait_until(lambda: self.driver.execute_script("return arguments[0].scrollLeft", region) > 0,
                        message="the arrow keys do not scroll the table")
