"""The HMAC intake API other LMSs use: a clear 4xx for every bad request, and nothing stored."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from graders.models import BlockProgress, LearnerLink
from graders.pipeline.api import signature

from .mini_course import COURSE_ID

pytestmark = pytest.mark.django_db
URL = "/api/intake/v1/progress"
SECRET = "bi-mat-cua-lms"


@pytest.fixture(autouse=True)
def routes(settings, mini_course):
    settings.ROOT_URLCONF = "graders.urls"
    settings.HOCVUSO_INTAKE_CLIENTS = {"moodle-tinh": SECRET}


def post(body, *, secret=SECRET, client_id="moodle-tinh", timestamp=None, raw=None):
    data = raw if raw is not None else json.dumps(body).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return Client().post(URL, data=data, content_type="application/json", headers={
        "X-Hocvuso-Client": client_id, "X-Hocvuso-Timestamp": timestamp,
        "X-Hocvuso-Signature": signature(secret, timestamp, data)})


def event(**changes):
    base = {"learner": {"id": "42", "subject_id": "sub-42", "group": "nguoi_dan", "unit": "Trường THCS A"},
            "course_id": COURSE_ID, "block": "q1_thiet_bi", "earned": 9, "possible": 10, "completed": True}
    return {**base, **changes}


def test_a_signed_batch_is_stored_under_the_clients_namespace():
    response = post({"events": [event(), event(block="s1_mo_khoa", earned=1, possible=1)]})
    assert response.status_code == 202 and response.json() == {"stored": 2, "learners": 1}
    link = LearnerLink.objects.get()
    assert link.lms_user_id == "moodle-tinh:42" and link.unit == "Trường THCS A"
    assert BlockProgress.objects.filter(learner=link).count() == 2


@pytest.mark.parametrize("kwargs", [
    {"secret": "sai"}, {"client_id": "la-mat"}, {"timestamp": int(time.time()) - 3600},
])
def test_a_bad_signature_unknown_client_or_old_timestamp_is_401(kwargs):
    response = post({"events": [event()]}, **kwargs)
    assert response.status_code == 401 and response.json()["error"]
    assert not LearnerLink.objects.exists()


def test_a_body_changed_after_signing_is_401():
    timestamp = str(int(time.time()))
    signed = json.dumps({"events": [event()]}).encode()
    tampered = json.dumps({"events": [event(earned=10)]}).encode()
    response = Client().post(URL, data=tampered, content_type="application/json", headers={
        "X-Hocvuso-Client": "moodle-tinh", "X-Hocvuso-Timestamp": timestamp,
        "X-Hocvuso-Signature": signature(SECRET, timestamp, signed)})
    assert response.status_code == 401 and not BlockProgress.objects.exists()


def test_an_unknown_course_is_422_and_nothing_is_stored():
    response = post({"events": [event(), event(course_id="course-v1:Khac+X+1")]})
    assert response.status_code == 422
    assert "unknown course 'course-v1:Khac+X+1'" in response.json()["problems"][0]
    assert not BlockProgress.objects.exists() and not LearnerLink.objects.exists()


@pytest.mark.parametrize(("body", "problem"), [
    ({"events": "x"}, '{"events": [...]}'),
    ({"events": []}, "1 to 1000 events"),
    ({"events": [event(extra=1)]}, "unknown fields"),
    ({"events": [event(completed="yes")]}, "true or false"),
    ({"events": [event(earned=20)]}, "0 <= earned <= possible"),
    ({"events": [event(block="khong_co")]}, "not a graded block"),
])
def test_a_malformed_body_is_400_naming_the_problem(body, problem):
    response = post(body)
    assert response.status_code == 400, response.content
    assert any(problem in text for text in response.json()["problems"])
    assert not BlockProgress.objects.exists()


def test_a_body_that_is_not_json_is_400():
    response = post(None, raw=b"{events")
    assert response.status_code == 400 and "not JSON" in response.json()["error"]


def test_get_is_not_allowed():
    assert Client().get(URL).status_code == 405


# Hostile input: each refused with 400 naming the event and field, nothing stored (the nesting was a 500).
NAME_LIMIT = 200  # the certificate's limit on a printed name (graders.credentials.credential)


def _learner(**changes):
    return {**event()["learner"], **changes}


@pytest.mark.parametrize(("raw", "field"), [
    (b'{"events": [{"learner": {"id": "42"}, "course_id": "C", "block": "q1_thiet_bi", "earned": Infinity, '
     b'"possible": 10}]}', "Infinity"),
    (b'{"events": [{"learner": {"id": "42"}, "course_id": "C", "block": "q1_thiet_bi", "earned": NaN, '
     b'"possible": 10}]}', "NaN"),
    (b'{"events": [{"learner": {"id": "42"}, "course_id": "C", "block": "q1_thiet_bi", "earned": 1e999, '
     b'"possible": 10}]}', "earned"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_non_finite_numbers_and_deep_nesting_are_400(raw, field):
    response = post(None, raw=raw)
    assert response.status_code == 400, response.content
    data = response.json()
    assert field in data["error"] + " ".join(data["problems"])
    assert not LearnerLink.objects.exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"events": [event(earned=True, possible=True)]}, "earned must be a finite number"),
    ({"events": [event(learner=_learner(id=True))]}, "learner.id must be text"),
    ({"events": [event(learner=_learner(unit="Trường\x00A"))]}, "learner.unit contains a control character"),
    ({"events": [event(learner=_learner(id="9" * 100_000))]}, "learner.id is longer than 255"),
    ({"events": [event(learner=_learner(subject_id="s" * 100_000))]}, "learner.subject_id is longer than 255"),
    ({"events": [event(learner=_learner(name="Nguyễn " * 40))]}, f"learner.name is longer than {NAME_LIMIT}"),
    ({"events": [event(block="b" * 100_000)]}, "block is longer than 255"),
    ({"events": [event(learner=_learner(group=["nguoi_dan"]))]}, "learner.group must be text"),
])
def test_hostile_fields_are_400_naming_the_field(body, field):
    response = post(body)
    assert response.status_code == 400, response.content
    assert any(field in problem and problem.startswith("event 0:") for problem in response.json()["problems"]), \
        response.json()
    assert not LearnerLink.objects.exists()


def test_a_numeric_learner_id_is_still_accepted():
    assert post({"events": [event(learner=_learner(id=42))]}).status_code == 202
    assert LearnerLink.objects.get().lms_user_id == "moodle-tinh:42"


def test_a_replayed_request_is_refused_and_a_fresh_one_accepted():
    timestamp = str(int(time.time()))
    data = json.dumps({"events": [event()]}).encode()
    headers = {"X-Hocvuso-Client": "moodle-tinh", "X-Hocvuso-Timestamp": timestamp,
               "X-Hocvuso-Signature": signature(SECRET, timestamp, data)}
    assert Client().post(URL, data=data, content_type="application/json", headers=headers).status_code == 202
    BlockProgress.objects.update(earned=0)  # the learner's grade changes in between
    replay = Client().post(URL, data=data, content_type="application/json", headers=headers)
    assert replay.status_code == 409 and "replay" in replay.json()["error"]
    assert set(BlockProgress.objects.values_list("earned", flat=True)) == {0}  # the replay changed nothing
    assert post({"events": [event()]}, timestamp=int(timestamp) + 1).status_code == 202
