"""The configured courses' certificate policies, by course id: what intake, evaluation, issuing and the
public pages all read. Below both the pipeline and the certificates, so neither imports the other for them.

The courses are those whose policy is stored in the database (graders.models.CoursePolicy, loaded by
`hocvuso policy load`: the home of policies in an installed LMS, which has no course folder) and those of
the HOCVUSO_COURSE_DIRS folders (the demo), plus the overlays HOCVUSO_POLICY_OVERLAYS (graders.policy
reads and checks them all); they are read again when one of their files or a stored policy changes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from graders.models import CoursePolicy
from graders.policy import (
    POLICY_FILE,
    CompletionPolicy,
    StoredPolicy,
    load_policies,
    structure_from_data,
    structure_to_data,
)
from graders.settings.common import setting

MISSING_POLICY_HINT = ("no certificate policy is loaded for it: load the course's certificate_policy.json with "
                       "`hocvuso policy load <course folder or archive>`")


@lru_cache(maxsize=1)
def _policies(course_dirs: tuple[str, ...], overlays: tuple[str, ...], _changed: tuple[int | None, ...],
              _stored_version: tuple) -> dict[str, CompletionPolicy]:
    stored = [StoredPolicy(f"database: {row.course_id} (loaded from {row.source or 'unknown'})", row.document,
                           structure_from_data(row.structure))
              for row in CoursePolicy.objects.order_by("course_id")]
    return load_policies([Path(path) for path in course_dirs], [Path(path) for path in overlays], stored)


def _changed(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def course_policies() -> dict[str, CompletionPolicy]:
    """Every course's certificate policy (stored ones and HOCVUSO_COURSE_DIRS', plus HOCVUSO_POLICY_OVERLAYS),
    by course id: what intake, evaluation and issuing all read. Read again when a policy changes."""
    course_dirs = tuple(str(path) for path in setting("HOCVUSO_COURSE_DIRS"))
    overlays = tuple(str(path) for path in setting("HOCVUSO_POLICY_OVERLAYS"))
    files = [Path(path) / POLICY_FILE for path in course_dirs] + [Path(path) for path in overlays]
    stored_version = tuple(CoursePolicy.objects.aggregate(count=Count("id"), last=Max("loaded_at")).values())
    return _policies(course_dirs, overlays, tuple(_changed(path) for path in files), stored_version)


def course_policy(course_id: str) -> CompletionPolicy | None:
    """The policy of one configured course, or None when graders is not configured for it."""
    return course_policies().get(course_id)


def store_course_policy(stored: StoredPolicy, source: str) -> tuple[CoursePolicy, bool]:
    """Keep a checked course policy (graders.policy.read_course_policy) in the database, replacing the
    course's previous one; refused (nothing stored) when the whole configuration would no longer load."""
    with transaction.atomic():
        row, created = CoursePolicy.objects.update_or_create(
            course_id=stored.structure.course_id,
            defaults={"document": dict(stored.document), "structure": structure_to_data(stored.structure),
                      "source": source[:500], "loaded_at": timezone.now()})
        course_policies()
    return row, created
