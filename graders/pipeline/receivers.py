"""Open edX intake: receivers of openedx-events grade signals.

The LMS reports course-level changes (COURSE_PASSING_STATUS_UPDATED, PERSISTENT_GRADE_SUMMARY_CHANGED);
our completion rule needs block scores per target group, so on such a change the learner's block
scores are read from the LMS grades API (HOCVUSO_LMS_SCORE_SOURCE) and go through intake like any
other progress. EXTERNAL_GRADER_SCORE_SUBMITTED carries one block's score and is recorded directly.

Importing this module connects the receivers (the plugin framework imports it via signals_config).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.dispatch import receiver
from django.utils.module_loading import import_string
from openedx_events.learning.signals import (
    COURSE_PASSING_STATUS_UPDATED,
    EXTERNAL_GRADER_SCORE_SUBMITTED,
    PERSISTENT_GRADE_SUMMARY_CHANGED,
)

from graders.course_policies import course_policy
from graders.pipeline.intake import IntakeError, LearnerInfo, ProgressEvent, link_learner, record_progress
from graders.pipeline.tasks import schedule_evaluation
from graders.settings.common import setting

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BlockScore:
    """One block's raw score as the LMS holds it."""

    url_name: str
    earned: float
    possible: float
    attempted: bool = True


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
                                 score.first_attempted is not None)


def refresh_learner(user_id: int, course_key: str, *, username: str | None = None,
                    name: str | None = None) -> int:
    """Pull the learner's block scores for a course we have a policy for and record them."""
    policy = course_policy(course_key)
    if policy is None:
        return 0
    learner = LearnerInfo(lms_user_id=str(user_id), username=username, display_name=name or None)
    source = import_string(setting("HOCVUSO_LMS_SCORE_SOURCE"))
    try:
        scores = list(source(user_id, course_key))
    except ImportError:
        log.warning("graders: no LMS grades API here; cannot read block scores of user %s", user_id)
        scores = []
    events = [
        ProgressEvent(learner, course_key, score.url_name, earned=score.earned, possible=score.possible,
                      completed=score.attempted)
        for score in scores
        if score.url_name in policy.structure.blocks and score.possible > 0
    ]
    if not events:
        schedule_evaluation([link_learner(learner).id])  # still re-evaluate with what we hold
        return 0
    result = record_progress(events)
    schedule_evaluation(result.learner_ids)
    return result.stored


@receiver(COURSE_PASSING_STATUS_UPDATED, dispatch_uid="graders.course_passing_status_updated")
def course_passing_status_updated(sender, course_passing_status=None, **kwargs) -> None:
    """The LMS's passing status changed: refresh this learner's block scores and evaluate."""
    data = course_passing_status
    pii = getattr(data.user, "pii", None)
    refresh_learner(data.user.id, str(data.course.course_key),
                    username=getattr(pii, "username", None), name=getattr(pii, "name", None))


@receiver(PERSISTENT_GRADE_SUMMARY_CHANGED, dispatch_uid="graders.persistent_grade_summary_changed")
def persistent_grade_summary_changed(sender, grade=None, **kwargs) -> None:
    """A course grade was recomputed: same as a passing-status change, for every grade change."""
    refresh_learner(grade.user_id, str(grade.course.course_key))


@receiver(EXTERNAL_GRADER_SCORE_SUBMITTED, dispatch_uid="graders.external_grader_score_submitted")
def external_grader_score_submitted(sender, score=None, **kwargs) -> None:
    """One block was scored by an external grader: record that block's score."""
    if course_policy(score.course_id) is None:
        return
    url_name = score.module_id.rsplit("@", 1)[-1]
    try:
        result = record_progress([ProgressEvent(LearnerInfo(str(score.user_id)), score.course_id, url_name,
                                                earned=float(score.points_earned),
                                                possible=float(score.points_possible), completed=True)])
        schedule_evaluation(result.learner_ids)
    except IntakeError as error:
        log.warning("graders: external grader score not recorded: %s", error)
