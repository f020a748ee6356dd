"""The Celery app of the demo site and the tests: `celery -A graders.celery worker`.

Inside Open edX the LMS's own Celery app runs graders' tasks (they are shared tasks); this app is for
running graders beside the workbench. The broker comes from HOCVUSO_BROKER_URL: an embedded SQLite
broker by default (no server to run), Redis when HOCVUSO_BROKER_URL says redis://. A web process with no
Celery app of its own (the demo site, the test stack) queues its tasks here too (graders.pipeline.tasks.sending_app).
"""

from __future__ import annotations

import os
from datetime import timedelta

from celery import Celery

from graders.settings.common import setting

app = Celery("graders")


def celery_config() -> dict:
    """Celery settings of the pipeline, for graders' own Celery app."""
    from django.conf import settings as django_settings

    var_dir = getattr(django_settings, "VAR_DIR", None)
    return {
        "broker_url": setting("HOCVUSO_BROKER_URL"),
        "broker_connection_retry_on_startup": True,
        # Redis/SQS redeliver unacknowledged tasks after the visibility timeout; the embedded SQLAlchemy
        # transport passes its options to create_engine(), which refuses that name.
        "broker_transport_options": (
            {} if setting("HOCVUSO_BROKER_URL").startswith("sqla+")
            else {"visibility_timeout": setting("HOCVUSO_BROKER_VISIBILITY_TIMEOUT")}
        ),
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "worker_hijack_root_logger": False,
        # Keep each worker process's database connection across tasks (Celery's Django fixup would
        # otherwise close and reopen it around every task).
        "CELERY_DB_REUSE_MAX": 100,
        "timezone": "UTC",
        "beat_schedule": {
            "graders-sweep": {"task": "graders.tasks.sweep",
                              "schedule": timedelta(seconds=setting("HOCVUSO_SWEEP_INTERVAL"))},
        },
        **({"beat_schedule_filename": str(var_dir / "celerybeat-schedule")} if var_dir else {}),
    }


def _configure(celery_app: Celery) -> None:
    import django
    from django.apps import apps

    if not apps.ready:  # a worker; a web process that queues tasks on this app is set up already
        if not os.environ.get("DJANGO_SETTINGS_MODULE"):
            raise RuntimeError("graders.celery needs DJANGO_SETTINGS_MODULE (the demo's: demo_site.settings, "
                               "with scripts/ on PYTHONPATH)")
        django.setup()
    celery_app.conf.update(celery_config())


_configure(app)
app.autodiscover_tasks(["graders.pipeline"])  # graders.pipeline.tasks
