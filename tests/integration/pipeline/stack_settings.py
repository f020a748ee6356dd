"""Settings of the pipeline's process tests: the test settings, with SQLite tuned for several processes.

WAL lets the web server, the worker's pool processes and the test read while one writes; IMMEDIATE
transactions take the write lock up front instead of failing on a lock upgrade under load.
"""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

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
