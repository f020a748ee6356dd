"""Real MariaDB and PostgreSQL servers for the tests and benchmarks, each on a private data folder.

Like the Redis fixture: the server binaries are started directly on a free loopback port with their data
in a temporary folder, and everything is removed afterwards. Both servers refuse to run as root, so under
root they run as an unprivileged system user (the one the Debian package made, created if missing).

`--db sqlite|mariadb|postgresql` (tests/conftest.py) picks the database of the in-process Django tests;
`PipelineStack(database=...)` (scripts/bench/_stack.py) gives each stack of real processes a fresh
database on the same server, named to them in the environment variable HOCVUSO_TEST_DATABASE (JSON of a
Django DATABASES entry, read by tests/integration/pipeline/stack_settings.py).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ENGINES = ("sqlite", "mariadb", "postgresql")
DATABASE_ENVIRONMENT = "HOCVUSO_TEST_DATABASE"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _system_user(name: str) -> str | None:
    """The user to run a server as: `name` (created if missing) under root, else the current user (None)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True)
    return name


def _owned_temp_dir(prefix: str, user: str | None) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if user:
        shutil.chown(path, user, user)
    return path


def _as(user: str | None) -> dict:
    """Popen arguments that run a program as `user` (no supplementary groups), or as we are."""
    return {"user": user, "group": user, "extra_groups": []} if user else {}


class DatabaseServer:
    """Common life cycle of a private database server: start, create databases, connect, stop."""

    engine = ""
    _names = itertools.count(1)

    def __init__(self, *, durable: bool = False):
        self.durable = durable  # False: no fsync on commit (a throwaway test server); True: production-like
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def new_database(self, prefix: str = "stack") -> dict:
        """Create an empty database; return its Django DATABASES entry."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self._execute_admin(f"CREATE DATABASE {name}")
        return self.django_database(name)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        error: Exception | None = None
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.engine} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                self._execute_admin("SELECT 1")
                return
            except Exception as exc:  # the driver's "cannot connect yet" errors differ by engine
                error = exc
                time.sleep(0.1)
        raise RuntimeError(f"{self.engine} did not start on port {self.port}: {error}\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def connect(self, database: dict):
        """A DB-API connection to a database given as its Django DATABASES entry (autocommit)."""
        raise NotImplementedError

    def django_database(self, name: str) -> dict:
        raise NotImplementedError

    def _execute_admin(self, sql: str) -> None:
        raise NotImplementedError


class MariaDBServer(DatabaseServer):
    """`mariadbd` on a private data folder (mariadb-install-db), root without a password on loopback."""

    engine = "mariadb"

    def __init__(self, *, durable: bool = False):
        super().__init__(durable=durable)
        self.user = _system_user("mysql")
        self.dir = _owned_temp_dir("hocvuso-mariadb-", self.user)
        self.log_path = self.dir / "server.log"

    def start(self) -> MariaDBServer:
        data = self.dir / "data"
        subprocess.run(
            ["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--auth-root-authentication-method=normal",
             "--skip-test-db", *([f"--user={self.user}"] if self.user else [])],
            check=True, capture_output=True, timeout=120,
        )
        self.process = subprocess.Popen(
            [shutil.which("mariadbd") or "/usr/sbin/mariadbd", "--no-defaults", f"--datadir={data}",
             f"--port={self.port}", "--bind-address=127.0.0.1", f"--socket={self.dir / 'server.sock'}",
             f"--pid-file={self.dir / 'server.pid'}", f"--log-error={self.log_path}", "--skip-name-resolve",
             "--skip-log-bin", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
             "--max-connections=400", "--innodb-buffer-pool-size=128M",
             f"--innodb-flush-log-at-trx-commit={1 if self.durable else 2}",
             *([f"--user={self.user}"] if self.user else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.wait_ready()
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)

    def django_database(self, name: str) -> dict:
        return {
            "ENGINE": "django.db.backends.mysql", "NAME": name, "USER": "root", "PASSWORD": "",
            "HOST": "127.0.0.1", "PORT": str(self.port),
            "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed"},
            "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }

    def connect(self, database: dict):
        import MySQLdb

        connection = MySQLdb.connect(host="127.0.0.1", port=self.port, user="root", password="",
                                     database=database["NAME"], charset="utf8mb4")
        connection.autocommit(True)
        return connection

    def _execute_admin(self, sql: str) -> None:
        import MySQLdb

        connection = MySQLdb.connect(host="127.0.0.1", port=self.port, user="root", password="", connect_timeout=2)
        try:
            connection.cursor().execute(sql)
        finally:
            connection.close()


class PostgreSQLServer(DatabaseServer):
    """`postgres` on a private cluster (initdb, pg_ctl), user postgres trusted on loopback."""

    engine = "postgresql"

    def __init__(self, *, durable: bool = False):
        super().__init__(durable=durable)
        self.user = _system_user("postgres")
        self.dir = _owned_temp_dir("hocvuso-postgresql-", self.user)
        self.log_path = self.dir / "server.log"
        self.bin = self._bin_dir()

    @staticmethod
    def _bin_dir() -> Path:
        found = shutil.which("pg_ctl")
        if found:
            return Path(os.path.realpath(found)).parent
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not versions:
            raise RuntimeError("PostgreSQL is not installed: run scripts/test, which installs it")
        return versions[-1].parent

    def start(self) -> PostgreSQLServer:
        data = self.dir / "data"
        subprocess.run([str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync"],
                       check=True, capture_output=True, timeout=120, **_as(self.user))
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=400 "
                   f"-c shared_buffers=128MB" + ("" if self.durable else " -c fsync=off -c synchronous_commit=off"))
        # postgres runs in the foreground under Popen, so the harness owns the process like Redis's.
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen([str(self.bin / "postgres"), "-D", str(data), *options.split()],
                                            stdout=log, stderr=subprocess.STDOUT, **_as(self.user))
        self.wait_ready()
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: open sessions are ended
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.send_signal(signal.SIGQUIT)  # "immediate"
                self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)

    def django_database(self, name: str) -> dict:
        return {"ENGINE": "django.db.backends.postgresql", "NAME": name, "USER": "postgres", "PASSWORD": "",
                "HOST": "127.0.0.1", "PORT": str(self.port), "OPTIONS": {}, "TEST": {}}

    def connect(self, database: dict):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database["NAME"],
                               autocommit=True)

    def _execute_admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True,
                             connect_timeout=2) as connection:
            connection.execute(sql)


SERVERS = {"mariadb": MariaDBServer, "postgresql": PostgreSQLServer}


def start_server(engine: str, *, durable: bool = False) -> DatabaseServer | None:
    """Start the server of `engine` (None for SQLite, which needs none)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown database {engine!r}: choose one of {', '.join(ENGINES)}")
    return SERVERS[engine](durable=durable).start() if engine in SERVERS else None
