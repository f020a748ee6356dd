"""The configured courses' certificate policies, by course id: what intake, evaluation, issuing and the
public pages all read. Below both the pipeline and the certificates, so neither imports the other for them.

The courses are HOCVUSO_COURSE_DIRS plus the overlays HOCVUSO_POLICY_OVERLAYS (graders.policy reads and
checks them); they are read again when one of their files changes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from graders.policy import POLICY_FILE, CompletionPolicy, load_policies
from graders.settings.common import setting


@lru_cache(maxsize=1)
def _policies(course_dirs: tuple[str, ...], overlays: tuple[str, ...],
              _changed: tuple[int | None, ...]) -> dict[str, CompletionPolicy]:
    return load_policies([Path(path) for path in course_dirs], [Path(path) for path in overlays])


def _changed(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def course_policies() -> dict[str, CompletionPolicy]:
    """Every configured course's certificate policy (HOCVUSO_COURSE_DIRS, plus HOCVUSO_POLICY_OVERLAYS),
    by course id: what intake, evaluation and issuing all read. Read again when a policy file changes."""
    course_dirs = tuple(str(path) for path in setting("HOCVUSO_COURSE_DIRS"))
    overlays = tuple(str(path) for path in setting("HOCVUSO_POLICY_OVERLAYS"))
    files = [Path(path) / POLICY_FILE for path in course_dirs] + [Path(path) for path in overlays]
    return _policies(course_dirs, overlays, tuple(_changed(path) for path in files))


def course_policy(course_id: str) -> CompletionPolicy | None:
    """The policy of one configured course, or None when graders is not configured for it."""
    return course_policies().get(course_id)
