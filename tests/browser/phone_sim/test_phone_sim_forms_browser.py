"""S5's request form in VNeID, filled by a finger at 360 px and by keyboard alone: values kept over Back, a
wrong field named under it, the summary, and the fee paid in the (fictional) bank app."""

from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.axe import axe_violations, clipped_inside
from tests.browser.phone_sim.phone_page import PhonePageTest
from tests.browser.phone_sim.test_phone_sim_touch_browser import TouchPhonePageTest

S5 = (Path(__file__).resolve().parents[3] / "course_content/phone_sim/s05_nop_ho_so_dich_vu_cong.xml").read_text(
    encoding="utf-8")


def field(driver, name: str):
    return driver.find_element(By.CSS_SELECTOR, f".ps-screen [data-field='{name}']")


def radio(driver, option: str):
    return driver.find_element(By.XPATH, f"//label[contains(@class,'ps-radio')][contains(., '{option}')]")


@pytest.mark.browser
class S5FormTouchBrowserTest(TouchPhonePageTest):
    def pin_by_finger(self, digits: str, next_screen: str) -> None:
        for digit in digits:
            self.finger.tap(self.driver.find_element(
                By.XPATH, f"//div[contains(@class,'ps-keys')]/button[text()='{digit}']"))
        self.wait_until(lambda: next_screen in self.screen_text(), message=f"the PIN did not lead to {next_screen!r}")

    def fill_by_finger(self, name: str, text: str) -> None:
        self.type_by_finger(field(self.driver, name), text)

    def test_fill_by_finger_back_keeps_values_a_wrong_field_is_named_then_pay(self):
        self.open_page("s5form", S5)
        self.wait_for(".ps-chooser")
        self.choose("Thử")
        self.touch(self.finger.tap, self.widget("VNeID"))
        self.pin_by_finger("275319", "Thủ tục hành chính")
        self.touch(self.finger.tap, self.widget("Thủ tục hành chính"))
        self.touch(self.finger.tap, self.widget("Cấp phiếu lý lịch tư pháp"))
        self.wait_for(".ps-form")
        assert field(self.driver, "full-name").get_attribute("readonly") is not None  # filled from VNeID
        assert "ảnh" not in " ".join(b.text for b in self.driver.find_elements(By.CSS_SELECTOR, ".ps-screen button"))
        self.fill_by_finger("purpose", "Xin việc làm")
        self.fill_by_finger("copies", "2")
        self.touch(self.finger.tap, self.button("Tiếp tục"))
        self.wait_until(lambda: "Cách nhận phiếu" in self.screen_text(), message="step 2 of the form never came")

        self.touch(self.finger.tap, self.driver.find_element(By.CSS_SELECTOR, ".ps-back"))  # Back to step 1
        self.wait_until(lambda: "Mục đích sử dụng phiếu" in self.screen_text(), message="Back did not go to step 1")
        assert field(self.driver, "purpose").get_attribute("value") == "Xin việc làm"
        assert field(self.driver, "copies").get_attribute("value") == "2"
        self.touch(self.finger.tap, self.button("Tiếp tục"))
        self.wait_until(lambda: "Cách nhận phiếu" in self.screen_text(), message="step 2 did not come back")

        self.finger.tap(radio(self.driver, "Nhận qua bưu điện"))
        self.wait_until(lambda: radio(self.driver, "Nhận qua bưu điện").find_element(By.TAG_NAME, "input")
                        .is_selected(), message="the finger did not choose delivery by post")
        self.fill_by_finger("address", "")  # the one wrong field: the address emptied
        self.touch(self.finger.tap, self.button("Tiếp tục"))
        self.wait_until(lambda: "Địa chỉ nhận qua bưu điện" in self.live(), message="the wrong field is not named")
        error = self.driver.find_element(By.CSS_SELECTOR, ".ps-field-error:not([hidden])")
        assert error.text == "Địa chỉ nhận qua bưu điện: Nhận qua bưu điện thì cần địa chỉ nhận."
        assert field(self.driver, "address").get_attribute("aria-invalid") == "true"
        assert len(self.driver.find_elements(By.CSS_SELECTOR, ".ps-field-error:not([hidden])")) == 1
        assert radio(self.driver, "Nhận qua bưu điện").find_element(By.TAG_NAME, "input").is_selected()

        self.fill_by_finger("address", "Thôn Demo 2, xã Demo <b>")
        self.touch(self.finger.tap, self.button("Tiếp tục"))
        self.wait_until(lambda: "Gửi tờ khai" in self.screen_text(), message="the summary never came")
        summary = self.screen_text()
        for line in ("Mục đích: Xin việc làm", "Số lượng: 2 phiếu", "Cách nhận: Nhận qua bưu điện",
                     "Địa chỉ: Thôn Demo 2, xã Demo <b>", "Họ và tên: Nguyễn Văn An (MÔ PHỎNG)"):
            assert line in summary, (line, summary)
        assert self.driver.find_elements(By.CSS_SELECTOR, ".ps-screen b") == []  # typed markup stays text

        self.touch(self.finger.tap, self.button("Gửi tờ khai"))
        self.touch(self.finger.tap, self.widget("Ngân hàng Sen Vàng"))
        assert "Ngân hàng Sen Vàng (MÔ PHỎNG)" in self.screen_text()  # a fictional bank, marked
        self.pin_by_finger("135790", "Mã hồ sơ")
        assert "Bạn sẽ nhận 2 phiếu. Cách nhận: Nhận qua bưu điện." in self.screen_text()
        self.touch(self.finger.tap, self.button("Tra cứu hồ sơ"))
        self.wait_for(".ps-result.ps-success")
        self.screenshot("phone_sim_s5_form_360")


