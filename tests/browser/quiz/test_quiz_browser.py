"""A learner completes the 5-question quiz in headless Chromium at phone width, by touch/mouse and by keyboard."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from tests.browser.base import WorkbenchBrowserTest
from xblocks.quiz import QuizBlock

OLX = dict(QuizBlock.workbench_scenarios())["auto_quiz: 01_lua_dao"]
ORDER = ["Mở ứng dụng ngân hàng", "Nhập số tài khoản người nhận", "Kiểm tra tên người nhận"]
MATCHES = {"Xuất trình căn cước điện tử": "VNeID", "Nộp hồ sơ trực tuyến": "Cổng Dịch vụ công quốc gia"}


@pytest.mark.browser
class QuizBrowserTest(WorkbenchBrowserTest):
    def block_overflows(self) -> bool:
        """Whether the quiz itself is wider than the phone (the workbench's debug panel is not ours)."""
        return self.driver.execute_script(
            "var r = document.querySelector('.aq-root'); var box = r.getBoundingClientRect();"
            "var wide = Array.prototype.some.call(r.querySelectorAll('*'), function (el) {"
            "  return el.getBoundingClientRect().right > window.innerWidth + 1; });"
            "return box.right > window.innerWidth + 1 || r.scrollWidth > r.clientWidth + 1 || wide;")

    def questions(self):
        return self.driver.find_elements(By.CSS_SELECTOR, ".aq-question")

    def order_texts(self, fieldset):
        return [el.text for el in fieldset.find_elements(By.CSS_SELECTOR, ".aq-order-text")]

    def assert_results(self):
        summary = self.wait_for(".aq-summary")
        assert "Điểm lần này: 5/5" in summary.text
        verdicts = [el.text for el in self.driver.find_elements(By.CSS_SELECTOR, ".aq-verdict")]
        assert len(verdicts) == 5 and all(v.startswith("✓ Đúng") for v in verdicts)  # words and symbol
        assert "Đúng: không ai được hỏi mã OTP." in self.driver.find_element(By.CSS_SELECTOR, ".aq-body").text
        live = self.driver.find_element(By.CSS_SELECTOR, ".aq-live")
        self.wait_until(lambda: live.text == "Đã nộp bài.")
        grades = self.events("grade")
        assert grades[-1]["value"] == 5 and grades[-1]["max_value"] == 5
        assert not self.block_overflows()

    def test_learner_completes_the_quiz_by_touch_at_320px(self):
        self.set_width(320)
        self.open_scenario("quiz-touch", OLX)
        self.wait_for("[data-action=start]").click()
        self.wait_for(".aq-form")
        assert not self.block_overflows()
        q1, q2, q3, q4, q5 = self.questions()
        q1.find_element(By.XPATH, ".//label[contains(., 'Không ai cả')]").click()
        q2.find_element(By.XPATH, ".//label[contains(., 'đăng nhập ngay')]").click()
        q2.find_element(By.XPATH, ".//label[contains(., 'Dọa khóa')]").click()
        q3.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys("156")
        for position, text in enumerate(ORDER):
            while self.order_texts(q4).index(text) > position:
                item = q4.find_element(By.XPATH, f".//li[contains(., '{text}')]")
                item.find_element(By.CSS_SELECTOR, "[data-move=up]").click()
        assert self.order_texts(q4) == ORDER
        for label, right in MATCHES.items():
            select = q5.find_element(By.XPATH, f".//label[.='{label}']/following-sibling::select")
            Select(select).select_by_visible_text(right)
        buttons = self.driver.find_elements(By.CSS_SELECTOR, ".aq-button, .aq-option, .aq-move")
        assert all(b.size["height"] >= 44 for b in buttons if b.is_displayed())
        self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]").click()
        self.assert_results()
        self.screenshot("quiz-touch-320")

    def tab_to(self, predicate, limit=80):
        for _ in range(limit):
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
            active = self.driver.switch_to.active_element
            if predicate(active):
                return active
        raise AssertionError("focus never reached the expected control")

    def test_learner_completes_the_quiz_by_keyboard_only(self):
        self.open_scenario("quiz-keys", OLX)
        self.wait_for("[data-action=start]")
        self.tab_to(lambda el: el.get_attribute("data-action") == "start").send_keys(Keys.ENTER)
        self.wait_for(".aq-form")
        is_option = lambda text: lambda el: el.tag_name == "input" and text in el.find_element(By.XPATH, "..").text  # noqa: E731
        self.tab_to(lambda el: el.get_attribute("type") == "radio")
        # Radios: arrow keys move within the group; stop on the right one.
        for _ in range(3):
            active = self.driver.switch_to.active_element
            if "Không ai cả" in active.find_element(By.XPATH, "..").text:
                break
            active.send_keys(Keys.ARROW_DOWN)
        self.driver.switch_to.active_element.send_keys(Keys.SPACE)  # focus alone does not select the first radio
        assert self.driver.switch_to.active_element.is_selected()
        for text in ("đăng nhập ngay", "Dọa khóa"):
            self.tab_to(is_option(text)).send_keys(Keys.SPACE)
        self.tab_to(lambda el: el.get_attribute("type") == "text").send_keys("156")
        q4 = self.questions()[3]
        for position, text in enumerate(ORDER):
            while self.order_texts(q4).index(text) > position:
                item = q4.find_element(By.XPATH, f".//li[contains(., '{text}')]")
                up = item.find_element(By.CSS_SELECTOR, "[data-move=up]")
                self.tab_to(lambda el, up=up: el == up).send_keys(Keys.ENTER)
                q4 = self.questions()[3]
        assert self.order_texts(q4) == ORDER
        for label, right in MATCHES.items():
            select = self.tab_to(lambda el, label=label: el.tag_name == "select" and el.get_attribute("id") ==
                                 self.driver.find_element(By.XPATH, f"//label[.='{label}']").get_attribute("for"))
            select.send_keys(right)
            assert Select(select).first_selected_option.text == right
        self.tab_to(lambda el: el.get_attribute("type") == "submit").send_keys(Keys.ENTER)
        self.assert_results()
