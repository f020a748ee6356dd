"""HTTP intake for LMSs other than Open edX: grade/completion events, signed with HMAC-SHA256.

A client sends headers
    X-Hocvuso-Client: <client id>            (a key of HOCVUSO_INTAKE_CLIENTS)
    X-Hocvuso-Timestamp: <unix seconds>      (within HOCVUSO_INTAKE_MAX_SKEW of our clock)
    X-Hocvuso-Signature: hex(HMAC-SHA256(secret, "<timestamp>\\n" + raw body))
and a JSON body
    {"events": [{"learner": {"id": "...", "subject_id"?, "group"?, "unit"?, "name"?},
                 "course_id": "course-v1:...", "block": "<url_name>",
                 "earned"?: n, "possible"?: n, "completed"?: bool}, ...]}
Learner ids are namespaced by client ("<client>:<id>") so two LMSs never share a learner.
Every error is a 4xx with {"error": ..., "problems": [...]} naming the event and field, and nothing of
that request is stored. A request is accepted once: the same signed request sent again inside the
time window is refused with 409 (its signature is remembered, models.IntakeRequest).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from graders.models import IntakeRequest
from graders.pipeline.intake import IntakeError, LearnerInfo, ProgressEvent, record_progress
from graders.pipeline.tasks import schedule_evaluation
from graders.settings.common import setting

EVENT_FIELDS = {"learner", "course_id", "block", "earned", "possible", "completed", "only_if_higher"}
LEARNER_FIELDS = {"id", "subject_id", "group", "unit", "name", "username"}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature a client sends for `body` at `timestamp` (shared with clients and tests)."""
    return hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"\n" + body, hashlib.sha256).hexdigest()


def _error(status: int, message: str, problems: list[str] | None = None) -> JsonResponse:
    return JsonResponse({"error": message, "problems": problems or []}, status=status)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _authenticate(request: HttpRequest) -> tuple[str | None, JsonResponse | None]:
    client = request.headers.get("X-Hocvuso-Client", "")
    timestamp = request.headers.get("X-Hocvuso-Timestamp", "")
    given = request.headers.get("X-Hocvuso-Signature", "")
    secret = setting("HOCVUSO_INTAKE_CLIENTS").get(client)
    if not secret or not given:
        return None, _error(401, "unknown client or missing signature")
    try:
        skew = abs(time.time() - int(timestamp))
    except ValueError:
        return None, _error(401, "X-Hocvuso-Timestamp must be unix seconds")
    if skew > setting("HOCVUSO_INTAKE_MAX_SKEW"):
        return None, _error(401, "timestamp too far from the server clock (replayed or clock wrong)")
    if not hmac.compare_digest(given, signature(secret, timestamp, request.body)):
        return None, _error(401, "bad signature")
    return client, None


def _parse_events(client: str, body) -> list[ProgressEvent]:
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise IntakeError(['the body must be {"events": [...]}'])
    raw_events = body["events"]
    if not 0 < len(raw_events) <= setting("HOCVUSO_INTAKE_MAX_EVENTS"):
        raise IntakeError([f"send 1 to {setting('HOCVUSO_INTAKE_MAX_EVENTS')} events per request"])
    events, problems = [], []
    for index, raw in enumerate(raw_events):
        if not isinstance(raw, dict) or not isinstance(raw.get("learner"), dict):
            problems.append(f"event {index}: must be an object with a learner object")
            continue
        unknown = set(raw) - EVENT_FIELDS or set(raw["learner"]) - LEARNER_FIELDS
        if unknown:
            problems.append(f"event {index}: unknown fields {sorted(unknown)}")
            continue
        learner = {name: str(value) if isinstance(value, int) and not isinstance(value, bool) else value
                   for name, value in raw["learner"].items()}  # ids may come as numbers
        wrong = [f"learner.{name}" for name in sorted(LEARNER_FIELDS)
                 if learner.get(name) is not None and not isinstance(learner[name], str)]
        wrong += [name for name in ("course_id", "block") if not isinstance(raw.get(name), str)]
        if not isinstance(learner.get("id"), str) and "learner.id" not in wrong:
            wrong.insert(0, "learner.id")
        if wrong:
            problems.append(f"event {index}: {', '.join(wrong)} must be text (learner.id, course_id and block "
                            "are required)")
            continue
        if raw.get("completed") is not None and not isinstance(raw["completed"], bool):
            problems.append(f"event {index}: completed must be true or false")
            continue
        events.append(ProgressEvent(
            learner=LearnerInfo(
                lms_user_id=f"{client}:{learner['id']}", username=learner.get("username"),
                display_name=learner.get("name"), subject_id=learner.get("subject_id"),
                group=learner.get("group"), unit=learner.get("unit"),
            ),
            course_id=raw["course_id"], url_name=raw["block"], earned=raw.get("earned"),
            possible=raw.get("possible"), completed=raw.get("completed"),
            only_if_higher=bool(raw.get("only_if_higher", False)),
        ))
    if problems:
        raise IntakeError(problems)
    return events


@csrf_exempt
@require_POST
def progress_intake(request: HttpRequest) -> JsonResponse:
    """Store a batch of grade/completion events from an authenticated LMS."""
    client, failure = _authenticate(request)
    if failure:
        return failure
    if request.content_type != "application/json":
        return _error(415, "send Content-Type: application/json")
    try:
        body = json.loads(request.body, parse_constant=_refuse_constant)
    except ValueError as error:
        return _error(400, f"the body is not JSON: {error}"[:300])
    except RecursionError:
        return _error(400, "the body is nested too deeply; events are two levels deep")
    given = request.headers["X-Hocvuso-Signature"]
    now = timezone.now()
    window = timedelta(seconds=2 * setting("HOCVUSO_INTAKE_MAX_SKEW") + 60)
    try:
        events = _parse_events(client, body)
        IntakeRequest.objects.filter(seen_at__lt=now - window).delete()  # out of the window: refused by time
        with transaction.atomic():
            IntakeRequest.objects.create(signature=given[:64], client=client, seen_at=now)
            result = record_progress(events)
    except IntakeError as error:
        return _error(error.status, "events refused; nothing was stored", error.problems)
    except IntegrityError:
        return _error(409, "this signed request was received before (a replay); nothing was stored. "
                           "To send the events again, sign them with a new timestamp")
    schedule_evaluation(result.learner_ids)
    return JsonResponse({"stored": result.stored, "learners": len(result.learner_ids)}, status=202)
