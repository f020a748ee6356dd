"""Headless Chromium: the auto_quiz Studio editor checks questions as the author types, previews, imports GIFT."""

import re

import pytest
from selenium.webdriver.common.by import By

from tests.browser.base import WorkbenchBrowserTest
from xblocks.quiz import QuizBlock

OLX = dict(QuizBlock.workbench_scenarios())["auto_quiz: 01_lua_dao"]

BROKEN = """<questions>
  <question id="otp-who" type="single">
    <prompt>Ai được phép hỏi mã OTP của bạn?</prompt>
    <choice>Công an</choice>
    <choice>Công an</choice>
    <choice>Ngân hàng</choice>
  </question>
</questions>"""

VALID = """<questions>
  <question id="vneid-store" type="single" shuffle="false">
    <prompt><p>Nên tải ứng dụng VNeID từ đâu?</p></prompt>
    <choice id="link" feedback="Đường link lạ có thể là ứng dụng giả.">Đường link gửi qua tin nhắn</choice>
    <choice id="store" correct="true"
            feedback="Đúng: chỉ tải từ kho ứng dụng chính thức.">CH Play hoặc App Store</choice>
    <choice id="web">Một trang web lạ</choice>
    <hint>Hãy nghĩ tới nơi chính thức.</hint>
    <explanation>Kho ứng dụng chính thức kiểm tra ứng dụng trước khi cho tải.</explanation>
  </question>
</questions>"""

GIFT = "::sms-156::Gọi số nào để báo tin nhắn lừa đảo? {=156 ~113 ~115}"
GIFT_TWO = GIFT + "\n\n::wifi::Wi-Fi công cộng có an toàn để chuyển tiền không? {F}\n"


