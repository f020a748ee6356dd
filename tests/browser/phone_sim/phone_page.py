"""Driving the simulated phone in a browser the way a learner does; shared by the phone_sim browser tests."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.base import WorkbenchBrowserTest
from xblocks.phone_sim import PhoneSimBlock

PAGES = dict(PhoneSimBlock.workbench_scenarios())
S3 = next(olx for title, olx in PAGES.items() if title.startswith("S3"))
S8 = next(olx for title, olx in PAGES.items() if title.startswith("S8"))


class PhonePageTest(WorkbenchBrowserTest):
    """Workbench page with one phone_sim block: start a mode, tap, type, enter a PIN, read feedback."""

    def open_page(self, name: str, olx: str, view: str = "") -> None:
        self.open_scenario(name, olx, view=view)

    def start(self, name: str, olx: str, mode_label: str) -> None:
        self.open_page(name, olx)
        self.wait_for(".ps-chooser")
        self.button(mode_label, ".ps-chooser").click()
        self.wait_for(".ps-screen [data-w]")

    def button(self, label: str, scope: str = ".ps-screen"):
        for element in self.driver.find_elements(By.CSS_SELECTOR, f"{scope} button"):
            if label in element.text:
                return element
        raise AssertionError(f"no button {label!r} in {scope}")

    def screen_text(self) -> str:
        return self.driver.execute_script("return document.querySelector('.ps-screen').innerText")

    def live(self) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, ".ps-live").text

    def answered(self, before: str, what: str) -> None:
        """Wait until the server's reply is on screen: no request in flight, and new screen or feedback."""
        self.wait_until(
            lambda: not self.driver.find_elements(By.CSS_SELECTOR, "[aria-busy='true']")
            and (self.screen_text() != before or self.live()),
            message=f"no answer to {what}",
        )

    def tap(self, label: str) -> None:
        before = self.screen_text()
        self.button(label).click()
        self.answered(before, label)

    def type_into(self, label_text: str, value: str) -> None:
        before = self.screen_text()
        form = self.driver.find_element(By.XPATH, f"//form[.//label[contains(., '{label_text}')]][@data-w]")
        field = form.find_element(By.TAG_NAME, "input")
        field.clear()
        field.send_keys(value, Keys.ENTER)
        self.answered(before, value)

    def pin(self, digits: str) -> None:
        before = self.screen_text()
        for digit in digits:
            self.driver.find_element(By.XPATH, f"//div[contains(@class,'ps-keys')]/button[text()='{digit}']").click()
        self.answered(before, "the PIN")

    def block_overflows(self):
        """What part of the block reaches past the viewport or scrolls sideways inside itself (False if none).

        The workbench's own header and debug panel are wider than 320 px; they are not the block.
        Screen-reader-only text (a 1 px clipped box) is not seen, so its clipping is not scrolling; a long
        address inside a text field scrolls inside the field, as on any phone.
        """
        return self.driver.execute_script(
            "var w = document.documentElement.clientWidth, root = document.querySelector('.phone-sim');"
            "var wide = [...root.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > w + 0.5"
            " || e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 && e.tagName !== 'INPUT'"
            " && getComputedStyle(e).overflowX !== 'visible');"
            "var out = root.getBoundingClientRect().right > w + 0.5 || wide.length > 0;"
            "return out ? wide.map(e => e.className || e.tagName) : false")
