"""Headless Chromium as a 360 x 640 touch phone: what the learner sees after each action, the slider, the
test's confirmation, and a slow or broken network (CDP network emulation stands in for a bad 3G link)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.phone_sim.phone_page import S3, PhonePageTest
from tests.browser.phone_sim.test_phone_sim_touch_browser import S1
from tests.browser.touch import Finger

SLIDER_ONLY = """<phone_sim display_name="Cỡ chữ" modes="practice test" max_errors="3" max_attempts="2">
<scenario id="slider_only" title="Cỡ chữ" skills="DC:5.1" start="font">
  <screen id="font" title="Cỡ chữ">
    <text>Chữ mẫu.</text>
    <slider id="font-size" label="Cỡ chữ" min="1" max="5" step="1" value="2"/>
    <step task="Làm chữ to hẳn lên (mức 4 hoặc 5).">
      <hint>Kéo nút tròn sang phải.</hint>
      <expect widget="font-size" action="type" check="range" min="4" max="5" show="5" goto="done"/>
      <wrong widget="font-size" action="type" feedback="Chữ chưa đủ to. Kéo thêm sang phải."/>
    </step>
  </screen>
  <screen id="done" title="Xong" end="success"><text>Xong.</text></screen>
</scenario>
</phone_sim>"""


@pytest.mark.browser
class PhoneJourneyBrowserTest(PhonePageTest):
    def setUp(self):
        super().setUp()
        self.finger = Finger(self.driver).on()
        self.addCleanup(self.finger.off)
        self.addCleanup(self.network, offline=False)

    # Helpers --------------------------------------------------------------------------------
    def network(self, offline=False, latency=0, kbps=0):
        """Emulate the learner's network (0 = unthrottled); CDP stands in for a rural 3G link."""
        self.driver.execute_cdp_cmd("Network.enable", {})
        rate = kbps * 1000 / 8 if kbps else -1
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": offline, "latency": latency, "downloadThroughput": rate, "uploadThroughput": rate})

    def control(self, label):
        for element in self.driver.find_elements(By.CSS_SELECTOR, ".ps-screen [data-w]"):
            if label in element.text:
                return element
        raise AssertionError(f"no control {label!r} on the phone")

    def tap(self, label, scope=".ps-screen"):
        before = self.screen_text()
        self.finger.tap(self.button(label, scope) if scope != ".ps-screen" else self.control(label))
        self.answered(before, label)

    def in_view(self, css):
        """Is the (visible) element wholly inside the 360 x 640 viewport, without the learner scrolling?"""
        return self.driver.execute_script(
            "var e = document.querySelector(arguments[0]); if (!e || !e.offsetParent) { return null; }"
            "var r = e.getBoundingClientRect();"
            "return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;", css)

    def assert_answer_in_view(self, what):
        self.wait_until(lambda: self.live(), message=f"no feedback after {what}")
        for css in (".ps-live", ".ps-task", ".ps-hint", ".ps-result"):
            assert self.in_view(css) is not False, f"{css} is off-screen after {what}"

    def steps(self):
        return self.events("hocvuso.phone_sim.step")

    # 2. Feedback in view ----------------------------------------------------------------------
    def test_feedback_task_hint_and_result_are_in_view_after_every_action_even_with_large_text(self):
        self.open_page("s3view", S3)
        self.wait_for(".ps-chooser")
        self.finger.tap(self.button("Chữ to", ".ps-bar"))
        self.tap("Thử", ".ps-chooser")
        self.driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")  # the learner scrolled down
        self.tap("Trò chuyện Sen")  # the chat: a mistake, answered above the phone
        self.assert_answer_in_view("a wrong tap")
        self.driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        self.tap("VNeID")
        self.assert_answer_in_view("the right tap")
        assert "ứng dụng VNeID" in self.live()

    # 4. Slider ---------------------------------------------------------------------------------
    def test_slider_by_keyboard_moves_without_sending_and_commits_on_enter_without_snapping_back(self):
        self.finger.off()
        self.start("slk", SLIDER_ONLY, "Thử")
        slider = self.driver.find_element(By.CSS_SELECTOR, ".ps-slider input")
        slider.send_keys(Keys.ARROW_RIGHT)
        assert slider.get_attribute("value") == "3"
        assert self.steps() == [] and not self.live()  # moving is not answering
        before = self.screen_text()
        slider.send_keys(Keys.ENTER)
        self.answered(before, "Enter on the slider")
        self.wait_until(lambda: "chưa đủ to" in self.live())
        slider = self.driver.find_element(By.CSS_SELECTOR, ".ps-slider input")
        assert slider.get_attribute("value") == "3"  # where the learner left it, not back at 2
        slider.send_keys(Keys.ARROW_RIGHT, Keys.ENTER)
        self.wait_for(".ps-result.ps-success")
        assert len(self.steps()) == 2

    def test_slider_by_touch_release_at_3_stays_at_3_then_release_at_5_passes(self):
        self.start("slt", SLIDER_ONLY, "Thử")
        slider = self.driver.find_element(By.CSS_SELECTOR, ".ps-slider input")
        before = self.screen_text()
        self.finger.slide(slider, 0.5)
        self.answered(before, "a slide to 3")
        self.wait_until(lambda: "chưa đủ to" in self.live())
        assert self.driver.find_element(By.CSS_SELECTOR, ".ps-slider input").get_attribute("value") == "3"
        assert len(self.steps()) == 1  # one release, one answer (the drag itself sent nothing)
        self.finger.slide(self.driver.find_element(By.CSS_SELECTOR, ".ps-slider input"), 1.0)
        self.wait_for(".ps-result.ps-success")

    # 3. Attempts are never spent silently -------------------------------------------------------
    def test_a_test_attempt_starts_only_after_confirmation_and_leaving_says_what_it_costs(self):
        self.open_page("s1test", S1)
        self.wait_for(".ps-chooser")
        about = self.driver.find_element(By.CSS_SELECTOR, ".ps-chooser").text
        assert "Xem:" in about and "Thử:" in about and "Kiểm tra:" in about  # each mode explained
        self.finger.tap(self.button("Kiểm tra", ".ps-chooser"))
        ask = self.wait_for(".ps-ask")
        assert "còn 3 lượt" in ask.text and "tối đa 3 lần" in ask.text
        assert self.in_view(".ps-ask")
        assert self.events("hocvuso.phone_sim.started") == []  # nothing spent yet
        self.finger.tap(self.button("Để sau", ".ps-ask"))
        self.wait_until(lambda: not self.driver.find_elements(By.CSS_SELECTOR, ".ps-ask:not([hidden])"))
        assert self.events("hocvuso.phone_sim.started") == []
        self.finger.tap(self.button("Kiểm tra", ".ps-chooser"))
        self.tap("Bắt đầu kiểm tra", ".ps-ask")
        assert [e["mode"] for e in self.events("hocvuso.phone_sim.started")] == ["test"]
        assert "Số lần sai: 0 (được sai tối đa 3 lần)" in self.driver.find_element(By.CSS_SELECTOR, ".ps-count").text
        self.finger.tap(self.button("Thử", ".ps-bar"))  # leaving mid-way says what it costs (nothing: it is kept)
        ask = self.wait_for(".ps-ask")
        assert "không mất thêm lượt" in ask.text
        self.finger.tap(self.button("Rời bài kiểm tra", ".ps-ask"))
        self.wait_until(lambda: "Số lần sai" not in self.driver.find_element(By.CSS_SELECTOR, ".ps-count").text,
                        message="practice did not start")
        self.finger.tap(self.button("Kiểm tra", ".ps-bar"))  # back to the kept test: no question, no attempt
        self.wait_until(lambda: "Số lần sai" in self.driver.find_element(By.CSS_SELECTOR, ".ps-count").text)
        assert not self.driver.find_elements(By.CSS_SELECTOR, ".ps-ask:not([hidden])")
        assert "còn lại: 2" in self.driver.find_element(By.CSS_SELECTOR, ".ps-count").text

    # 7. Slow and broken networks -----------------------------------------------------------------
    def test_offline_tap_is_kept_shown_as_offline_and_sent_once_when_back_online(self):
        self.start("s3off", S3, "Thử")
        self.network(offline=True)
        self.finger.tap(self.control("VNeID"))
        banner = self.wait_for(".ps-net.ps-net-off", timeout=5)
        assert "Mất kết nối" in banner.text
        assert self.steps() == []
        self.network(offline=False)
        self.wait_until(lambda: "Chào mừng" in self.screen_text(), timeout=15, message="not resumed by itself")
        self.wait_until(lambda: not self.driver.find_elements(By.CSS_SELECTOR, ".ps-net-off"))
        assert len(self.steps()) == 1  # sent once, not lost, not doubled

    def test_taps_during_a_slow_request_are_queued_and_a_busy_state_shows(self):
        self.start("s3slow", S3, "Thử")
        self.network(latency=1500)
        chat = self.control("Trò chuyện Sen")
        self.finger.tap(chat)
        self.finger.tap(chat)  # tapped again while the first is on its way
        self.wait_until(lambda: "Đang gửi" in self.driver.find_element(By.CSS_SELECTOR, ".ps-net").text,
                        message="no busy state on a slow request")
        self.wait_until(lambda: len(self.steps()) == 2, timeout=15, message="the second tap was dropped")
        self.wait_for(".ps-highlight")  # the second miss highlights the right control

    # 5. Words for learners ----------------------------------------------------------------------
    def test_icons_hints_and_the_show_me_finger_speak_to_learners_not_in_code_words(self):
        self.start("s1words", S1, "Thử")
        screen = self.screen_text()
        assert "🔒" in screen and "lock" not in screen  # an icon, not its name
        for _ in range(3):  # three taps where a swipe is wanted: hint 1, hint 2, then "show me"
            self.tap("Vuốt lên để mở khóa")
        hint = self.wait_for(".ps-hint").text
        assert hint.count("Xem cách làm") == 1, hint  # no doubled label
        finger = self.wait_for(".ps-finger").text
        assert "↑ Vuốt lên" in finger and "up" not in finger
