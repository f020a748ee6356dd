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


class QuizPageTest(WorkbenchBrowserTest):
    """Helpers for reading the quiz page (no tests of its own)."""

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

    def tab_to(self, predicate, limit=80):
        for _ in range(limit):
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
            active = self.driver.switch_to.active_element
            if predicate(active):
                return active
        raise AssertionError("focus never reached the expected control")


@pytest.mark.browser
class QuizBrowserTest(QuizPageTest):
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


DEFERRED = """<auto_quiz display_name="Thi thử" max_attempts="2" grading_method="highest" feedback_mode="deferred"
           show_answer="after_final">
  <question id="otp" type="single" points="2">
    <prompt>Ai được phép hỏi mã OTP của bạn?</prompt>
    <choice id="police" feedback="FB-POLICE Công an không hỏi mã OTP.">Công an</choice>
    <choice id="nobody" correct="true" feedback="FB-NOBODY Đúng vậy.">Không ai cả</choice>
    <explanation>EXPLAIN-OTP Mã OTP chỉ dành cho bạn.</explanation>
  </question>
  <question id="line" type="text">
    <prompt>Gọi số nào để báo lừa đảo?</prompt><answer>156</answer>
    <explanation>EXPLAIN-LINE Đường dây nóng 156.</explanation>
  </question>
</auto_quiz>"""

TRIES = """<auto_quiz display_name="Luyện tập" max_attempts="1" feedback_mode="tries" try_penalty="0.5" max_tries="3"
           show_answer="after_final">
  <question id="store" type="single" points="2">
    <prompt>Nên tải ứng dụng VNeID từ đâu?</prompt>
    <choice id="zalo">Đường link gửi qua Zalo</choice>
    <choice id="play" correct="true">CH Play hoặc App Store</choice>
    <hint>HINT-ONE Chỉ tải từ kho ứng dụng chính thức.</hint>
    <hint>HINT-TWO Kho ứng dụng có sẵn trên điện thoại.</hint>
  </question>
  <question id="line" type="number"><prompt>Gọi số nào để báo lừa đảo?</prompt><answer value="156"/></question>
</auto_quiz>"""


@pytest.mark.browser
class QuizModesBrowserTest(QuizPageTest):
    """Feedback follows the mode: deferred results wait for the last attempt; tries cost a penalty."""

    def live_text(self):
        return self.driver.find_element(By.CSS_SELECTOR, ".aq-live").text

    def choose(self, fieldset, text):
        fieldset.find_element(By.XPATH, f".//label[contains(., '{text}')]").click()

    def test_deferred_mode_shows_no_verdict_until_the_last_attempt(self):
        self.set_width(360)
        self.open_scenario("quiz-deferred", DEFERRED)
        self.wait_for("[data-action=start]").click()
        self.wait_for(".aq-form")
        assert not self.driver.find_elements(By.CSS_SELECTOR, "[data-action=hint], [data-action=check]")
        otp, line = self.questions()
        self.choose(otp, "Không ai cả")
        line.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys("113")
        self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]").click()
        self.wait_until(lambda: self.live_text() == "Đã nộp bài.")
        body = self.driver.find_element(By.CSS_SELECTOR, ".aq-body").text
        assert "Đã ghi nhận bài làm" in body
        for hidden in ("Đúng", "Chưa đúng", "✓", "✗", "FB-", "EXPLAIN", "Điểm lần này"):
            assert hidden not in body, hidden
        assert not self.driver.find_elements(By.CSS_SELECTOR, ".aq-verdict, .aq-explanation, .aq-key-text")
        assert all(not el.is_enabled() for el in self.driver.find_elements(By.CSS_SELECTOR, ".aq-form input"))
        assert self.events("grade")[-1] == {"value": 2.0, "max_value": 3.0, "only_if_higher": False}
        assert not self.block_overflows()

        self.wait_for("[data-action=start]").click()  # the last attempt
        self.wait_until(lambda: len(self.questions()) == 2 and self.questions()[0].find_elements(
            By.CSS_SELECTOR, "input:not([disabled])"))
        otp, line = self.questions()
        self.choose(otp, "Không ai cả")
        line.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys("156")
        self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]").click()
        summary = self.wait_for(".aq-summary")
        assert "Điểm lần này: 3/3" in summary.text
        verdicts = [el.text for el in self.driver.find_elements(By.CSS_SELECTOR, ".aq-verdict")]
        assert len(verdicts) == 2 and all(v.startswith("✓ Đúng") for v in verdicts)
        body = self.driver.find_element(By.CSS_SELECTOR, ".aq-body").text
        assert "FB-NOBODY" in body and "FB-POLICE" not in body  # only the chosen option's feedback
        assert "EXPLAIN-OTP" in body and "EXPLAIN-LINE" in body  # show_answer="after_final"
        assert self.events("grade")[-1] == {"value": 3.0, "max_value": 3.0, "only_if_higher": False}
        assert not self.block_overflows()
        self.screenshot("quiz-deferred-360")

    def test_tries_mode_shows_hints_and_tries_and_grades_with_the_penalty(self):
        self.set_width(320)
        self.open_scenario("quiz-tries", TRIES)
        self.wait_for("[data-action=start]").click()
        self.wait_for(".aq-form")
        store = self.questions()[0]
        assert "HINT-ONE" not in store.text and "Còn 3 lần thử" in store.text
        self.choose(store, "Đường link gửi qua Zalo")
        store.find_element(By.CSS_SELECTOR, "[data-action=check]").click()
        self.wait_until(lambda: self.live_text() == "Chưa đúng. Còn 2 lần thử.")
        store = self.questions()[0]
        assert "HINT-ONE" in store.text and "HINT-TWO" not in store.text  # the next hint, in order
        assert "Còn 2 lần thử" in store.text and "✗ Chưa đúng" in store.text
        self.choose(store, "CH Play hoặc App Store")
        store.find_element(By.CSS_SELECTOR, "[data-action=check]").click()
        self.wait_until(lambda: self.live_text().startswith("Đúng."))
        store = self.questions()[0]
        assert "✓ Đúng — 1/2 điểm" in store.text  # 2 points, less half for one wrong try
        assert not store.find_elements(By.CSS_SELECTOR, "[data-action=check]")
        assert all(not el.is_enabled() for el in store.find_elements(By.CSS_SELECTOR, "input"))
        assert not self.events("grade")  # checking a question is not a submission
        line = self.questions()[1]
        line.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys("156")
        self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]").click()
        summary = self.wait_for(".aq-summary")
        assert "Điểm lần này: 2/3" in summary.text
        assert self.events("grade")[-1] == {"value": 2.0, "max_value": 3.0, "only_if_higher": False}
        assert not self.block_overflows()
        self.screenshot("quiz-tries-320")
