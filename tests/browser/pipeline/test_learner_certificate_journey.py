"""Issue 12 acceptance (items 8-10): on the real demo processes (web, Celery worker on Redis, identity-platform
sandbox), a learner on a 360 px touch phone signs in by name, finishes the demo's short track, sees the
certificate in "Tiến độ của tôi", opens /verify from it and downloads the PDF; the QR code printed on the
PDF (decoded from the PDF's image with zxing-cpp) opens /verify with the name check "khớp", and the same
URL with an edited name says "không khớp". The developer flag is off: no ?student=, no debug panel.
"""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from selenium.webdriver.common.by import By

from tests.browser.base import SCREENSHOTS, start_chromium
from tests.browser.pipeline.test_end_to_end import ACHIEVEMENT, DemoStack, Learner, eventually, scenario_of

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.slow]
NAME = "Trần Thị Mai"
PROGRESS_BLOCK = "tien_do_cua_toi"


@pytest.fixture
def learner_site(tmp_path, redis_url):
    stack = DemoStack(tmp_path, re.sub(r"/\d+$", "/4", redis_url))
    stack.env["HOCVUSO_DEMO_DEVELOPER"] = "0"  # the site as learners get it
    try:
        yield stack.start()
    finally:
        stack.stop()


@pytest.fixture
def phone():
    driver = start_chromium(360, 800)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 360, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def no_horizontal_scroll(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_a_learner_signs_in_finishes_and_checks_the_name_on_the_certificate(learner_site, phone):
    site = learner_site.web_url
    assert phone.execute_script("return navigator.maxTouchPoints") >= 1
    # Any unit asks for a name first (no shared "student_1"); the page is built for a phone.
    phone.get(f"{site}/scenario/{scenario_of(PROGRESS_BLOCK)}/")
    assert urlsplit(phone.current_url).path == "/dang-nhap/"
    assert phone.execute_script("return document.querySelector('meta[name=viewport]').content") == \
        "width=device-width, initial-scale=1"
    phone.find_element(By.ID, "name").send_keys(NAME)
    phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    learner = Learner(phone, site, "ignored-without-the-developer-flag")
    learner.wait_for(".lp-root")
    assert phone.find_element(By.CSS_SELECTOR, "[data-field=learner-name]").text == NAME
    assert "Reset State" not in phone.page_source and "<vertical_demo" not in phone.page_source
    assert phone.execute_script("return typeof window.jQuery") == "undefined"  # the small runtime, no jQuery
    text = phone.find_element(By.CSS_SELECTOR, ".lp-root").text
    assert f"Tên trên giấy chứng nhận: {NAME}" in text and "Chưa đạt" in text
    shot(phone, "journey-1-progress-before-360")

    learner.pass_phone_exercise_in_test_mode()
    learner.pass_quiz()

    # The worker evaluates, issues and delivers; the progress block shows what graders holds.
    def certificate_shown():
        learner.open(PROGRESS_BLOCK)
        learner.wait_for(".lp-root")
        found = phone.find_elements(By.CSS_SELECTOR, ".lp-delivery[data-state=delivered]")
        return found[0] if found else None

    eventually(certificate_shown, 90, lambda: f"no delivered certificate on the page\n{learner_site.output()}")
    block = phone.find_element(By.CSS_SELECTOR, ".lp-root")
    assert ACHIEVEMENT in block.find_element(By.CSS_SELECTOR, "[data-field=achievement]").text
    assert "nền tảng định danh đã xác nhận" in block.text and "Cách tìm trong ứng dụng VNeID" in block.text
    assert no_horizontal_scroll(phone)
    verify_link = block.find_element(By.CSS_SELECTOR, "[data-action=verify]")
    pdf_url = block.find_element(By.CSS_SELECTOR, "[data-action=pdf]").get_attribute("href")
    verify_url = verify_link.get_attribute("href")
    # The QR code on the page, as a camera sees it: decoded from a screenshot of the element.
    qr_box = block.find_element(By.CSS_SELECTOR, ".lp-qr-box")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", qr_box)
    [on_screen] = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_box.screenshot_as_png)))]
    assert on_screen == verify_url
    shot(phone, "journey-2-progress-certificate-360")

    # Open /verify from the block.
    verify_link.click()
    learner.wait_for("section.status")
    assert phone.find_element(By.CSS_SELECTOR, "section.status").get_attribute("data-status") == "valid"
    check = phone.find_element(By.CSS_SELECTOR, "[data-field=name-check]")
    assert check.text.startswith(f"Tên trên giấy chứng nhận: {NAME} — khớp")
    shot(phone, "journey-3-verify-khop-360")

    # Download the PDF (its signed link) and scan the QR code printed on it.
    response = requests.get(pdf_url, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert NAME in page.extract_text()
    [scanned] = [r.text for image in page.images for r in zxingcpp.read_barcodes(image.image)]
    assert parse_qs(urlsplit(scanned).query)["name"] == [NAME]
    phone.get(scanned)
    check = learner.wait_for("[data-field=name-check]")
    assert check.get_attribute("data-matches") == "yes" and "— khớp" in check.text

    # Someone edits the name on the paper: the same URL with that name does not match.
    query = parse_qs(urlsplit(scanned).query)
    edited = scanned.split("?")[0] + "?" + urlencode({"name": "Trần Thị Mại", "salt": query["salt"][0]})
    phone.get(edited)
    check = learner.wait_for("[data-field=name-check]")
    assert check.get_attribute("data-matches") == "no"
    assert check.text.startswith("Tên trên giấy chứng nhận: Trần Thị Mại — không khớp")
    shot(phone, "journey-4-verify-khong-khop-360")
