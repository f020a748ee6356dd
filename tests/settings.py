"""Test settings: the demo site with its writable files in a throwaway folder."""

import os
import tempfile

os.environ.setdefault("HOCVUSO_VAR_DIR", tempfile.mkdtemp(prefix="hocvuso-test-"))

from demo_site.settings import *  # noqa: F403
from demo_site.settings import LOGGING

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast users in tests
LOGGING = {**LOGGING, "handlers": {**LOGGING["handlers"], "console": {"class": "logging.NullHandler"}}}

# Browser tests open block pages as `?student=<name>` (the developer flag); the demo's sign-in by name has
# its own tests with the flag off.
DEMO_DEVELOPER = True
