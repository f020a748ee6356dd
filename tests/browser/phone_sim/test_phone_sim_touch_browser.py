"""Headless Chromium as a 360 px touch phone: course step S1 done with a finger, every gesture by touch."""

from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.phone_sim.phone_page import PhonePageTest
from tests.browser.touch import Finger

S1 = (Path(__file__).resolve().parents[3] / "course_content/phone_sim/s01_lam_quen_dien_thoai.xml").read_text(
    encoding="utf-8")


class TouchPhonePageTest(PhonePageTest):
    """A phone page driven by a finger at 360 x 640 (helpers only)."""

    def setUp(self):
        super().setUp()
        self.finger = Finger(self.driver).on()
        self.addCleanup(self.finger.off)

    def widget(self, label: str):
        """The actionable control on the phone whose text contains `label`."""
        for element in self.driver.find_elements(By.CSS_SELECTOR, ".ps-screen [data-w]"):
            if label in element.text:
                return element
        raise AssertionError(f"no control {label!r} on the phone")

    def touch(self, gesture, element, *args) -> None:
        before, what = self.screen_text(), f"{gesture.__name__} on {element.text[:30]!r}"
        gesture(element, *args)
        self.answered(before, what)

    def type_by_finger(self, field, text: str) -> None:
        """Tap into `field` (the phone's keyboard opens), empty it, type `text`."""
        self.finger.tap(field)
        self.wait_until(lambda: self.driver.switch_to.active_element == field, message="the field did not take focus")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        if text:
            field.send_keys(text)

    def pin_dots(self) -> str:
        dots = self.driver.find_elements(By.CSS_SELECTOR, ".ps-pin-dots")
        return dots[0].text if dots else ""

    def choose(self, mode_label: str) -> None:
        self.touch(self.finger.tap, self.button(mode_label, ".ps-chooser"))

    def walk_s1(self, practice: bool) -> None:
        """Course step S1 from the lock screen to the end, every gesture by finger (no wrong move)."""
        self.touch(self.finger.swipe, self.widget("Vuốt lên để mở khóa"), 0, -120)
        self.wait_until(lambda: "Nhập mã PIN" in self.screen_text(), message="the swipe up did not unlock")
        if practice:
            self.wait_until(lambda: "Đúng rồi" in self.live(), message="the right swipe is not announced")
        for typed, digit in enumerate("2580", start=1):
            self.finger.tap(self.driver.find_element(
                By.XPATH, f"//div[contains(@class,'ps-keys')]/button[text()='{digit}']"))
            self.wait_until(lambda n=typed: self.pin_dots().count("●") == n or "Màn hình chính" in self.screen_text(),
                            message=f"digit {digit} was not taken")
        self.wait_until(lambda: "Màn hình chính" in self.screen_text(), message="the PIN was not taken")
        self.touch(self.finger.swipe, self.driver.find_element(By.CSS_SELECTOR, ".ps-statusbar[data-w]"), 0, 140)
        self.wait_until(lambda: "Đèn pin" in self.screen_text(), message="the swipe down did not open quick settings")
        self.touch(self.finger.tap, self.widget("Wi-Fi"))
        self.touch(self.finger.tap, self.widget("NhaVan_5G"))
        field = self.driver.find_element(By.CSS_SELECTOR, "form[data-w] input")
        self.finger.tap(field)
        field.send_keys("NhaVan2026")
        self.touch(self.finger.tap, self.button("Kết nối"))
        self.touch(self.finger.tap, self.widget("Hiển thị"))
        self.touch(self.finger.tap, self.widget("Cỡ chữ"))
        slider = self.driver.find_element(By.CSS_SELECTOR, ".ps-slider input")
        self.touch(self.finger.slide, slider, 1.0)
        self.touch(self.finger.tap, self.driver.find_element(By.CSS_SELECTOR, ".ps-back"))  # Back, practised early
        self.wait_for(".ps-result.ps-success")