@pytest.mark.browser
class S5FormKeyboardBrowserTest(PhonePageTest):
    def keys(self, *keys) -> None:
        self.driver.switch_to.active_element.send_keys(*keys)

    def tab_to(self, css: str, limit: int = 40, text: str = ""):
        """Press Tab until the focus is on `css` (with `text`): a learner without a mouse."""
        seen = []
        for _ in range(limit):
            try:
                active = self.driver.switch_to.active_element
                if (self.driver.execute_script("return arguments[0].matches(arguments[1])", active, css)
                        and text in active.text):
                    return active
                seen.append(f"{active.tag_name}.{active.get_attribute('class')}:{active.text[:20]!r}")
                self.keys(Keys.TAB)
            except StaleElementReferenceException:  # the screen was just redrawn: look again
                continue
        raise AssertionError(f"Tab never reached {css} {text!r}; focus went {seen}")

    def enter_pin(self, digits: str, next_screen: str) -> None:
        self.wait_for(".ps-keys")
        self.tab_to(".ps-key")
        self.keys(*digits)
        self.wait_until(lambda: next_screen in self.screen_text(), message=f"the PIN did not lead to {next_screen!r}")

    def test_s5_by_keyboard_alone_with_full_marks_in_test_mode(self):
        self.set_width(360)
        self.open_page("s5keys", S5)
        self.wait_for(".ps-chooser")
        self.tab_to(".ps-chooser button:nth-of-type(1), .ps-choice:nth-of-type(3) button")
        self.button("Kiểm tra", ".ps-chooser").send_keys(Keys.ENTER)
        self.wait_for(".ps-ask")
        self.button("Bắt đầu kiểm tra", ".ps-ask").send_keys(Keys.ENTER)
        self.wait_for(".ps-screen [data-w]")
        self.tab_to(".ps-screen [data-w].ps-item")  # "VNeID", the first list row
        self.keys(Keys.ENTER)
        self.enter_pin("275319", "Thủ tục hành chính")
        for label in ("Thủ tục hành chính", "Cấp phiếu lý lịch tư pháp"):
            before = self.screen_text()
            self.tab_to(".ps-screen [data-w]", text=label)
            self.keys(Keys.ENTER)
            self.answered(before, label)
        purpose = self.tab_to("[data-field=purpose]")
        purpose.send_keys("Xin việc làm", Keys.TAB, Keys.CONTROL, "a")
        self.keys("2", Keys.ENTER)  # Enter in a field submits its form
        self.wait_until(lambda: "Cách nhận phiếu" in self.screen_text(), message="Enter did not submit step 1")
        self.tab_to("[data-field=delivery] input")
        self.keys(Keys.ARROW_DOWN)  # radio group: the arrows choose
        self.wait_until(lambda: radio(self.driver, "Nhận qua bưu điện").find_element(By.TAG_NAME, "input")
                        .is_selected(), message="the arrow key did not choose delivery by post")
        self.keys(Keys.ENTER)
        self.wait_until(lambda: "Gửi tờ khai" in self.screen_text(), message="Enter did not submit step 2")
        self.tab_to(".ps-screen button.ps-primary").send_keys(Keys.ENTER)
        self.wait_until(lambda: "Ngân hàng Sen Vàng" in self.screen_text(), message="the fee step never came")
        self.tab_to(".ps-screen [data-w].ps-item").send_keys(Keys.ENTER)
        self.wait_until(lambda: "Xác nhận thanh toán" in self.screen_text(), message="the bank app never opened")
        self.enter_pin("135790", "Mã hồ sơ")
        self.tab_to(".ps-screen button.ps-primary").send_keys(Keys.ENTER)
        self.wait_for(".ps-result.ps-success")
        assert "100" in self.driver.find_element(By.CSS_SELECTOR, ".ps-result").text
        assert [event["value"] for event in self.events("grade")] == [1.0]

    def test_s5_form_fits_the_phone_at_320px_and_passes_axe_with_a_field_marked_wrong(self):
        self.set_width(320)
        self.start("s5narrow", S5, "Thử")
        self.tap("VNeID")
        self.pin("275319")
        self.tap("Thủ tục hành chính")
        self.tap("Cấp phiếu lý lịch tư pháp")
        self.wait_for(".ps-form")
        before = self.screen_text()
        self.button("Tiếp tục").click()  # nothing filled: both fields named
        self.answered(before, "an empty form")
        self.wait_for(".ps-field-error:not([hidden])")
        assert clipped_inside(self.driver, ".ps-screen", ".ps-form, .ps-form-field, .ps-field-error, .ps-submit") == []
        assert not self.block_overflows()
        assert axe_violations(self.driver, ".phone-sim") == [], "axe-core violations on the form"
        field(self.driver, "purpose").send_keys("Xin việc làm")
        copies = field(self.driver, "copies")
        copies.send_keys(Keys.CONTROL, "a")
        copies.send_keys("2", Keys.ENTER)
        self.wait_for(".ps-choices")
        assert clipped_inside(self.driver, ".ps-screen", ".ps-choices, .ps-radio, .ps-form-field") == []
        assert not self.block_overflows()
        assert axe_violations(self.driver, ".phone-sim") == [], "axe-core violations on the choice step"
        self.screenshot("phone_sim_s5_form_320")

    def test_show_me_puts_the_values_in_the_fields_and_watch_mode_fills_them_in(self):
        self.start("s5showme", S5, "Thử")
        self.tap("VNeID")
        self.pin("275319")
        self.tap("Thủ tục hành chính")
        self.tap("Cấp phiếu lý lịch tư pháp")
        self.wait_for(".ps-form")
        for miss in range(1, 4):  # the third miss brings "show me"
            before = self.screen_text()
            self.button("Tiếp tục").click()
            self.answered(before, f"miss {miss}")
            self.wait_until(lambda n=miss: self.driver.find_elements(By.CSS_SELECTOR, ".ps-hint:not([hidden])")
                            and (n < 3 or self.driver.find_elements(By.CSS_SELECTOR, ".ps-finger")),
                            message=f"no hint after miss {miss}")
        assert field(self.driver, "purpose").get_attribute("placeholder") == "👆 Xin việc làm"
        assert field(self.driver, "purpose").get_attribute("value") == ""  # the learner types it, not the page
        assert field(self.driver, "copies").get_attribute("value") == "1"  # what the learner left stays

        self.button("Xem", ".ps-bar").click()
        self.wait_until(lambda: self.driver.find_elements(By.CSS_SELECTOR, ".ps-screen [data-field=purpose]")
                        and field(self.driver, "purpose").get_attribute("value") == "Xin việc làm",
                        timeout=30, message="watch mode never showed the form filled in")
        assert field(self.driver, "copies").get_attribute("value") == "2"
