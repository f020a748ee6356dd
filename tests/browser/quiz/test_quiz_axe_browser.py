"""axe-core (WCAG 2.1 A + AA) on the quiz before, during and after an attempt, at 320 px."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.axe import axe_violations
from tests.browser.quiz.test_quiz_browser import OLX, QuizPageTest


@pytest.mark.browser
class QuizAxeBrowserTest(QuizPageTest):
    def assert_accessible(self, moment):
        assert axe_violations(self.driver, ".aq-root") == [], f"axe-core violations {moment}"

    def test_no_wcag_violations_before_during_and_after_an_attempt_at_320px(self):
        self.set_width(320)
        self.open_scenario("quiz-axe", OLX)
        self.addCleanup(self.driver.execute_script, "localStorage.clear()")
        self.wait_for("[data-action=start]")
        self.assert_accessible("before starting")
        self.driver.find_element(By.CSS_SELECTOR, "[data-action=start]").click()
        self.wait_for(".aq-form")
        self.assert_accessible("on the questions")
        self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]").click()
        self.wait_for(".aq-confirm")
        self.assert_accessible("while warning about blank questions")
        self.driver.find_element(By.XPATH, "//button[.='Vẫn nộp bài']").click()
        self.wait_for(".aq-summary")
        self.assert_accessible("on the results")
        assert not self.block_overflows()
