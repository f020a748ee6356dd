"""A slow platform cannot hold a delivery past its total deadline, nor get a row sent twice at once.

The platform here is a real HTTP server on loopback that drips its (valid, "201 Created") answer one
byte at a time, each byte well within the per-read timeout: before the total deadline, a call with a
1 s timeout waited the whole answer out (about 20 s), counted it as accepted, and meanwhile the row's
claim lapsed so another worker's sweep could send it again.
"""

from __future__ import annotations

import socketserver
import threading
import time

import pytest
from django.db import connection

from graders.models import LearnerLink, Outbox
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.delivery import IdentityPlatformClient, Outcome, Submission, claim_due, deliver_due
from graders.pipeline.intake import ProgressEvent, record_progress

from .mini_course import COURSE_ID

DEADLINE = 1.0
ANSWER = b'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{"status":"created"}'


class DrippingPlatform(socketserver.ThreadingTCPServer):
    """Reads the request, then sends ANSWER one byte every `pause` seconds until told to stop."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, pause: float):
        self.pause = pause
        self.stopping = threading.Event()
        self.requests = 0
        super().__init__(("127.0.0.1", 0), self.Handler)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            server = self.server
            self.request.settimeout(5)
            received = b""
            while b"\r\n\r\n" not in received:
                chunk = self.request.recv(65536)
                if not chunk:
                    return
                received += chunk
            server.requests += 1
            for byte in ANSWER:
                if server.stopping.wait(server.pause):
                    return
                try:
                    self.request.sendall(bytes([byte]))
                except OSError:
                    return  # the client hung up: what the deadline is for

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def platform():
    server = DrippingPlatform(pause=0.25)  # each byte within the 1 s read timeout; the whole answer ~20 s
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()


def _submission(n: int = 0) -> Submission:
    return Submission(f"key-{n}", f"sub-{n}", '{"id": "urn:uuid:00000000-0000-4000-8000-000000000000"}')


@pytest.mark.parametrize("batch", [False, True])
def test_a_dripping_answer_fails_at_the_total_deadline(platform, batch):
    client = IdentityPlatformClient(platform.url, "token", timeout=DEADLINE)
    started = time.monotonic()
    if batch:
        results = list(client.submit_batch([_submission(1), _submission(2)]).values())
    else:
        results = [client.submit(_submission())]
    elapsed = time.monotonic() - started
    assert [result.outcome for result in results] == [Outcome.FAILED] * len(results)
    assert all("deadline" in result.error for result in results)
    assert elapsed < DEADLINE + 2.0  # the deadline, not the 20 s the platform would take


def test_the_client_still_reads_a_prompt_answer_after_a_deadline_passed(platform):
    """Connections shut down by a deadline are not reused; a normal platform is unaffected."""
    client = IdentityPlatformClient(platform.url, "token", timeout=DEADLINE)
    assert client.submit(_submission()).outcome == Outcome.FAILED
    platform.pause = 0
    assert client.submit(_submission()).outcome == Outcome.ACCEPTED


@pytest.mark.django_db(transaction=True)
def test_no_other_worker_claims_the_row_while_a_slow_send_runs(platform, mini_course, learner_info, settings):
    settings.HOCVUSO_SANDBOX_URL = platform.url
    settings.HOCVUSO_SANDBOX_TOKEN = "token"
    settings.HOCVUSO_DELIVERY_TIMEOUT = DEADLINE
    record_progress([ProgressEvent(learner_info("u1", "sub-1"), COURSE_ID, name, earned=1, possible=1,
                                   completed=True) for name in ("s1_mo_khoa", "q1_thiet_bi")])
    assert evaluate_learners(list(LearnerLink.objects.values_list("id", flat=True)))
    assert Outbox.objects.count() == 1

    outcome = {}

    def first_worker():
        try:
            outcome["counts"] = deliver_due()
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    while worker.is_alive() and not Outbox.objects.filter(state=Outbox.State.SENDING).exists():
        worker.join(timeout=0.01)  # the first worker has claimed the row: now the second one sweeps
    stolen = []
    while worker.is_alive():  # a second worker sweeping as fast as it can, the whole time
        stolen += claim_due(10)[1]
        worker.join(timeout=0.05)
    worker.join()
    assert stolen == []
    assert outcome["counts"] == {"delivered": 0, "retry": 1, "dead": 0}
    row = Outbox.objects.get()
    assert row.state == Outbox.State.PENDING and "deadline" in row.last_error
    assert platform.requests == 1
