"""`scripts/demo` serves the workbench with the project's blocks, runs the worker and the sandbox beside it,
and stops everything on Ctrl-C."""

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.status, response.read().decode("utf-8", "replace")


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(line) for line in out.stdout.split()]


def descendants_of(pid: int) -> list[int]:
    found = []
    for child in children_of(pid):
        found += [child, *descendants_of(child)]
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def is_gone(pid: int) -> bool:
    try:
        return "zombie" in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


@pytest.mark.slow
def test_demo_serves_project_blocks_and_stops_on_ctrl_c(tmp_path):
    port, sandbox_port = free_port(), free_port()
    env = {**os.environ, "HOCVUSO_VAR_DIR": str(tmp_path / "var")}
    for name in ("DJANGO_SETTINGS_MODULE", "HOCVUSO_BROKER_URL", "HOCVUSO_SANDBOX_URL", "HOCVUSO_SANDBOX_TOKEN"):
        env.pop(name, None)
    demo = subprocess.Popen(
        [str(ROOT / "scripts" / "demo"), "--port", str(port), "--sandbox-port", str(sandbox_port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    seen: set[int] = set()  # every process the demo started, so a failed run leaves none behind
    try:
        started = time.monotonic()
        banner = ""
        while "Ctrl-C" not in banner:
            line = demo.stdout.readline()
            assert line or demo.poll() is None, f"demo exited early:\n{banner}"
            banner += line
            assert time.monotonic() - started < 180, banner
        assert f"http://127.0.0.1:{port}/" in banner

        status, index = fetch(f"http://127.0.0.1:{port}/")
        assert status == 200
        # A learner site: the course outline, no developer scenario list (that needs --developer)
        assert "Mục lục khóa học" in index and "/scenario/course.01.01/" in index
        assert "phone_sim.0" not in index and "helloworld_demo" not in index

        status, page = fetch(f"http://127.0.0.1:{port}/scenario/course.01.02/")
        assert status == 200 and "Họ và tên" in page  # learners sign in by name first

        # The identity-platform sandbox answers, with the token the demo generated into its var folder.
        status, health = fetch(f"http://127.0.0.1:{sandbox_port}/healthz")
        assert status == 200 and '"ok": true' in health
        token = (tmp_path / "var" / "hocvuso_sandbox_token.txt").read_text().strip()
        request = urllib.request.Request(f"http://127.0.0.1:{sandbox_port}/_stats",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.status == 200 and "received" in response.read().decode()

        # The Celery worker (with beat) runs on the embedded broker and has connected to it.
        processes = descendants_of(demo.pid)
        seen.update(processes)
        commands = {pid: command_line(pid) for pid in processes}
        assert any("celery" in line and "worker" in line for line in commands.values()), commands
        assert any("platform_sandbox" in line for line in commands.values()), commands
        worker_log = tmp_path / "var" / "worker.log"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and demo.poll() is None:
            log = worker_log.read_text(errors="replace")
            if "ready" in log or "Unrecoverable error" in log:
                break
            time.sleep(0.5)
        log = worker_log.read_text(errors="replace")
        assert "sqla+sqlite" in log and " ready." in log, f"the worker did not start:\n{log[-3000:]}"
        assert demo.poll() is None  # the launcher stops everything if one of its processes dies

        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=30) == 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(is_gone(pid) for pid in processes):
            time.sleep(0.1)
        still_running = [commands[pid] for pid in processes if not is_gone(pid)]
        assert still_running == []  # web, worker, beat and sandbox all stopped
        with pytest.raises(OSError):
            fetch(f"http://127.0.0.1:{port}/")
        with pytest.raises(OSError):
            fetch(f"http://127.0.0.1:{sandbox_port}/healthz")
    finally:
        seen.update(descendants_of(demo.pid))
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
        for pid in seen:  # each service runs in its own process group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
