"""Production settings of the graders plugin: the common defaults, but did:web documents over https only.

edx-platform runs these after the common settings, on a settings module that already holds the common
settings' values and the operator's (lms.yml); a setting the operator left unset gets its production default.
"""

import os

from .common import PRODUCTION_DEFAULTS
from .common import plugin_settings as _common_settings


def plugin_settings(settings) -> None:
    _common_settings(settings)
    for name, value in PRODUCTION_DEFAULTS.items():
        if getattr(settings, name, None) is None and not os.environ.get(name):
            setattr(settings, name, list(value) if isinstance(value, list) else value)
