"""Headless Chromium at 1280 x 800: projector mode ("Làm theo tôi") for a teacher, stepped by keyboard/clicker.

A clicker is a keyboard to the browser: it sends Page Down / Page Up (some send arrows or Space), so the
keys are sent as key presses to whatever has focus, as a clicker's would be.
"""

import json
from pathlib import Path
from unittest import mock

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from workbench.models import XBlockState
from workbench.runtime import WorkbenchRuntime

from demo_site.course_units import course_units
from tests.browser.axe import axe_violations
from tests.browser.phone_sim.phone_page import S3, PhonePageTest
from xblocks.common.xml import parse_xml
from xblocks.phone_sim.scenario import load_scenario, scenario_element_text
from xblocks.phone_sim.view_model import projector_model

DOC_IMAGE = Path(__file__).resolve().parents[3] / "docs/images/phone_sim_projector.png"
DONE = "Xong. Bây giờ mọi người tự làm trên điện thoại của mình."


def expected_steps(olx: str) -> list[tuple[str, str]]:
    """(screen title, caption) of each step, from the scenario itself: what the projector must show."""
    scenario = load_scenario(scenario_element_text(parse_xml(olx).find(".//scenario")))
    return [(step["screen"]["title"], step["caption"] or DONE) for step in projector_model(scenario, "-")["steps"]]


