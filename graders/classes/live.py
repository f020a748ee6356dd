"""The live class view: one row per learner, one column per unit, and who needs help (cần giúp) where.

Columns are the course's units that hold a graded block the class's learners' tracks require (the
course policy's structure, as the pipeline reads it), or one chapter's units when the teacher picks a
lesson. A cell sums the unit's graded blocks: status, score (graders' recorded progress), mistakes, hints
and test attempts left (what the phone exercises report, graders.models.BlockActivity). A learner needs
help when, on an exercise not yet finished, they made STUCK_MISTAKES mistakes on one step, or have not got
past a step for HOCVUSO_STUCK_MINUTES while still working; the step is named.

Four queries whatever the class size (members, progress, activity, certificates), none per row; they
read plain value rows, not model instances (10,000 learners: scripts/bench/reports.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils import timezone

from graders.certificates import issuing
from graders.classes.service import stuck_after
from graders.course_policies import course_policy
from graders.models import BlockActivity, BlockProgress, Certificate, Class, ClassMembership
from graders.policy import CompletionPolicy, CourseUnit

STUCK_MISTAKES = 3
STILL_WORKING = timedelta(minutes=30)  # an idle step older than this is a learner who went home, not one stuck

NOT_STARTED, IN_PROGRESS, DONE = "chua_bat_dau", "dang_lam", "xong"
STATUS_LABELS = {NOT_STARTED: "Chưa bắt đầu", IN_PROGRESS: "Đang làm", DONE: "Xong"}
_NOTHING: dict = {}


def _graded_units(policy: CompletionPolicy) -> list[CourseUnit]:
    return [unit for unit in policy.structure.units
            if any(url_name in policy.structure.blocks for _type, url_name in unit.children)]


def columns(policy: CompletionPolicy, groups: set[str], chapter: str | None = None) -> list[CourseUnit]:
    """The units shown: one chapter's graded units, or those the learners' tracks require."""
    units = _graded_units(policy)
    if chapter:
        return [unit for unit in units if unit.chapter == chapter]
    required_chapters: set[str] = set()
    required_blocks: set[str] = set()
    for group in groups or {policy.default_group}:
        rule = policy.rule_for(group)
        required_chapters.update(rule.required_modules)
        required_blocks.update(rule.required_blocks)
    wanted = [unit for unit in units
              if unit.chapter in required_chapters
              or any(url_name in required_blocks for _type, url_name in unit.children)]
    return wanted or units


class _Activity(NamedTuple):
    """One BlockActivity row as read for the view: a tuple, since 10,000 learners' model instances cost
    more to build than the rest of the answer."""

    mode: str
    attempts_used: int
    max_attempts: int | None
    mistakes: int
    hints: int
    step: str
    step_title: str
    step_mistakes: int
    step_since: datetime
    finished: bool
    updated_at: datetime


def _help(activity: _Activity, now: datetime, idle: timedelta) -> dict | None:
    if activity.finished or activity.mode == "watch":
        return None
    if activity.step_mistakes >= STUCK_MISTAKES:
        return {"reason": "mistakes", "mistakes": activity.step_mistakes}
    waited = now - activity.step_since
    if idle <= waited and now - activity.updated_at <= STILL_WORKING:
        return {"reason": "idle", "minutes": int(waited.total_seconds() // 60)}
    return None


def _members(klass: Class) -> list[tuple[int, int, str, str | None, str]]:
    """(membership id, learner id, display name, subject id, group) in name order: plain rows, not models."""
    return list(ClassMembership.objects.filter(klass=klass).order_by("learner__display_name", "id")
                .values_list("id", "learner_id", "learner__display_name", "learner__subject_id", "learner__group"))


def _progress(klass: Class, learners: QuerySet) -> dict[int, dict[str, tuple[float | None, float | None, bool]]]:
    """learner -> block -> (earned, possible, completed); the class's learners chosen by a subquery (an
    indexed join) rather than 10,000 bound ids. Grouped by learner: each row's cells look up one small dict."""
    found: dict[int, dict[str, tuple]] = {}
    for learner, url_name, *values in BlockProgress.objects.filter(
            learner_id__in=learners, course_id=klass.course_id).values_list(
            "learner_id", "url_name", "earned", "possible", "completed"):
        found.setdefault(learner, {})[url_name] = tuple(values)
    return found


