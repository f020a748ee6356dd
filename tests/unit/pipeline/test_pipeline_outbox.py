"""Outbox delivery: acknowledged = delivered, failures back off, N failures = dead letter, operator retry."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from graders import cli
from graders.models import DeliveryAttempt, LearnerLink, Outbox
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.delivery import Outcome, Result, claim_due, deliver_due, retry_dead
from graders.pipeline.intake import ProgressEvent, record_progress
from graders.pipeline.reports import completion_rows, write_csv

from .mini_course import COURSE_ID

pytestmark = pytest.mark.django_db


class FakePlatform:
    """Answers every submission with the next scripted outcome and remembers what it was sent."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.sent = []

    def _next(self):
        return self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]

    def submit(self, submission):
        self.sent.append(submission)
        return self._next()

    def submit_batch(self, submissions):
        self.sent.extend(submissions)
        result = self._next()
        return {s.idempotency_key: result for s in submissions}


@pytest.fixture
def issued(mini_course, learner_info, settings):
    settings.HOCVUSO_DELIVERY_MAX_ATTEMPTS = 3
    ids = []
    for n in range(3):
        learner = learner_info(f"u{n}", f"sub-{n}", unit="Phường 1" if n else "Phường 2")
        record_progress([ProgressEvent(learner, COURSE_ID, name, earned=1, possible=1, completed=True)
                         for name in ("s1_mo_khoa", "q1_thiet_bi")])
    ids = evaluate_learners(list(LearnerLink.objects.values_list("id", flat=True)))
    assert len(ids) == 3
    return ids


def make_due():
    Outbox.objects.exclude(state=Outbox.State.DELIVERED).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_acknowledged_deliveries_are_delivered_with_their_idempotency_keys(issued):
    platform = FakePlatform(Result(Outcome.ACCEPTED, 201))
    assert deliver_due(client=platform) == {"delivered": 3, "retry": 0, "dead": 0}
    keys = set(Outbox.objects.values_list("idempotency_key", flat=True))
    assert {s.idempotency_key for s in platform.sent} == keys
    assert {s.subject_id for s in platform.sent} == {"sub-0", "sub-1", "sub-2"}
    assert set(Outbox.objects.values_list("state", flat=True)) == {"delivered"}
    assert deliver_due(client=platform)["delivered"] == 0  # nothing left to send


def test_a_duplicate_answer_also_means_delivered(issued):
    deliver_due(client=FakePlatform(Result(Outcome.DUPLICATE, 200)))
    assert Outbox.objects.filter(state="delivered").count() == 3


def test_failures_back_off_then_become_dead_letters_an_operator_can_retry(issued, capsys):
    failing = FakePlatform(Result(Outcome.FAILED, 503, "HTTP 503"))
    before = timezone.now()
    assert deliver_due(client=failing)["retry"] == 3
    row = Outbox.objects.first()
    assert row.state == "pending" and row.attempts == 1 and row.next_attempt_at > before
    assert deliver_due(client=failing)["retry"] == 0  # not due yet: backing off
    for _ in range(2):
        make_due()
        deliver_due(client=failing)
    assert set(Outbox.objects.values_list("state", flat=True)) == {"dead"}
    assert DeliveryAttempt.objects.filter(outcome="failed").count() == 9
    assert cli.main(["outbox", "list", "--state", "dead"]) == 0
    listing = capsys.readouterr().out
    assert listing.count("dead") == 3 and "HTTP 503" in listing
    assert retry_dead() == 3
    deliver_due(client=FakePlatform(Result(Outcome.ACCEPTED, 201)))
    assert set(Outbox.objects.values_list("state", flat=True)) == {"delivered"}


def test_a_permanent_rejection_is_dead_at_once(issued):
    deliver_due(client=FakePlatform(Result(Outcome.REJECTED, 400, "credential must be a JSON object")))
    assert Outbox.objects.filter(state="dead", last_error__contains="credential").count() == 3


def test_a_claim_lapses_when_the_sender_died_and_the_row_is_sent_again(issued):
    _token, rows = claim_due(10)
    assert len(rows) == 3 and claim_due(10)[1] == []  # claimed rows are not handed out twice
    Outbox.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))  # the lease lapsed
    platform = FakePlatform(Result(Outcome.ACCEPTED, 201))
    assert deliver_due(client=platform)["delivered"] == 3
    assert Outbox.objects.get(id=rows[0].id).attempts == 2


