"""The course passes Studio's import validation: olxcleaner, as cms/djangoapps/contentstore/tasks.py calls it.

Studio runs `olxcleaner.validate(filename=course_dir, steps=settings.COURSE_OLX_VALIDATION_STAGE (1),
ignore=settings.COURSE_OLX_VALIDATION_IGNORE_LIST (None), allowed_xblocks=ALL_ALLOWED_XBLOCKS)` on every
import, ALL_ALLOWED_XBLOCKS being the names of the installed `xblock.v1` entry points, and refuses the
course when the error store holds any ERROR.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import olxcleaner
from olxcleaner.exceptions import ErrorLevel

COURSE_DIR = Path(__file__).resolve().parents[2] / "course_content"
ALL_ALLOWED_XBLOCKS = frozenset(entry_point.name for entry_point in entry_points(group="xblock.v1"))
COURSE_OLX_VALIDATION_STAGE = 1
COURSE_OLX_VALIDATION_IGNORE_LIST = None


def test_our_blocks_are_installed_xblocks():
    assert {"phone_sim", "auto_quiz"} <= ALL_ALLOWED_XBLOCKS


def test_the_course_passes_studio_olx_validation_with_no_error():
    course, errorstore, _url_names = olxcleaner.validate(
        filename=str(COURSE_DIR), steps=COURSE_OLX_VALIDATION_STAGE,
        ignore=COURSE_OLX_VALIDATION_IGNORE_LIST, allowed_xblocks=ALL_ALLOWED_XBLOCKS)
    errors = [f"{type(error).__name__} in {error.filename}: {error.description}"
              for error in errorstore.errors if error.level == ErrorLevel.ERROR.name]
    assert course is not None
    assert not errorstore.return_error(ErrorLevel.ERROR.value), "\n".join(errors)


def test_the_course_passes_every_olxcleaner_step_with_no_error_but_our_own_tags():
    """All of olxcleaner's steps (1-8: structure, links, dates, grading policy, display names, ...), not only
    the one Studio runs on import; without the installed blocks' names the one error allowed is its not
    knowing our own tags, and with them there is none."""
    ours = {"phone_sim", "auto_quiz", "learner_progress"}
    _course, unaware, _ = olxcleaner.validate(filename=str(COURSE_DIR), steps=8, ignore=None, allowed_xblocks=None)
    other = [f"{type(error).__name__} in {error.filename}: {error.description}" for error in unaware.errors
             if error.level == ErrorLevel.ERROR.name
             and not (type(error).__name__ == "UnexpectedTag" and any(f"<{tag}>" in error.description for tag in ours))]
    assert not other, "\n".join(other)
    _course, aware, _ = olxcleaner.validate(filename=str(COURSE_DIR), steps=8, ignore=None, allowed_xblocks=ours)
    errors = [f"{type(error).__name__} in {error.filename}: {error.description}" for error in aware.errors
              if error.level == ErrorLevel.ERROR.name]
    assert not errors, "\n".join(errors)
