"""Intake: the one function every progress source calls (Open edX signals, the workbench, HTTP, CSV).

All of a call's events are checked first and then stored in one transaction, so a bad event stores
nothing. The learners concerned are marked due for evaluation (their progress_version moves ahead of
what was evaluated); the caller queues them (graders.pipeline.tasks.schedule_evaluation), and if the
broker is down the sweep finds them later.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from graders.course_policies import MISSING_POLICY_HINT, course_policies
from graders.credentials.credential import MAX_NAME_LENGTH
from graders.models import AgencyMember, BlockProgress, LearnerLink
from graders.policy import CompletionPolicy

T = TypeVar("T")

log = logging.getLogger(__name__)


class IntakeError(ValueError):
    """Events refused as a whole; `problems` lists each one (event index and what is wrong)."""

    def __init__(self, problems: Sequence[str], status: int = 400):
        self.problems = list(problems)
        self.status = status
        super().__init__("; ".join(self.problems[:5]) + (" …" if len(self.problems) > 5 else ""))


@dataclass(frozen=True)
class LearnerInfo:
    """Who the event is about. Fields left None keep what is already stored."""

    lms_user_id: str
    username: str | None = None
    display_name: str | None = None
    subject_id: str | None = None
    group: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class ProgressEvent:
    """A grade and/or completion of one block (identified by its OLX url_name)."""

    learner: LearnerInfo
    course_id: str
    url_name: str
    earned: float | None = None
    possible: float | None = None
    completed: bool | None = None
    only_if_higher: bool = False


@dataclass
class IntakeResult:
    stored: int = 0
    learner_ids: list[int] = field(default_factory=list)


# Validation ----------------------------------------------------------------------------------------
# Longest accepted text per field (named as in the HTTP API): the database columns' sizes, and for the
# name the certificate's limit, so a learner is refused here rather than failing at issuing for ever.
FIELD_LIMITS = {"learner.id": 255, "learner.username": 150, "learner.name": MAX_NAME_LENGTH,
                "learner.subject_id": 255, "learner.group": 64, "learner.unit": 255, "course_id": 255,
                "block": 255}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _field_problems(where: str, event: ProgressEvent) -> list[str]:
    """Text fields: text, within their limit, no control characters (NUL...); grades: finite numbers."""
    learner = event.learner
    values = {"learner.id": learner.lms_user_id, "learner.username": learner.username,
              "learner.name": learner.display_name, "learner.subject_id": learner.subject_id,
              "learner.group": learner.group, "learner.unit": learner.unit, "course_id": event.course_id,
              "block": event.url_name}
    problems = []
    for name, value in values.items():
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{where}: {name} must be text")
        elif len(value) > FIELD_LIMITS[name]:
            problems.append(f"{where}: {name} is longer than {FIELD_LIMITS[name]} characters")
        elif _CONTROL.search(value):
            problems.append(f"{where}: {name} contains a control character (e.g. NUL)")
    for name in ("earned", "possible"):
        value = getattr(event, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or not math.isfinite(value)):
            problems.append(f"{where}: {name} must be a finite number, not {value!r}"[:200])
    return problems


def _problems(index: int, event: ProgressEvent, policies: dict[str, CompletionPolicy]) -> list[str]:
    where = f"event {index}"
    problems = _field_problems(where, event)
    if problems:
        return problems
    if not event.learner.lms_user_id:
        problems.append(f"{where}: learner id is empty")
    policy = policies.get(event.course_id)
    if policy is None:
        return [*problems, f"{where}: unknown course {event.course_id!r}; {MISSING_POLICY_HINT}"]
    if event.url_name not in policy.structure.blocks:
        problems.append(f"{where}: {event.url_name!r} is not a graded block of {event.course_id}")
    if event.earned is None and event.possible is None and event.completed is None:
        problems.append(f"{where}: carries neither a grade (earned, possible) nor completion")
    if (event.earned is None) != (event.possible is None):
        problems.append(f"{where}: a grade needs both earned and possible")
    elif event.possible is not None and (event.possible <= 0 or not 0 <= event.earned <= event.possible):
        problems.append(f"{where}: need 0 <= earned <= possible and possible > 0")
    learner = event.learner
    if learner.group and learner.group not in policy.groups:
        problems.append(f"{where}: unknown group {learner.group!r} (known: {', '.join(policy.groups)})")
    return problems


def _check(events: Sequence[ProgressEvent]) -> None:
    policies = course_policies()
    problems = [problem for index, event in enumerate(events) for problem in _problems(index, event, policies)]
    status = 400
    if problems and all("unknown course" in problem for problem in problems):
        status = 422
    if problems:
        raise IntakeError(problems, status=status)
    subjects: dict[str, str] = {}
    for event in events:
        subject = event.learner.subject_id
        if subject and subjects.setdefault(subject, event.learner.lms_user_id) != event.learner.lms_user_id:
            raise IntakeError([f"subject id {subject!r} given for two different learners"], status=409)


# Storing -------------------------------------------------------------------------------------------
_LINK_FIELDS = ("username", "display_name", "subject_id", "group", "unit")


def _upsert_learners(infos: dict[str, LearnerInfo]) -> dict[str, LearnerLink]:
    now = timezone.now()
    existing = {link.lms_user_id: link for link in LearnerLink.objects.filter(lms_user_id__in=list(infos))}
    wanted_subjects = {info.subject_id: key for key, info in infos.items() if info.subject_id}
    if wanted_subjects:
        taken = LearnerLink.objects.filter(subject_id__in=list(wanted_subjects)).exclude(
            lms_user_id__in=[wanted_subjects[s] for s in wanted_subjects]
        )
        clashes = [link.subject_id for link in taken]
        if clashes:
            raise IntakeError([f"subject id {clashes[0]!r} is already linked to another learner"], status=409)
    to_create, to_update = [], []
    for key, info in infos.items():
        link = existing.get(key)
        values = {name: getattr(info, name) for name in _LINK_FIELDS if getattr(info, name) is not None}
        if link is None:
            fields = {name: values.get(name, None if name == "subject_id" else "") for name in _LINK_FIELDS}
            to_create.append(LearnerLink(lms_user_id=key, **fields, created_at=now, updated_at=now))
            continue
        if link.subject_id and values.get("subject_id") not in (None, link.subject_id):
            raise IntakeError([f"learner {key!r} is already linked to another subject id"], status=409)
        changed = [name for name, value in values.items() if getattr(link, name) != value]
        if changed:
            for name in changed:
                setattr(link, name, values[name])
            to_update.append(link)
    if to_create:
        LearnerLink.objects.bulk_create(to_create)
        if any(link.pk is None for link in to_create):
            # MySQL (Open edX's usual database) returns no keys from a bulk insert, unlike SQLite, PostgreSQL
            # and MariaDB >= 10.5: read the new links back.
            to_create = list(LearnerLink.objects.filter(lms_user_id__in=[link.lms_user_id for link in to_create]))
        existing.update((link.lms_user_id, link) for link in to_create)
    if to_update:
        LearnerLink.objects.bulk_update(to_update, list(_LINK_FIELDS))
    _attach_agency_rows([*to_create, *to_update])
    return existing


def _attach_agency_rows(links: list[LearnerLink]) -> None:
    """People an agency listed before graders knew them (graders.agencies): attach their staff rows, and
    give them the list's group and unit unless the event named its own. One query when nothing is pending."""
    subjects = {link.subject_id: link for link in links if link.subject_id}
    usernames = {link.username: link for link in links if link.username}
    if not subjects and not usernames:
        return
    pending = list(AgencyMember.objects.filter(learner__isnull=True).filter(
        Q(subject_id__in=list(subjects)) | Q(username__in=list(usernames), subject_id="")).order_by("imported_at"))
    changed: dict[int, LearnerLink] = {}
    for member in pending:
        link = subjects.get(member.subject_id) if member.subject_id else usernames.get(member.username)
        if link is None:
            continue
        member.learner = link
        if (member.group and not link.group) or (member.unit and not link.unit):
            link.group, link.unit = link.group or member.group, link.unit or member.unit
            changed[link.pk] = link
    if pending:
        AgencyMember.objects.bulk_update(pending, ["learner"])
    if changed:
        LearnerLink.objects.bulk_update(list(changed.values()), ["group", "unit"])


