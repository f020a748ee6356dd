"""Settings of the pipeline's process tests: the test settings, on the database the run chose.

On SQLite (the default) the file is tuned for several processes: WAL lets the web server, the worker's
pool processes and the test read while one writes; IMMEDIATE transactions take the write lock up front
instead of failing on a lock upgrade under load. On MariaDB or PostgreSQL (`--db`), the harness names
the stack's own database in HOCVUSO_TEST_DATABASE (tests/database_servers.py).
"""

import json
import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

if os.environ.get("HOCVUSO_TEST_DATABASE"):
    DATABASES = {**DATABASES, "default": {**json.loads(os.environ["HOCVUSO_TEST_DATABASE"]), "CONN_MAX_AGE": 60}}
else:
    DATABASES = {
        **DATABASES,
        "default": {
            **DATABASES["default"],
            "OPTIONS": {
                "timeout": 60,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        },
    }
DEBUG = False

HOCVUSO_PUBLIC_BASE_URL = os.environ["HOCVUSO_PUBLIC_URL"]
