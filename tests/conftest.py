"""Fixtures shared by the whole suite: blocks on a test runtime, JSON handler calls, a real Redis, and the
database of the Django tests (`--db sqlite|mariadb|postgresql`, a real server started for the session)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from unittest import mock

import pytest
from webob import Request
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.test.tools import TestRuntime

from tests.database_servers import ENGINES, DatabaseServer, start_server
from xblocks.common.i18n import BundledI18nService

ROOT = Path(__file__).resolve().parents[1]
# Every process a test starts (web servers, workers, the sandbox, probes) finds the repo and scripts/ (the
# demo site, the identity-platform sandbox), as pytest itself does (pyproject.toml's pythonpath).
_wanted = [str(ROOT), str(ROOT / "scripts")]
os.environ["PYTHONPATH"] = os.pathsep.join(
    [*_wanted, *(part for part in os.environ.get("PYTHONPATH", "").split(os.pathsep) if part and part not in _wanted)])


def pytest_addoption(parser):
    parser.addoption("--db", choices=ENGINES, default="sqlite",
                     help="database of the Django tests and pipeline stacks; mariadb and postgresql start a "
                          "private server for the session (default: sqlite)")


class LmsTestRuntime(TestRuntime):
    """xblock's TestRuntime with the one URL our blocks ask for: their public/ files, as the LMS serves them."""

    def local_resource_url(self, block, uri):
        return f"/xblock/resource/{block.scope_ids.block_type}/{uri}"


class LearnerService(UserService):
    """The `user` service as the LMS gives it: an anonymous id and a staff flag."""

    def __init__(self, user_id: str, is_staff: bool = False):
        user = XBlockUser(is_current_user=True, full_name=f"Learner {user_id}")
        user.opt_attrs["edx-platform.user_id"] = user_id
        user.opt_attrs["edx-platform.anonymous_user_id"] = f"anon-{user_id}"
        user.opt_attrs["edx-platform.user_is_staff"] = is_staff
        user.opt_attrs["edx-platform.user_role"] = "staff" if is_staff else "student"
        super().__init__(user=user)

    def get_current_user(self):
        return self._user


@pytest.fixture(autouse=True)
def _fresh_request_ledger():
    """Each test starts with an empty request ledger: tests reuse learner and block ids in one cache."""
    yield
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture
def make_block():
    """Build a block on xblock's TestRuntime: real fields and handlers, a Mock `publish`."""

    def build(block_class, *, content=None, settings=None, user_state=None, user_id="learner-1",
              is_staff=False, runtime=None, usage_id="test-usage-1", block_type=None):
        field_data = DictFieldData({**(content or {}), **(settings or {}), **(user_state or {})})
        if runtime is None:
            runtime = LmsTestRuntime(
                services={
                    "field-data": field_data,
                    "i18n": BundledI18nService("vi"),
                    "user": LearnerService(user_id, is_staff),
                }
            )
            runtime.publish = mock.Mock()
        block_type = block_type or getattr(block_class, "block_type_name", None) or block_class.__name__.lower()
        scope_ids = ScopeIds(user_id, block_type, f"def-{usage_id}", usage_id)
        return runtime.construct_xblock_from_class(block_class, scope_ids)

    return build


def page_data(fragment) -> dict:
    """The data a fragment hands its JavaScript (escaped JSON text, see xblocks/common/page.py), decoded."""
    args = fragment.json_init_args or {}
    return json.loads(args["json"]) if "json" in args else args


def json_request(block, handler: str, payload) -> tuple[int, object]:
    """POST `payload` as JSON to a block handler; return (HTTP status, decoded JSON body)."""
    request = Request.blank("/", method="POST")
    request.body = json.dumps(payload).encode("utf-8")
    request.content_type = "application/json"
    response = block.handle(handler, request)
    try:
        body = json.loads(response.body.decode("utf-8")) if response.body else None
    except ValueError:
        body = response.body.decode("utf-8", "replace")
    return response.status_code, body


@pytest.fixture(name="json_request")
def json_request_fixture():
    return json_request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A real redis-server on loopback, started for the tests and stopped after them."""

    def __init__(self):
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port = _free_port()
        self.dir = tempfile.mkdtemp(prefix="hocvuso-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir,
             "--save", "", "--appendonly", "yes", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        """Stop and start again on the same port and data (the broker restart in fault tests)."""
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def redis_server():
    if not (shutil.which("redis-server") or __import__("os").path.exists("/usr/bin/redis-server")):
        pytest.fail("redis-server is not installed: run scripts/test, which installs it")
    server = RedisServer()
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url(redis_server) -> str:
    return redis_server.url


@pytest.fixture(scope="session")
def database_server(request) -> DatabaseServer | None:
    """The MariaDB or PostgreSQL server of this run (`--db`), or None on SQLite."""
    server = start_server(request.config.getoption("--db"))
    yield server
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, database_server) -> None:
    """Point Django's default database at the session's server before pytest-django creates the test database.

    The handler's settings are rebuilt (with Django's defaults) and its SQLite connection, made at start-up,
    is dropped, so the next query opens one to the server.
    """
    if database_server is None:
        return
    from django.conf import settings
    from django.db import connections

    settings.DATABASES["default"] = database_server.django_database("hocvuso")
    connections.settings = connections.configure_settings(settings.DATABASES)
    connections.close_all()
    del connections["default"]
