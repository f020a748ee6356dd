"""Headless Chromium: watch mode, large text, narration and the Studio scenario checker of phone_sim."""


import pytest
from selenium.webdriver.common.by import By

from tests.browser.phone_sim.phone_page import PAGES, S3, PhonePageTest

S3_TITLE = next(title for title in PAGES if title.startswith("S3"))
S3_SCENARIO = S3[S3.index("<scenario"):S3.rindex("</phone_sim>")]

# Watch mode waits 3.5 s per step. The test drives the page's clock instead of waiting: timers of a
# second or more are held until `__elapse(ms)` fires those due within `ms` (shorter ones run as usual).
HELD_CLOCK = """(function () {
  var realSet = window.setTimeout, realClear = window.clearTimeout, held = {}, next = 1;
  window.setTimeout = function (fn, ms) {
    if (!(ms >= 1000) || typeof fn !== "function") { return realSet.apply(window, arguments); }
    var id = "held-" + next++;
    held[id] = {fn: fn, ms: ms, args: Array.prototype.slice.call(arguments, 2)};
    return id;
  };
  window.clearTimeout = function (id) {
    if (typeof id === "string" && id.indexOf("held-") === 0) { delete held[id]; } else { realClear(id); }
  };
  window.__elapse = function (ms) {
    Object.keys(held).forEach(function (id) {
      var timer = held[id];
      if (timer && timer.ms <= ms) { delete held[id]; timer.fn.apply(window, timer.args); }
    });
  };
})();"""
STEP_MS = 3500


