"""Acceptance 2: 1,000 learners through real processes while the platform, a worker and the broker fail.

The sandbox answers 5xx, then hangs (it stores, then stalls past the client timeout), a worker is
killed with SIGKILL while deliveries are in flight, the Redis broker restarts. Afterwards every
certificate must be delivered exactly once: counted on the sandbox side, none lost, none duplicated.
"""

from __future__ import annotations

import time

import pytest

from tests.unit.pipeline.mini_course import COURSE_ID

pytestmark = [pytest.mark.redis, pytest.mark.slow]
LEARNERS = 1000


def completions(first: int, count: int) -> list[dict]:
    events = []
    for n in range(first, first + count):
        learner = {"id": str(n), "subject_id": f"sub-{n:06d}", "group": "nguoi_dan", "unit": f"Xã {n % 7}",
                   "name": f"Học viên {n}"}
        events += [{"learner": learner, "course_id": COURSE_ID, "block": "s1_mo_khoa", "earned": 1, "possible": 1,
                    "completed": True},
                   {"learner": learner, "course_id": COURSE_ID, "block": "q1_thiet_bi", "earned": 9, "possible": 10,
                    "completed": True}]
    return events


def wait_for(condition, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_every_certificate_is_delivered_exactly_once_through_faults(stack_factory, redis_server):
    stack = stack_factory(delivery_timeout=1.5)
    sandbox = stack.sandbox
    wave = LEARNERS // 4

    def complete(number: int) -> None:
        response = stack.post_progress(completions(number * wave, wave))
        assert response.status_code == 202, response.text

    # Each fault is switched on before its wave of learners completes, so the pipeline's speed cannot
    # carry every certificate past the fault before it happens.
    # Wave 1: the platform is down (5xx) when its certificates go out, then comes back.
    sandbox.fault("5xx")
    complete(0)
    wait_for(lambda: sandbox.stats()["refused_5xx"] > 0, "a refused delivery")
    refused = sandbox.stats()["refused_5xx"]
    wait_for(lambda: sandbox.stats()["refused_5xx"] > refused, "a retry refused too (the outage lasts)")
    sandbox.fault("ok")
    wait_for(lambda: stack.outbox_states().get("delivered", 0) >= 50, "deliveries after the outage")

    # Wave 2: the platform hangs (stores, then stalls past the client timeout); the worker is killed
    # with SIGKILL while deliveries are in flight.
    sandbox.fault("hang")
    complete(1)
    wait_for(lambda: sandbox.stats()["hung"] > 0 and stack.outbox_states().get("sending", 0) > 0,
             "a delivery stuck on the hanging platform", timeout=60)
    in_flight = stack.outbox_states().get("sending", 0)
    stack.worker.kill()
    sandbox.fault("ok")
    stack.restart_worker()

    # Wave 3 is queued, then the broker goes away and comes back; wave 4 follows on the new broker.
    complete(2)
    redis_server.restart()
    complete(3)

    states = stack.wait_delivered(LEARNERS, timeout=240)
    stats = sandbox.stats()
    certificates = stack.query("SELECT COUNT(*) FROM graders_certificate")[0][0]
    print(f"\nin flight at SIGKILL: {in_flight}; outbox: {states}; sandbox: {stats}")
    assert in_flight > 0
    assert certificates == LEARNERS
    assert states == {"delivered": LEARNERS}
    assert stats["received"] == LEARNERS  # accepted once each
    assert stats["stored"] == stats["distinct_credentials"] == LEARNERS  # nothing stored twice
    assert stats["duplicates"] > 0  # the re-sends after the hang were refused, not stored
    sent = stack.query("SELECT COUNT(DISTINCT outbox_id) FROM graders_deliveryattempt")[0][0]
    assert sent == LEARNERS
