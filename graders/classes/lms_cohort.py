"""In the LMS, a class is also a course cohort: the platform's own grouping, which its grade report and
instructor dashboard already filter by (docs/architecture.md, "Classes"). A learner who joins a class is put
in its cohort; the cohort is made on first use, and the course turned cohorted if it was not.

edx-platform's cohorts API is imported lazily: outside the LMS (the demo, the tests) it is absent and
nothing happens. The platform refusing (a course it does not know, a user not enrolled) never undoes the
join: it is logged for the operator, and the teacher can still add the learner under Instructor → Cohorts."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from graders.models import Class

log = logging.getLogger(__name__)


def _platform_cohorts():
    """edx-platform's cohorts API and its models, or None outside the LMS."""
    try:
        from openedx.core.djangoapps.course_groups import cohorts
        from openedx.core.djangoapps.course_groups.models import CourseCohort, CourseUserGroup
    except ImportError:
        return None
    return cohorts, CourseCohort, CourseUserGroup


def cohort_name(klass: Class) -> str:
    """The class's name and number: two classes of one course may share a name, a cohort name may not."""
    return f"{klass.name} (lớp {klass.pk})"[:255]


def add_to_class_cohort(klass: Class, user: Any) -> bool:
    """Put an LMS user who joined `klass` into its cohort; True when the platform did (or already had)."""
    platform = _platform_cohorts()
    if platform is None or not getattr(user, "is_authenticated", False):
        return False
    cohorts, course_cohort, course_user_group = platform
    from opaque_keys.edx.keys import CourseKey

    try:
        course_key = CourseKey.from_string(klass.course_id)
        if not cohorts.is_course_cohorted(course_key):
            cohorts.set_course_cohorted(course_key, True)
        name = cohort_name(klass)
        try:
            cohort = cohorts.get_cohort_by_name(course_key, name)
        except course_user_group.DoesNotExist:
            cohort = cohorts.add_cohort(course_key, name, course_cohort.MANUAL)
        with contextlib.suppress(ValueError):  # already in this cohort: joining again changes nothing
            cohorts.add_user_to_cohort(cohort, user)
    except Exception:  # the platform's refusal must not undo the join; the operator sees why
        log.warning("class %s: the LMS did not put user %s in cohort %r", klass.pk, user.pk, cohort_name(klass),
                    exc_info=True)
        return False
    return True
