"""Headless Chromium walks every unit of the course as the demo site shows it, and checks what a learner sees."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By

from demo_site.course_units import COURSE_DIR, course_units
from graders.course_olx import html_source, load_course
from tests.browser.base import WorkbenchBrowserTest
from xblocks.common.xml import parse_xml

DEMO_TYPE = {"html": "html_demo", "phone_sim": "phone_sim", "auto_quiz": "auto_quiz",
             "learner_progress": "learner_progress"}
# What the workbench and our blocks print when something broke: a server error page, the workbench's
# inline "No such view", the phone's and the quiz's own "cannot be shown" notices.
BROKEN_TEXT = ("Error", "Traceback", "No such view", "Exception")
BROKEN_CSS = ".ps-broken, .aq-notice"
WALK_SECONDS = 150


def _first_heading(lesson_html: str) -> str:
    root = parse_xml(f"<div>{lesson_html}</div>", source="lesson")
    heading = next(root.iter("h2", "h1"))
    return " ".join("".join(heading.itertext()).split())


@pytest.mark.browser
class CourseWalkBrowserTest(WorkbenchBrowserTest):
    def test_every_unit_of_the_course_shows_its_blocks_without_errors(self):
        course, problems = load_course(COURSE_DIR)
        assert course is not None and problems == []
        units = course_units(COURSE_DIR)
        verticals = [vertical for _chapter, _sequential, vertical in course.units()]
        assert len(units) == len(verticals) == 55  # 53 units, the glossary and "Tiến độ của tôi"
        self.driver.get_log("browser")  # start with an empty log
        started = time.monotonic()
        failures = []
        for unit, vertical in zip(units, verticals, strict=True):
            try:
                self.check_unit(course, unit, vertical)
            except Exception as exc:  # report every broken unit, not only the first
                failures.append(f"{unit.name} ({unit.title}): {type(exc).__name__}: {exc}")
                self.screenshot(f"course-{unit.name}")
        elapsed = time.monotonic() - started
        assert not failures, "\n".join(failures)
        assert elapsed < WALK_SECONDS, f"walking {len(units)} units took {elapsed:.0f} s"

    # One unit ---------------------------------------------------------------------------------
    def check_unit(self, course, unit, vertical) -> None:
        self.open_scenario(unit.name, unit.xml)
        status = self.driver.execute_script(
            "var n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : null")
        assert status == 200, f"HTTP {status}"
        preview = self.driver.find_element(By.CSS_SELECTOR, ".unit-body.student_view")
        blocks = preview.find_elements(By.CSS_SELECTOR, "[data-block-type]:not([data-block-type=vertical_demo])")
        shown = [element.get_attribute("data-block-type") for element in blocks]
        assert shown == [DEMO_TYPE[block.type] for block in vertical.children], f"blocks on the page: {shown}"
        for element, block in zip(blocks, vertical.children, strict=True):
            check = {"html": self.check_lesson, "phone_sim": self.check_phone, "auto_quiz": self.check_quiz,
                     "learner_progress": self.check_progress}
            check[block.type](element, course, block)
        text = preview.text
        assert not [word for word in BROKEN_TEXT if word in text], f"error text on the page: {text[:300]!r}"
        assert not preview.find_elements(By.CSS_SELECTOR, BROKEN_CSS), "a block says it cannot be shown"
        errors = [entry["message"] for entry in self.driver.get_log("browser")
                  if entry["level"] == "SEVERE" and "/favicon.ico " not in entry["message"]]  # workbench has none
        assert not errors, f"JavaScript errors: {errors}"

    def wait_inside(self, element, css: str, timeout: float = 10):
        """The first visible `css` inside `element` (a block's own wrapper on the page)."""
        def visible(_driver):
            found = [e for e in element.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]
            return found[0] if found else False

        return self.wait_until(lambda: visible(self.driver), timeout, f"{css} never appeared")

    def check_phone(self, element, _course, block) -> None:
        mark = self.wait_inside(element, ".ps-phone .ps-mark, .ps-broken")
        assert mark.text == "MÔ PHỎNG", f"the phone is not shown: {mark.text!r}"
        self.wait_inside(element, ".ps-chooser button")  # the learner can pick watch / practice / test
        title = element.find_element(By.CSS_SELECTOR, ".ps-title").text
        assert title == block.display_name, f"phone title {title!r}"

    def check_quiz(self, element, _course, _block) -> None:
        self.wait_inside(element, "[data-action=start]").click()
        question = self.wait_inside(element, ".aq-question")
        number = question.find_element(By.CSS_SELECTOR, ".aq-number").text
        prompt = question.find_element(By.CSS_SELECTOR, ".aq-prompt").text.strip()
        assert number.startswith("Câu 1/") and prompt, f"first question {number!r}: {prompt!r}"
        assert question.find_elements(By.CSS_SELECTOR, "input, select, textarea, .aq-order, .aq-spot")

    def check_progress(self, element, _course, _block) -> None:
        self.wait_inside(element, ".lp-reqs")
        # The unit is titled "Tiến độ của tôi": the block does not say it again (heard twice in a row)
        headings = [h.text.strip() for h in self.driver.find_elements(By.CSS_SELECTOR, "h1, h2, h3")]
        assert headings.count("Tiến độ của tôi") == 1, f"headings on the page: {headings}"
        # A signed-in learner of the demo course sees what the certificate still needs, not a notice
        assert element.find_elements(By.CSS_SELECTOR, ".lp-reqs li"), element.text[:300]

    def check_lesson(self, element, course, block) -> None:
        heading = element.find_element(By.CSS_SELECTOR, "h2").text
        assert heading == _first_heading(html_source(course, block)), f"lesson heading {heading!r}"
        images = element.find_elements(By.TAG_NAME, "img")
        assert images, "the lesson shows no picture"
        for image in images:
            alt = (image.get_attribute("alt") or "").strip()
            assert alt, f"{image.get_attribute('src')} has no alt text"
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)  # lazy images
            loaded = self.wait_until(
                lambda img=image: self.driver.execute_script(
                    "return arguments[0].complete ? arguments[0].naturalWidth : false", img) is not False)
            assert loaded, f"{image.get_attribute('src')} did not load"
            sticks_out = self.driver.execute_script(
                "return arguments[0].getBoundingClientRect().right > arguments[1].getBoundingClientRect().right + 1",
                image, element)
            assert not sticks_out, f"{image.get_attribute('src')} is wider than the lesson at phone width"
