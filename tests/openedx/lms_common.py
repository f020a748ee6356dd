"""Settings shaped like edx-platform's lms/envs/common.py, as far as a plugin sees them.

The LMS builds INSTALLED_APPS with `get_plugin_apps("lms.djangoapp")` and then runs every plugin's
"common" settings on this module (`add_plugins(__name__, "lms.djangoapp", "common")`); lms_production then
imports everything from here and runs the "production" settings on top, as lms/envs/production.py does.
"""

import os
import tempfile

from edx_django_utils.plugins import add_plugins, get_plugin_apps, registry

# Only our plugin: the other installed plugins (--openedx-full brings edx-platform's own, e.g. edx-proctoring)
# read edx-platform's settings, which are not here. The framework's code path is unchanged.
_every_plugin = registry.get_plugin_app_configs
registry.get_plugin_app_configs = lambda project_type: [
    config for config in _every_plugin(project_type) if config.name == "graders"]

LMS = "lms.djangoapp"  # edx-platform's ProjectType.LMS

SECRET_KEY = "compat-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
VAR_DIR = os.environ.setdefault("HOCVUSO_VAR_DIR", tempfile.mkdtemp(prefix="hocvuso-openedx-"))
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(VAR_DIR, "lms.sqlite")}}
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.contrib.auth.context_processors.auth",
                                       "django.contrib.messages.context_processors.messages"]},
}]
STATIC_URL = "/static/"
ROOT_URLCONF = "tests.openedx.lms_urls"
CELERY_TASK_ALWAYS_EAGER = True  # the LMS's test settings; graders' own Celery app is not involved here

INSTALLED_APPS.extend(get_plugin_apps(LMS))
add_plugins(__name__, LMS, "common")
