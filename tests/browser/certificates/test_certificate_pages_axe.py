"""axe-core (WCAG 2.1 A + AA) reports nothing on the certificate pages a learner or a verifier sees, at
320 px with no horizontal scroll: "Tiến độ của tôi" with an issued certificate, /verify (name "khớp" and
"không khớp", revoked), the code box (and its error), the sign-in page and the expired-link page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from graders.certificates.issuing import named_verify_url, pdf_link, revoke_certificate
from graders.models import Certificate, LearnerLink
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.intake import LearnerInfo, ProgressEvent, record_progress
from tests.browser.base import WorkbenchBrowserTest

# The axe-core helper is the learner-ui work's (tests/browser/axe.py, selenium-axe-python in the test extra).
axe_violations = pytest.importorskip("tests.browser.axe").axe_violations

COURSE_ID = "course-v1:HocVuSo+KNS01+2026"


@pytest.mark.browser
class CertificatePagesAxeTest(WorkbenchBrowserTest):
    def assert_clean(self, include: str, moment: str) -> None:
        assert axe_violations(self.driver, include) == [], f"axe-core violations on {moment}"
        assert not self.has_horizontal_scroll(), f"horizontal scroll on {moment}"

    def issued(self, student: str) -> Certificate:
        learner = LearnerInfo(f"workbench:{student}", username=student, display_name="Trần Thị Mai",
                              subject_id=f"demo-axe-{student}", group="trai_nghiem")
        record_progress([ProgressEvent(learner, COURSE_ID, url, earned=1, possible=1, completed=True)
                         for url in ("s08_cuoc_goi_gia_cong_an", "q5_lua_dao")])
        evaluate_learners([LearnerLink.objects.get(lms_user_id=f"workbench:{student}").id])
        return Certificate.objects.get()

    def test_progress_block_and_verify_pages_at_320px(self):
        self.set_width(320)
        certificate = self.issued("axe-1")
        self.open_scenario("progress-axe", "<learner_progress/>", student="axe-1")
        self.wait_for(".lp-certificate")
        self.assert_clean(".lp-root", "the progress block with a certificate")
        self.assert_clean("main", "the unit page around it")

        verify = urlsplit(named_verify_url(certificate))
        self.driver.get(f"{self.live_server_url}{verify.path}?{verify.query}")
        self.wait_for("[data-field=name-check]")
        self.assert_clean("main", "/verify with the name 'khớp'")
        self.driver.get(f"{self.live_server_url}{verify.path}?name=Tr%E1%BA%A7n&salt=00")
        self.wait_for("[data-field=name-check]")
        self.assert_clean("main", "/verify with the name 'không khớp'")
        self.driver.get(f"{self.live_server_url}/verify/")
        self.wait_for("input[name=code]")
        self.assert_clean("main", "the code box")
        self.driver.get(f"{self.live_server_url}/verify/?code=12345")
        self.wait_for("#code-error")
        self.assert_clean("main", "the code box with an error")
        self.driver.get(f"{self.live_server_url}/dang-nhap/")
        self.wait_for("input[name=name]")
        self.assert_clean("body", "the sign-in page")

        revoke_certificate(certificate.pk, "Cấp nhầm người học")
        self.driver.get(f"{self.live_server_url}{verify.path}")
        self.wait_for("[data-field=revocation-reason]")
        self.assert_clean("main", "/verify of a revoked certificate")
        self.driver.get(f"{self.live_server_url}/scenario/progress-axe/?student=axe-1")
        self.wait_for(".lp-revoked")
        self.assert_clean(".lp-root", "the progress block with a revoked certificate")

        url, _expires = pdf_link(certificate)
        with self.settings(HOCVUSO_PDF_LINK_DAYS=-1):
            self.driver.get(url.replace("http://127.0.0.1:8000", self.live_server_url))
            self.wait_for("[data-status=link-expired]")
            self.assert_clean("body", "the expired-link page")
