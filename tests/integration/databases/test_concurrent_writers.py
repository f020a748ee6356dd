"""Truly concurrent writers on a real MariaDB or PostgreSQL server (`--db mariadb|postgresql`).

Each test starts several threads, each with its own database connection, and releases them together
with a barrier, so their transactions overlap: row locks (outbox claims, status-list updates) and unique
constraints (one certificate per learner and achievement, one link per learner) decide the outcome,
not the order the test happened to run them in.

SQLite is not run here: it has one writer at a time and no row locks, so these races cannot happen on it
(the pipeline's process tests cover SQLite's locking under load).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from graders.certificates.issuing import (
    IssueRequest,
    issue_certificate,
    issue_certificates,
    revoke_certificate,
    verify_own,
)
from graders.credentials.status_list import Bitstring
from graders.models import BlockProgress, Certificate, LearnerLink, Outbox, StatusList
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.delivery import claim_due
from graders.pipeline.intake import LearnerInfo, ProgressEvent, record_progress
from tests.unit.pipeline.mini_course import COURSE_ID

pytestmark = [pytest.mark.django_db(transaction=True)]
WRITERS = 8
NAME = "Trần Văn Bình"


@pytest.fixture(autouse=True)
def server_database(database_server):
    if database_server is None:
        pytest.skip("SQLite has one writer at a time: run with --db mariadb or --db postgresql")
    assert connection.vendor == {"mariadb": "mysql", "postgresql": "postgresql"}[database_server.engine]


def all_at_once(work: Callable[[int], object], writers: int = WRITERS) -> list:
    """Run work(0..writers-1) in threads released together; return their results, raise their first error."""
    barrier = threading.Barrier(writers)
    results: list = [None] * writers
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[number] = work(number)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished (a deadlock?)"
    if errors:
        raise errors[0]
    return results


def test_one_certificate_per_learner_when_every_writer_issues_it_at_once():
    results = all_at_once(lambda _n: issue_certificate("vneid-race", NAME))
    certificates = {certificate.id for certificate, _created in results}
    assert len(certificates) == 1, "two certificates for one learner and achievement"
    assert [created for _certificate, created in results].count(True) == 1
    assert Certificate.objects.count() == 1


def test_concurrent_batches_get_distinct_status_bits():
    batches = all_at_once(lambda n: issue_certificates(
        [IssueRequest(f"vneid-{n}-{k}", NAME) for k in range(15)]))
    certificates = [certificate for batch in batches for certificate, _created in batch]
    assert len(certificates) == WRITERS * 15 == Certificate.objects.count()
    positions = Counter(Certificate.objects.values_list("status_list_id", "status_index"))
    assert max(positions.values()) == 1, "two certificates share a revocation bit"
    assert sum(StatusList.objects.values_list("allocated", flat=True)) >= WRITERS * 15


def test_concurrent_revocations_in_one_status_list_all_stick():
    certificates = [certificate for certificate, _created in issue_certificates(
        [IssueRequest(f"vneid-revoke-{n}", NAME) for n in range(WRITERS)])]
    assert len({certificate.status_list_id for certificate in certificates}) == 1

    all_at_once(lambda n: revoke_certificate(certificates[n].id))

    status_list = StatusList.objects.get()
    bits = Bitstring(status_list.size, bytes(status_list.bits))
    assert all(bits.get(certificate.status_index) for certificate in certificates), "a revocation was lost"
    for certificate in Certificate.objects.all():  # the signed list (what verifiers read) has every bit too
        assert certificate.revoked_at is not None
        assert not verify_own(__import__("json").loads(certificate.credential_json)).ok


def test_concurrent_intake_of_one_new_learner_stores_one_learner_and_loses_no_progress(mini_course):
    learner = LearnerInfo("u-race", display_name=NAME, subject_id="sub-race", group="nguoi_dan")
    blocks = ("s1_mo_khoa", "q1_thiet_bi")

    all_at_once(lambda n: record_progress(
        [ProgressEvent(learner, COURSE_ID, blocks[n % 2], earned=n, possible=10, completed=True)]))

    [link] = LearnerLink.objects.filter(lms_user_id="u-race")
    assert link.progress_version == WRITERS  # every request marked the learner for evaluation
    rows = {row.url_name: row for row in BlockProgress.objects.filter(learner=link)}
    assert set(rows) == set(blocks)
    assert all(row.completed for row in rows.values())


@pytest.fixture
def due_outbox_rows(mini_course):
    events = []
    for n in range(60):
        learner = LearnerInfo(f"u{n}", display_name=NAME, subject_id=f"sub-{n}", group="nguoi_dan")
        events += [ProgressEvent(learner, COURSE_ID, name, earned=1, possible=1, completed=True)
                   for name in ("s1_mo_khoa", "q1_thiet_bi")]
    record_progress(events)
    ids = evaluate_learners(list(LearnerLink.objects.values_list("id", flat=True)))
    Outbox.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert len(ids) == 60
    return set(ids)


def test_concurrent_claims_never_hand_one_delivery_to_two_senders(due_outbox_rows):
    claims = all_at_once(lambda _n: claim_due(limit=10))

    claimed = [row.id for _token, rows in claims for row in rows]
    assert len(claimed) == len(set(claimed)), "a delivery was claimed by two senders"
    assert set(claimed) <= due_outbox_rows
    # the senders share the work: rows another sender holds are skipped, not waited for and lost
    assert len(claimed) == min(WRITERS * 10, len(due_outbox_rows))
    attempts = Counter(Outbox.objects.filter(id__in=claimed).values_list("attempts", flat=True))
    assert attempts == {1: len(claimed)}  # each claimed row counted one send, not one per contender


def test_imports_of_one_agency_list_at_once_leave_exactly_one_of_the_lists(mini_course):
    """Officers uploading different staff lists of one agency together: the agency row's lock makes them
    take turns, so the list is one of the files, never a mix of two (nor a unique-key error)."""
    from graders.agencies.staff_list import import_staff_list
    from graders.models import Agency, AgencyMember

    agency = Agency.objects.create(name="UBND phường Tân Định", course_id=COURSE_ID)
    lists = {n: {f"file{n}-person{i}" for i in range(1500)} for n in range(4)}

    def upload(number: int):
        body = "".join(f"{username},Người {username},Tổ {number}\n" for username in sorted(lists[number]))
        return import_staff_list(agency, ("Tên đăng nhập,Họ và tên,Đơn vị\n" + body).encode())

    results = all_at_once(upload, writers=4)
    assert all(result.people == 1500 for result in results)
    kept = set(AgencyMember.objects.filter(agency=agency).values_list("username", flat=True))
    assert kept in lists.values(), f"a mix of {len({username.split('-')[0] for username in kept})} files"
