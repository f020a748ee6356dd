"""Open edX intake: receivers of openedx-events grade signals.

The LMS reports course-level changes (COURSE_PASSING_STATUS_UPDATED, its CCX twin
CCX_COURSE_PASSING_STATUS_UPDATED, PERSISTENT_GRADE_SUMMARY_CHANGED); our completion rule needs block
scores per target group, so on such a change the learner's block scores are read from the LMS grades API
(HOCVUSO_LMS_SCORE_SOURCE) and go through intake like any other progress. A CCX (custom course, a run of a
master course for one coach's learners) follows its master course's policy, with scores read from the CCX.
EXTERNAL_GRADER_SCORE_SUBMITTED carries one block's score and the learner's *anonymous* id: it is mapped to
the LMS user through the platform's own API, and dropped where that is impossible (never a new learner).

Importing this module connects the receivers (GradersConfig.ready does).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.dispatch import receiver
from django.utils.module_loading import import_string
from openedx_events.learning.signals import (
    CCX_COURSE_PASSING_STATUS_UPDATED,
    COURSE_PASSING_STATUS_UPDATED,
    EXTERNAL_GRADER_SCORE_SUBMITTED,
    PERSISTENT_GRADE_SUMMARY_CHANGED,
)

from graders.course_policies import MISSING_POLICY_HINT, course_policy
from graders.pipeline.intake import IntakeError, LearnerInfo, ProgressEvent, link_learner, record_progress
from graders.pipeline.tasks import schedule_evaluation
from graders.policy import GRADED_BLOCK_TYPES
from graders.settings.common import setting

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BlockScore:
    """One block's raw score as the LMS holds it."""

    url_name: str
    earned: float
    possible: float
    attempted: bool = True
    block_type: str = ""


def openedx_block_scores(user_id: int, course_key: str) -> Iterable[BlockScore]:
    """Read a learner's block scores from the LMS grades API (only importable inside the LMS)."""
    from django.contrib.auth import get_user_model
    from lms.djangoapps.grades.api import CourseGradeFactory  # type: ignore[import-not-found]
    from opaque_keys.edx.keys import CourseKey

    user = get_user_model().objects.get(id=user_id)
    grade = CourseGradeFactory().read(user, course_key=CourseKey.from_string(course_key))
    for chapter in grade.chapter_grades.values():
        for subsection in chapter["sections"]:
            for usage_key, score in subsection.problem_scores.items():
                yield BlockScore(usage_key.block_id, float(score.raw_earned), float(score.raw_possible),
                                 score.first_attempted is not None, usage_key.block_type)


def policy_course_of(course_key: str) -> str:
    """The course whose certificate policy applies: a CCX's master course, else the course itself."""
    if course_key.startswith("ccx-v1:"):
        from ccx_keys.locator import CCXLocator  # edx-ccx-keys, which openedx-events requires

        return str(CCXLocator.from_string(course_key).to_course_locator())
    return course_key


def _read_scores(user_id: int, course_key: str) -> list[BlockScore]:
    source = import_string(setting("HOCVUSO_LMS_SCORE_SOURCE"))
    try:
        return list(source(user_id, course_key))
    except ImportError:
        log.warning("graders: no LMS grades API here; cannot read block scores of user %s", user_id)
        return []


_COURSES_WITHOUT_POLICY: dict[str, bool] = {}  # course id -> uses our graded blocks (checked once per process)


def _report_missing_policy(course_id: str, scores: Iterable[BlockScore]) -> None:
    """A course that uses our graded blocks but has no policy earns nobody a certificate: say so, once."""
    if course_id in _COURSES_WITHOUT_POLICY:
        return
    uses_our_blocks = any(score.block_type in GRADED_BLOCK_TYPES for score in scores)
    _COURSES_WITHOUT_POLICY[course_id] = uses_our_blocks
    if uses_our_blocks:
        log.error("graders: course %s has phone_sim/auto_quiz blocks but %s; its learners earn no certificate "
                  "until then", course_id, MISSING_POLICY_HINT)


