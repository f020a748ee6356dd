"""hocvuso for Tutor (plugin API v1): image, settings, issuer keys, Celery queue, sweeper, init tasks.

What it does, and why each piece is here (docs/operations.md is the operator's runbook):
- installs hocvuso into the openedx image (a Dockerfile patch, so the operator's own
  OPENEDX_EXTRA_PIP_REQUIREMENTS stay theirs);
- LMS settings: the public base URL from LMS_HOST, the issuer name, the key folder, the identity platform;
  the key passphrase is put into the process environment, where graders reads it (never a Django setting);
- issuer keys live in a folder of the persistent, private media volume that Tutor mounts into the LMS, its
  Celery worker and the LMS job (local/dev); on Kubernetes, a PersistentVolumeClaim of their own;
- graders' Celery tasks are routed to the LMS's default queue, which Tutor's lms-worker consumes;
- the sweep (re-queues retries, lapsed claims, lost messages) runs without Celery beat, which Tutor does not
  run: a small `hocvuso-sweeper` service runs `manage.py lms hocvuso sweep --every N` in a loop;
- init (`tutor local do init --limit hocvuso`): migrate graders, create the issuer key if there is none,
  load the course's completion policy, and import the course archive into Studio once.
"""

from __future__ import annotations

from pathlib import Path

from tutor import hooks

from .__about__ import __version__

HERE = Path(__file__).resolve().parent
TASKS = ("evaluate_learners", "deliver_outbox", "sweep")  # graders' Celery task names: graders.tasks.<name>

hooks.Filters.CONFIG_DEFAULTS.add_items([
    ("HOCVUSO_VERSION", __version__),
    # What pip installs into the image: a release, a wheel URL, or "hocvuso @ git+https://...@<tag>".
    ("HOCVUSO_PIP_REQUIREMENT", "hocvuso=={{ HOCVUSO_VERSION }}"),
    ("HOCVUSO_ISSUER_NAME", "Bình dân học vụ số"),
    ("HOCVUSO_KEY_DIR", "/openedx/media-private/hocvuso/issuer-keys"),
    ("HOCVUSO_K8S_KEY_VOLUME_SIZE", "100Mi"),
    ("HOCVUSO_SANDBOX_URL", ""),  # the identity platform's certificate API
    ("HOCVUSO_SANDBOX_TOKEN", ""),
    ("HOCVUSO_CELERY_QUEUE", "edx.lms.core.default"),
    ("HOCVUSO_SWEEP_INTERVAL", 10),
    ("HOCVUSO_COURSE_ID", "course-v1:HocVuSo+KNS01+2026"),
    # A course archive (scripts/build_course) to import into Studio on init, once; empty: import none.
    ("HOCVUSO_COURSE_ARCHIVE_URL", ""),
])

# Generated once per installation and kept in config.yml (back it up: without it the keys cannot be read).
hooks.Filters.CONFIG_UNIQUE.add_items([
    ("HOCVUSO_KEY_PASSPHRASE", "{{ 40|random_string }}"),
    ("HOCVUSO_SUBJECT_HASH_KEY", "{{ 40|random_string }}"),
])

for path in sorted((HERE / "patches").iterdir()):
    hooks.Filters.ENV_PATCHES.add_item((path.name, path.read_text(encoding="utf-8")))

# The init task scripts are templates: rendered into env/plugins/hocvuso/tasks/ for the operator to read,
# and run by `tutor ... do init` after Tutor's own LMS and CMS init tasks.
hooks.Filters.ENV_TEMPLATE_ROOTS.add_item(str(HERE / "templates"))
hooks.Filters.ENV_TEMPLATE_TARGETS.add_item(("hocvuso", "plugins"))
for service in ("lms", "cms"):
    script = (HERE / "templates" / "hocvuso" / "tasks" / service / "init.sh").read_text(encoding="utf-8")
    hooks.Filters.CLI_DO_INIT_TASKS.add_item((service, script), priority=hooks.priorities.LOW)


@hooks.Filters.ENV_TEMPLATE_VARIABLES.add()
def _template_variables(variables: list[tuple[str, object]]) -> list[tuple[str, object]]:
    variables.append(("HOCVUSO_TASK_NAMES", [f"graders.tasks.{name}" for name in TASKS]))
    return variables
