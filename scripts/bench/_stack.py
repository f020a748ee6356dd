"""The pipeline's real processes (identity-platform sandbox, graders web, Celery worker with beat), started
on a throwaway folder: the one harness of the pipeline's process tests (tests/integration/pipeline) and of
the benchmark (scripts/bench/pipeline.py). The broker is given (a Redis URL); the course folder too; the
database is SQLite in the folder, or a fresh database on a given MariaDB/PostgreSQL server.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Every process started here finds the repo's packages, the tests' settings and scripts/ (sandbox, demo site).
PYTHONPATH = os.pathsep.join([str(REPO), str(REPO / "scripts")])
PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class Process:
    """A child process with its output in a log file; stop() terminates it (kill() is SIGKILL)."""

    def __init__(self, name: str, args: list[str], env: dict, log_dir: Path):
        self.name = name
        self.args = args
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self) -> Process:
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(self.args, env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        return self

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group (a worker and its pool children), as a crash would."""
        if self.running():
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)

    def stop(self, timeout: float = 15) -> None:
        if not self.running():
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the running processes of this one's group (Linux)."""
        if not self.running():
            return 0.0
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == self.popen.pid:  # process group id
                total += int(fields[11]) + int(fields[12])
        return total / CLOCK_TICKS

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Sandbox:
    """`python -m platform_sandbox` on a free port, with its own SQLite file."""

    def __init__(self, work: Path, token: str, *, verify: bool = True, cache_ttl: float = 1.0,
                 verifier_nice: int = 10):
        self.port = free_port()
        self.token = token
        self.url = f"http://127.0.0.1:{self.port}"
        args = [PYTHON, "-m", "platform_sandbox", "--port", str(self.port), "--db", str(work / "sandbox.sqlite3"),
                "--token", token, "--cache-ttl", str(cache_ttl), "--allow-http", "--verifier-nice", str(verifier_nice)]
        if not verify:
            args.append("--no-verify")
        self.process = Process("sandbox", args, {**os.environ, "PYTHONPATH": PYTHONPATH}, work)

    def start(self) -> Sandbox:
        self.process.start()
        wait_http(f"{self.url}/healthz", process=self.process.popen)
        return self

    def stop(self) -> None:
        self.process.stop()

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def stats(self) -> dict:
        return requests.get(f"{self.url}/_stats", headers=self._headers(), timeout=10).json()

    def fault(self, mode: str, seconds: float = 0) -> None:
        requests.post(f"{self.url}/_fault", json={"mode": mode, "seconds": seconds}, headers=self._headers(),
                      timeout=10).raise_for_status()

    def certificates_of(self, subject_id: str) -> list[dict]:
        response = requests.get(f"{self.url}/api/learners/{subject_id}/certificates", headers=self._headers(),
                                timeout=30)
        response.raise_for_status()
        return response.json()["certificates"]


