"""Headless Chromium: the phone_sim scenario editor numbers its lines, links problems to them, and previews
the phone live as the author types (the learners' renderer, validated on the server)."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.phone_sim.phone_page import S3, PhonePageTest

FIRST_TASK = "Mở ứng dụng định danh điện tử VNeID."


@pytest.mark.browser
class PhoneSimStudioEditorBrowserTest(PhonePageTest):
    def setUp(self):
        super().setUp()
        self.set_width(1280)
        self.open_scenario("studio-editor", S3, student="staff", view="studio_view")  # Studio is for staff
        self.wait_until(lambda: self.task() == FIRST_TASK, message="the preview never showed the first screen")

    def js_errors(self):
        """Errors the page logged (the workbench has no favicon; that 404 is not the block's)."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]

    def textarea(self):
        return self.driver.find_element(By.CSS_SELECTOR, "textarea[name=scenario_xml]")

    def task(self):
        found = self.driver.find_elements(By.CSS_SELECTOR, ".ps-preview-phone .ps-task")
        return found[0].text if found else ""

    def preview_screen(self):
        return self.driver.find_element(By.CSS_SELECTOR, ".ps-preview-phone .ps-screen")

    def gutter_rows(self):
        return self.driver.find_elements(By.CSS_SELECTOR, ".ps-gutter .ps-ln")

    def type_over(self, old, new):
        """Select `old` in the scenario text, then type `new` over it with real key events."""
        self.driver.execute_script(
            "var t = arguments[0], at = t.value.indexOf(arguments[1]); t.focus();"
            "t.setSelectionRange(at, at + arguments[1].length);", self.textarea(), old)
        ActionChains(self.driver).send_keys(new).perform()

    def test_typing_updates_the_live_preview_and_the_step_picker_shows_each_screen(self):
        text = self.textarea().get_property("value")
        rows = self.gutter_rows()
        assert [r.text for r in rows[:3]] == ["1", "2", "3"] and len(rows) == text.count("\n") + 1
        screen = self.preview_screen()
        assert "VNeID" in screen.text and "Máy ảnh" in screen.text  # the start screen, drawn as learners see it
        assert screen.get_attribute("inert") is not None  # a preview: nothing to tap, nothing graded
        picker = Select(self.driver.find_element(By.CSS_SELECTOR, ".ps-step-picker"))
        labels = [option.text for option in picker.options]
        assert labels[0] == f"Bước 1: {FIRST_TASK}" and picker.first_selected_option.text == labels[0]
        assert any(label.startswith("Kết thúc, thành công") for label in labels), labels

        self.type_over("Mở ứng dụng", "Hãy mở ứng dụng")
        self.wait_until(lambda: self.task() == "Hãy mở ứng dụng định danh điện tử VNeID.",
                        message="the preview did not follow the typing")
        assert picker.first_selected_option.text == "Bước 1: Hãy mở ứng dụng định danh điện tử VNeID."

        picker.select_by_visible_text(next(label for label in labels if "số định danh cá nhân 12 số" in label))
        self.wait_until(lambda: "Số định danh cá nhân (12 số)" in self.preview_screen().text,
                        message="the picker did not show that step's screen")
        assert self.task().startswith("Nhập số định danh cá nhân 12 số")
        self.type_over('label="Số định danh cá nhân (12 số)" kind="number"',
                       'label="Số định danh (12 số)" kind="number"')
        self.wait_until(lambda: "Số định danh (12 số)" in self.preview_screen().text,
                        message="the preview did not redraw the picked screen")
        assert "Nhập số định danh cá nhân 12 số" in Select(
            self.driver.find_element(By.CSS_SELECTOR, ".ps-step-picker")).first_selected_option.text
        assert self.js_errors() == []

    def test_an_error_names_its_line_and_marks_the_gutter(self):
        self.type_over('<button id="open-camera"', '<buton id="open-camera"')
        self.wait_until(lambda: self.driver.find_elements(By.CSS_SELECTOR, ".ps-problems .ps-line-link"),
                        message="the problem was not listed while typing")
        links = self.driver.find_elements(By.CSS_SELECTOR, ".ps-problems .ps-line-link")
        assert len(links) == 1 and links[0].text.startswith("dòng 10, màn hình 'home': không có thành phần <buton>")
        bad = [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, ".ps-gutter .ps-ln-bad")]
        assert bad == ["10"]
        assert self.task() == FIRST_TASK  # the preview keeps the last valid version, and says so
        assert self.driver.find_element(By.CSS_SELECTOR, ".ps-preview-note").is_displayed()

        self.driver.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight", self.textarea())
        self.wait_until(lambda: self.driver.execute_script(
            "return arguments[0].scrollTop > 0"
            " && document.querySelector('.ps-gutter').scrollTop === arguments[0].scrollTop",
            self.textarea()), message="the line numbers did not scroll with the text")

        links[0].click()  # the problem takes the author to its line
        selected = self.driver.execute_script(
            "var t = arguments[0]; return t.value.slice(t.selectionStart, t.selectionEnd)", self.textarea())
        assert selected.strip() == '<buton id="open-camera" label="Máy ảnh"/>'
        assert self.driver.switch_to.active_element == self.textarea()
        current = self.driver.find_elements(By.CSS_SELECTOR, ".ps-gutter .ps-ln-current")
        assert [row.text for row in current] == ["10"]
        row_top = self.driver.execute_script("return arguments[0].getBoundingClientRect().top", current[0])
        box = self.driver.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom]",
                                         self.textarea())
        assert box[0] <= row_top <= box[1]  # the marked line number is in view beside its line

        self.type_over("<buton", "<button")
        self.wait_until(lambda: "Kịch bản hợp lệ." in self.driver.find_element(By.CSS_SELECTOR, ".ps-problems").text,
                        message="fixing the line did not clear the problem")
        assert self.driver.find_elements(By.CSS_SELECTOR, ".ps-gutter .ps-ln-bad") == []