@pytest.mark.browser
class PhoneSimProjectorBrowserTest(PhonePageTest):
    def setUp(self):
        super().setUp()
        self.set_viewport(1280, 800)
        self.handled = []  # every block handler the page calls (the projector must call none)
        original = WorkbenchRuntime.handle

        def record(runtime, block, handler_name, request, suffix=""):
            self.handled.append(handler_name)
            return original(runtime, block, handler_name, request, suffix)

        patcher = mock.patch.object(WorkbenchRuntime, "handle", record)
        patcher.start()
        self.addCleanup(patcher.stop)

    # Helpers ------------------------------------------------------------------------------------------
    def set_viewport(self, width: int, height: int) -> None:
        """A classroom screen of width x height: the page and full screen (headless Chromium's own screen
        is 800 x 600, which full screen would shrink the page to)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False,
            "screenWidth": width, "screenHeight": height})
        self.addCleanup(self.driver.execute_cdp_cmd, "Emulation.clearDeviceMetricsOverride", {})

    def shown(self) -> dict:
        return self.driver.execute_script(
            "var q = function (c) { var e = document.querySelector(c); return e && !e.hidden ? e.innerText : ''; };"
            "var screen = document.querySelector('.ps-projecting .ps-screen');"
            "return {count: q('.ps-pj-count'), caption: q('.ps-pj-caption'), said: q('.ps-pj-panel [role=status]'),"
            " title: screen ? screen.getAttribute('aria-label') || '' : null,"
            " screen: screen ? screen.innerText : ''}")

    def press(self, key) -> None:
        self.driver.switch_to.active_element.send_keys(key)

    def assert_step(self, number: int, steps: list[tuple[str, str]]) -> None:
        title, caption = steps[number - 1]
        counter = f"Bước {number}/{len(steps)}"
        self.wait_until(lambda: self.shown()["count"] == counter, timeout=3,
                        message=f"expected {counter}, saw {self.shown()['count']!r}")
        shown = self.shown()
        assert shown["caption"] == caption
        assert shown["title"] == title, f"step {number}: the phone shows {shown['title']!r}, not {title!r}"
        assert shown["said"] == f"{counter}. {caption}"  # the live region announces the step

    def assert_nothing_graded_or_stored(self, student: str) -> None:
        assert self.handled == [], f"the projector called handlers {self.handled}"
        assert self.published == [], f"events were published: {[kind for _b, kind, _d in self.published]}"
        # The workbench creates a row when a field is read; a write puts the field in it (an attempt, a mode).
        written = {name for row in XBlockState.objects.filter(user_id=student) for name in json.loads(row.state)}
        assert not written, f"learner state was written: {written}"

    def sizes(self) -> dict:
        return self.driver.execute_script(
            "var px = function (c) { return parseFloat(getComputedStyle(document.querySelector(c)).fontSize); };"
            "var box = function (c) { return document.querySelector(c).getBoundingClientRect(); };"
            "var buttons = [...document.querySelectorAll('.ps-pj-panel button')].filter(b => b.offsetParent)"
            "  .map(b => { var r = b.getBoundingClientRect(); return [b.innerText, r.width, r.height]; });"
            "var phone = box('.ps-projecting .ps-phone'), panel = box('.ps-pj-panel');"
            "return {caption: px('.ps-pj-caption'), count: px('.ps-pj-count'), buttons: buttons,"
            " phone: [phone.left, phone.right, phone.top, phone.bottom, phone.width, phone.height],"
            " panel: [panel.left, panel.right, panel.top, panel.bottom],"
            " phoneText: px('.ps-projecting .ps-screen'), viewport: [innerWidth, innerHeight],"
            " sideways: document.documentElement.scrollWidth > innerWidth}")

    def assert_fills_a_classroom_screen(self, width: int) -> None:
        size = self.sizes()
        assert size["viewport"] == [width, 800]
        height = 800
        assert size["caption"] >= 28, f"caption {size['caption']} px at {width} px"
        assert all(w >= 44 and h >= 44 for _label, w, h in size["buttons"]), size["buttons"]
        left, right, top, bottom, phone_width, phone_height = size["phone"]
        assert left >= 0 and bottom <= height + 0.5 and top >= 0, f"the phone is cut off: {size['phone']}"
        assert phone_height >= 0.9 * height and phone_width >= 380, f"the phone is not scaled up: {size['phone']}"
        assert size["phoneText"] > 16  # larger than on a learner's phone
        assert right <= size["panel"][0] and size["panel"][1] <= width + 0.5  # side by side, both on screen
        assert not size["sideways"]

    # 1. A teacher opens it from the unit page (S1) -----------------------------------------------------
    def test_staff_open_follow_me_from_the_unit_page_and_step_with_the_keys(self):
        unit = next(unit for unit in course_units() if "s01_lam_quen_dien_thoai" in unit.blocks)
        steps = expected_steps(unit.xml)  # the unit's one exercise, S1
        assert len(steps) == 11
        self.open_scenario(unit.name, unit.xml, student="staff")  # the demo's staff id (developer flag)
        self.wait_for(".ps-chooser")
        follow = self.button("Làm theo tôi", ".ps-bar")
        assert follow.get_attribute("aria-describedby")
        follow.click()
        self.wait_for(".ps-projecting .ps-pj-panel")
        self.assert_step(1, steps)
        assert "Vuốt lên để mở khóa" in self.shown()["screen"]
        self.assert_fills_a_classroom_screen(1280)

        self.press(Keys.ARROW_RIGHT)
        self.assert_step(2, steps)
        self.press(Keys.PAGE_DOWN)
        self.assert_step(3, steps)
        self.press(Keys.SPACE)
        self.assert_step(4, steps)
        self.press(Keys.ARROW_LEFT)
        self.assert_step(3, steps)
        self.press(Keys.PAGE_UP)
        self.assert_step(2, steps)
        self.press(Keys.END)
        self.assert_step(11, steps)
        assert "Đúng. Mũi tên quay lại" in self.shown()["caption"]  # the end: how the task ended
        self.press(Keys.ARROW_RIGHT)  # nothing after the last step
        self.assert_step(11, steps)
        self.press(Keys.HOME)
        self.press(Keys.ARROW_LEFT)  # nothing before the first
        self.assert_step(1, steps)

        self.press(Keys.ESCAPE)  # leaves full screen, and with it the projector
        self.wait_until(lambda: not self.driver.find_elements(By.CSS_SELECTOR, ".ps-projecting"), timeout=3,
                        message="Escape did not close the projector")
        self.wait_for(".ps-chooser")  # back to the exercise, nothing started
        assert self.driver.switch_to.active_element == follow
        self.assert_nothing_graded_or_stored("staff")

        # The demo's developer section links the unit's projector page (as the demo's staff account).
        self.driver.find_element(By.CSS_SELECTOR, ".developer a.projector-link").click()
        self.wait_for(".ps-projecting .ps-pj-panel")
        assert "/projector_view/" in self.driver.current_url
        self.assert_step(1, steps)
        self.assert_nothing_graded_or_stored("staff")

    def test_a_learner_gets_no_follow_me_button_and_the_projector_view_refuses(self):
        unit = next(unit for unit in course_units() if "s01_lam_quen_dien_thoai" in unit.blocks)
        self.open_scenario(unit.name, unit.xml, student="student_1")
        self.wait_for(".ps-chooser")
        assert not self.driver.find_elements(By.CSS_SELECTOR, ".ps-pj-open, .ps-pj-panel")
        assert "Làm theo tôi" not in self.driver.find_element(By.CSS_SELECTOR, ".phone-sim").text
        self.open_scenario("s3-learner", S3, student="student_1", view="projector_view")
        notice = self.wait_for(".ps-notice")
        assert "chỉ dành cho giáo viên" in notice.text
        assert not self.driver.find_elements(By.CSS_SELECTOR, ".ps-phone, .ps-screen")
        block = self.driver.execute_script(
            "return document.querySelector('.phone-sim').closest('[data-block-type]').outerHTML")
        assert "Tìm biểu tượng" not in block and "data-init" not in block  # no script, no walk-through
        self.assert_nothing_graded_or_stored("student_1")

    # 2. The projector view itself (S3, 15 steps), at 1280 and at 1024 --------------------------------
    def test_projector_view_steps_a_long_scenario_forward_and_back_and_never_grades(self):
        steps = expected_steps(S3)
        assert len(steps) == 15
        self.open_scenario("s3-projector", S3, student="staff", view="projector_view")
        self.wait_for(".ps-projecting .ps-pj-panel")
        self.assert_step(1, steps)
        for number, key in enumerate([Keys.ARROW_RIGHT, Keys.PAGE_DOWN, Keys.SPACE, Keys.ARROW_RIGHT], start=2):
            self.press(key)
            self.assert_step(number, steps)
        self.wait_for(".ps-finger")  # the pointer shows what is done on this step
        self.press(Keys.ARROW_LEFT)
        self.assert_step(4, steps)
        self.press(Keys.PAGE_UP)
        self.assert_step(3, steps)
        self.assert_fills_a_classroom_screen(1280)
        assert axe_violations(self.driver, ".phone-sim") == []
        self.doc_picture("phone_sim_projector_1280", DOC_IMAGE)

        next_button = self.button("Tiếp", ".ps-pj-panel")  # a mouse or a touch screen works too
        next_button.click()
        self.assert_step(4, steps)
        next_button.send_keys(Keys.SPACE)  # Space on a focused button presses that button, once
        self.assert_step(5, steps)
        assert self.driver.switch_to.active_element == next_button  # focus stays visible where it was
        outline = self.driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", next_button)
        assert outline != "none"
        for number in range(6, 16):
            self.press(Keys.PAGE_DOWN)
            self.assert_step(number, steps)
        assert self.shown()["caption"] == DONE
        assert self.button("Tiếp", ".ps-pj-panel").get_attribute("aria-disabled") == "true"
        assert not self.driver.find_elements(By.XPATH, "//button[contains(., 'Đóng')]")  # its own page

        self.set_viewport(1024, 800)
        self.driver.refresh()
        self.wait_for(".ps-projecting .ps-pj-panel")
        self.assert_step(1, steps)
        self.assert_fills_a_classroom_screen(1024)
        self.assert_nothing_graded_or_stored("staff")
