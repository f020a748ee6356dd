"""What happens to classes, in the database: open a class, change its code, join it, import a roster and
claim a login card, record what a phone exercise reports, and give a learner their attempts back.

Views and the block service call these; none of them trusts the browser for who the learner is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from graders.classes import codes
from graders.classes.roster import RosterEntry
from graders.models import AttemptReset, BlockActivity, Class, ClassMembership, LearnerLink
from graders.pipeline.intake import LearnerInfo, link_learner
from graders.settings.common import setting

ROSTER_PREFIX = "roster:"  # lms_user_id of a roster learner nobody has claimed yet


class ClassError(ValueError):
    """A request about a class that cannot be done; the message says why, in Vietnamese."""


def _unique_code(model, field: str, length: int) -> str:
    for _ in range(20):
        code = codes.new_code(length)
        if not model.objects.filter(**{field: code}).exists():
            return code
    raise ClassError("Không tạo được mã mới, hãy thử lại.")  # 20 collisions in a row: practically never


def create_class(*, teacher, course_id: str, name: str, place: str = "") -> Class:
    """Open a class with a fresh join code; its teacher is the user who opened it."""
    name, place = (name or "").strip(), (place or "").strip()
    if not name or len(name) > 200:
        raise ClassError("Hãy đặt tên lớp (tối đa 200 ký tự), ví dụ: Lớp thôn Đông, tối thứ Ba.")
    if len(place) > 200:
        raise ClassError("Nơi học dài quá 200 ký tự.")
    for _ in range(3):
        try:
            with transaction.atomic():
                return Class.objects.create(name=name, place=place, teacher=teacher, course_id=course_id,
                                            join_code=_unique_code(Class, "join_code", codes.CLASS_CODE_LENGTH))
        except IntegrityError:  # another class took the same code between the check and the insert
            continue
    raise ClassError("Không tạo được lớp, hãy thử lại.")


def rotate_code(klass: Class) -> str:
    """A new join code (the old one stops working: e.g. it was posted where strangers saw it)."""
    klass.join_code = _unique_code(Class, "join_code", codes.CLASS_CODE_LENGTH)
    klass.code_changed_at = timezone.now()
    klass.save(update_fields=["join_code", "code_changed_at"])
    return klass.join_code


def find_class(typed_code: str) -> Class | None:
    code = codes.normalise(typed_code)
    return Class.objects.filter(join_code=code).first() if code else None


def join_class(klass: Class, learner: LearnerInfo) -> ClassMembership:
    """Put the learner in the class (again: nothing changes); records them with graders first."""
    link = link_learner(learner)
    membership, _created = ClassMembership.objects.get_or_create(klass=klass, learner=link)
    return membership


def import_roster(klass: Class, entries: Iterable[RosterEntry]) -> list[ClassMembership]:
    """Each entry becomes a learner of the class with a login card code; all or nothing."""
    created = []
    with transaction.atomic():
        for entry in entries:
            card = _unique_code(ClassMembership, "card_code", codes.CARD_CODE_LENGTH)
            link = LearnerLink.objects.create(lms_user_id=ROSTER_PREFIX + card, display_name=entry.name)
            created.append(ClassMembership.objects.create(
                klass=klass, learner=link, source=ClassMembership.Source.ROSTER, card_code=card,
                birth_year=entry.birth_year, phone=entry.phone))
    return created


def find_card(typed_code: str) -> ClassMembership | None:
    code = codes.normalise(typed_code)
    return (ClassMembership.objects.select_related("klass", "learner").filter(card_code=code).first()
            if code else None)


def claim_card(membership: ClassMembership, lms_user_id: str) -> LearnerLink:
    """The learner behind a login card becomes `lms_user_id` (the card's first use); later uses by the same
    learner change nothing. A card already claimed by someone else is refused."""
    with transaction.atomic():
        link = LearnerLink.objects.select_for_update().get(pk=membership.learner_id)
        if link.lms_user_id == lms_user_id:
            return link
        if not link.lms_user_id.startswith(ROSTER_PREFIX):
            raise ClassError("Thẻ này đã được dùng cho một tài khoản khác. Hãy hỏi giáo viên.")
        if LearnerLink.objects.filter(lms_user_id=lms_user_id).exists():
            raise ClassError("Tài khoản này đã có tên trong hệ thống. Hãy hỏi giáo viên.")
        link.lms_user_id = lms_user_id
        link.updated_at = timezone.now()
        link.save(update_fields=["lms_user_id", "updated_at"])
    return link


# -- what phone exercises report ------------------------------------------------------------------------
@dataclass(frozen=True)
class StepReport:
    """One action of a learner in a phone exercise, as the block reports it (never what they typed)."""

    mode: str
    step: str
    step_title: str
    correct: bool
    step_mistakes: int  # mistakes on the step the learner is now on
    hint_shown: bool
    finished: bool
    attempts_used: int
    max_attempts: int | None


def record_step(lms_user_id: str, course_id: str, url_name: str, report: StepReport) -> None:
    """Keep the learner's live activity on a block (one row, counters added in the database)."""
    link = LearnerLink.objects.filter(lms_user_id=lms_user_id).only("id").first()
    if link is None:
        return
    now = timezone.now()
    values = {"mode": report.mode[:16], "attempts_used": report.attempts_used, "max_attempts": report.max_attempts,
              "step_title": report.step_title[:300], "step_mistakes": report.step_mistakes,
              "finished": report.finished, "updated_at": now}
    mistakes, hints = int(not report.correct), int(report.hint_shown)
    for _ in range(3):
        with transaction.atomic():
            row = (BlockActivity.objects.select_for_update()
                   .filter(learner=link, course_id=course_id, url_name=url_name).first())
            if row is None:
                try:
                    with transaction.atomic():
                        BlockActivity.objects.create(learner=link, course_id=course_id, url_name=url_name,
                                                     step=report.step[:255], step_since=now, mistakes=mistakes,
                                                     hints=hints, **values)
                    return
                except IntegrityError:  # the learner's other request created it first: update it
                    continue
            if row.step != report.step[:255]:
                values = {**values, "step": report.step[:255], "step_since": now}
            BlockActivity.objects.filter(pk=row.pk).update(mistakes=F("mistakes") + mistakes,
                                                           hints=F("hints") + hints, **values)
            return


def record_start(lms_user_id: str, course_id: str, url_name: str, *, mode: str, step: str, step_title: str,
                 attempts_used: int, max_attempts: int | None) -> None:
    """A new attempt begins at its first step: no mistakes on it yet."""
    record_step(lms_user_id, course_id, url_name, StepReport(
        mode=mode, step=step, step_title=step_title, correct=True, step_mistakes=0, hint_shown=False,
        finished=False, attempts_used=attempts_used, max_attempts=max_attempts))


# -- attempt resets ------------------------------------------------------------------------------------
def reset_attempts(klass: Class, membership: ClassMembership, url_name: str, *, by, reason: str) -> AttemptReset:
    """Give a learner their attempts on a block back; audited (who, when, why). The block applies it on the
    learner's next request (`pending_reset`)."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise ClassError("Hãy ghi lý do cấp lại lượt (tối đa 500 ký tự), ví dụ: mất mạng giữa bài.")
    if membership.klass_id != klass.pk:
        raise ClassError("Học viên này không ở trong lớp.")
    return AttemptReset.objects.create(klass=klass, learner=membership.learner, course_id=klass.course_id,
                                       url_name=url_name, reset_by=by, reason=reason)


def latest_reset(lms_user_id: str, course_id: str, url_name: str) -> int:
    """The id of the newest attempt reset for this learner and block (0: none). The block keeps the id it
    last applied, so each reset is applied exactly once, whatever happens to requests in between."""
    newest = (AttemptReset.objects.filter(learner__lms_user_id=lms_user_id, course_id=course_id,
                                          url_name=url_name).order_by("-id").values_list("id", flat=True).first())
    return newest or 0


def mark_applied(reset_id: int) -> None:
    AttemptReset.objects.filter(pk=reset_id, applied_at__isnull=True).update(applied_at=timezone.now())


def stuck_after() -> timedelta:
    """How long without getting past a step counts as stuck (HOCVUSO_STUCK_MINUTES, default 5)."""
    return timedelta(minutes=float(setting("HOCVUSO_STUCK_MINUTES")))
