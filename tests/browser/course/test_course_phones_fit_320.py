"""Every screen of every course phone at 320 px: no control sticks out of the phone frame (or out of the web
page or dialog drawn inside it) and nothing scrolls sideways.

Walking each scenario by hand to each of its ~140 screens would take many minutes, so the test puts every
course phone on one page, stores a practice attempt standing on screen N for each through the workbench's
own key-value store (the block's ordinary stored state, as after a reload), and reloads once per N."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from workbench.runtime import WORKBENCH_KVS
from xblock.fields import Scope
from xblock.runtime import KeyValueStore

from tests.browser.axe import clipped_inside
from tests.browser.base import WorkbenchBrowserTest
from xblocks.common.xml import parse_xml
from xblocks.phone_sim.scenario import scenario_from_element

PHONES = sorted((Path(__file__).resolve().parents[3] / "course_content/phone_sim").glob("s*.xml"))
STUDENT = "student_fit"


def screen_titles(olx: str) -> list[tuple[str, str]]:
    """(id, title) of every screen of a course phone's scenario, in the order written."""
    scenario = scenario_from_element(parse_xml(olx, source="phone").find("scenario"))
    return [(screen.id, screen.title) for screen in scenario.screens.values()]


@pytest.mark.browser
class CoursePhonesFitBrowserTest(WorkbenchBrowserTest):
    def test_every_screen_of_every_course_phone_fits_the_frame_at_320px(self):
        olx = {path.stem: path.read_text(encoding="utf-8") for path in PHONES}
        screens = {name: screen_titles(text) for name, text in olx.items()}
        assert len(screens) == 21 and sum(map(len, screens.values())) > 100
        self.set_width(320)
        self.open_scenario("phones320", "<vertical_demo>" + "".join(olx.values()) + "</vertical_demo>", STUDENT)
        usages = [e.get_attribute("data-usage") for e in
                  self.driver.find_elements(By.CSS_SELECTOR, "[data-block-type=phone_sim][data-usage]")]
        assert len(usages) == len(olx), usages
        problems = []
        for index in range(max(map(len, screens.values()))):
            standing = {}
            for usage, name in zip(usages, olx, strict=True):
                if index < len(screens[name]):
                    standing[usage] = (name, *screens[name][index])
                    self.stand_on(usage, screens[name][index][0])
            self.driver.refresh()
            wanted = {usage: title for usage, (_, _, title) in standing.items()}
            self.wait_until(lambda want=wanted: {u: t for u, t in self.drawn().items() if u in want} == want,
                            message=f"the phones do not stand on screen {index}")
            for phone in self.driver.find_elements(By.CSS_SELECTOR, "[data-block-type=phone_sim][data-usage]"):
                usage = phone.get_attribute("data-usage")
                if usage not in standing:
                    continue
                screen = phone.find_element(By.CSS_SELECTOR, ".ps-screen")
                cut = clipped_inside(self.driver, screen, ".ps-web, .ps-dialog, .ps-address")
                sideways = self.driver.execute_script(
                    "var s = arguments[0]; return s.scrollWidth > s.clientWidth + 1"
                    " || s.closest('.ps-phone').getBoundingClientRect().right > document.documentElement.clientWidth"
                    " + 0.5", screen)
                if cut or sideways:
                    problems.append(f"{standing[usage][:2]}: cut {cut}, sideways {sideways}")
                    self.screenshot(f"phone320-{standing[usage][0]}-{standing[usage][1]}")
        assert not self.has_horizontal_scroll()
        assert problems == [], "\n".join(problems)

    def stand_on(self, usage: str, screen: str) -> None:
        """Store a practice attempt of block `usage` standing on `screen` (what a reload then shows)."""
        key = KeyValueStore.Key(scope=Scope.user_state, user_id=STUDENT, block_scope_id=usage,
                                field_name="sim_state")
        WORKBENCH_KVS.set(key, {"mode": "practice", "screen": screen, "seq": 0, "errors": 0, "misses": 0,
                                "status": "active", "outcomes": [], "max_errors": None, "nonce": f"fit-{screen}"})

    def drawn(self) -> dict[str, str]:
        """usage id -> the title of the screen each drawn phone shows."""
        return self.driver.execute_script(
            "var out = {}; document.querySelectorAll('[data-block-type=phone_sim][data-usage]').forEach(function (b) {"
            "  var s = b.querySelector('.ps-screen'); if (s && s.children.length) {"
            "    out[b.getAttribute('data-usage')] = s.getAttribute('aria-label') || ''; } }); return out;")
