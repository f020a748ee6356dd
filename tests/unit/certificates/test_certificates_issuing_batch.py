"""Batch issuing: one certificate per learner and achievement, distinct random status bits, atomic outbox."""

from __future__ import annotations

import json

import pytest

import graders.certificates.issuing as issuing
from graders.certificates.issuing import (
    CertificateError,
    IssueRequest,
    issue_certificate,
    issue_certificates,
    verify_own,
)
from graders.credentials.status_list import status_index_at
from graders.models import Certificate, StatusList

pytestmark = pytest.mark.django_db
NAME = "Lê Thị Hạnh"


def requests_for(*subjects: str) -> list[IssueRequest]:
    return [IssueRequest(subject, NAME) for subject in subjects]


def test_a_batch_issues_one_verifiable_certificate_per_learner_in_request_order():
    subjects = [f"vneid-pseudo-{n}" for n in range(30)]
    results = issue_certificates(requests_for(*subjects))
    assert [created for _certificate, created in results] == [True] * 30
    certificates = [certificate for certificate, _created in results]
    assert [c.subject_hash for c in certificates] == [issuing.subject_lookup_hash(s) for s in subjects]
    assert len({c.status_index for c in certificates}) == 30  # every learner has a bit of their own
    for certificate in certificates[:3]:
        document = json.loads(certificate.credential_json)
        assert verify_own(document).ok
        assert int(document["credentialStatus"]["statusListIndex"]) == certificate.status_index
    assert StatusList.objects.get().allocated == 30


def test_issuing_again_returns_what_exists_and_a_batch_repeat_gets_one_certificate():
    first, _ = issue_certificate("vneid-pseudo-a", NAME)
    results = issue_certificates(requests_for("vneid-pseudo-a", "vneid-pseudo-b", "vneid-pseudo-b"))
    assert results[0] == (first, False)
    assert results[1][1] is True and results[2][0].pk == results[1][0].pk
    assert Certificate.objects.count() == 2


def test_a_bad_request_refuses_the_batch_unless_the_caller_takes_refusals():
    batch = [IssueRequest("vneid-pseudo-ok", NAME), IssueRequest("001099012345", NAME)]
    with pytest.raises(CertificateError, match="ID card or phone"):
        issue_certificates(batch)
    assert not Certificate.objects.exists()
    refused = []
    results = issue_certificates(batch, on_refused=lambda request, error: refused.append((request, str(error))))
    assert results[1] is None and refused[0][0] is batch[1] and "ID card" in refused[0][1]
    assert results[0][1] is True and Certificate.objects.count() == 1


def test_on_created_runs_in_the_certificates_transaction():
    def failing_outbox(created):
        assert [request.subject_id for request, _certificate in created] == ["vneid-pseudo-x"]
        assert Certificate.objects.filter(pk=created[0][1].pk).exists()  # written, not yet committed
        raise RuntimeError("the outbox could not be written")

    with pytest.raises(RuntimeError):
        issue_certificates(requests_for("vneid-pseudo-x"), on_created=failing_outbox)
    assert not Certificate.objects.exists()  # no certificate without its outbox row


def test_a_learner_issued_by_a_racing_worker_gets_the_winners_certificate(monkeypatch):
    winner, _ = issue_certificate("vneid-pseudo-race", NAME)
    real_existing = issuing._existing
    calls = []

    def not_yet_committed(keys):  # the first look happens before the other worker commits
        calls.append(1)
        return {} if len(calls) == 1 else real_existing(keys)

    monkeypatch.setattr(issuing, "_existing", not_yet_committed)
    created = []
    results = issue_certificates(requests_for("vneid-pseudo-race", "vneid-pseudo-new"),
                                 on_created=lambda pairs: created.extend(pairs))
    assert results[0] == (winner, False)
    assert results[1][1] is True
    assert [request.subject_id for request, _certificate in created] == ["vneid-pseudo-new"]
    assert Certificate.objects.filter(subject_hash=winner.subject_hash).count() == 1


def test_an_index_already_held_is_skipped(monkeypatch):
    first, _ = issue_certificate("vneid-pseudo-old", NAME)
    status_list = StatusList.objects.get()
    key = bytes.fromhex(status_list.index_key)
    next_index = status_index_at(key, status_list.size, status_list.allocated)
    Certificate.objects.filter(pk=first.pk).update(status_index=next_index)  # e.g. given by an older allocator
    second, _ = issue_certificate("vneid-pseudo-next", NAME)
    assert second.status_index not in (next_index, first.status_index)


def test_a_full_list_is_left_for_a_new_one(settings):
    settings.HOCVUSO_STATUS_LIST_SIZE = 131_072
    issue_certificate("vneid-pseudo-1", NAME)
    StatusList.objects.update(allocated=131_072 // 2 - 1)  # one position left in the current list
    results = issue_certificates(requests_for("vneid-pseudo-2", "vneid-pseudo-3"))
    lists = [certificate.status_list_id for certificate, _created in results]
    assert StatusList.objects.count() == 2 and len(set(lists)) == 2
    for certificate, _created in results:
        assert verify_own(json.loads(certificate.credential_json)).ok
