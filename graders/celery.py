"""The Celery app of the demo site and the tests: `celery -A graders.celery worker`.

Inside Open edX the LMS's own Celery app runs graders' tasks (they are shared tasks); this app is for
running graders beside the workbench. The broker comes from HOCVUSO_BROKER_URL: an embedded SQLite
broker by default (no server to run), Redis when HOCVUSO_BROKER_URL says redis://. A web process with no
Celery app of its own (the demo site, the test stack) queues its tasks here too (graders.pipeline.tasks.sending_app).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_site.settings")

app = Celery("graders")


def _configure(celery_app: Celery) -> None:
    import django
    from django.apps import apps

    if not apps.ready:  # a worker; a web process that queues tasks on this app is set up already
        django.setup()
    from graders.pipeline.tasks import celery_config

    celery_app.conf.update(celery_config())


_configure(app)
app.autodiscover_tasks(["graders"])
