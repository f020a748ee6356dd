"""A Selenium 4 base class for workbench pages (xblock-sdk 0.14 ships none that works with Selenium 4)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from workbench import scenarios
from workbench.runtime import WorkbenchRuntime
from workbench.runtime_util import reset_global_state

CHROMIUM = os.environ.get("HOCVUSO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HOCVUSO_CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = Path(os.environ.get("HOCVUSO_SCREENSHOTS", "var/screenshots"))
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-quic", "--lang=vi-VN",
)


def start_chromium(width: int = 412, height: int = 915) -> webdriver.Chrome:
    """Headless Debian Chromium at a phone-sized window, fully offline (no Selenium Manager)."""
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # driver.get_log("browser") for JS errors
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def wait_until(driver, predicate, timeout: float = 10, message: str = ""):
    """Poll `predicate` until it is true; a page that re-renders meanwhile (stale elements) is polled again."""
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda _driver: predicate(), message)


@pytest.mark.browser
class WorkbenchBrowserTest(StaticLiveServerTestCase):
    """Opens workbench scenarios in headless Chromium, with the blocks' published events captured."""

    host = "127.0.0.1"
    driver: webdriver.Chrome

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver = start_chromium()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        reset_global_state()
        scenarios.SCENARIOS.clear()
        scenarios.get_scenarios.initialized = True  # only the scenarios a test adds
        self.published: list[tuple[object, str, dict]] = []
        original_publish = WorkbenchRuntime.publish

        def capture(runtime, block, event_type, event_data):
            self.published.append((block, event_type, event_data))
            return original_publish(runtime, block, event_type, event_data)

        patcher = mock.patch.object(WorkbenchRuntime, "publish", capture)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.set_width(412)
        if self.driver.current_url.startswith(self.live_server_url):
            self.driver.delete_all_cookies()  # each test starts as a new visitor (language, session)

    # Helpers --------------------------------------------------------------------------------
    def open_scenario(self, name: str, olx: str, student: str = "student_1", view: str = "") -> None:
        """Register `olx` as workbench scenario `name` and open its page for `student`."""
        scenarios.add_xml_scenario(name, name, olx)
        self.addCleanup(scenarios.remove_scenario, name)
        suffix = f"{view}/" if view else ""
        self.driver.get(f"{self.live_server_url}/scenario/{name}/{suffix}?student={student}")

    def set_width(self, width: int, height: int = 900) -> None:
        """Resize the viewport so that window.innerWidth == width (phones: 320-412 CSS px)."""
        self.driver.set_window_size(width, height)
        inner = self.driver.execute_script("return window.innerWidth")
        if inner and inner != width:
            self.driver.set_window_size(width + (width - inner), height)

    def wait_for(self, css: str, timeout: float = 10):
        return WebDriverWait(self.driver, timeout).until(
            expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css))
        )

    def wait_until(self, predicate, timeout: float = 10, message: str = ""):
        return wait_until(self.driver, predicate, timeout, message)

    def events(self, event_type: str) -> list[dict]:
        return [data for _block, kind, data in self.published if kind == event_type]

    def has_horizontal_scroll(self) -> bool:
        return self.driver.execute_script(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def doc_picture(self, name: str, doc_image: Path) -> Path:
        """A screenshot that also illustrates the docs: written over `doc_image` only when HOCVUSO_DOC_IMAGES=1,
        so an ordinary run leaves the committed picture (and a CI checkout) untouched."""
        path = self.screenshot(name)
        if os.environ.get("HOCVUSO_DOC_IMAGES") == "1":
            shutil.copyfile(path, doc_image)
        return path
