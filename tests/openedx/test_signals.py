"""Every openedx-events signal graders handles, sent as the platform sends it, with the real data classes
of the pinned openedx-events, to the receivers the plugin app connects in the LMS-shaped settings.

Stand-ins for the platform (edx-platform is not installed here), each only where the platform's own code
would run: its grades API (HOCVUSO_LMS_SCORE_SOURCE -> `lms_grades` below, which records which course it
was asked about) and `common.djangoapps.student.models.user_by_anonymous_id` (a module put in sys.modules).
The course's certificate policy is loaded the way an operator does: `manage.py ... hocvuso policy load`.
"""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ccx_keys.locator import CCXLocator
from django.contrib.auth import get_user_model
from django.core.management import call_command
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import (
    CcxCourseData,
    CcxCoursePassingStatusData,
    CourseData,
    CoursePassingStatusData,
    ExternalGraderScoreData,
    PersistentCourseGradeData,
    UserData,
    UserPersonalData,
)
from openedx_events.learning.signals import (
    CCX_COURSE_PASSING_STATUS_UPDATED,
    COURSE_PASSING_STATUS_UPDATED,
    EXTERNAL_GRADER_SCORE_SUBMITTED,
    PERSISTENT_GRADE_SUMMARY_CHANGED,
)

from graders.models import BlockProgress, LearnerLink
from graders.pipeline.receivers import BlockScore

pytestmark = pytest.mark.django_db
COURSE_DIR = Path(__file__).resolve().parents[2] / "course_content"
COURSE_ID = "course-v1:HocVuSo+KNS01+2026"
CCX_ID = "ccx-v1:HocVuSo+KNS01+2026+ccx@3"
SCORES: dict[tuple[int, str], list[BlockScore]] = {}
ASKED: list[tuple[int, str]] = []


def lms_grades(user_id: int, course_key: str) -> list[BlockScore]:
    """Stands in for lms.djangoapps.grades (CourseGradeFactory), which exists only inside the LMS."""
    ASKED.append((user_id, course_key))
    return SCORES.get((user_id, course_key), [])


@pytest.fixture(autouse=True)
def lms(settings):
    settings.HOCVUSO_LMS_SCORE_SOURCE = f"{__name__}.lms_grades"
    call_command("hocvuso", "policy", "load", str(COURSE_DIR))
    SCORES.clear()
    ASKED.clear()


def send(signal, **data):
    """Send as the platform does (send_event, robust): a receiver's exception would only be logged, so
    the test fails on any exception a receiver returned."""
    responses = signal.send_event(**data)
    failures = [result for _receiver, result in responses if isinstance(result, Exception)]
    assert not failures, failures
    return responses


def learner(user_id=7):
    return UserData(id=user_id, is_active=True,
                    pii=UserPersonalData(username=f"hoc_vien_{user_id}", email="hv@example.invalid", name="Lê Văn C"))


def progress(user_id="7") -> dict[str, float]:
    return {row.url_name: row.earned for row in BlockProgress.objects.filter(learner__lms_user_id=user_id)}


def test_course_passing_status_records_the_learners_block_scores():
    SCORES[(7, COURSE_ID)] = [BlockScore("q1_thiet_bi", 9, 10, block_type="auto_quiz"),
                              BlockScore("s01_lam_quen_dien_thoai", 1, 1, block_type="phone_sim"),
                              BlockScore("a_capa_problem", 1, 1, block_type="problem")]  # not ours: ignored
    send(COURSE_PASSING_STATUS_UPDATED, course_passing_status=CoursePassingStatusData(
        is_passing=True, course=CourseData(course_key=CourseKey.from_string(COURSE_ID)), user=learner()))
    assert progress() == {"q1_thiet_bi": 9, "s01_lam_quen_dien_thoai": 1}
    link = LearnerLink.objects.get(lms_user_id="7")
    assert (link.username, link.display_name) == ("hoc_vien_7", "Lê Văn C")