def refresh_learner(user_id: int, course_key: str, *, username: str | None = None,
                    name: str | None = None) -> int:
    """Pull the learner's block scores in `course_key` (a course or a CCX) and record them under the
    course whose policy applies."""
    policy_course = policy_course_of(course_key)
    policy = course_policy(policy_course)
    if policy is None:
        if policy_course not in _COURSES_WITHOUT_POLICY:
            _report_missing_policy(policy_course, _read_scores(user_id, course_key))
        return 0
    learner = LearnerInfo(lms_user_id=str(user_id), username=username, display_name=name or None)
    events = [
        ProgressEvent(learner, policy_course, score.url_name, earned=score.earned, possible=score.possible,
                      completed=score.attempted)
        for score in _read_scores(user_id, course_key)
        if score.url_name in policy.structure.blocks and score.possible > 0
    ]
    if not events:
        schedule_evaluation([link_learner(learner).id])  # still re-evaluate with what we hold
        return 0
    result = record_progress(events)
    schedule_evaluation(result.learner_ids)
    return result.stored


def _refresh_from_passing_status(data) -> None:
    pii = getattr(data.user, "pii", None)
    course = data.course
    course_key = getattr(course, "ccx_course_key", None) or course.course_key
    refresh_learner(data.user.id, str(course_key),
                    username=getattr(pii, "username", None), name=getattr(pii, "name", None))


@receiver(COURSE_PASSING_STATUS_UPDATED, dispatch_uid="graders.course_passing_status_updated")
def course_passing_status_updated(sender, course_passing_status=None, **kwargs) -> None:
    """The LMS's passing status changed: refresh this learner's block scores and evaluate."""
    _refresh_from_passing_status(course_passing_status)


@receiver(CCX_COURSE_PASSING_STATUS_UPDATED, dispatch_uid="graders.ccx_course_passing_status_updated")
def ccx_course_passing_status_updated(sender, course_passing_status=None, **kwargs) -> None:
    """The same in a CCX: scores from the CCX, the master course's policy (CcxCourseData names both)."""
    _refresh_from_passing_status(course_passing_status)


@receiver(PERSISTENT_GRADE_SUMMARY_CHANGED, dispatch_uid="graders.persistent_grade_summary_changed")
def persistent_grade_summary_changed(sender, grade=None, **kwargs) -> None:
    """A course grade was recomputed: same as a passing-status change, for every grade change."""
    refresh_learner(grade.user_id, str(grade.course.course_key))


def lms_user_of_anonymous_id(anonymous_id: str):
    """The LMS user behind an anonymous id (what edx-submissions and xqueue know a learner by), through
    the platform's own API; None outside the LMS or for an id it does not know."""
    try:
        from common.djangoapps.student.models import user_by_anonymous_id  # type: ignore[import-not-found]
    except ImportError:
        return None
    return user_by_anonymous_id(anonymous_id)


@receiver(EXTERNAL_GRADER_SCORE_SUBMITTED, dispatch_uid="graders.external_grader_score_submitted")
def external_grader_score_submitted(sender, score=None, **kwargs) -> None:
    """One block was scored by an external grader: record that block's score for the learner behind the
    event's anonymous id. Never a learner of its own: an id we cannot map is dropped with a warning."""
    policy_course = policy_course_of(str(score.course_id))
    if course_policy(policy_course) is None:
        return
    user = lms_user_of_anonymous_id(str(score.user_id))
    if user is None:
        log.warning("graders: external grader score for %s not recorded: its anonymous learner id cannot be "
                    "mapped to an LMS user here", score.module_id)
        return
    url_name = str(score.module_id).rsplit("@", 1)[-1]
    try:
        result = record_progress([ProgressEvent(LearnerInfo(str(user.id), username=getattr(user, "username", None)),
                                                policy_course, url_name, earned=float(score.points_earned),
                                                possible=float(score.points_possible), completed=True)])
        schedule_evaluation(result.learner_ids)
    except IntakeError as error:
        log.warning("graders: external grader score not recorded: %s", error)
