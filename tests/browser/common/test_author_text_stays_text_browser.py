"""Headless Chromium: a `</script><script>…` payload in every author field of both blocks stays text.

The demo's runtime writes each block's setup data into a <script> element; the blocks hand it only
escaped JSON (xblocks/common/page.py), and author text reaches the page as text or through the one HTML
policy. The payload, if it ran, would set `window.__xss`.
"""

from xml.sax.saxutils import escape, quoteattr

import pytest
from selenium.webdriver.common.by import By

from tests.browser.phone_sim.phone_page import PhonePageTest
from tests.unit.phone_sim.scenario_samples import MINI

PAYLOAD = '</script><script>window.__xss=1</script><img src=x onerror="window.__xss=2">\u2028x'
SHOWN = "</script><script>window.__xss=1</script>"  # what a reader sees of it, as text


def _attr(text: str) -> str:
    return quoteattr(text)


def phone_olx() -> str:
    scenario = (MINI.replace('title="Mini"', f"title={_attr('Mini ' + PAYLOAD)}")
                .replace('name="Ngân hàng Sen Vàng"', f"name={_attr('Ngân hàng Sen Vàng ' + PAYLOAD)}")
                .replace('label="Tiếp"', f"label={_attr('Tiếp ' + PAYLOAD)}")
                .replace('task="Đi tiếp"', f"task={_attr('Đi tiếp ' + PAYLOAD)}")
                .replace("<hint>h1</hint>", f"<hint>h1 {escape(PAYLOAD)}</hint>")
                .replace('feedback="Không phải nút này."', f"feedback={_attr('Không phải nút này. ' + PAYLOAD)}"))
    return (f'<phone_sim display_name={_attr("Bài " + PAYLOAD)} modes="practice test" max_errors="3">'
            f"{scenario}</phone_sim>")


def quiz_olx() -> str:
    text = escape(PAYLOAD)
    return (f'<auto_quiz display_name={_attr("Kiểm tra " + PAYLOAD)} max_attempts="0" show_answer="after_each">'
            f'<question id="q1" type="single"><prompt>Câu hỏi {text}</prompt>'
            f'<choice correct="true" feedback={_attr("Đúng " + PAYLOAD)}>Có {text}</choice>'
            f"<choice>Không</choice><hint>Gợi ý {text}</hint><explanation>Giải thích {text}</explanation>"
            f"</question></auto_quiz>")


@pytest.mark.browser
class AuthorTextStaysTextTest(PhonePageTest):
    def assert_nothing_ran(self):
        assert self.driver.execute_script("return window.__xss === undefined")

    def page_text(self) -> str:
        return self.driver.execute_script("return document.body.innerText")

    def test_phone_author_text_is_shown_as_text_and_never_runs(self):
        self.start("xss-phone", phone_olx(), "Thử")
        self.assert_nothing_ran()
        assert SHOWN in self.page_text()  # title, app name, button label and task, as text
        self.tap("Sai")  # a miss: the author's feedback, then the hint with the payload
        self.wait_until(lambda: SHOWN in self.live(), message="the feedback was not shown")
        self.assert_nothing_ran()

    def test_quiz_author_text_is_shown_as_text_and_never_runs(self):
        self.open_scenario("xss-quiz", quiz_olx())
        self.wait_for(".aq-root")
        self.assert_nothing_ran()
        assert SHOWN in self.page_text()  # the quiz's title
        self.driver.find_element(By.CSS_SELECTOR, ".aq-body button").click()  # start
        self.wait_for(".aq-question")
        self.assert_nothing_ran()
        right = [option for option in self.driver.find_elements(By.CSS_SELECTOR, ".aq-option")
                 if option.text.startswith("Có")]  # the options are shuffled per attempt
        right[0].find_element(By.CSS_SELECTOR, "input").click()
        self.driver.find_element(By.CSS_SELECTOR, ".aq-form button[type=submit]").click()
        self.wait_until(lambda: "Đúng" in self.page_text(), message="the feedback was not shown")
        self.assert_nothing_ran()
        assert SHOWN in self.page_text()  # the choice and its feedback, as text