def test_a_ccx_course_counts_toward_its_master_courses_certificate():
    ccx_key = CCXLocator.from_string(CCX_ID)
    SCORES[(8, CCX_ID)] = [BlockScore("q2_vneid", 7, 10, block_type="auto_quiz")]
    send(CCX_COURSE_PASSING_STATUS_UPDATED, course_passing_status=CcxCoursePassingStatusData(
        is_passing=True, user=learner(8),
        course=CcxCourseData(ccx_course_key=ccx_key, master_course_key=CourseKey.from_string(COURSE_ID),
                             display_name="Lớp xã Tân Phú", coach_email="coach@example.invalid")))
    assert ASKED == [(8, CCX_ID)]  # the CCX's own grades
    assert progress("8") == {"q2_vneid": 7}
    assert set(BlockProgress.objects.values_list("course_id", flat=True)) == {COURSE_ID}


def test_a_grade_summary_change_refreshes_the_scores():
    grade = PersistentCourseGradeData(
        user_id=7, course=CourseData(course_key=CourseKey.from_string(COURSE_ID)),
        course_edited_timestamp=datetime.now(UTC), course_version="v1", grading_policy_hash="h",
        percent_grade=0.3, letter_grade="", passed_timestamp=None)
    SCORES[(7, COURSE_ID)] = [BlockScore("q1_thiet_bi", 3, 10, block_type="auto_quiz")]
    send(PERSISTENT_GRADE_SUMMARY_CHANGED, grade=grade)
    SCORES[(7, COURSE_ID)] = [BlockScore("q1_thiet_bi", 8, 10, block_type="auto_quiz")]
    send(PERSISTENT_GRADE_SUMMARY_CHANGED, grade=grade)
    assert progress() == {"q1_thiet_bi": 8}


def external_score(anonymous_id: str) -> ExternalGraderScoreData:
    """As edx-submissions sends it: the learner is the submission's student_id, an anonymous id."""
    return ExternalGraderScoreData(
        points_possible=10, points_earned=6, course_id=COURSE_ID, score_msg="<p>ok</p>", submission_id=41,
        user_id=anonymous_id, module_id="block-v1:HocVuSo+KNS01+2026+type@auto_quiz+block@q1_thiet_bi",
        queue_key="k", queue_name="hocvuso")


def test_an_external_grader_score_never_creates_a_learner_from_an_anonymous_id():
    send(EXTERNAL_GRADER_SCORE_SUBMITTED, score=external_score("5afe5d9bb03796557ee2614f5c9611fb"))
    assert not LearnerLink.objects.exists()


def test_an_external_grader_score_is_recorded_for_the_learner_behind_the_anonymous_id(monkeypatch):
    user = get_user_model().objects.create(username="hoc_vien_9")
    platform = types.ModuleType("common.djangoapps.student.models")  # stands in for edx-platform's own API
    platform.user_by_anonymous_id = lambda anonymous_id: user if anonymous_id == "anon-9" else None
    for name in ("common", "common.djangoapps", "common.djangoapps.student"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "common.djangoapps.student.models", platform)
    send(EXTERNAL_GRADER_SCORE_SUBMITTED, score=external_score("anon-9"))
    send(EXTERNAL_GRADER_SCORE_SUBMITTED, score=external_score("anon-unknown"))
    assert list(LearnerLink.objects.values_list("lms_user_id", "username")) == [(str(user.id), "hoc_vien_9")]
    assert progress(str(user.id)) == {"q1_thiet_bi": 6}


def test_a_course_using_our_blocks_without_a_policy_is_reported_once(caplog):
    other = "course-v1:HocVuSo+KNS02+2027"
    SCORES[(7, other)] = [BlockScore("q1", 1, 1, block_type="auto_quiz")]
    status = CoursePassingStatusData(is_passing=True, course=CourseData(course_key=CourseKey.from_string(other)),
                                     user=learner())
    send(COURSE_PASSING_STATUS_UPDATED, course_passing_status=status)
    send(COURSE_PASSING_STATUS_UPDATED, course_passing_status=status)
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(errors) == 1 and other in errors[0] and "hocvuso policy load" in errors[0]
    assert not LearnerLink.objects.exists()
