"""Headless Chromium: the three scenarios played by finger, by keyboard and at 320 px."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.phone_sim.phone_page import S3, S8, PhonePageTest


@pytest.mark.browser
class PhoneSimBrowserTest(PhonePageTest):
    def test_s3_practice_by_tapping_and_typing_with_hints_and_grade(self):
        self.start("s3", S3, "Thử")
        assert self.driver.find_element(By.CSS_SELECTOR, ".ps-mark").is_displayed()
        self.tap("Trò chuyện Sen")  # a mistake
        self.wait_until(lambda: "trò chuyện" in self.live())
        assert "Gợi ý" in self.driver.find_element(By.CSS_SELECTOR, ".ps-hint").text
        self.tap("Trò chuyện Sen")  # second miss: the right control is highlighted
        self.wait_for(".ps-highlight")
        self.tap("VNeID")
        self.tap("Kích hoạt tài khoản")
        self.type_into("Số định danh", "123456789")  # old 9-digit ID
        self.wait_until(lambda: "9 số" in self.live())
        self.type_into("Số định danh", "0010 9900 0123")
        self.type_into("Số điện thoại", "0912 000 123")
        self.tap("Gửi yêu cầu")
        self.pin("246810")
        self.type_into("Mật khẩu", "An@2025vn")
        self.pin("275319")
        self.pin("275319")  # the passcode again, as the official app asks
        self.tap("Tên trường tiểu học")  # two security questions, each chosen from a list
        self.type_into("Câu trả lời", "Truong Hoa Sen")
        self.tap("Tên con vật nuôi")
        self.type_into("Câu trả lời", "Con Muc")
        self.tap("Đăng nhập")
        self.wait_for(".ps-result.ps-success")
        grades = self.events("grade")
        assert grades and grades[-1]["value"] == 1.0

    def test_s8_wrong_path_shows_consequence_then_right_path_passes(self):
        self.start("s8", S8, "Thử")
        self.tap("Nghe")
        self.tap("tài khoản tạm giữ")
        self.wait_until(lambda: "200.000.000" in self.screen_text())
        self.wait_until(lambda: "lừa đảo" in self.live(), message="the consequence is not announced")
        self.tap("Quay lại lúc cuộc gọi")
        self.tap("Cúp máy")
        self.tap("Con gái Lan")
        self.tap("Báo cáo tin nhắn")
        self.wait_for(".ps-result.ps-success")
        assert "Bạn đã an toàn" in self.screen_text()

    def test_s8_test_mode_with_the_keyboard_only(self):
        self.open_scenario("s8kb", S8)
        self.wait_for(".ps-chooser")
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.click()

        def tab_to(label):
            for _ in range(40):
                active = self.driver.switch_to.active_element
                if active.tag_name == "button" and label in (active.text or ""):
                    return active
                active.send_keys(Keys.TAB)
            raise AssertionError(f"could not reach {label!r} with Tab")

        def press(label):
            before = self.screen_text()
            tab_to(label).send_keys(Keys.ENTER)
            self.wait_until(lambda: self.screen_text() != before, message=f"{label} not answered")

        self.driver.execute_script("document.querySelector('.ps-bar button').focus()")
        tab_to("Kiểm tra").send_keys(Keys.ENTER)  # asks first: focus lands on the confirming button
        self.wait_until(lambda: "Bắt đầu kiểm tra" in self.driver.switch_to.active_element.text)
        press("Bắt đầu kiểm tra")
        for label in ("Nghe", "Cúp máy", "Công an phường", "Báo cáo tin nhắn"):
            press(label)
        self.wait_for(".ps-result.ps-success")
        assert self.events("grade")[-1] == {"value": 1.0, "max_value": 1.0, "only_if_higher": True}

    def test_nothing_scrolls_sideways_at_320px(self):
        self.set_width(320)
        for name, olx in (("s3n", S3), ("s8n", S8)):
            self.start(name, olx, "Thử")
            assert not self.block_overflows()
            self.tap("VNeID" if name == "s3n" else "Nghe")
            assert not self.block_overflows()
            small = self.driver.execute_script(
                "return [...document.querySelectorAll('.ps-root button:not([disabled])')]"
                ".filter(b => b.offsetParent && (b.offsetHeight < 44 || b.offsetWidth < 44)).map(b => b.innerText)")
            assert small == []
        self.screenshot("phone_sim_320")