def _activity(klass: Class, learners: QuerySet) -> dict[int, dict[str, _Activity]]:
    """learner -> block -> what its phone exercise reported."""
    found: dict[int, dict[str, _Activity]] = {}
    for row in BlockActivity.objects.filter(learner_id__in=learners, course_id=klass.course_id).values_list(
            "learner_id", "url_name", *_Activity._fields):
        found.setdefault(row[0], {})[row[1]] = _Activity._make(row[2:])
    return found


def _certified(klass: Class, members: list[tuple]) -> set[int]:
    """The learners holding a valid certificate of the class's course (found by their subject hashes)."""
    hashes = dict(zip(issuing.subject_lookup_hashes([m[3] for m in members if m[3]]),
                      [m[1] for m in members if m[3]], strict=True))
    return {hashes[subject] for subject in Certificate.objects.filter(
        subject_hash__in=list(hashes), course_id=klass.course_id, revoked_at__isnull=True)
        .values_list("subject_hash", flat=True)}


def live_view(klass: Class, chapter: str | None = None, now: datetime | None = None) -> dict:
    """The class as the teacher's screen shows it (also its JSON endpoint's answer)."""
    now = now or timezone.now()
    policy = course_policy(klass.course_id)
    members = _members(klass)
    learners = ClassMembership.objects.filter(klass=klass).values("learner_id")
    progress, activity = _progress(klass, learners), _activity(klass, learners)
    certified = _certified(klass, members)
    units = columns(policy, {group for *_ignored, group in members if group}, chapter) if policy else []
    graded = [(unit, unit.display_name or unit.url_name,
               [url_name for _type, url_name in unit.children if url_name in policy.structure.blocks])
              for unit in units]
    idle = stuck_after()
    rows = []
    for membership, learner, name, _subject, _group in members:
        helps: list[dict] = []
        learned, acted = progress.get(learner, _NOTHING), activity.get(learner, _NOTHING)
        cells = [_cell(blocks, learned, acted, now, idle, helps, title) if learned or acted else _not_started()
                 for _unit, title, blocks in graded]
        rows.append({"membership": membership, "name": name or "(chưa có tên)",
                     "certified": learner in certified, "cells": cells, "help": helps})
    return {
        "class": {"id": klass.pk, "name": klass.name, "place": klass.place, "course_id": klass.course_id},
        "units": [{"url_name": unit.url_name, "title": unit.display_name or unit.url_name,
                   "chapter": policy.structure.chapter_names.get(unit.chapter, unit.chapter)} for unit in units],
        "chapters": ([{"key": key, "title": policy.structure.chapter_names.get(key, key)}
                      for key in policy.structure.chapters] if policy else []),
        "rows": rows,
        "needs_help": sum(1 for row in rows if row["help"]),
        "stuck_minutes": idle.total_seconds() / 60,
        "at": timezone.localtime(now).isoformat(),
    }


def _not_started() -> dict:
    """The cell of a learner with no progress and no activity at all (much of a new class): what _cell
    answers for them, without looking up each block."""
    return {"status": NOT_STARTED, "label": STATUS_LABELS[NOT_STARTED], "score": None,
            "mistakes": 0, "hints": 0, "attempts_left": None, "exercises": []}


def _cell(graded: list[str], progress: dict, activity: dict, now: datetime,
          idle: timedelta, helps: list, title: str) -> dict:
    """A unit's cell for one learner, from that learner's progress and activity (block -> row)."""
    earned = possible = 0.0
    mistakes = hints = 0
    started = done = 0
    attempts_left: int | None = None
    blocks = []
    for url_name in graded:
        row = progress.get(url_name)
        act = activity.get(url_name)
        if row is not None:
            row_earned, row_possible, completed = row
            if row_possible:
                earned += row_earned or 0.0
                possible += row_possible
            if completed or row_possible:
                done += 1
        if row is not None or act is not None:
            started += 1
        if act is not None:
            mistakes += act.mistakes
            hints += act.hints
            if act.max_attempts:
                left = max(0, act.max_attempts - act.attempts_used)
                attempts_left = left if attempts_left is None else min(attempts_left, left)
            blocks.append(url_name)
            flagged = _help(act, now, idle)
            if flagged:
                helps.append({**flagged, "unit": title, "step": act.step_title or act.step, "url_name": url_name})
    status = DONE if graded and done == len(graded) else IN_PROGRESS if started else NOT_STARTED
    return {"status": status, "label": STATUS_LABELS[status],
            "score": round(100 * earned / possible) if possible else None,
            "mistakes": mistakes, "hints": hints, "attempts_left": attempts_left, "exercises": blocks}