class PipelineStack:
    """graders (web + Celery worker with beat) and the sandbox, as separate processes on one database.

    The course is whatever folder `course_dir` names; the broker is `broker_url` (Redis in tests); the
    database is a SQLite file, or a new database on `database_server` (tests/database_servers.py).
    """

    SECRET = "stack-intake-secret"  # noqa: S105 (a throwaway secret of the test stack)
    CLIENT = "stack-lms"

    def __init__(self, work: Path, broker_url: str, course_dir: Path, *, sandbox_verify: bool = True,
                 delivery_timeout: float = 2.0, sweep_interval: float = 1.0, worker_concurrency: int = 2,
                 worker_profile: Path | None = None, verifier_nice: int = 10, database_server=None):
        self.work = work
        self.var = work / "var"
        self.var.mkdir(parents=True, exist_ok=True)
        self.web_port = free_port()
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.sandbox = Sandbox(work, "stack-sandbox-token", verify=sandbox_verify, verifier_nice=verifier_nice)
        self.worker_concurrency = worker_concurrency
        self.worker_profile = worker_profile
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.integration.pipeline.stack_settings",
            "PYTHONPATH": PYTHONPATH,
            "HOCVUSO_VAR_DIR": str(self.var),
            "HOCVUSO_DEBUG": "0",
            "HOCVUSO_PUBLIC_URL": self.web_url,
            "HOCVUSO_COURSE_DIRS": str(course_dir),
            "HOCVUSO_BROKER_URL": broker_url,
            "HOCVUSO_BROKER_VISIBILITY_TIMEOUT": "20",
            "HOCVUSO_SANDBOX_URL": self.sandbox.url,
            "HOCVUSO_SANDBOX_TOKEN": self.sandbox.token,
            "HOCVUSO_INTAKE_CLIENTS": f"{self.CLIENT}={self.SECRET}",
            "HOCVUSO_DELIVERY_TIMEOUT": str(delivery_timeout),
            "HOCVUSO_DELIVERY_BACKOFF_BASE": "0.5",
            "HOCVUSO_DELIVERY_BACKOFF_MAX": "4",
            "HOCVUSO_DELIVERY_MAX_ATTEMPTS": "30",
            "HOCVUSO_SWEEP_INTERVAL": str(sweep_interval),
            "HOCVUSO_SWEEP_GRACE": "15",
        }
        self.env.pop("DJANGO_CONFIGURATION", None)
        self.database_server = database_server
        self.database = database_server.new_database() if database_server is not None else None
        if self.database is not None:
            self.env["HOCVUSO_TEST_DATABASE"] = json.dumps(self.database)
        self.web = Process("web", [PYTHON, "-m", "django", "runserver", f"127.0.0.1:{self.web_port}", "--noreload"],
                           self.env, work)
        self.worker = self._worker_process()
        self.db_path = self.var / "hocvuso.sqlite3"

    def _worker_process(self) -> Process:
        """A prefork worker; or, to profile it, one process (`--pool solo`) under cProfile."""
        pool = ["--pool", "prefork", "--concurrency", str(self.worker_concurrency)]
        python = [PYTHON]
        if self.worker_profile is not None:
            pool = ["--pool", "solo"]
            python = [PYTHON, "-m", "cProfile", "-o", str(self.worker_profile)]
        return Process("worker", [*python, "-m", "celery", "-A", "graders.celery", "worker", "-B",
                                  "--loglevel", "INFO", *pool, "-s", str(self.var / "celerybeat-schedule"),
                                  "--without-gossip", "--without-mingle", "--without-heartbeat"], self.env, self.work)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run a command in the stack's environment (e.g. django-admin or the hocvuso CLI)."""
        result = subprocess.run([PYTHON, *args], env=self.env, cwd=REPO, capture_output=True, text=True,
                                timeout=300, check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self) -> PipelineStack:
        self.run("-m", "django", "migrate", "--run-syncdb", "--verbosity", "0")
        self.sandbox.start()
        self.web.start()
        wait_http(f"{self.web_url}/api/intake/v1/progress", process=self.web.popen)
        self.worker.start()
        return self

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds used so far by each process (the worker counts its pool processes)."""
        return {process.name: process.cpu_seconds() for process in (self.web, self.worker, self.sandbox.process)}

    def restart_worker(self) -> None:
        self.worker.stop()
        self.worker = self._worker_process()
        self.worker.start()

    def stop(self) -> None:
        for process in (self.worker, self.web):
            process.stop()
        self.sandbox.stop()

    # Driving and observing ------------------------------------------------------------------
    def post_progress(self, events: list[dict]) -> requests.Response:
        from graders.pipeline.api import signature

        body = json.dumps({"events": events}).encode()
        timestamp = str(int(time.time()))
        return requests.post(f"{self.web_url}/api/intake/v1/progress", data=body, timeout=120, headers={
            "Content-Type": "application/json", "X-Hocvuso-Client": self.CLIENT,
            "X-Hocvuso-Timestamp": timestamp, "X-Hocvuso-Signature": signature(self.SECRET, timestamp, body)})

    def query(self, sql: str) -> list[tuple]:
        """Rows of one read-only SQL query on the stack's database."""
        if self.database_server is None:
            import sqlite3

            db = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)
        else:
            db = self.database_server.connect(self.database)
        try:
            cursor = db.cursor()
            cursor.execute(sql)
            return list(cursor.fetchall())
        finally:
            db.close()

    def outbox_states(self) -> dict[str, int]:
        return dict(self.query("SELECT state, COUNT(*) FROM graders_outbox GROUP BY state"))

    def wait_delivered(self, expected: int, timeout: float, poll: float = 0.5) -> dict[str, int]:
        deadline = time.monotonic() + timeout
        states: dict[str, int] = {}
        while time.monotonic() < deadline:
            states = self.outbox_states()
            if states.get("delivered", 0) >= expected:
                return states
            if not self.worker.running():
                raise RuntimeError(f"the worker exited:\n{self.worker.tail()}")
            time.sleep(poll)
        raise AssertionError(f"only {states} after {timeout} s; worker log:\n{self.worker.tail()}")
