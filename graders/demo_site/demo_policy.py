"""The demo's short track: the course's certificate policy plus the groups in demo_policy.json.

The real tracks need 6-8 modules, too long to show the pipeline in a demo. demo_policy.json adds a
group ("trai_nghiem": one phone exercise and one quiz) with its own achievement, without touching
course_content/: the demo reads the course through a view folder under var/ whose files are links to
course_content/ except certificate_policy.json, which is the course's policy with the additions.
graders loads that folder like any course folder (HOCVUSO_COURSE_DIRS, HOCVUSO_CERTIFICATE_POLICY).
Pure: no Django import, so the settings module can call it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

COURSE_DIR = Path(__file__).resolve().parents[2] / "course_content"
OVERLAY_PATH = Path(__file__).resolve().with_name("demo_policy.json")
POLICY_FILE = "certificate_policy.json"
ADDED_SECTIONS = ("achievements", "groups")


class DemoPolicyError(ValueError):
    """The overlay would change the course's own policy, or is not readable."""


def merged_policy(course_policy: dict, overlay: dict) -> dict:
    """The course's policy with the overlay's achievements and groups added (never replaced)."""
    merged = json.loads(json.dumps(course_policy))  # a deep copy of plain JSON
    unknown = set(overlay) - {*ADDED_SECTIONS, "_comment"}
    if unknown:
        raise DemoPolicyError(f"{OVERLAY_PATH.name}: only {', '.join(ADDED_SECTIONS)} can be added, "
                              f"not {', '.join(sorted(unknown))}")
    for section in ADDED_SECTIONS:
        additions = overlay.get(section) or {}
        if not isinstance(additions, dict):
            raise DemoPolicyError(f"{OVERLAY_PATH.name}: {section} must be an object")
        existing = merged.setdefault(section, {})
        clashes = sorted(set(additions) & set(existing))
        if clashes:
            raise DemoPolicyError(f"{OVERLAY_PATH.name}: {section} {', '.join(clashes)} already exist in the "
                                  "course's policy; demo additions need names of their own")
        existing.update(additions)
    return merged


def _write_atomically(path: Path, text: str) -> None:
    """Several demo processes import the settings at once: each replaces the file whole."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


def demo_course_dir(var_dir: Path, course_dir: Path = COURSE_DIR, overlay_path: Path = OVERLAY_PATH) -> Path:
    """Build (or refresh) var_dir/demo_course, the course as graders sees it in the demo; return its path."""
    try:
        course_policy = json.loads((course_dir / POLICY_FILE).read_text(encoding="utf-8"))
        overlay = json.loads(overlay_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DemoPolicyError(f"cannot read the demo policy: {error}") from error
    view = Path(var_dir) / "demo_course"
    view.mkdir(parents=True, exist_ok=True)
    for entry in view.iterdir():  # links to what course_content/ no longer has
        if entry.is_symlink() and not entry.exists():
            entry.unlink(missing_ok=True)
    for source in course_dir.iterdir():
        if source.name == POLICY_FILE:
            continue
        link = view / source.name
        if not link.is_symlink():
            with contextlib.suppress(FileExistsError):  # another process made it meanwhile
                link.symlink_to(source, target_is_directory=source.is_dir())
    text = json.dumps(merged_policy(course_policy, overlay), ensure_ascii=False, indent=2)
    target = view / POLICY_FILE
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        _write_atomically(target, text)
    return view
