"""Open edX intake: real openedx-events signal objects reach graders' receivers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import (
    CourseData,
    CoursePassingStatusData,
    PersistentCourseGradeData,
    UserData,
    UserPersonalData,
)
from openedx_events.learning.signals import COURSE_PASSING_STATUS_UPDATED, PERSISTENT_GRADE_SUMMARY_CHANGED

import graders.pipeline.receivers  # noqa: F401  (connects the receivers, as the plugin framework does)
from graders.models import BlockProgress, LearnerLink, Outbox
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.intake import LearnerInfo, link_learner
from graders.pipeline.receivers import BlockScore

from .mini_course import COURSE_ID

pytestmark = pytest.mark.django_db
LMS_SCORES: dict[int, list[BlockScore]] = {}


def fake_lms_scores(user_id, course_key):
    """Stands in for the LMS grades API (lms.djangoapps.grades), which exists only inside the LMS."""
    assert course_key == COURSE_ID
    return LMS_SCORES.get(user_id, [])


@pytest.fixture(autouse=True)
def lms(settings, mini_course):
    settings.HOCVUSO_LMS_SCORE_SOURCE = f"{__name__}.fake_lms_scores"
    LMS_SCORES.clear()


def user(user_id=7):
    return UserData(id=user_id, is_active=True,
                    pii=UserPersonalData(username="hoc_vien_7", email="hv7@example.invalid", name="Lê Văn C"))


def course():
    return CourseData(course_key=CourseKey.from_string(COURSE_ID), display_name="Thử")


def test_course_passing_status_updated_records_block_scores_from_the_lms():
    LMS_SCORES[7] = [BlockScore("s1_mo_khoa", 1, 1), BlockScore("q1_thiet_bi", 9, 10),
                     BlockScore("some_capa_problem", 1, 1)]  # not in our policy: ignored
    link_learner(LearnerInfo("7", subject_id="sub-7", group="nguoi_dan"))
    COURSE_PASSING_STATUS_UPDATED.send_event(
        course_passing_status=CoursePassingStatusData(is_passing=True, course=course(), user=user()))
    link = LearnerLink.objects.get(lms_user_id="7")
    assert link.username == "hoc_vien_7" and link.display_name == "Lê Văn C"
    assert {row.url_name: row.earned for row in BlockProgress.objects.filter(learner=link)} == {
        "s1_mo_khoa": 1, "q1_thiet_bi": 9}
    assert len(evaluate_learners([link.id])) == 1
    assert Outbox.objects.get().certificate.display_name == "Lê Văn C"


def test_a_course_we_have_no_policy_for_is_ignored():
    other = CourseData(course_key=CourseKey.from_string("course-v1:Other+X+2026"))
    COURSE_PASSING_STATUS_UPDATED.send_event(
        course_passing_status=CoursePassingStatusData(is_passing=True, course=other, user=user()))
    assert not LearnerLink.objects.exists()


def test_a_grade_summary_change_refreshes_the_scores():
    LMS_SCORES[7] = [BlockScore("q1_thiet_bi", 3, 10)]
    grade = PersistentCourseGradeData(
        user_id=7, course=course(), course_edited_timestamp=datetime.now(UTC), course_version="v1",
        grading_policy_hash="h", percent_grade=0.3, letter_grade="", passed_timestamp=None)
    PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=grade)
    assert BlockProgress.objects.get(learner__lms_user_id="7").earned == 3
    LMS_SCORES[7] = [BlockScore("q1_thiet_bi", 8, 10)]
    PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(grade=grade)
    assert BlockProgress.objects.get(learner__lms_user_id="7").earned == 8