@pytest.mark.browser
class PhoneSimTouchBrowserTest(TouchPhonePageTest):
    def test_s1_practice_by_finger_swipe_pin_swipe_down_taps_and_slider(self):
        self.open_page("s1touch", S1)
        self.wait_for(".ps-chooser")
        self.choose("Thử")
        self.walk_s1(practice=True)
        assert self.events("grade") == []  # practice with a test offered: never graded

    def test_s1_test_mode_by_finger_after_confirming_scores_full_marks(self):
        self.open_page("s1touchtest", S1)
        self.wait_for(".ps-chooser")
        self.finger.tap(self.button("Kiểm tra", ".ps-chooser"))
        ask = self.wait_for(".ps-ask")
        assert "còn 3 lượt" in ask.text  # the cost is said before anything is spent
        assert self.events("hocvuso.phone_sim.started") == []
        self.touch(self.finger.tap, self.button("Bắt đầu kiểm tra", ".ps-ask"))
        self.wait_until(lambda: "Số lần sai: 0" in self.driver.find_element(By.CSS_SELECTOR, ".ps-count").text,
                        message="the test did not start after confirming")
        assert [e["mode"] for e in self.events("hocvuso.phone_sim.started")] == ["test"]
        self.walk_s1(practice=False)
        assert "Số lần sai: 0" in self.driver.find_element(By.CSS_SELECTOR, ".ps-count").text  # no gesture misread
        self.wait_until(lambda: self.events("grade"), message="the finished test was not graded")
        assert [(e["value"], e["max_value"]) for e in self.events("grade")] == [(1.0, 1.0)]

    def test_a_mouse_swipe_that_ends_outside_the_phone_still_counts(self):
        self.finger.off()
        self.open_page("s1mouse", S1)
        self.wait_for(".ps-chooser")
        self.button("Thử", ".ps-chooser").click()
        self.wait_for(".ps-screen [data-w]")
        unlock = self.widget("Vuốt lên để mở khóa")
        top = self.driver.execute_script(
            "return arguments[0].getBoundingClientRect().top - document.querySelector('.ps-phone')"
            ".getBoundingClientRect().top", unlock)
        before = self.screen_text()
        (ActionChains(self.driver).click_and_hold(unlock).move_by_offset(0, -40).move_by_offset(0, -int(top) - 40)
         .release().perform())  # the button is let go above the phone
        self.answered(before, "a mouse swipe")
        assert "Nhập mã PIN" in self.screen_text()


HOLD_AND_SCROLL = """<phone_sim display_name="Giữ và cuộn" modes="practice">
<scenario id="hold_scroll" title="Giữ và cuộn" skills="DL:0.1" start="hold">
  <screen id="hold" title="Tin nhắn">
    <button id="msg" label="Tin nhắn của Lan"/>
    <step task="Giữ ngón tay trên tin nhắn.">
      <hint>Đặt ngón tay lên tin nhắn và giữ yên.</hint>
      <expect widget="msg" action="long-press" goto="thread" feedback="Đúng: giữ lâu mở thêm lựa chọn."/>
      <wrong widget="msg" action="tap" feedback="Chạm thôi chưa đủ, hãy giữ lâu."/>
    </step>
  </screen>
  <screen id="thread" title="Cuộc trò chuyện">
    <thread id="chat" contact="Lan">
      <message from="them">Chào mẹ</message><message from="me">Chào con</message>
      <message from="them">Mẹ khỏe không</message><message from="me">Mẹ khỏe</message>
    </thread>
    <step task="Kéo để xem tin nhắn cũ hơn.">
      <hint>Vuốt xuống trong khung tin nhắn.</hint>
      <expect widget="chat" action="scroll" direction="down" goto="done" feedback="Đúng: kéo xuống để xem tin cũ."/>
      <wrong widget="chat" action="scroll" feedback="Kéo theo hướng ngược lại."/>
    </step>
  </screen>
  <screen id="done" title="Xong" end="success"><text>Xong.</text></screen>
</scenario>
</phone_sim>"""


@pytest.mark.browser
class PhoneSimHoldAndScrollTouchTest(TouchPhonePageTest):
    def test_a_finger_hold_and_a_finger_scroll_are_taken_as_such(self):
        self.open_page("holdscroll", HOLD_AND_SCROLL)
        self.wait_for(".ps-chooser")
        self.choose("Thử")
        self.touch(self.finger.long_press, self.widget("Tin nhắn của Lan"))
        self.wait_until(lambda: "giữ lâu mở thêm" in self.live(), message="the hold was not taken as a hold")
        self.touch(self.finger.swipe, self.driver.find_element(By.CSS_SELECTOR, ".ps-thread[data-w]"), 0, 120)
        self.wait_for(".ps-result.ps-success")
        assert "kéo xuống" in self.live()

    def test_a_quick_tap_delivered_late_is_still_a_tap_not_a_hold(self):
        """The page times a hold by the touch events' own time, not by when it handled them: a loaded phone
        (or test machine) that hands over the lift 0.9 s late must not turn a tap into a hold."""
        self.open_page("latetap", HOLD_AND_SCROLL)
        self.wait_for(".ps-chooser")
        self.choose("Thử")
        self.touch(lambda element: self.finger.tap(element, delivered_late=0.9), self.widget("Tin nhắn của Lan"))
        self.wait_until(lambda: "Chạm thôi chưa đủ" in self.live(), message="a late-delivered tap was read as a hold")
        assert "Tin nhắn" in self.screen_text()
