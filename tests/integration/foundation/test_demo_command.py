"""`scripts/demo` serves the workbench with the project's blocks and stops everything on Ctrl-C."""

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


@pytest.mark.slow
def test_demo_serves_project_blocks_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {**os.environ, "HOCVUSO_VAR_DIR": str(tmp_path / "var")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    demo = subprocess.Popen(
        [str(ROOT / "scripts" / "demo"), "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
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
        assert "phone_sim.0" in index and "auto_quiz.0" in index
        assert "helloworld_demo" not in index  # only this project's blocks are listed

        status, page = fetch(f"http://127.0.0.1:{port}/scenario/phone_sim.0/")
        assert status == 200
        assert "MÔ PHỎNG" in page

        workers = children_of(demo.pid)
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=30) == 0
        time.sleep(0.5)
        for pid in workers:
            assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        with pytest.raises(OSError):
            fetch(f"http://127.0.0.1:{port}/")
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
