"""Completion reports per course, target group and unit (school or agency), for teachers and units.

A learner counts in a course once graders holds any progress of theirs there; "completed" means a
certificate was issued (and not revoked); "delivered" means the identity platform acknowledged it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TextIO

from graders.models import BlockProgress, LearnerLink, Outbox
from xblocks.common.csv_safe import csv_writer
from xblocks.common.text import search_key

COLUMNS = ("course_id", "group", "unit", "learners", "completed", "completion_rate", "delivered", "revoked")


@dataclass
class CompletionRow:
    course_id: str
    group: str
    unit: str
    learners: int = 0
    completed: int = 0
    delivered: int = 0
    revoked: int = 0

    @property
    def completion_rate(self) -> float:
        return round(self.completed / self.learners, 4) if self.learners else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "completion_rate": self.completion_rate}


def completion_rows(course_id: str | None = None, unit: str | None = None) -> list[CompletionRow]:
    """One row per (course, group, unit), sorted, optionally for one course or one unit."""
    progress = BlockProgress.objects.all()
    outbox = Outbox.objects.select_related("certificate")
    if course_id:
        progress = progress.filter(course_id=course_id)
        outbox = outbox.filter(certificate__course_id=course_id)
    if unit is not None:
        units = matching_units(unit)
        progress = progress.filter(learner__unit__in=units)
        outbox = outbox.filter(learner__unit__in=units)
    rows: dict[tuple[str, str, str], CompletionRow] = {}

    def row(course: str, group: str, learner_unit: str) -> CompletionRow:
        key = (course, group or "", learner_unit or "")
        if key not in rows:
            rows[key] = CompletionRow(*key)
        return rows[key]

    for course, group, learner_unit, _learner in (
        progress.values_list("course_id", "learner__group", "learner__unit", "learner_id").distinct()
    ):
        row(course, group, learner_unit).learners += 1
    completed: dict[tuple, set[int]] = defaultdict(set)
    for entry in outbox.values_list("certificate__course_id", "learner__group", "learner__unit", "learner_id",
                                    "state", "certificate__revoked_at"):
        course, group, learner_unit, learner_id, state, revoked_at = entry
        target = row(course or "", group, learner_unit)
        if revoked_at is not None:
            target.revoked += 1
            continue
        if learner_id not in completed[(course, group, learner_unit)]:
            completed[(course, group, learner_unit)].add(learner_id)
            target.completed += 1
        if state == Outbox.State.DELIVERED:
            target.delivered += 1
    return [rows[key] for key in sorted(rows)]


def matching_units(typed: str) -> list[str]:
    """The units whose name contains what was typed, ignoring accents and case ("xa yen dinh" finds "Xã Yên
    Định"). Folds each distinct unit name once (tens of names, read from the unit index), never each row."""
    key = search_key(typed)
    names = LearnerLink.objects.order_by().values_list("unit", flat=True).distinct()
    return [name for name in names if key in search_key(name)] if key else [typed]


def write_csv(rows: Iterable[CompletionRow], out: TextIO) -> None:
    """The report as CSV; unit and group names are typed by people, so cells are defused (csv_safe)."""
    writer = csv_writer(out)
    writer.writerow(COLUMNS)
    for entry in rows:
        values = entry.as_dict()
        writer.writerow(values[column] for column in COLUMNS)
