"""Headless Chromium as a 360 x 640 touch phone: the quiz never spends an attempt on blanks unawares,
keeps unsubmitted answers across a reload, and keeps them through a dropped network."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.quiz.test_quiz_browser import OLX, QuizPageTest
from tests.browser.touch import Finger


@pytest.mark.browser
class QuizJourneyBrowserTest(QuizPageTest):
    def setUp(self):
        super().setUp()
        self.finger = Finger(self.driver).on()
        self.addCleanup(self.finger.off)
        self.addCleanup(self.driver.execute_cdp_cmd, "Network.emulateNetworkConditions",
                        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})

    def begin(self, name):
        self.open_scenario(name, OLX)
        self.addCleanup(self.driver.execute_script, "localStorage.clear()")
        self.finger.tap(self.wait_for("[data-action=start]"))
        self.wait_for(".aq-form")

    def first_choice(self, text):
        return self.questions()[0].find_element(By.XPATH, f".//label[contains(., '{text}')]")

    def submitted(self):
        return self.events("grade")

    def test_submitting_with_blank_questions_warns_first_and_keep_answering_spends_nothing(self):
        self.begin("quiz-blank")
        self.finger.tap(self.first_choice("Không ai cả"))
        self.finger.tap(self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]"))
        warning = self.wait_for(".aq-confirm")
        assert "Còn 3 trên 5 câu chưa trả lời" in warning.text  # an order question always holds an order
        assert self.driver.execute_script(
            "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight", warning)
        self.finger.tap(warning.find_element(By.XPATH, ".//button[.='Làm tiếp']"))
        self.wait_until(lambda: not self.driver.find_elements(By.CSS_SELECTOR, ".aq-confirm"))
        assert self.submitted() == []  # nothing spent
        self.finger.tap(self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]"))
        self.finger.tap(self.wait_for(".aq-confirm").find_element(By.XPATH, ".//button[.='Vẫn nộp bài']"))
        self.wait_for(".aq-summary")
        assert len(self.submitted()) == 1

    def test_answers_are_kept_as_a_draft_across_a_reload(self):
        self.begin("quiz-draft")
        self.finger.tap(self.first_choice("Không ai cả"))
        field = self.questions()[2].find_element(By.CSS_SELECTOR, "input[type=text]")
        self.finger.tap(field)
        field.send_keys("156")
        self.driver.refresh()
        self.wait_for(".aq-form")
        self.wait_until(lambda: self.questions()[2].find_element(By.CSS_SELECTOR, "input[type=text]")
                        .get_attribute("value") == "156", message="the typed answer was lost on reload")
        assert self.first_choice("Không ai cả").find_element(By.TAG_NAME, "input").is_selected()
        live = self.driver.find_element(By.CSS_SELECTOR, ".aq-live")
        self.wait_until(lambda: "khôi phục" in live.text)

    def test_a_submit_while_offline_is_kept_and_sent_once_when_back_online(self):
        self.begin("quiz-offline")
        _q1, q2, q3, _q4, q5 = self.questions()
        self.finger.tap(self.first_choice("Không ai cả"))
        self.finger.tap(q2.find_element(By.XPATH, ".//label[contains(., 'Dọa khóa')]"))
        q3.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys("156")
        for select in q5.find_elements(By.CSS_SELECTOR, "select"):
            select.send_keys("VNeID")
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                                    {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        self.finger.tap(self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]"))
        banner = self.wait_for(".aq-net.aq-net-off", timeout=5)
        assert "Mất kết nối" in banner.text
        assert self.questions()[2].find_element(By.CSS_SELECTOR, "input").get_attribute("value") == "156"
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                                    {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        self.wait_for(".aq-summary", timeout=15)
        assert len(self.submitted()) == 1
        assert not self.driver.find_elements(By.CSS_SELECTOR, ".aq-net-off")
