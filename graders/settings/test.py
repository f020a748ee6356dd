"""Test settings of the graders plugin: edx-platform's lms/envs/test.py and cms/envs/test.py run them after
the common settings. The common defaults (plain-http did:web for the test server's localhost), with the
issuer's keys in a throwaway folder so a test run never writes into the site's var/."""

import tempfile

from .common import plugin_settings as _common_settings


def plugin_settings(settings) -> None:
    _common_settings(settings)
    if getattr(settings, "HOCVUSO_KEY_DIR", None) is None:
        settings.HOCVUSO_KEY_DIR = tempfile.mkdtemp(prefix="hocvuso-test-keys-")
