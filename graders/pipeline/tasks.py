"""Celery tasks of the pipeline: evaluate -> issue -> deliver, and the sweep that loses nothing.

Tasks are shared tasks, so inside Open edX the LMS's Celery app runs them; `graders.celery` is the app
for the demo and the tests. Whoever records progress queues its evaluation with `schedule_evaluation`
(after the commit). Every task is safe to run twice (acks_late re-delivers a task whose worker
died): evaluation and issuing are idempotent, and deliveries are claimed and keyed. The database is
the source of truth; the sweep re-queues whatever a lost message or a dead worker left behind.
"""

from __future__ import annotations

import logging
import math

from celery import Celery, current_app, shared_task
from django.db import DatabaseError, transaction

from graders.pipeline import completion, delivery
from graders.settings.common import setting

log = logging.getLogger(__name__)

RETRYABLE = (DatabaseError,)  # e.g. "database is locked" on SQLite under load


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
    learners = completion.learners_due_for_evaluation(setting("HOCVUSO_SWEEP_GRACE"),
                                                      setting("HOCVUSO_EVALUATE_BATCH") * 20)
    queue_evaluations(learners)
    due = delivery.due_outbox_ids(setting("HOCVUSO_DELIVERY_BATCH") * 20, grace=setting("HOCVUSO_SWEEP_GRACE"))
    for _ in range(math.ceil(len(due) / setting("HOCVUSO_DELIVERY_BATCH"))):
        _send(deliver_outbox, None)
    if learners or due:
        log.info("sweep: %d learners to evaluate, %d deliveries due", len(learners), len(due))
    return {"learners": len(learners), "deliveries": len(due)}


# Queueing ------------------------------------------------------------------------------------------
def sending_app() -> Celery:
    """The Celery app graders' tasks are queued on: the host's when it has a broker (the Open edX LMS,
    graders' own worker), else graders' own app on HOCVUSO_BROKER_URL (the demo site's and the tests'
    web processes, which set up no Celery app of their own)."""
    if current_app.conf.broker_url:
        return current_app
    from graders.celery import app

    return app


def _send(task, *args) -> None:
    sending_app().send_task(task.name, args=args)


def _batches(ids: list[int], size: int) -> list[list[int]]:
    """`ids` cut into about equal batches of at most `size` (250 learners -> 125 + 125, not 200 + 50),
    so the worker's processes get even shares."""
    if not ids:
        return []
    count = math.ceil(len(ids) / size)
    step = math.ceil(len(ids) / count)
    return [ids[start:start + step] for start in range(0, len(ids), step)]


def queue_evaluations(learner_ids: list[int]) -> None:
    """Queue evaluation of these learners in batches of at most HOCVUSO_EVALUATE_BATCH."""
    for batch in _batches(list(learner_ids), setting("HOCVUSO_EVALUATE_BATCH")):
        _send(evaluate_learners, batch)


def schedule_evaluation(learner_ids: list[int]) -> None:
    """Queue evaluation of these learners once the caller's transaction commits (at once outside one);
    a broker failure is only logged: the sweep evaluates them later."""
    if not learner_ids:
        return
    learner_ids = list(learner_ids)

    def enqueue() -> None:
        try:
            queue_evaluations(learner_ids)
        except Exception:  # the broker is down: the sweep will evaluate these learners later
            log.warning("could not queue evaluation of %d learners; the sweep will retry",
                        len(learner_ids), exc_info=True)

    transaction.on_commit(enqueue)


def queue_deliveries(outbox_ids: list[int]) -> None:
    """Queue delivery of these outbox rows in batches of at most HOCVUSO_DELIVERY_BATCH."""
    for batch in _batches(list(outbox_ids), setting("HOCVUSO_DELIVERY_BATCH")):
        _send(deliver_outbox, batch)
