"""A running `scripts/demo` serves nothing private, shows no debug page, keeps var/ owner-only with the
issuer's keys encrypted, refuses a GET reset of all state, and survives (or names) a dead process.

Before: `GET /setup.py`, `/.git/config`, `/var/hocvuso_secret_key.txt`, `/var/keys/<key>.pem` all answered
200 (the workbench's media route with an empty MEDIA_ROOT serves the working directory) and a 404 page
listed the URL configuration (DEBUG on by default).

The demo's var folder is put *inside* the repository root here (a hidden folder removed afterwards), so
a route that serves the working directory would reach it, as it reached var/ in a default install.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import stat
import subprocess
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.integration.demo_site.test_demo_command import command_line, descendants_of, free_port

ROOT = Path(__file__).resolve().parents[3]
INTAKE_SECRET = "bi-mat-cua-lms-" + uuid.uuid4().hex
DEBUG_MARKERS = ("Traceback", "URLconf", "DEBUG = True", "SECRET_KEY", "HOCVUSO_INTAKE_CLIENTS", INTAKE_SECRET,
                 "Request Method:", "settings file")

pytestmark = pytest.mark.slow


class Demo:
    def __init__(self):
        self.port, self.sandbox_port = free_port(), free_port()
        self.var = ROOT / f".test-var-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "HOCVUSO_VAR_DIR": str(self.var), "HOCVUSO_INTAKE_CLIENTS": f"lms1={INTAKE_SECRET}"}
        for name in ("DJANGO_SETTINGS_MODULE", "HOCVUSO_BROKER_URL", "HOCVUSO_SANDBOX_URL", "HOCVUSO_SANDBOX_TOKEN",
                     "HOCVUSO_DEBUG", "HOCVUSO_KEY_PASSPHRASE", "HOCVUSO_DEMO_DEVELOPER"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [str(ROOT / "scripts" / "demo"), "--port", str(self.port), "--sandbox-port", str(self.sandbox_port)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.output: list[str] = []
        self.seen: set[int] = set()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)

    def text(self) -> str:
        return "".join(self.output)

    def wait_for(self, needle: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            assert time.monotonic() < deadline, f"no {needle!r} in the demo's output:\n{self.text()[-3000:]}"
            assert self.process.poll() is None or needle in self.text(), f"demo exited:\n{self.text()[-3000:]}"
            time.sleep(0.2)

    def processes(self) -> dict[int, str]:
        found = {pid: command_line(pid) for pid in descendants_of(self.process.pid)}
        self.seen.update(found)
        return found

    def get(self, path: str, method: str = "GET", headers: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def stop(self) -> None:
        self.seen.update(descendants_of(self.process.pid))
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        for pid in self.seen:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        shutil.rmtree(self.var, ignore_errors=True)


@pytest.fixture(scope="module")
def demo():
    running = Demo()
    try:
        running.wait_for("Ctrl-C")
        yield running
    finally:
        running.stop()


def _candidate_paths(demo: Demo) -> list[str]:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    private = [path.relative_to(demo.var).as_posix() for path in demo.var.rglob("*") if path.is_file()]
    assert "hocvuso_secret_key.txt" in private and "hocvuso.sqlite3" in private
    paths = [*tracked, ".git/config", ".git/HEAD", "scripts/../setup.py"]
    for name in private:  # as served from the repository root, as `var/...`, and from the var folder itself
        paths += [f"{demo.var.name}/{name}", f"var/{name}", name]
    traversals = []
    for target in ("setup.py", ".git/config", f"{demo.var.name}/hocvuso_secret_key.txt"):
        traversals += [f"static/../{target}", f"static/%2e%2e/{quote(target)}", f"static/..%2f{quote(target)}",
                       f"resource/phone_sim/../../{target}", f"resource/phone_sim/public/../../../{target}",
                       f"resource/auto_quiz/%2e%2e/%2e%2e/{quote(target)}", f"static/djpyfs/../../{target}",
                       f"resource/phone_sim/{ROOT}/{target}"]
    return [quote(path) for path in paths] + traversals


def test_no_file_of_the_working_directory_or_var_is_served(demo):
    served = []
    for path in _candidate_paths(demo):
        status, body = demo.get("/" + path)
        if status == 200:
            served.append(path)
        assert not any(marker in body for marker in DEBUG_MARKERS), (path, body[:500])
    assert served == []
    # what the demo is for still works: a course picture from the course's static folder, a block's script
    assert demo.get("/static/" + next((ROOT / "course_content" / "static").iterdir()).name)[0] == 200
    assert demo.get("/resource/phone_sim/public/phone_sim.js")[0] == 200


def test_errors_are_plain_pages_without_settings_or_tracebacks(demo):
    for path in ("/handler/no-such-usage/no_such_handler/", "/handler/phone_sim.0/no_such_handler/",
                 "/scenario/no-such-scenario/", "/no/such/page", "/api/intake/v1/progress",
                 "/verify/not-a-uuid", "/unauth_handler/%00/x"):
        status, body = demo.get(path)
        assert status != 200 and 300 <= status < 600, path  # an error, or the sign-in redirect
        assert not any(marker in body for marker in DEBUG_MARKERS), (path, body[:800])


def test_var_is_owner_only_and_private_keys_are_encrypted(demo):
    for path in [demo.var, *demo.var.rglob("*")]:
        if path.is_symlink() or not path.exists():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path} is {oct(mode)}"
    keys = list((demo.var / "keys").glob("*.pem"))
    assert keys
    for key in keys:
        assert key.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"), key


def test_state_is_not_wiped_by_a_link(demo):
    status, _ = demo.get("/reset_state")
    assert status == 405  # a GET (a link, an <img>) no longer wipes every learner's state
    status, _ = demo.get("/reset_state", method="POST")
    assert status == 403  # a cross-site form post has no CSRF token


def test_simultaneous_copies_of_one_signed_intake_request_are_accepted_once(demo):
    """Threads released by a barrier send one signed request to the running demo (its SQLite file, its
    threaded server): the signature's unique row lets exactly one through; the others are 409 replays."""
    from graders.pipeline.api import signature

    body = json.dumps({"events": [{"learner": {"id": "replay-1", "group": "nguoi_dan"},
                                   "course_id": "course-v1:HocVuSo+KNS01+2026", "block": "q1_thiet_bi",
                                   "earned": 1, "possible": 2}]}).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Hocvuso-Client": "lms1", "X-Hocvuso-Timestamp": timestamp,
               "X-Hocvuso-Signature": signature(INTAKE_SECRET, timestamp, body)}
    senders = 12
    barrier = threading.Barrier(senders)
    statuses: list[int] = []

    def send():
        connection = http.client.HTTPConnection("127.0.0.1", demo.port, timeout=60)
        barrier.wait()
        connection.request("POST", "/api/intake/v1/progress", body=body, headers=headers)
        statuses.append(connection.getresponse().status)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [202] + [409] * (senders - 1), statuses


def test_a_dead_process_is_started_again_then_named_when_it_keeps_dying(demo):
    """Runs last: it ends the demo."""

    def worker_pid() -> int | None:
        return next((pid for pid, line in demo.processes().items() if "celery" in line and "worker" in line
                     and "--pool" in line), None)

    for attempt in range(1, 5):
        deadline = time.monotonic() + 60
        while (pid := worker_pid()) is None:
            assert time.monotonic() < deadline, demo.text()[-2000:]
            time.sleep(0.2)
        os.killpg(pid, signal.SIGKILL)
        if attempt < 4:
            deadline = time.monotonic() + 60
            while demo.text().count("'worker' is running again") < attempt:
                assert time.monotonic() < deadline and demo.process.poll() is None, demo.text()[-2000:]
                time.sleep(0.2)
            assert demo.get("/")[0] == 200  # the site stayed up
    assert demo.process.wait(timeout=60) == 1
    assert "'worker' stopped (exit -9) 4 times within 60 s; stopping the demo" in demo.text()
