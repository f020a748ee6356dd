"""The identity-platform sandbox as its own process: auth, idempotency, batches, injected faults."""

from __future__ import annotations

import json
import time
import uuid

import pytest
import requests

from graders.pipeline.delivery import IdentityPlatformClient, Outcome, Submission
from scripts.bench._stack import Sandbox

TOKEN = "sandbox-test-token"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    server = Sandbox(tmp_path_factory.mktemp("sandbox"), TOKEN, verify=False).start()
    yield server
    server.stop()


@pytest.fixture
def client(sandbox):
    sandbox.fault("ok")
    return IdentityPlatformClient(sandbox.url, TOKEN, timeout=5)


def submission(key=None):
    credential_id = f"urn:uuid:{uuid.uuid4()}"
    return Submission(key or f"hocvuso-{uuid.uuid4()}", "sub-" + uuid.uuid4().hex, json.dumps({"id": credential_id}))


def test_a_wrong_token_is_refused_and_nothing_is_stored(sandbox):
    before = sandbox.stats()["stored"]
    response = requests.post(f"{sandbox.url}/api/certificates", json={"subject_id": "s", "credential": {"id": "x"}},
                             headers={"Authorization": "Bearer wrong", "Idempotency-Key": "k1"}, timeout=5)
    assert response.status_code == 401
    assert sandbox.stats()["stored"] == before


def test_a_repeated_idempotency_key_is_acknowledged_but_stored_once(sandbox, client):
    item = submission()
    before = sandbox.stats()
    assert client.submit(item).outcome == Outcome.ACCEPTED
    assert client.submit(item).outcome == Outcome.DUPLICATE
    after = sandbox.stats()
    assert after["received"] - before["received"] == 1
    assert after["duplicates"] - before["duplicates"] == 1


def test_a_batch_answers_each_item_and_refuses_only_the_bad_one(sandbox, client):
    good, known = submission(), submission()
    client.submit(known)
    bad = Submission("hocvuso-bad", "subject", '{"no": "id"}')
    results = client.submit_batch([good, known, bad])
    assert results[good.idempotency_key].outcome == Outcome.ACCEPTED
    assert results[known.idempotency_key].outcome == Outcome.DUPLICATE
    assert results[bad.idempotency_key].outcome == Outcome.REJECTED
    assert "credential" in results[bad.idempotency_key].error


def test_injected_5xx_fails_the_send_without_storing_then_recovers(sandbox, client):
    item = submission()
    before = sandbox.stats()
    sandbox.fault("5xx", seconds=30)
    result = client.submit_batch([item, submission()])[item.idempotency_key]
    assert result.outcome == Outcome.FAILED and result.http_status == 503
    assert sandbox.stats()["stored"] == before["stored"]
    sandbox.fault("ok")
    assert client.submit(item).outcome == Outcome.ACCEPTED


def test_a_hang_times_the_client_out_and_the_resend_is_a_duplicate(sandbox):
    impatient = IdentityPlatformClient(sandbox.url, TOKEN, timeout=0.5)
    item = submission()
    sandbox.fault("hang", seconds=2)
    started = time.monotonic()
    assert impatient.submit(item).outcome == Outcome.FAILED  # read timeout: the client cannot know
    assert time.monotonic() - started < 2
    sandbox.fault("ok")  # the platform recovers (the hung request finishes)
    assert impatient.submit(item).outcome == Outcome.DUPLICATE  # the platform had stored it
    stats = sandbox.stats()
    assert stats["hung"] >= 1 and stats["stored"] == stats["distinct_credentials"]


def test_fault_mode_must_be_known(sandbox):
    response = requests.post(f"{sandbox.url}/_fault", json={"mode": "explode"},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)
    assert response.status_code == 400