@pytest.mark.browser
class PhoneSimModesBrowserTest(PhonePageTest):
    def open_page(self, name, olx, view=""):
        """Open a scenario as a new visitor: no large-text or narration choice remembered from before."""
        self.open_scenario(name, olx, view=view)
        if self.driver.execute_script("var n = localStorage.length; localStorage.clear(); return n"):
            self.driver.refresh()
        self.addCleanup(self.driver.execute_script, "localStorage.clear()")

    def task_text(self):
        return self.driver.find_element(By.CSS_SELECTOR, ".ps-task").text

    def font_px(self, css):
        return self.driver.execute_script(
            "return parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize)", css)

    def js_errors(self):
        """Errors the page logged (the workbench has no favicon; that 404 is not the block's)."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]

    # 1. Watch mode ----------------------------------------------------------------------------
    def elapse(self, ms):
        self.driver.execute_script("window.__elapse(arguments[0])", ms)

    def test_watch_mode_plays_by_itself_pauses_resumes_and_never_grades(self):
        script = self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HELD_CLOCK})
        self.addCleanup(self.driver.execute_cdp_cmd, "Page.removeScriptToEvaluateOnNewDocument",
                        {"identifier": script["identifier"]})
        self.open_page("watch", S3)
        self.wait_for(".ps-chooser")
        self.button("Xem", ".ps-chooser").click()
        self.wait_until(lambda: "Màn hình chính" in self.screen_text(), message="the first screen is not shown")
        assert "Tìm biểu tượng" in self.task_text()  # the step's caption (its first hint) above the phone
        self.wait_for(".ps-finger")  # a pointer shows what is being done

        self.elapse(STEP_MS - 500)  # not yet
        assert "Màn hình chính" in self.screen_text()
        self.elapse(STEP_MS)  # one step's time later, with no learner action: the VNeID app, next caption
        assert "Chào mừng" in self.screen_text()
        assert "chưa có mật khẩu" in self.task_text()
        live = self.driver.find_element(By.CSS_SELECTOR, ".ps-live")
        self.wait_until(lambda: "ứng dụng VNeID" in live.text, timeout=2, message="the step's result is not said")

        pause = self.button("Tạm dừng", ".ps-watchbar")
        pause.click()
        assert pause.text == "Tiếp tục xem"
        paused_at, caption = self.screen_text(), self.task_text()
        for _ in range(3):
            self.elapse(STEP_MS)
        assert self.screen_text() == paused_at and self.task_text() == caption

        pause.click()  # play
        assert pause.text == "Tạm dừng"
        self.elapse(STEP_MS)
        assert "Số định danh" in self.screen_text() and self.screen_text() != paused_at
        for _ in range(30):  # to the end of the walk-through, however many steps the scenario has
            if "Hết phần xem mẫu" in live.text:
                break
            self.elapse(STEP_MS)
        self.wait_until(lambda: "Hết phần xem mẫu" in live.text, timeout=2, message="the demo did not finish")
        assert self.events("grade") == []

    # 2. Large text ----------------------------------------------------------------------------
    def test_large_text_makes_the_phone_text_bigger_and_still_fits_320px(self):
        self.set_width(320)
        self.start("large", S3, "Thử")
        large = self.button("Chữ to", ".ps-bar")
        assert large.get_attribute("aria-pressed") == "false"
        screen_text, task = self.font_px(".ps-screen .ps-text"), self.font_px(".ps-task")
        large.click()
        assert large.get_attribute("aria-pressed") == "true"
        assert self.font_px(".ps-screen .ps-text") >= screen_text * 1.2
        assert self.font_px(".ps-task") >= task * 1.2
        assert not self.block_overflows()
        self.tap("VNeID")
        self.tap("Kích hoạt tài khoản")  # a long text, a text field and its button
        assert not self.block_overflows()
        self.screenshot("phone_sim_large_320")

        self.driver.refresh()  # the choice is remembered on this phone
        self.wait_for(".ps-screen [data-w]")
        large = self.button("Chữ to", ".ps-bar")
        assert large.get_attribute("aria-pressed") == "true"
        assert self.font_px(".ps-task") >= task * 1.2
        large.click()
        assert large.get_attribute("aria-pressed") == "false"
        assert self.font_px(".ps-task") == pytest.approx(task)

    # 3. Narration -----------------------------------------------------------------------------
    def test_narration_toggle_reads_the_task_and_does_not_break_the_exercise(self):
        self.js_errors()  # drop what earlier pages logged
        self.start("speak", S3, "Thử")
        self.driver.execute_script(  # record what would be spoken (this machine may have no Vietnamese voice)
            "window.spoken = []; var real = speechSynthesis.speak.bind(speechSynthesis);"
            "speechSynthesis.speak = function (u) { window.spoken.push([u.text, u.lang]); real(u); };")
        narration = self.button("Đọc to", ".ps-bar")
        assert narration.tag_name == "button" and narration.is_displayed()
        assert narration.accessible_name == "Đọc to"
        assert narration.get_attribute("aria-pressed") == "false"
        narration.click()
        assert narration.get_attribute("aria-pressed") == "true"
        spoken = self.driver.execute_script("return window.spoken")
        assert spoken, "turning narration on read nothing"
        assert spoken[-1][0] == self.task_text() and spoken[-1][1].lower().startswith("vi")

        self.tap("VNeID")  # the exercise goes on; the new task and the feedback are read
        self.wait_until(lambda: "Kích hoạt" in self.task_text() or "kích hoạt" in self.task_text())
        texts = [text for text, _lang in self.driver.execute_script("return window.spoken")]
        assert self.task_text() in texts

        narration.click()
        assert narration.get_attribute("aria-pressed") == "false"
        heard = len(self.driver.execute_script("return window.spoken"))
        self.tap("Kích hoạt tài khoản")
        assert len(self.driver.execute_script("return window.spoken")) == heard  # silent when off
        assert self.js_errors() == []

    # 4. Studio --------------------------------------------------------------------------------
    def studio(self, name):
        self.set_width(1024)
        self.open_scenario(name, S3, student="staff", view="studio_view")  # Studio is for course staff
        return self.wait_for(".phone-sim-studio")

    def paste(self, css, text):
        self.driver.execute_script(
            "var el = document.querySelector(arguments[0]); el.value = arguments[1];"
            "el.dispatchEvent(new Event('input', {bubbles: true}));", css, text)

    def learner_page(self, name):
        """The learner's title and intro for scenario `name`, as the stored block now renders them."""
        self.driver.get(f"{self.live_server_url}/scenario/{name}/?student=student_1")
        intro = self.wait_for(".ps-chooser .ps-intro").text  # the stored scenario still loads for learners
        return self.driver.find_element(By.CSS_SELECTOR, ".phone-sim .ps-title").text, intro

    def test_studio_shows_every_scenario_problem_before_saving_and_refuses_to_save(self):
        form = self.studio("studio")
        broken = S3_SCENARIO.replace(
            '<button id="open-camera" label="Máy ảnh"/>', '<buton id="open-camera" label="Máy ảnh"/>'
        ).replace("</scenario>", '  <screen id="orphan" end="success"><text>Không ai tới đây</text></screen>\n'
                                 "</scenario>")
        orphan_line = broken[:broken.index('<screen id="orphan"')].count("\n") + 1
        self.paste("textarea[name=scenario_xml]", broken)
        form.find_element(By.CSS_SELECTOR, "input[name=display_name]").clear()
        form.find_element(By.CSS_SELECTOR, "input[name=display_name]").send_keys("Tên mới")
        form.find_element(By.CSS_SELECTOR, ".ps-validate").click()
        self.wait_until(lambda: len(form.find_elements(By.CSS_SELECTOR, ".ps-problems li")) >= 2,
                        message="the problems are not listed")
        problems = [li.text for li in form.find_elements(By.CSS_SELECTOR, ".ps-problems li")]
        assert len(problems) == 2, problems
        assert any(p.startswith("dòng 10, màn hình 'home'") and "<buton>" in p for p in problems), problems
        assert any(p.startswith(f"dòng {orphan_line}, màn hình 'orphan'") and "không tới được" in p
                   for p in problems), problems

        # Empty the problem box first, so that its refilling shows the save's own answer has arrived.
        self.driver.execute_script("arguments[0].textContent = ''", form.find_element(By.CSS_SELECTOR, ".ps-problems"))
        form.find_element(By.CSS_SELECTOR, ".ps-save").click()
        self.wait_until(lambda: form.find_element(By.CSS_SELECTOR, ".ps-problems").text != "",
                        message="the save was not answered")
        assert len(form.find_elements(By.CSS_SELECTOR, ".ps-problems li")) == 2
        title, intro = self.learner_page("studio")  # nothing half-written: name and scenario kept
        assert title == S3_TITLE and intro.startswith("Bạn đã đăng ký tài khoản")

        form = self.studio_reload("studio")
        assert form.find_element(By.CSS_SELECTOR, "textarea[name=scenario_xml]").get_property("value") == \
            S3_SCENARIO.strip()
        fixed = S3_SCENARIO.replace("<intro>Bạn đã đăng ký", "<intro>Hôm nay bạn đã đăng ký")
        self.paste("textarea[name=scenario_xml]", fixed)
        form.find_element(By.CSS_SELECTOR, "input[name=display_name]").clear()
        form.find_element(By.CSS_SELECTOR, "input[name=display_name]").send_keys("Tên mới")
        # The editor checks as the author types: let that answer arrive, then wait for the save's own.
        self.wait_until(lambda: "Kịch bản hợp lệ." in form.find_element(By.CSS_SELECTOR, ".ps-problems").text,
                        message="the live check did not answer")
        self.driver.execute_script("arguments[0].textContent = ''", form.find_element(By.CSS_SELECTOR, ".ps-problems"))
        form.find_element(By.CSS_SELECTOR, ".ps-save").click()
        self.wait_until(lambda: "Kịch bản hợp lệ." in form.find_element(By.CSS_SELECTOR, ".ps-problems").text,
                        message="a valid save was not confirmed")
        title, intro = self.learner_page("studio")
        assert title == "Tên mới" and intro.startswith("Hôm nay bạn đã đăng ký")

    def studio_reload(self, name):
        self.driver.get(f"{self.live_server_url}/scenario/{name}/studio_view/?student=staff")
        return self.wait_for(".phone-sim-studio")
