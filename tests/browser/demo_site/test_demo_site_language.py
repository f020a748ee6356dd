"""The demo site speaks Vietnamese by default, English on request, and blocks answer in the browser."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.base import WorkbenchBrowserTest
from xblocks.phone_sim import PhoneSimBlock


@pytest.mark.browser
class DemoSiteLanguageTest(WorkbenchBrowserTest):
    def scenario_xml(self) -> str:
        _title, olx = PhoneSimBlock.workbench_scenarios()[0]
        return olx

    def mode_labels(self) -> list[str]:
        self.wait_for(".ps-mode")
        return [button.text for button in self.driver.find_elements(By.CSS_SELECTOR, ".ps-mode")]

    def test_vietnamese_by_default_even_when_the_browser_prefers_english(self):
        self.open_scenario("lang_vi", self.scenario_xml())
        assert self.mode_labels()[:2] == ["Xem", "Thử"]
        assert "MÔ PHỎNG" in self.driver.find_element(By.CSS_SELECTOR, ".ps-frame, .phone_sim_block, body").text

    def test_english_on_request_then_a_block_answers_a_tap(self):
        self.open_scenario("lang_en", self.scenario_xml(), view="")
        self.driver.get(self.driver.current_url + "&lang=en")
        labels = self.mode_labels()
        assert labels[:2] == ["Watch", "Practice"]
        practice = self.driver.find_elements(By.CSS_SELECTOR, ".ps-mode")[1]
        practice.click()
        # The server answers with the first screen of the scenario: its widgets become focusable buttons.
        self.wait_until(lambda: practice.get_attribute("aria-pressed") == "true", message="practice not started")
        assert self.driver.find_elements(By.CSS_SELECTOR, ".ps-screen button, .ps-screen input")