def _store_progress(events: Sequence[ProgressEvent], links: dict[str, LearnerLink]) -> int:
    now = timezone.now()
    policies = course_policies()
    learner_ids = {link.id for link in links.values()}
    url_names = {event.url_name for event in events}
    rows = {
        (row.learner_id, row.course_id, row.url_name): row
        for row in BlockProgress.objects.filter(learner_id__in=learner_ids, url_name__in=url_names)
    }
    created: dict[tuple, BlockProgress] = {}
    changed: dict[tuple, BlockProgress] = {}
    for event in events:
        learner = links[event.learner.lms_user_id]
        key = (learner.id, event.course_id, event.url_name)
        row = rows.get(key)
        if row is None:
            row = BlockProgress(learner_id=key[0], course_id=key[1], url_name=key[2], completed=False,
                                block_type=policies[event.course_id].structure.blocks[event.url_name].block_type)
            rows[key] = created[key] = row
        elif key not in created:
            changed[key] = row
        if event.possible is not None:
            keep_old = (event.only_if_higher and row.earned is not None and row.possible
                        and row.earned / row.possible >= event.earned / event.possible)
            if not keep_old:
                row.earned, row.possible = float(event.earned), float(event.possible)
        if event.completed is not None:
            row.completed = row.completed or bool(event.completed)
        row.updated_at = now
    BlockProgress.objects.bulk_create(created.values())
    if changed:
        BlockProgress.objects.bulk_update(list(changed.values()), ["earned", "possible", "completed", "updated_at"])
    return len(events)


