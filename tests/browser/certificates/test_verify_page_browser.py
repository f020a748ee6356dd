"""Acceptance 3: the public verify page renders in headless Chromium, in Vietnamese, at 320 px."""

from __future__ import annotations

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from graders.certificates.issuing import issue_certificate, revoke_certificate
from graders.course_policies import course_policies
from graders.policy import find_achievement
from tests.browser.base import WorkbenchBrowserTest


@pytest.mark.browser
class VerifyPageBrowserTest(WorkbenchBrowserTest):
    def test_valid_then_revoked_certificate_at_phone_width(self):
        certificate, _ = issue_certificate("vneid-pseudo-browser", "Trần Văn Bảy")
        self.set_width(320)
        self.driver.get(f"{self.live_server_url}/verify/{certificate.pk}")
        status = self.wait_for("section.status")
        assert status.get_attribute("role") == "status"
        assert "Hợp lệ" in status.text
        assert self.driver.find_element(By.CSS_SELECTOR, "[data-field=course]").text == (
            find_achievement(course_policies())[1].name)
        assert self.driver.find_element(By.CSS_SELECTOR, "[data-field=date]").text == (
            timezone.localtime(certificate.issued_at).strftime("%d/%m/%Y"))  # in the site's zone
        assert self.driver.find_element(By.CSS_SELECTOR, "[data-field=issuer]").text
        assert self.driver.execute_script("return document.documentElement.lang") == "vi"
        assert self.driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")  # no horizontal scroll
        body = self.driver.find_element(By.TAG_NAME, "body").text
        assert "Trần Văn Bảy" not in body  # the public page does not name the learner
        summary = self.driver.find_element(By.TAG_NAME, "summary")
        assert summary.size["height"] >= 44
        revoke_certificate(certificate.pk)
        self.driver.get(f"{self.live_server_url}/verify/{certificate.pk}")
        assert "Đã bị thu hồi" in self.wait_for("section.status").text
        self.screenshot("verify-revoked-320")

    def test_unknown_certificate(self):
        self.driver.get(f"{self.live_server_url}/verify/00000000-0000-4000-8000-000000000000")
        assert "Không tìm thấy" in self.wait_for("section.status").text