def test_report_counts_learners_and_completions_per_group_and_unit(issued, mini_course, learner_info):
    record_progress([ProgressEvent(learner_info("u9", "sub-9", unit="Phường 1"), COURSE_ID, "s1_mo_khoa",
                                   earned=0, possible=1)])
    deliver_due(client=FakePlatform(Result(Outcome.ACCEPTED, 201)))
    rows = {(r.group, r.unit): r for r in completion_rows(COURSE_ID)}
    assert (rows[("nguoi_dan", "Phường 1")].learners, rows[("nguoi_dan", "Phường 1")].completed) == (3, 2)
    assert rows[("nguoi_dan", "Phường 1")].delivered == 2
    assert rows[("nguoi_dan", "Phường 2")].completion_rate == 1.0
    out = io.StringIO()
    write_csv(completion_rows(), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "course_id,group,unit,learners,completed,completion_rate,delivered,revoked"
    assert f"{COURSE_ID},nguoi_dan,Phường 1,3,2,0.6667,2,0" in lines


def test_import_grades_reads_an_open_edx_problem_grade_report(mini_course, tmp_path, capsys):
    report = tmp_path / "grades.csv"
    key = "block-v1:HocVuSo+TEST01+2026+type@auto_quiz+block@q1_thiet_bi"
    report.write_text(
        "Student ID,Email,Username,Grade,Subject ID,Group,Unit,"
        f"Thực hành - s1_mo_khoa (Earned),Thực hành - s1_mo_khoa (Possible),{key} (Earned),{key} (Possible)\n"
        "101,a@example.invalid,hv101,0.9,sub-101,nguoi_dan,Xã A,1,1,9,10\n"
        "102,b@example.invalid,hv102,0.1,,,,Not Attempted,1,1,10\n", encoding="utf-8")
    assert cli.main(["import-grades", str(report)]) == 0
    assert "2/2" in capsys.readouterr().err  # the progress bar reached the end
    first = LearnerLink.objects.get(lms_user_id="101")
    assert first.subject_id == "sub-101" and first.unit == "Xã A"
    assert dict(first.progress.values_list("url_name", "earned")) == {"s1_mo_khoa": 1, "q1_thiet_bi": 9}
    assert dict(LearnerLink.objects.get(lms_user_id="102").progress.values_list("url_name", "earned")) == {
        "q1_thiet_bi": 1}


def test_import_grades_refuses_a_file_without_block_columns(mini_course, tmp_path, capsys):
    report = tmp_path / "grades.csv"
    report.write_text("Student ID,Grade\n1,0.5\n")
    assert cli.main(["import-grades", str(report), "--quiet"]) == 2
    assert "(Earned)" in capsys.readouterr().err
    assert not LearnerLink.objects.exists()


def test_outbox_stats_print_what_an_alert_needs_as_json(issued, capsys):
    import json

    Outbox.objects.filter(id=issued[0]).update(created_at=timezone.now() - timedelta(minutes=30))
    deliver_due(ids=[issued[2]], client=FakePlatform(Result(Outcome.REJECTED, 400, "bad subject")))

    assert cli.main(["outbox", "stats"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["counts"] == {"pending": 2, "sending": 0, "delivered": 0, "dead": 1}
    assert 30 * 60 <= stats["oldest_pending_age_s"] < 31 * 60
    assert stats["dead_letters"] == 1 and stats["dead_letter_ids"] == [issued[2]]


def test_the_sweep_command_requeues_what_is_due_without_celery_beat(issued, capsys, monkeypatch):
    import json

    from graders.pipeline import tasks

    sent = []  # the broker is outside this test: record what would be queued
    monkeypatch.setattr(tasks, "_send", lambda task, *args: sent.append((task.name, args)))
    Outbox.objects.update(created_at=timezone.now() - timedelta(hours=1), next_attempt_at=timezone.now()
                          - timedelta(hours=1))
    assert cli.main(["sweep"]) == 0
    assert json.loads(capsys.readouterr().out)["deliveries"] == 3
    assert ("graders.tasks.deliver_outbox", (None,)) in sent
