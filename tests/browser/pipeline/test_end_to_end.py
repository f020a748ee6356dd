"""End to end with real processes (issue 6, acceptance 1).

The demo launcher (scripts/demo_site/run.py) starts the web site, a Celery worker with beat on a real
Redis and the identity-platform sandbox, on a file-based SQLite database in a throwaway folder. A
learner does the demo track in headless Chromium (the phone exercise in test mode, then the quiz);
the certificate is issued, delivered, verified and listed by the sandbox, and /verify shows it valid.
After `hocvuso revoke`, the sandbox's listing and /verify show it revoked.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from lxml import etree
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from demo_site.course_units import course_units
from tests.browser.base import start_chromium, wait_until
from tests.integration.demo_site.test_demo_command import descendants_of, free_port, is_gone

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
COURSE = ROOT / "course_content"
DEMO_POLICY = json.loads((ROOT / "scripts" / "demo_site" / "demo_policy.json").read_text(encoding="utf-8"))
PHONE_BLOCK, QUIZ_BLOCK = DEMO_POLICY["groups"]["trai_nghiem"]["required_blocks"]
ACHIEVEMENT = DEMO_POLICY["achievements"]["trai-nghiem-binh-dan-hoc-vu-so"]["name"]
# The course's s08 exercise, the right path (its screens' controls, as a learner reads them).
PHONE_TAPS = ("Nghe", "Cúp máy", "Công an phường", "Báo cáo tin nhắn")


class DemoStack:
    """`python -m demo_site.run` in a temporary folder, with Redis as its broker."""

    def __init__(self, work: Path, broker_url: str):
        self.work = work
        self.var = work / "var"
        self.port, self.sandbox_port = free_port(), free_port()
        self.web_url = f"http://127.0.0.1:{self.port}"
        self.sandbox_url = f"http://127.0.0.1:{self.sandbox_port}"
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "demo_site.settings",
                    "HOCVUSO_VAR_DIR": str(self.var), "HOCVUSO_PUBLIC_BASE_URL": self.web_url,
                    "HOCVUSO_BROKER_URL": broker_url, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "scripts")]),
                    "HOCVUSO_DEMO_DEVELOPER": "1"}
        for name in ("HOCVUSO_COURSE_DIRS", "HOCVUSO_POLICY_OVERLAYS", "HOCVUSO_SANDBOX_URL",
                     "HOCVUSO_SANDBOX_TOKEN", "HOCVUSO_DEMO_GROUP"):
            self.env.pop(name, None)
        self.log = work / "demo.log"
        self.process: subprocess.Popen | None = None
        self.children: list[int] = []

    def start(self) -> DemoStack:
        self.var.mkdir(parents=True)
        subprocess.run([PYTHON, "-m", "django", "migrate", "--run-syncdb", "--noinput", "-v", "0"],
                       env=self.env, cwd=self.work, check=True, timeout=120)
        with self.log.open("wb") as out:  # a file, not a pipe: the web server logs every request
            self.process = subprocess.Popen(
                [PYTHON, "-m", "demo_site.run", "--port", str(self.port),
                 "--sandbox-port", str(self.sandbox_port)],
                env=self.env, cwd=self.work, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while "Ctrl-C" not in self.log.read_text(errors="replace"):
            assert self.process.poll() is None, f"the demo exited:\n{self.output()}"
            assert time.monotonic() < deadline, f"the demo did not start:\n{self.output()}"
            time.sleep(0.3)
        self.children = descendants_of(self.process.pid)
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        for pid in self.children:  # only if the launcher failed to stop them
            if not is_gone(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def output(self) -> str:
        logs = [self.log, self.var / "worker.log", self.var / "sandbox.log"]
        return "\n".join(f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-30:])
                         for path in logs if path.exists())

    def query(self, sql: str, *params) -> list[tuple]:
        db = sqlite3.connect(f"file:{self.var / 'hocvuso.sqlite3'}?mode=ro", uri=True, timeout=30)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def sandbox_certificates(self, subject_id: str) -> list[dict]:
        token = (self.var / "hocvuso_sandbox_token.txt").read_text().strip()
        response = requests.get(f"{self.sandbox_url}/api/learners/{subject_id}/certificates",
                                headers={"Authorization": f"Bearer {token}"}, timeout=30)
        response.raise_for_status()
        return response.json()["certificates"]

    def hocvuso(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([PYTHON, "-m", "graders.cli", *args], env=self.env, cwd=self.work,
                              capture_output=True, text=True, timeout=120)


@pytest.fixture
def demo(tmp_path, redis_url):
    stack = DemoStack(tmp_path, re.sub(r"/\d+$", "/3", redis_url))  # a Redis database of its own
    try:
        yield stack.start()
    finally:
        stack.stop()


@pytest.fixture
def browser():
    driver = start_chromium()
    yield driver
    driver.quit()


def eventually(check, timeout: float, message):
    """Poll `check` until it returns something truthy; fail with message() after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(message())


