"""Delivery of issued certificates to the identity platform, through the outbox.

A row is claimed (state "sending", with a lease) before it is sent, so two workers never send the same
row at once; a worker that dies mid-send leaves a lease that lapses and the row is claimed again. A
row becomes "delivered" only when the platform acknowledged it ("accepted", or "duplicate": it already
holds it). Every send of a certificate carries the same idempotency key, so re-sends after a timeout
are refused by the platform as duplicates instead of stored twice. Failures back off exponentially
(with jitter); after HOCVUSO_DELIVERY_MAX_ATTEMPTS the row is "dead" until an operator retries it.

HOCVUSO_DELIVERY_TIMEOUT is a total deadline per request (connect, send and the whole answer), not a
per-read timeout: a platform that drips one byte a second would otherwise hold a call for ever while
its claim lapsed and another worker sent the same rows. A claim's lease is twice the deadline plus a
margin, so it always outlives the request made under it.
"""

from __future__ import annotations

import json
import logging
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from graders.models import DeliveryAttempt, Outbox
from graders.pipeline.http_deadline import DeadlineAdapter, deadline
from graders.settings.common import setting

log = logging.getLogger(__name__)
Outcome = DeliveryAttempt.Outcome


@dataclass(frozen=True)
class Submission:
    """One certificate to hand over; `credential_json` is the signed text exactly as issued."""

    idempotency_key: str
    subject_id: str
    credential_json: str

    def body(self, *, with_key: bool) -> str:
        """The JSON of this submission, with the credential embedded verbatim (never re-serialised)."""
        key = f'"idempotency_key": {json.dumps(self.idempotency_key)}, ' if with_key else ""
        return f'{{{key}"subject_id": {json.dumps(self.subject_id)}, "credential": {self.credential_json}}}'


@dataclass(frozen=True)
class Result:
    outcome: str
    http_status: int | None = None
    error: str = ""


