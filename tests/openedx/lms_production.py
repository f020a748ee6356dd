"""Settings shaped like edx-platform's lms/envs/production.py: everything from common, the operator's
YAML values, then every plugin's "production" settings on this module (which already holds common's)."""

from edx_django_utils.plugins import add_plugins

from tests.openedx.lms_common import *  # noqa: F403
from tests.openedx.lms_common import LMS

PRODUCTION_YAML = {"HOCVUSO_PUBLIC_BASE_URL": "https://lms.example.org"}  # what an operator's lms.yml sets
vars().update(PRODUCTION_YAML)

add_plugins(__name__, LMS, "production")
