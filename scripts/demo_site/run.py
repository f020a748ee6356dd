"""Start the demo: the site (workbench + graders) and its helper processes; Ctrl-C stops them all.

`scripts/demo` prepares the venv and the database, then runs `python -m demo_site.run`.
The processes: the web site, a Celery worker with beat (the embedded SQLite broker unless
HOCVUSO_BROKER_URL names another) and the identity-platform sandbox, which graders delivers to.
Each runs in its own process group, so stopping the demo stops their children too (beat, pools).
A process that dies is started again (RESTARTS times a minute at most; then the demo stops, naming it).

Safe by default: DEBUG is off unless `--debug` (or HOCVUSO_DEBUG=1); files the demo writes are
owner-only (umask 077; var/ is tightened to 0700/0600 at each start); the issuer's private keys are
encrypted with a passphrase generated once into var/ (or HOCVUSO_KEY_PASSPHRASE).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

SETTINGS = "demo_site.settings"
SANDBOX_PORT = 8765
RESTARTS = 3  # restarts of one process within RESTART_WINDOW seconds before the demo gives up
RESTART_WINDOW = 60.0
SCRIPTS_DIR = Path(__file__).resolve().parents[1]  # demo_site and platform_sandbox live here, not in the wheel


@dataclass
class Service:
    """One process of the demo, with the URL that answers once it is ready (if any)."""

    name: str
    argv: list[str]
    ready_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    log_file: str | None = None  # where its output goes (None: the demo's terminal)


def demo_services(host: str, port: int, sandbox_port: int = SANDBOX_PORT,
                  var_dir: str = "var") -> list[Service]:
    """Every process the demo runs, in start order."""
    python = sys.executable
    return [
        Service(
            "web",
            [python, "-m", "django", "runserver", f"{host}:{port}", "--noreload", "--insecure"],
            ready_url=f"http://{_loopback(host)}:{port}/",
        ),
        Service(
            "sandbox",
            # The token comes from HOCVUSO_SANDBOX_TOKEN in the environment, not the command line.
            [python, "-m", "platform_sandbox", "--host", "127.0.0.1", "--port", str(sandbox_port),
             "--db", os.path.join(var_dir, "sandbox.sqlite3"), "--allow-http", "--cache-ttl", "5"],
            ready_url=f"http://127.0.0.1:{sandbox_port}/healthz",
            log_file=os.path.join(var_dir, "sandbox.log"),
        ),
        Service(
            "worker",
            [python, "-m", "celery", "-A", "graders.celery", "worker", "-B", "--pool", "solo",
             "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            log_file=os.path.join(var_dir, "worker.log"),
        ),
    ]


def _loopback(host: str) -> str:
    """Where this machine reaches a server listening on `host` (all interfaces: the loopback one)."""
    return "127.0.0.1" if host in ("0.0.0.0", "", "::", "[::]") else host  # noqa: S104 - compared, not bound


def secure_var_dir(var_dir: str | os.PathLike) -> None:
    """Owner-only var/: directories 0700, files 0600 (also those an older demo left readable)."""
    for folder, directories, files in os.walk(var_dir):
        os.chmod(folder, 0o700)
        for name in files:
            with contextlib.suppress(FileNotFoundError):  # a service may remove its own temporary file
                os.chmod(os.path.join(folder, name), 0o600)
        directories[:] = [d for d in directories if not os.path.islink(os.path.join(folder, d))]


def protect_keys() -> None:
    """The issuer's keys encrypted at rest (those of an older demo too), and one to sign with."""
    import django

    django.setup()
    from graders.certificates.issuing import key_store
    from graders.credentials.keys import KeyStoreError

    store = key_store()
    with contextlib.suppress(KeyStoreError):  # a second demo process created it a moment ago
        store.encrypt_unprotected()
        if not store.list():
            store.create()


def _wait_ready(url: str, process: subprocess.Popen, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status < 500
        except OSError:
            time.sleep(0.2)
    return False


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)  # the service and its children (beat, pool processes)


def _stop(processes: list[tuple[Service, subprocess.Popen]]) -> None:
    for _service, process in reversed(processes):
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for _service, process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        _signal_group(process, signal.SIGKILL)  # whatever is left of the group (e.g. a stuck beat)
        process.wait()