def scenario_of(url_name: str) -> str:
    """The demo's workbench scenario showing the course block `url_name`."""
    return next(unit.name for unit in course_units(COURSE) if url_name in unit.blocks)


def plain(text: str) -> str:
    return " ".join(text.split())


def quiz_key(url_name: str) -> dict[str, etree._Element]:
    """The course's own quiz definition, by prompt text: the test knows the answers, the page does not."""
    root = etree.parse(str(COURSE / "auto_quiz" / f"{url_name}.xml")).getroot()
    return {plain("".join(question.find("prompt").itertext())): question for question in root.iter("question")}


class Learner:
    """A learner on the demo site in headless Chromium, as student `student`."""

    def __init__(self, driver, site: str, student: str):
        self.driver, self.site, self.student = driver, site, student

    def open(self, url_name: str) -> None:
        self.driver.get(f"{self.site}/scenario/{scenario_of(url_name)}/?student={self.student}")

    def wait_for(self, css: str, timeout: float = 20):
        return WebDriverWait(self.driver, timeout).until(
            expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def wait_until(self, predicate, timeout: float = 20, message: str = ""):
        return wait_until(self.driver, predicate, timeout, message)

    # The phone exercise ---------------------------------------------------------------------------
    def phone_text(self) -> str:
        return self.driver.execute_script("return document.querySelector('.ps-screen').innerText")

    def press(self, label: str, scope: str = ".ps-screen") -> None:
        before = self.phone_text() if scope == ".ps-screen" else None
        buttons = [b for b in self.driver.find_elements(By.CSS_SELECTOR, f"{scope} button") if label in b.text]
        assert buttons, f"no button {label!r} in {scope}: {self.phone_text()!r}"
        buttons[0].click()
        if before is not None:
            self.wait_until(lambda: self.phone_text() != before, message=f"no answer to {label!r}")

    def start_test(self) -> None:
        """Open the phone exercise and start a test attempt, saying yes when the page asks first."""
        self.open(PHONE_BLOCK)
        self.wait_for(".ps-bar .ps-mode")
        self.press("Kiểm tra", ".ps-bar")  # the mode bar: there on a first visit and after a finished attempt

        confirmed = []

        def started() -> bool:
            """A new test attempt: the page asks first ("Bắt đầu kiểm tra"), then shows its first screen."""
            for button in self.driver.find_elements(By.CSS_SELECTOR, ".ps-ask .ps-primary"):
                if button.is_displayed():
                    button.click()
                    confirmed.append(True)
            controls = self.driver.find_elements(By.CSS_SELECTOR, ".ps-screen [data-w]")
            return bool(confirmed) and not self.driver.find_elements(By.CSS_SELECTOR, ".ps-result:not([hidden])") \
                and any(control.is_displayed() for control in controls)

        self.wait_until(started, message="the test did not start")
        self.wait_for(".ps-screen [data-w]")

    def pass_phone_exercise_in_test_mode(self) -> None:
        self.start_test()
        for label in PHONE_TAPS:
            self.press(label)
        self.wait_for(".ps-result.ps-success")

    # The quiz ----------------------------------------------------------------------------------------
    def answer(self, fieldset, question) -> None:
        kind = question.get("type")
        labels = {plain(label.text): label for label in fieldset.find_elements(By.TAG_NAME, "label")}
        if kind in ("single", "multiple"):
            for choice in question.iter("choice"):
                if choice.get("correct") == "true":
                    labels[plain("".join(choice.itertext()))].click()
        elif kind == "text":
            fieldset.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys(question.findtext("answer"))
        elif kind == "matching":
            for pair in question.iter("pair"):
                select = fieldset.find_element(By.ID, labels[plain(pair.findtext("left"))].get_attribute("for"))
                Select(select).select_by_visible_text(pair.findtext("right"))
        else:
            raise AssertionError(f"this test does not answer {kind} questions yet")

    def pass_quiz(self) -> str:
        key = quiz_key(QUIZ_BLOCK)
        self.open(QUIZ_BLOCK)
        self.wait_for("[data-action=start]").click()
        self.wait_for(".aq-form")
        for fieldset in self.driver.find_elements(By.CSS_SELECTOR, ".aq-question"):
            prompt = plain(fieldset.find_element(By.CSS_SELECTOR, ".aq-prompt").text)
            self.answer(fieldset, key[prompt])
        self.driver.find_element(By.CSS_SELECTOR, ".aq-form [type=submit]").click()
        return self.wait_for(".aq-summary").text


def verify_page(driver, site: str, certificate_id: uuid.UUID) -> tuple[str, str]:
    driver.get(f"{site}/verify/{certificate_id}")
    status = driver.find_element(By.CSS_SELECTOR, "section.status")
    return status.get_attribute("data-status"), status.text


def test_learner_completes_the_demo_track_and_the_certificate_travels_end_to_end(demo, browser):
    started = time.monotonic()
    student = f"e2e-{uuid.uuid4().hex[:8]}"
    learner = Learner(browser, demo.web_url, student)

    learner.pass_phone_exercise_in_test_mode()
    summary = learner.pass_quiz()
    assert "Điểm lần này: 5/5" in summary, summary

    # graders recorded both blocks for this learner, in the demo group, with a pseudonymous subject id.
    def linked():
        return demo.query("SELECT id, subject_id, \"group\" FROM graders_learnerlink WHERE lms_user_id = ?",
                          f"workbench:{student}")
    [(learner_id, subject_id, group)] = eventually(linked, 20, lambda: f"no learner link\n{demo.output()}")
    assert group == "trai_nghiem" and subject_id.startswith("demo-") and student not in subject_id
    progress = dict(((url, (earned, possible, done)) for url, earned, possible, done in demo.query(
        "SELECT url_name, earned, possible, completed FROM graders_blockprogress WHERE learner_id = ?", learner_id)))
    assert progress == {PHONE_BLOCK: (1.0, 1.0, 1), QUIZ_BLOCK: (5.0, 5.0, 1)}

    # Issued, delivered, verified by the sandbox and listed for this learner.
    listing = eventually(lambda: [c for c in demo.sandbox_certificates(subject_id) if c["status"] == "valid"], 60,
                         lambda: f"the sandbox lists nothing valid for the learner\n{demo.output()}")
    assert len(listing) == 1 and listing[0]["achievement"] == ACHIEVEMENT
    certificate_id = uuid.UUID(listing[0]["id"].removeprefix("urn:uuid:"))
    [(state, attempts)] = demo.query("SELECT o.state, o.attempts FROM graders_outbox o JOIN graders_certificate c "
                                     "ON o.certificate_id = c.id WHERE c.id = ?", certificate_id.hex)
    assert state == "delivered" and attempts >= 1
    assert demo.query("SELECT COUNT(*) FROM graders_certificate") == [(1,)]

    status, text = verify_page(browser, demo.web_url, certificate_id)
    assert status == "valid" and "Hợp lệ" in text
    assert ACHIEVEMENT in browser.find_element(By.CSS_SELECTOR, "[data-field=course]").text

    # The operator revokes it: the sandbox (re-reading the status list over HTTP) and /verify both say so.
    revoked = demo.hocvuso("revoke", str(certificate_id))
    assert revoked.returncode == 0, revoked.stderr
    eventually(lambda: [c["status"] for c in demo.sandbox_certificates(subject_id)] == ["revoked"], 30,
               lambda: f"the sandbox still lists {demo.sandbox_certificates(subject_id)}\n{demo.output()}")
    status, text = verify_page(browser, demo.web_url, certificate_id)
    assert status == "revoked" and "Đã bị thu hồi" in text

    assert time.monotonic() - started < 120
