"""Settings of the demo site: the workbench's settings, extended with graders and Vietnamese defaults.

Everything writable lives under HOCVUSO_VAR_DIR (default ./var). Secrets come from the environment or
are generated once into that folder; none is in the repository.
"""

import os
import secrets
from pathlib import Path

from workbench.settings import *  # noqa: F403
from workbench.settings import INSTALLED_APPS, MIDDLEWARE, TEMPLATES, WORKBENCH

VAR_DIR = Path(os.environ.get("HOCVUSO_VAR_DIR", "var")).resolve()
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner only; never under a served folder


def _secret(name: str) -> str:
    """An operator-supplied secret, or one generated once and kept (0600) under VAR_DIR."""
    if os.environ.get(name):
        return os.environ[name]
    path = VAR_DIR / f"{name.lower()}.txt"
    if not path.exists():
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another demo process wrote it a moment ago
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


SECRET_KEY = _secret("HOCVUSO_SECRET_KEY")
# The issuer's private keys are encrypted at rest in the demo too: graders reads the passphrase from the
# environment only, so the one generated once into VAR_DIR is handed on there (to the web server, the
# worker and `hocvuso` commands run with these settings).
os.environ.setdefault("HOCVUSO_KEY_PASSPHRASE", _secret("HOCVUSO_KEY_PASSPHRASE"))
# Off unless a developer asks (`scripts/demo --debug` or HOCVUSO_DEBUG=1): Django's debug pages show
# settings (intake client secrets included) and tracebacks to anyone who can reach the demo.
DEBUG = os.environ.get("HOCVUSO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver", *os.environ.get("HOCVUSO_ALLOWED_HOSTS", "").split()]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "hocvuso.sqlite3"),
        # The web server and the Celery worker share this file: WAL lets readers run beside the writer,
        # IMMEDIATE transactions take the write lock up front instead of failing half-way.
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}

INSTALLED_APPS = [*INSTALLED_APPS, "graders"]
ROOT_URLCONF = "demo_site.urls"
# Responses are compressed (a unit page and its scripts shrink about fourfold on a slow phone network);
# learner pages and block calls run as the learner signed in by name (demo_site.learners).
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", "demo_site.middleware.block_asset_cache_middleware",
              *MIDDLEWARE, "demo_site.middleware.language_middleware",
              "demo_site.learners.learner_middleware"]
# Staff (graders' teacher and officer pages) sign in at Django's login page (demo_site.urls).
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/staff/classes/"
# Developer views (the workbench's scenario list, OLX, Reset State, ?student=) only with this flag.
DEMO_DEVELOPER = os.environ.get("HOCVUSO_DEMO_DEVELOPER", "0") == "1"
SITE_DIR = Path(__file__).resolve().parent
# The learner site's own page templates replace the workbench's developer pages (same template names).
TEMPLATES = [{**TEMPLATES[0], "DIRS": [str(SITE_DIR / "templates"), *TEMPLATES[0]["DIRS"]],
              "OPTIONS": {**TEMPLATES[0]["OPTIONS"], "context_processors": [
                  *TEMPLATES[0]["OPTIONS"]["context_processors"], "demo_site.learners.site_context"]}}]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"

# Course assets are referenced as /static/<file> in OLX, as in Open edX; the demo serves them from there.
COURSE_DIR = Path(__file__).resolve().parents[2] / "course_content"
STATICFILES_DIRS = [str(COURSE_DIR / "static"), str(Path(__file__).resolve().parent / "static")]

# The pipeline in the demo (docs/operations.md, "The demo's pipeline"): graders reads course_content/ with
# the demo's short track added (the overlay scripts/demo_site/demo_policy.json), unless
# HOCVUSO_COURSE_DIRS names other course folders; the workbench's learners (?student=...) join
# DEMO_LEARNER_GROUP; the sandbox started by scripts/demo_site/run.py shares a token generated once into VAR_DIR.
if not os.environ.get("HOCVUSO_COURSE_DIRS"):
    HOCVUSO_COURSE_DIRS = [str(COURSE_DIR)]
    HOCVUSO_POLICY_OVERLAYS = [str(Path(__file__).resolve().with_name("demo_policy.json"))]
DEMO_LEARNER_GROUP = os.environ.get("HOCVUSO_DEMO_GROUP", "trai_nghiem")
HOCVUSO_SANDBOX_TOKEN = _secret("HOCVUSO_SANDBOX_TOKEN")

DJFS = {"type": "osfs", "directory_root": str(VAR_DIR / "djpyfs"), "url_root": "/static/djpyfs"}

# Show only this project's blocks on the workbench index.
EXCLUDED_XBLOCKS = {
    "allscopes_demo", "attempts_scoreboard_demo", "debugchild", "equality_demo", "filethumbs",
    "helloworld_demo", "html_demo", "problem_demo", "sequence_demo", "sidebar_demo", "slider_demo",
    "textinput_demo", "thumbs", "vertical_demo", "view_counter_demo",
}

WORKBENCH = {
    **WORKBENCH,
    "services": {
        **WORKBENCH["services"],
        # The workbench's own i18n service ignores blocks' bundled catalogues; this one reads them.
        "i18n": "xblocks.common.i18n.BundledI18nService",
        # The LMS's user service shape: ids and the staff flag the blocks' Studio handlers require.
        "user": "demo_site.services.DemoUserService",
        # graders' answers for blocks (the progress block), for the demo's signed-in learners.
        "hocvuso": "demo_site.learners.DemoGradersService",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "level": "WARNING"},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": str(VAR_DIR / "hocvuso.log"),
            "maxBytes": 5_000_000,
            "backupCount": 2,
            "formatter": "plain",
        },
    },
    "loggers": {
        "django": {"handlers": ["file"], "level": "INFO"},
        "workbench": {"handlers": ["file"], "level": "INFO"},
        "graders": {"handlers": ["console", "file"], "level": "INFO"},
        "demo_site": {"handlers": ["console", "file"], "level": "INFO"},  # e.g. the workbench bridge
        "xblocks": {"handlers": ["console", "file"], "level": "INFO"},
    },
}