def _start(service: Service, env: dict[str, str]) -> subprocess.Popen:
    output = open(service.log_file, "ab") if service.log_file else None  # noqa: SIM115 - the child keeps it
    try:
        return subprocess.Popen(service.argv, env={**env, **service.env}, stdout=output,
                                stderr=subprocess.STDOUT if output else None, start_new_session=True)
    finally:
        if output:
            output.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the hocvuso demo site and its workers.")
    parser.add_argument("--host", default=os.environ.get("HOCVUSO_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("HOCVUSO_PORT", "8000")))
    parser.add_argument("--sandbox-port", type=int,
                        default=int(os.environ.get("HOCVUSO_SANDBOX_PORT", str(SANDBOX_PORT))))
    parser.add_argument("--debug", action="store_true", default=os.environ.get("HOCVUSO_DEBUG") == "1",
                        help="Django's debug pages (tracebacks, settings): only on a developer's own machine")
    parser.add_argument("--developer", action="store_true",
                        default=os.environ.get("HOCVUSO_DEMO_DEVELOPER") == "1",
                        help="developer views: ?student=, the workbench's scenario list, the OLX, Reset State")
    args = parser.parse_args(argv)

    os.umask(0o077)  # every file the demo and its processes write is the owner's only
    os.environ["HOCVUSO_DEBUG"] = "1" if args.debug else "0"
    os.environ["HOCVUSO_DEMO_DEVELOPER"] = "1" if args.developer else "0"
    os.environ.setdefault("HOCVUSO_VAR_DIR", "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from demo_site import settings as demo_settings  # VAR_DIR and the secrets generated once

    var_dir = str(demo_settings.VAR_DIR)
    secure_var_dir(var_dir)
    protect_keys()
    if args.debug:
        print("hocvuso: DEBUG is on (--debug): tracebacks and settings are shown; never expose this demo",
              file=sys.stderr)
    python_path = [str(SCRIPTS_DIR), str(SCRIPTS_DIR.parent), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "HOCVUSO_VAR_DIR": var_dir,
                "PYTHONPATH": os.pathsep.join(dict.fromkeys(part for part in python_path if part)),
                "HOCVUSO_PUBLIC_BASE_URL": os.environ.get("HOCVUSO_PUBLIC_BASE_URL",
                                                          f"http://{args.host}:{args.port}"),
                "HOCVUSO_SANDBOX_URL": os.environ.get("HOCVUSO_SANDBOX_URL",
                                                      f"http://127.0.0.1:{args.sandbox_port}"),
                "HOCVUSO_SANDBOX_TOKEN": demo_settings.HOCVUSO_SANDBOX_TOKEN,
                "HOCVUSO_KEY_PASSPHRASE": os.environ["HOCVUSO_KEY_PASSPHRASE"]}
    started: list[tuple[Service, subprocess.Popen]] = []
    stopping = False

    def on_signal(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        for service in demo_services(args.host, args.port, args.sandbox_port, var_dir):
            if stopping:
                return 0
            process = _start(service, base_env)
            started.append((service, process))
            if service.ready_url and not _wait_ready(service.ready_url, process):
                log = service.log_file or os.path.join(var_dir, "hocvuso.log")
                print(f"hocvuso: '{service.name}' did not start; see {log}", file=sys.stderr)
                return 1
        url = f"http://{args.host}:{args.port}/"
        print(f"\nhocvuso demo đang chạy / is running: {url}")
        print(f"  identity-platform sandbox: http://127.0.0.1:{args.sandbox_port}/  "
              f"(logs: {var_dir}/worker.log, {var_dir}/sandbox.log)")
        print("Nhấn Ctrl-C để dừng / Press Ctrl-C to stop.\n", flush=True)
        deaths: dict[str, list[float]] = {}
        while not stopping:
            for index, (service, process) in enumerate(started):
                if process.poll() is None or stopping:
                    continue
                recent = [t for t in deaths.get(service.name, []) if time.monotonic() - t < RESTART_WINDOW]
                deaths[service.name] = [*recent, time.monotonic()]
                log = service.log_file or os.path.join(var_dir, "hocvuso.log")
                if len(recent) >= RESTARTS:
                    print(f"hocvuso: '{service.name}' stopped (exit {process.returncode}) {len(recent) + 1} times "
                          f"within {RESTART_WINDOW:.0f} s; stopping the demo. See {log}", file=sys.stderr, flush=True)
                    return 1
                print(f"hocvuso: '{service.name}' stopped (exit {process.returncode}); starting it again "
                      f"(see {log})", file=sys.stderr, flush=True)
                _stop([(service, process)])  # what is left of its process group (a pool, beat)
                replacement = _start(service, base_env)
                started[index] = (service, replacement)
                if service.ready_url and not _wait_ready(service.ready_url, replacement):
                    print(f"hocvuso: '{service.name}' did not start again; stopping the demo. See {log}",
                          file=sys.stderr, flush=True)
                    return 1
                print(f"hocvuso: '{service.name}' is running again", file=sys.stderr, flush=True)
            time.sleep(0.5)
        return 0
    finally:
        _stop(started)
        print("hocvuso demo stopped.")


if __name__ == "__main__":
    sys.exit(main())
