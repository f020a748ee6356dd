"""Celery tasks of the pipeline: evaluate -> issue -> deliver, and the sweep that loses nothing.

Tasks are shared tasks, so inside Open edX the LMS's Celery app runs them; `graders.celery` is the app
for the demo and the tests. Every task is safe to run twice (acks_late re-delivers a task whose worker
died): evaluation and issuing are idempotent, and deliveries are claimed and keyed. The database is
the source of truth; the sweep re-queues whatever a lost message or a dead worker left behind.
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError

from graders import completion, delivery
from graders.settings.common import setting

log = logging.getLogger(__name__)

RETRYABLE = (DatabaseError,)  # e.g. "database is locked" on SQLite under load


def celery_config() -> dict:
    """Celery settings of the pipeline, for graders' own Celery app."""
    from django.conf import settings as django_settings

    var_dir = getattr(django_settings, "VAR_DIR", None)
    return {
        "broker_url": setting("HOCVUSO_BROKER_URL"),
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {"visibility_timeout": setting("HOCVUSO_BROKER_VISIBILITY_TIMEOUT")},
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "worker_hijack_root_logger": False,
        "timezone": "UTC",
        "beat_schedule": {
            "graders-sweep": {"task": "graders.tasks.sweep",
                              "schedule": timedelta(seconds=setting("HOCVUSO_SWEEP_INTERVAL"))},
        },
        **({"beat_schedule_filename": str(var_dir / "celerybeat-schedule")} if var_dir else {}),
    }


_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": RETRYABLE,
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 8,
}


@shared_task(name="graders.tasks.evaluate_learners", **_TASK_OPTIONS)
def evaluate_learners(learner_ids: list[int]) -> int:
    """Evaluate these learners, issue what they earned, and queue the deliveries."""
    outbox_ids = completion.evaluate_learners(learner_ids)
    queue_deliveries(outbox_ids)
    return len(outbox_ids)


@shared_task(name="graders.tasks.deliver_outbox", **_TASK_OPTIONS)
def deliver_outbox(outbox_ids: list[int] | None = None) -> dict:
    """Send these outbox rows (or any that are due) to the identity platform."""
    return delivery.deliver_due(ids=outbox_ids)


@shared_task(name="graders.tasks.sweep", acks_late=True)
def sweep() -> dict:
    """Re-queue unevaluated progress and overdue deliveries (retries, lapsed claims, lost messages)."""
    batch = setting("HOCVUSO_EVALUATE_BATCH")
    learners = completion.learners_due_for_evaluation(setting("HOCVUSO_SWEEP_GRACE"), batch * 20)
    for start in range(0, len(learners), batch):
        evaluate_learners.delay(learners[start:start + batch])
    due = delivery.due_outbox_ids(setting("HOCVUSO_DELIVERY_BATCH") * 20)
    for _ in range(math.ceil(len(due) / setting("HOCVUSO_DELIVERY_BATCH"))):
        deliver_outbox.delay(None)
    if learners or due:
        log.info("sweep: %d learners to evaluate, %d deliveries due", len(learners), len(due))
    return {"learners": len(learners), "deliveries": len(due)}


def queue_deliveries(outbox_ids: list[int]) -> None:
    size = setting("HOCVUSO_DELIVERY_BATCH")
    for start in range(0, len(outbox_ids), size):
        deliver_outbox.delay(outbox_ids[start:start + size])
