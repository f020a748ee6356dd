"""Start the demo: the site (workbench + graders) and its helper processes; Ctrl-C stops them all.

`scripts/demo` prepares the venv and the database, then runs `python -m graders.demo_site.run`.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field

SETTINGS = "graders.demo_site.settings"


@dataclass
class Service:
    """One process of the demo, with the URL that answers once it is ready (if any)."""

    name: str
    argv: list[str]
    ready_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)


def demo_services(host: str, port: int) -> list[Service]:
    """Every process the demo runs; later parts of the project add theirs here."""
    python = sys.executable
    return [
        Service(
            "web",
            [python, "-m", "django", "runserver", f"{host}:{port}", "--noreload", "--insecure"],
            ready_url=f"http://{host}:{port}/",
        ),
    ]


def _wait_ready(url: str, process: subprocess.Popen, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                return response.status < 500
        except OSError:
            time.sleep(0.2)
    return False


def _stop(processes: list[tuple[Service, subprocess.Popen]]) -> None:
    for _service, process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for _service, process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the hocvuso demo site and its workers.")
    parser.add_argument("--host", default=os.environ.get("HOCVUSO_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("HOCVUSO_PORT", "8000")))
    args = parser.parse_args(argv)

    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS,
                "HOCVUSO_PUBLIC_BASE_URL": os.environ.get("HOCVUSO_PUBLIC_BASE_URL",
                                                          f"http://{args.host}:{args.port}")}
    started: list[tuple[Service, subprocess.Popen]] = []
    stopping = False

    def on_signal(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        for service in demo_services(args.host, args.port):
            process = subprocess.Popen(service.argv, env={**base_env, **service.env})
            started.append((service, process))
            if service.ready_url and not _wait_ready(service.ready_url, process):
                print(f"hocvuso: '{service.name}' did not start; see var/hocvuso.log", file=sys.stderr)
                return 1
        url = f"http://{args.host}:{args.port}/"
        print(f"\nhocvuso demo đang chạy / is running: {url}")
        print("Nhấn Ctrl-C để dừng / Press Ctrl-C to stop.\n", flush=True)
        while not stopping:
            for service, process in started:
                if process.poll() is not None:
                    print(f"hocvuso: '{service.name}' stopped (exit {process.returncode})", file=sys.stderr)
                    return 1
            time.sleep(0.5)
        return 0
    finally:
        _stop(started)
        print("hocvuso demo stopped.")


if __name__ == "__main__":
    sys.exit(main())
