"""The live class view: one row per learner, one column per unit, and who needs help (cần giúp) where.

Columns are the course's units that hold a graded block the class's learners' tracks require (the
course policy's structure, as the pipeline reads it), or one chapter's units when the teacher picks a
lesson. A cell sums the unit's graded blocks: status, score (graders' recorded progress), mistakes, hints
and test attempts left (what the phone exercises report, graders.models.BlockActivity). A learner needs
help when, on an exercise not yet finished, they made STUCK_MISTAKES mistakes on one step, or have not got
past a step for HOCVUSO_STUCK_MINUTES while still working; the step is named.

Four queries whatever the class size (members, progress, activity, certificates), none per row.
"""

from __future__ import annotations

from datetime import datetime, timedelta

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


def _help(activity: BlockActivity, now: datetime, idle: timedelta) -> dict | None:
    if activity.finished or activity.mode == "watch":
        return None
    if activity.step_mistakes >= STUCK_MISTAKES:
        return {"reason": "mistakes", "mistakes": activity.step_mistakes}
    waited = now - activity.step_since
    if idle <= waited and now - activity.updated_at <= STILL_WORKING:
        return {"reason": "idle", "minutes": int(waited.total_seconds() // 60)}
    return None


def live_view(klass: Class, chapter: str | None = None, now: datetime | None = None) -> dict:
    """The class as the teacher's screen shows it (also its JSON endpoint's answer)."""
    now = now or timezone.now()
    policy = course_policy(klass.course_id)
    members = list(ClassMembership.objects.filter(klass=klass).select_related("learner")
                   .order_by("learner__display_name", "id"))
    learner_ids = [member.learner_id for member in members]
    progress: dict[tuple[int, str], BlockProgress] = {
        (row.learner_id, row.url_name): row
        for row in BlockProgress.objects.filter(learner_id__in=learner_ids, course_id=klass.course_id)}
    activity: dict[tuple[int, str], BlockActivity] = {
        (row.learner_id, row.url_name): row
        for row in BlockActivity.objects.filter(learner_id__in=learner_ids, course_id=klass.course_id)}
    hashes = {issuing.subject_lookup_hash(member.learner.subject_id): member.learner_id
              for member in members if member.learner.subject_id}
    certified = {hashes[subject] for subject in Certificate.objects.filter(
        subject_hash__in=list(hashes), course_id=klass.course_id, revoked_at__isnull=True)
        .values_list("subject_hash", flat=True)}
    units = columns(policy, {member.learner.group for member in members if member.learner.group}, chapter) \
        if policy else []
    idle = stuck_after()
    rows = []
    for member in members:
        cells, helps = [], []
        for unit in units:
            graded = [url_name for _type, url_name in unit.children if url_name in policy.structure.blocks]
            cells.append(_cell(member, graded, progress, activity, now, idle, helps, unit))
        rows.append({"membership": member.pk, "name": member.learner.display_name or "(chưa có tên)",
                     "certified": member.learner_id in certified, "cells": cells, "help": helps})
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


def _cell(member: ClassMembership, graded: list[str], progress: dict, activity: dict, now: datetime,
          idle: timedelta, helps: list, unit: CourseUnit) -> dict:
    earned = possible = 0.0
    mistakes = hints = 0
    started = done = 0
    attempts_left: int | None = None
    blocks = []
    for url_name in graded:
        row = progress.get((member.learner_id, url_name))
        act = activity.get((member.learner_id, url_name))
        if row is not None and row.possible:
            earned += row.earned or 0.0
            possible += row.possible
        if row is not None or act is not None:
            started += 1
        if row is not None and (row.completed or row.possible):
            done += 1
        if act is not None:
            mistakes += act.mistakes
            hints += act.hints
            if act.max_attempts:
                left = max(0, act.max_attempts - act.attempts_used)
                attempts_left = left if attempts_left is None else min(attempts_left, left)
            blocks.append(url_name)
            flagged = _help(act, now, idle)
            if flagged:
                helps.append({**flagged, "unit": unit.display_name or unit.url_name, "step": act.step_title or act.step,
                              "url_name": url_name})
    status = DONE if graded and done == len(graded) else IN_PROGRESS if started else NOT_STARTED
    return {"status": status, "label": STATUS_LABELS[status],
            "score": round(100 * earned / possible) if possible else None,
            "mistakes": mistakes, "hints": hints, "attempts_left": attempts_left, "exercises": blocks}