class IdentityPlatformClient:
    """HTTP client of the identity platform's certificate API (the sandbox speaks the same API).

    `timeout` is the total deadline of each request, however slowly the platform answers."""

    def __init__(self, base_url: str, token: str, timeout: float, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.deadline = timeout
        self.timeout = (min(3.0, timeout), timeout)  # (connect, each read): the deadline bounds the sum
        self.session = session or requests.Session()
        self.session.mount("http://", DeadlineAdapter())
        self.session.mount("https://", DeadlineAdapter())
        self.session.headers.update({"Authorization": f"Bearer {token}", "User-Agent": "hocvuso-graders",
                                     "Content-Type": "application/json"})

    def _post(self, path: str, body: str, headers: dict[str, str] | None = None) -> requests.Response:
        """POST within the total deadline; raises requests.RequestException (naming the deadline) if not."""
        with deadline(self.deadline) as watch:
            try:
                return self.session.post(f"{self.base_url}{path}", data=body.encode("utf-8"), headers=headers,
                                         timeout=self.timeout)
            except requests.RequestException as error:
                if watch.expired:
                    raise requests.Timeout(f"no complete answer within the {self.deadline:g} s deadline") from error
                raise

    @classmethod
    def from_settings(cls) -> IdentityPlatformClient:
        return cls(setting("HOCVUSO_SANDBOX_URL"), setting("HOCVUSO_SANDBOX_TOKEN"),
                   setting("HOCVUSO_DELIVERY_TIMEOUT"))

    def submit(self, submission: Submission) -> Result:
        """Send one certificate with its Idempotency-Key header."""
        try:
            response = self._post("/api/certificates", submission.body(with_key=False),
                                  {"Idempotency-Key": submission.idempotency_key})
        except requests.RequestException as error:
            return Result(Outcome.FAILED, None, f"{type(error).__name__}: {error}")
        return _result_of(response.status_code, _json(response))

    def submit_batch(self, submissions: Sequence[Submission]) -> dict[str, Result]:
        """Send several certificates in one request; each item carries its own idempotency key."""
        body = '{"items": [' + ", ".join(s.body(with_key=True) for s in submissions) + "]}"
        try:
            response = self._post("/api/certificates/batch", body)
        except requests.RequestException as error:
            failure = Result(Outcome.FAILED, None, f"{type(error).__name__}: {error}")
            return {s.idempotency_key: failure for s in submissions}
        data = _json(response)
        if response.status_code != 200 or not isinstance(data, dict) or not isinstance(data.get("results"), list):
            whole = _result_of(response.status_code, data)
            if whole.outcome != Outcome.FAILED and response.status_code != 200:
                return {s.idempotency_key: whole for s in submissions}
            failure = Result(Outcome.FAILED, response.status_code, whole.error or "unexpected batch answer")
            return {s.idempotency_key: failure for s in submissions}
        results = {}
        for item in data["results"]:
            if isinstance(item, dict) and "idempotency_key" in item:
                results[item["idempotency_key"]] = _result_of(int(item.get("http_status", 200)), item)
        missing = Result(Outcome.FAILED, response.status_code, "no result for this item in the batch answer")
        return {s.idempotency_key: results.get(s.idempotency_key, missing) for s in submissions}


def _json(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None


def _result_of(status: int, data) -> Result:
    error = ""
    if isinstance(data, dict):
        error = str(data.get("error", ""))[:500]
    if status in (200, 201):
        duplicate = isinstance(data, dict) and data.get("status") == "duplicate"
        return Result(Outcome.DUPLICATE if duplicate else Outcome.ACCEPTED, status)
    if status == 409:  # the key is known: the platform holds this certificate already
        return Result(Outcome.DUPLICATE, status)
    if status in (408, 425, 429) or status >= 500:
        return Result(Outcome.FAILED, status, error or f"HTTP {status}")
    return Result(Outcome.REJECTED, status, error or f"HTTP {status}")


# Outbox --------------------------------------------------------------------------------------------
def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with jitter: base × 2^(n-1), capped, drawn from its upper half."""
    ceiling = min(setting("HOCVUSO_DELIVERY_BACKOFF_MAX"),
                  setting("HOCVUSO_DELIVERY_BACKOFF_BASE") * 2 ** max(0, attempts - 1))
    return random.uniform(ceiling / 2, ceiling)


def _due(now) -> Q:
    return Q(state__in=[Outbox.State.PENDING, Outbox.State.SENDING], next_attempt_at__lte=now)


@dataclass(frozen=True)
class ClaimedRow:
    """An outbox row claimed for one send, with what the send needs."""

    id: int
    idempotency_key: str
    attempts: int
    subject_id: str
    credential_json: str


def claim_due(limit: int, ids: Sequence[int] | None = None) -> tuple[str, list[ClaimedRow]]:
    """Claim up to `limit` due rows (optionally among `ids`) for this sender; returns its token."""
    token = uuid.uuid4().hex
    now = timezone.now()
    # The lease outlives the request's total deadline (IdentityPlatformClient), so no other worker claims
    # a row while a send of it may still be answered.
    lease = now + timedelta(seconds=setting("HOCVUSO_DELIVERY_TIMEOUT") * 2 + 5)
    with transaction.atomic():
        candidates = Outbox.objects.filter(_due(now))
        if ids is not None:
            candidates = candidates.filter(id__in=list(ids))
        if ids is None and connection.features.has_select_for_update_skip_locked:
            # Any due rows (the sweep's sends), on MariaDB/MySQL 8/PostgreSQL: lock the chosen rows, skipping
            # rows a concurrent sender is claiming, so concurrent senders take disjoint rows instead of racing
            # for the same ones (SQLite has one writer at a time: IMMEDIATE transactions serialise the claims
            # there). The order is the due index's, so InnoDB reads (and locks) only the rows it returns
            # instead of sorting all due rows. Rows named by `ids` are this task's own: not skipped (InnoDB
            # briefly locks other rows it scans, and skipping them would leave a batch to the sweep); the
            # conditional update below still gives each row to one sender only.
            candidates = candidates.select_for_update(skip_locked=True)
        chosen = list(candidates.order_by("state", "next_attempt_at").values_list("id", flat=True)[:limit])
        if not chosen:
            return token, []
        Outbox.objects.filter(_due(now), id__in=chosen).update(
            state=Outbox.State.SENDING, claim_token=token, next_attempt_at=lease, attempts=F("attempts") + 1
        )
    rows = Outbox.objects.filter(claim_token=token, state=Outbox.State.SENDING).values_list(
        "id", "idempotency_key", "attempts", "learner__subject_id", "certificate__credential_json")
    return token, [ClaimedRow(*row) for row in rows]


def _record(token: str, rows: Sequence[ClaimedRow], results: dict[str, Result], started) -> dict[str, int]:
    now = timezone.now()
    max_attempts = setting("HOCVUSO_DELIVERY_MAX_ATTEMPTS")
    counts = {"delivered": 0, "retry": 0, "dead": 0}
    attempts = []
    with transaction.atomic():
        delivered_ids = []
        for row in rows:
            result = results[row.idempotency_key]
            attempts.append(DeliveryAttempt(outbox_id=row.id, number=row.attempts, started_at=started, finished_at=now,
                                            outcome=result.outcome, http_status=result.http_status,
                                            error=result.error))
            if result.outcome in (Outcome.ACCEPTED, Outcome.DUPLICATE):
                delivered_ids.append(row.id)
                continue
            dead = result.outcome == Outcome.REJECTED or row.attempts >= max_attempts
            # Only the current claim holder may move a row back: a later claim may already have delivered it.
            Outbox.objects.filter(id=row.id, claim_token=token, state=Outbox.State.SENDING).update(
                state=Outbox.State.DEAD if dead else Outbox.State.PENDING,
                next_attempt_at=now if dead else now + timedelta(seconds=backoff_seconds(row.attempts)),
                last_error=result.error or result.outcome,
            )
            counts["dead" if dead else "retry"] += 1
        if delivered_ids:
            Outbox.objects.filter(id__in=delivered_ids).exclude(state=Outbox.State.DELIVERED).update(
                state=Outbox.State.DELIVERED, delivered_at=now, last_error=""
            )
            counts["delivered"] = len(delivered_ids)
        DeliveryAttempt.objects.bulk_create(attempts)
    return counts


def deliver_due(limit: int | None = None, ids: Sequence[int] | None = None,
                client: IdentityPlatformClient | None = None) -> dict[str, int]:
    """Claim due outbox rows, send them in one batch request, and record the outcome of each."""
    limit = limit or setting("HOCVUSO_DELIVERY_BATCH")
    token, rows = claim_due(limit, ids)
    if not rows:
        return {"delivered": 0, "retry": 0, "dead": 0}
    client = client or IdentityPlatformClient.from_settings()
    started = timezone.now()
    submissions = [Submission(row.idempotency_key, row.subject_id, row.credential_json) for row in rows]
    results = client.submit_batch(submissions) if len(submissions) > 1 else {
        submissions[0].idempotency_key: client.submit(submissions[0])
    }
    counts = _record(token, rows, results, started)
    if counts["dead"]:
        log.warning("%d certificate deliveries are dead letters; see `hocvuso outbox list --state dead`",
                    counts["dead"])
    return counts


def due_outbox_ids(limit: int, *, grace: float = 0) -> list[int]:
    """Rows due for a send that no queued task is about to make: retries whose backoff is over, claims
    that lapsed, and first sends still waiting after `grace` seconds (their task message was lost)."""
    now = timezone.now()
    overdue = Q(attempts__gt=0) | Q(state=Outbox.State.SENDING) | Q(created_at__lte=now - timedelta(seconds=grace))
    return list(Outbox.objects.filter(_due(now) & overdue).order_by("next_attempt_at")
                .values_list("id", flat=True)[:limit])


def retry_dead(ids: Sequence[int] | None = None) -> int:
    """Give dead letters a fresh set of tries (all of them, or those listed); returns how many."""
    rows = Outbox.objects.filter(state=Outbox.State.DEAD)
    if ids is not None:
        rows = rows.filter(id__in=list(ids))
    return rows.update(state=Outbox.State.PENDING, attempts=0, next_attempt_at=timezone.now(), claim_token="")