@pytest.mark.browser
class QuizStudioBrowserTest(WorkbenchBrowserTest):
    def open_studio(self, name):
        self.set_width(1024)
        self.open_scenario(name, OLX, student="staff", view="studio_view")  # Studio is for course staff
        self.wait_until(lambda: self.preview().find_elements(By.CSS_SELECTOR, ".aq-question"),
                        message="the preview of the stored quiz never appeared")
        assert self.problems() == []  # a stored, valid quiz opens without complaints (numbers not localised)

    def preview(self):
        return self.driver.find_element(By.CSS_SELECTOR, ".aq-preview")

    def editor(self):
        return self.driver.find_element(By.CSS_SELECTOR, "textarea[name=questions_xml]")

    def paste(self, element, text):
        """Put text in a box the way a paste does: the value changes and an input event fires."""
        self.driver.execute_script(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            element, text)

    def problems(self):
        return [li.text for li in self.driver.find_elements(By.CSS_SELECTOR, ".aq-problems li")]

    def test_every_problem_is_shown_inline_while_typing_and_saving_is_refused(self):
        self.open_studio("quiz-studio-problems")
        original = self.editor().get_property("value")
        self.paste(self.editor(), BROKEN)  # no Save pressed: the check runs as the author types
        self.wait_until(lambda: len(self.problems()) >= 2, message="the problems are not listed")
        problems = self.problems()
        assert len(problems) == 2, problems
        # In the author's language (Vietnamese by default), with the line and the question named.
        assert any(p.startswith('dòng 2, câu hỏi "otp-who"') and 'correct="true"' in p for p in problems), problems
        assert any(p.startswith('dòng 5, câu hỏi "otp-who"') and "giống nhau" in p and "Công an" in p
                   for p in problems), problems

        self.driver.find_element(By.CSS_SELECTOR, "[data-action=save]").click()
        self.wait_until(lambda: self.driver.execute_script(
            "return !!window.performance.getEntriesByType('resource')"
            ".find(e => e.name.indexOf('/studio_submit') >= 0 && e.responseEnd > 0)"),
            message="the save request never answered")
        assert len(self.problems()) == 2
        self.driver.get(f"{self.live_server_url}/scenario/quiz-studio-problems/studio_view/?student=staff")
        stored = self.wait_for("textarea[name=questions_xml]").get_property("value")
        assert stored == original and "Không ai cả" in stored  # the saved quiz was not touched

        self.paste(self.editor(), VALID)  # once it is right, it saves
        self.wait_until(lambda: "Nên tải ứng dụng VNeID" in self.preview().text)
        self.driver.find_element(By.CSS_SELECTOR, "[data-action=save]").click()
        self.wait_until(lambda: self.driver.find_element(By.CSS_SELECTOR, ".aq-live").text == "OK",
                        message="a valid quiz was not saved")
        self.driver.get(f"{self.live_server_url}/scenario/quiz-studio-problems/?student=student_1")
        self.wait_for("[data-action=start]").click()
        self.wait_until(lambda: "Nên tải ứng dụng VNeID từ đâu?" in self.driver.find_element(
            By.CSS_SELECTOR, ".aq-form").text, message="learners do not get the saved question")

    def test_preview_shows_the_learner_view_without_the_answer_key(self):
        self.open_studio("quiz-studio-preview")
        self.paste(self.editor(), VALID)
        self.wait_until(lambda: "Nên tải ứng dụng VNeID" in self.preview().text,
                        message="the preview did not follow the editor")
        assert self.problems() == []
        preview = self.preview()
        labels = preview.find_elements(By.CSS_SELECTOR, "label.aq-option")
        assert [label.text.strip() for label in labels] == [
            "Đường link gửi qua tin nhắn", "CH Play hoặc App Store", "Một trang web lạ"]
        assert all(label.find_element(By.CSS_SELECTOR, "input[type=radio]").is_enabled() for label in labels)
        markup = preview.get_attribute("innerHTML")
        # Nothing tells the right option apart: no key mark, no feedback, no explanation, no choice ids.
        assert preview.find_elements(By.CSS_SELECTOR, ".aq-key, .aq-key-text, .aq-verdict") == []
        for secret in ("correct", "Đúng: chỉ tải", "Đường link lạ có thể", "Kho ứng dụng chính thức kiểm tra",
                       '"store"', '"link"'):
            assert secret not in markup, secret
        shapes = self.driver.execute_script(
            "return [...arguments[0].querySelectorAll('label.aq-option')].map(l => [l.className,"
            " [...l.querySelectorAll('*')].map(e => e.tagName + '.' + e.className + '[' +"
            " [...e.attributes].map(a => a.name).sort().join(',') + ']').join(' ')])", preview)
        assert len({tuple(shape) for shape in shapes}) == 1, shapes  # the three options look alike
        self.screenshot("quiz_studio_preview")

    def test_gift_pasted_in_the_import_box_becomes_questions_xml(self):
        self.open_studio("quiz-studio-gift")
        self.driver.find_element(By.CSS_SELECTOR, ".aq-import summary").click()
        box = self.wait_for("#aq-s-import-text")
        box.send_keys(GIFT)
        self.driver.find_element(By.CSS_SELECTOR, "[data-action=import]").click()
        self.wait_for(".aq-import-ask:not([hidden]) [data-action=import-replace]").click()  # asked first
        self.wait_until(lambda: "sms-156" in self.editor().get_property("value"),
                        message="the GIFT text was not converted into the editor")
        xml = self.editor().get_property("value")
        assert "Gọi số nào để báo tin nhắn lừa đảo?" in xml
        assert xml.count("<choice") == 3 and 'correct="true"' in xml
        right = xml[xml.index('correct="true"'):]
        assert right[right.index(">") + 1:].startswith("156<")
        assert "Ai được phép hỏi mã OTP" not in xml  # the editor holds the import, not the old quiz
        self.wait_until(lambda: "Gọi số nào để báo tin nhắn lừa đảo?" in self.preview().text,
                        message="the preview did not show the imported question")
        assert self.problems() == []

    def question_ids(self):
        return re.findall(r'<question id="([^"]+)"', self.editor().get_property("value"))

    def test_import_asks_before_replacing_and_changes_nothing_until_the_author_chooses(self):
        self.open_studio("quiz-studio-import-ask")
        original = self.editor().get_property("value")
        before = self.question_ids()
        assert len(before) >= 2
        self.driver.find_element(By.CSS_SELECTOR, ".aq-import summary").click()
        self.paste(self.wait_for("#aq-s-import-text"), GIFT_TWO)
        convert = self.driver.find_element(By.CSS_SELECTOR, "[data-action=import]")
        convert.click()
        ask = self.wait_for(".aq-import-ask:not([hidden])")
        assert ask.find_element(By.CSS_SELECTOR, "p").text == f"Thay {len(before)} câu hiện có bằng 2 câu mới?"
        assert [b.text for b in ask.find_elements(By.CSS_SELECTOR, "button")] == ["Thay thế", "Thêm vào cuối", "Hủy"]
        assert self.driver.switch_to.active_element.text == "Thay thế"  # the keyboard lands on the choice
        assert self.editor().get_property("value") == original  # nothing changed yet

        ask.find_element(By.CSS_SELECTOR, "[data-action=import-cancel]").click()
        self.wait_until(lambda: not ask.is_displayed(), message="Cancel did not close the question")
        assert self.editor().get_property("value") == original

        convert.click()
        self.wait_for(".aq-import-ask:not([hidden]) [data-action=import-append]").click()
        self.wait_until(lambda: len(self.question_ids()) == len(before) + 2, message="the import was not appended")
        assert self.question_ids() == [*before, "sms-156", "wifi"]
        assert self.editor().get_property("value").startswith(original.split("</questions>")[0].rstrip())
        self.wait_until(lambda: "Wi-Fi công cộng" in self.preview().text, message="the preview missed the import")
        assert self.problems() == []
        self.driver.find_element(By.CSS_SELECTOR, "[data-action=save]").click()
        self.wait_until(lambda: self.driver.find_element(By.CSS_SELECTOR, ".aq-live").text == "OK",
                        message="the appended quiz was not saved")
        self.driver.get(f"{self.live_server_url}/scenario/quiz-studio-import-ask/studio_view/?student=staff")
        self.wait_for("textarea[name=questions_xml]")
        assert self.question_ids() == [*before, "sms-156", "wifi"]
