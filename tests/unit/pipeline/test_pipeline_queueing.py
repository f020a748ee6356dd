"""What the Celery side queues: even batches, on a broker that exists, and the sweep only for stragglers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from graders import cli
from graders.models import LearnerLink, Outbox
from graders.pipeline import tasks
from graders.pipeline.api import signature
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.delivery import due_outbox_ids
from graders.pipeline.intake import ProgressEvent, record_progress

from .mini_course import COURSE_ID


def test_batches_are_even_and_never_larger_than_asked():
    assert tasks._batches(list(range(250)), 200) == [list(range(125)), list(range(125, 250))]
    assert [len(batch) for batch in tasks._batches(list(range(401)), 200)] == [134, 134, 133]
    assert tasks._batches([1, 2], 200) == [[1, 2]]
    assert tasks._batches([], 200) == []


def test_a_process_without_a_celery_app_of_its_own_queues_on_graders_broker():
    """The demo's and the tests' web servers set up no Celery app: intake must not queue on Celery's
    unconfigured fallback (an AMQP broker that is not there) but on HOCVUSO_BROKER_URL."""
    probe = ("import django; django.setup(); from graders.pipeline.tasks import sending_app; "
             "app = sending_app(); print(app.main, app.conf.broker_url)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "HOCVUSO_BROKER_URL": "redis://127.0.0.1:9/0"}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60,
                            check=True)
    assert result.stdout.split() == ["graders", "redis://127.0.0.1:9/0"]


def test_learners_are_queued_in_even_batches(monkeypatch):
    sent = []

    class Broker:
        def send_task(self, name, args):
            sent.append((name, len(args[0])))

    monkeypatch.setattr(tasks, "sending_app", Broker)
    tasks.queue_evaluations(list(range(300)))
    tasks.queue_deliveries(list(range(201)))
    assert sent == [("graders.tasks.evaluate_learners", 150)] * 2 + [("graders.tasks.deliver_outbox", 101),
                                                                     ("graders.tasks.deliver_outbox", 100)]


@pytest.mark.django_db
def test_the_sweep_leaves_fresh_deliveries_to_their_queued_task(mini_course, learner_info):
    for n in range(2):
        record_progress([ProgressEvent(learner_info(f"u{n}", f"sub-{n}"), COURSE_ID, name, earned=1, possible=1,
                                       completed=True) for name in ("s1_mo_khoa", "q1_thiet_bi")])
    fresh, retried = evaluate_learners(list(LearnerLink.objects.values_list("id", flat=True)))
    Outbox.objects.filter(id=retried).update(attempts=1, next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert due_outbox_ids(10, grace=60) == [retried]  # a retry whose backoff is over
    Outbox.objects.filter(id=fresh).update(created_at=timezone.now() - timedelta(seconds=61))
    assert sorted(due_outbox_ids(10, grace=60)) == sorted([fresh, retried])  # its message was lost


@pytest.mark.django_db
def test_each_intake_path_queues_its_learners_once_their_progress_is_committed(
        monkeypatch, settings, mini_course, django_capture_on_commit_callbacks):
    """Intake only stores; the caller (here the HTTP API and `hocvuso link`) queues the evaluation, after
    the commit. The broker is outside graders: a stand-in records what would be sent to it."""
    sent = []

    class Broker:
        def send_task(self, name, args):
            sent.append((name, args[0]))

    monkeypatch.setattr(tasks, "sending_app", Broker)
    settings.ROOT_URLCONF = "graders.urls"
    settings.HOCVUSO_INTAKE_CLIENTS = {"lms": "secret"}
    body = json.dumps({"events": [{"learner": {"id": "42", "subject_id": "sub-42", "group": "nguoi_dan"},
                                   "course_id": COURSE_ID, "block": "q1_thiet_bi", "earned": 9, "possible": 10}]})
    timestamp = str(int(time.time()))
    with django_capture_on_commit_callbacks() as after_commit:
        response = Client().post("/api/intake/v1/progress", data=body, content_type="application/json", headers={
            "X-Hocvuso-Client": "lms", "X-Hocvuso-Timestamp": timestamp,
            "X-Hocvuso-Signature": signature("secret", timestamp, body.encode())})
    assert response.status_code == 202 and sent == []  # nothing is queued before the commit
    for callback in after_commit:
        callback()
    assert sent == [("graders.tasks.evaluate_learners", [LearnerLink.objects.get(lms_user_id="lms:42").id])]

    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert cli.main(["link", "u7", "sub-7", "--group", "nguoi_dan"]) == 0
    assert sent == [("graders.tasks.evaluate_learners", [LearnerLink.objects.get(lms_user_id="u7").id])]