def _mark_for_evaluation(learner_ids: Iterable[int]) -> list[int]:
    ids = sorted(set(learner_ids))
    LearnerLink.objects.filter(id__in=ids).update(progress_version=F("progress_version") + 1,
                                                  updated_at=timezone.now())
    return ids


def record_progress(events: Sequence[ProgressEvent]) -> IntakeResult:
    """Check and store grade/completion events; the result names the learners now due for evaluation.

    Raises IntakeError (nothing stored) if any event is unusable.
    """
    events = list(events)
    _check(events)
    if not events:
        return IntakeResult()
    infos: dict[str, LearnerInfo] = {}
    for event in events:
        infos[event.learner.lms_user_id] = _merge(infos.get(event.learner.lms_user_id), event.learner)

    def store() -> IntakeResult:
        links = _upsert_learners(infos)
        stored = _store_progress(events, links)
        return IntakeResult(stored=stored, learner_ids=_mark_for_evaluation(link.id for link in links.values()))

    return _atomic_despite_races(store)


def link_learner(info: LearnerInfo) -> LearnerLink:
    """Record (or update) a learner's pseudonymous subject id, group and unit; they are due for evaluation."""
    if info.group:
        known = {group for policy in course_policies().values() for group in policy.groups}
        if info.group not in known:
            raise IntakeError([f"unknown group {info.group!r} (known: {', '.join(sorted(known))})"])

    def store() -> LearnerLink:
        link = _upsert_learners({info.lms_user_id: info})[info.lms_user_id]
        _mark_for_evaluation([link.id])
        return link

    link = _atomic_despite_races(store)
    link.refresh_from_db()
    return link


def _atomic_despite_races(work: Callable[[], T], tries: int = 4) -> T:
    """Run `work` in one transaction; again if a concurrent request created the same learner or block row
    first (a unique constraint refused ours: the next try finds that row and updates it), or if the
    database broke a deadlock between the two by rolling ours back (InnoDB does so on concurrent inserts
    of one unique key). A deadlock inside a caller's transaction is the caller's to retry."""
    retry_deadlocks = not transaction.get_connection().in_atomic_block
    for attempt in range(1, tries + 1):
        try:
            with transaction.atomic():
                return work()
        except IntegrityError:
            if attempt == tries:
                raise
        except OperationalError as error:
            if attempt == tries or not (retry_deadlocks and _is_deadlock(error)):
                raise
    raise AssertionError("unreachable")


def _is_deadlock(error: OperationalError) -> bool:
    """MySQL/MariaDB error 1213, PostgreSQL SQLSTATE 40P01 (deadlock) or 40001 (serialization failure)."""
    cause = error.__cause__
    return (getattr(cause, "sqlstate", None) in ("40P01", "40001")
            or (bool(getattr(cause, "args", None)) and cause.args[0] == 1213))


def _merge(old: LearnerInfo | None, new: LearnerInfo) -> LearnerInfo:
    if old is None:
        return new
    values = {name: getattr(new, name) if getattr(new, name) is not None else getattr(old, name)
              for name in _LINK_FIELDS}
    return LearnerInfo(new.lms_user_id, **values)
