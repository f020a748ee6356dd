"""What blocks may ask graders: the learner's progress against their track, their certificates, and a
self-declared group. Reached by blocks only through `xblocks.common.services.graders_service`.

In the LMS the learner is the current user (the XBlock user service: `edx-platform.user_id`, the id the
openedx-events receivers record progress under) and the course is the block's course key. The demo site
registers a subclass that knows its signed-in learners (`demo_site.learners`). The answer is a plain
dict of what graders holds (docs/architecture.md, "The progress block"); nothing in it comes from the
browser, and it carries no subject id, hash or answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from graders.certificates import issuing
from graders.classes import service as classes
from graders.course_policies import course_policies
from graders.models import BlockProgress, Certificate, LearnerLink, Outbox
from graders.pipeline.intake import IntakeError, LearnerInfo, link_learner
from graders.policy import BlockResult, CompletionPolicy, evaluate, requirements


class GroupNotChoosable(ValueError):
    """The learner may not choose this group (not self-declared, or theirs was set by their agency)."""


@dataclass(frozen=True)
class LearnerRef:
    """Who is asking, as graders records them."""

    lms_user_id: str
    course_id: str | None = None
    name: str | None = None


def _iso(value: datetime | None) -> str | None:
    """In the site's time zone, so a date a block prints is the date the verify page and the PDF print."""
    return timezone.localtime(value).isoformat() if value else None


def _policy(course_id: str | None) -> CompletionPolicy | None:
    policies = course_policies()
    if course_id in policies:
        return policies[course_id]
    return next(iter(policies.values())) if len(policies) == 1 else None


def _certificate_view(certificate: Certificate, outbox: Outbox | None) -> dict:
    document_name = issuing.achievement_name(certificate)
    delivery = {"state": outbox.state if outbox else "none", "at": _iso(outbox.delivered_at) if outbox else None}
    pdf_url, expires_at = issuing.pdf_link(certificate)
    return {"id": str(certificate.id), "achievement": document_name, "issued_at": _iso(certificate.issued_at),
            "verify_url": issuing.named_verify_url(certificate), "pdf_url": pdf_url,
            "pdf_expires_at": _iso(expires_at), "revoked_at": _iso(certificate.revoked_at),
            "revocation_reason": certificate.revocation_reason, "delivery": delivery}


def learner_progress(learner: LearnerRef) -> dict | None:
    """The learner's group, each requirement of its track with score and threshold, what is left, and
    their certificates for this course (newest first); None when no configured course matches."""
    policy = _policy(learner.course_id)
    if policy is None:
        return None
    link = LearnerLink.objects.filter(lms_user_id=learner.lms_user_id).first()
    group = (link.group if link else "") or policy.default_group
    rule = policy.rule_for(group)
    results = {}
    if link is not None:
        results = {row.url_name: BlockResult(row.earned, row.possible, row.completed)
                   for row in BlockProgress.objects.filter(learner=link, course_id=policy.course_id)}
    evaluation = evaluate(policy, group, results)
    certificates = []
    if link is not None and link.subject_id:
        found = (Certificate.objects.filter(subject_hash=issuing.subject_lookup_hash(link.subject_id),
                                            course_id=policy.course_id).order_by("-issued_at"))
        outboxes = {row.certificate_id: row for row in Outbox.objects.filter(certificate__in=list(found))}
        certificates = [_certificate_view(certificate, outboxes.get(certificate.id)) for certificate in found]
    choosable = policy.self_declared_groups()
    assigned = bool(link and link.group) and not rule.self_declared
    return {
        "course_id": policy.course_id,
        "learner_name": (link.display_name if link and link.display_name else learner.name) or "",
        "group": {"key": rule.group, "label": rule.label, "self_declared": rule.self_declared, "assigned": assigned},
        "choices": [] if assigned else [{"key": choice.group, "label": choice.label} for choice in choosable],
        "requirements": [{"kind": row.kind, "key": row.key, "title": row.title, "score": row.score,
                          "threshold": row.threshold, "met": row.met}
                         for row in requirements(policy, group, results)],
        "completed": evaluation.completed,
        "course_score": evaluation.course_score,
        "min_course_score": rule.min_course_score,
        "certificates": certificates,
    }


def choose_group(learner: LearnerRef, group: str) -> None:
    """Record a self-declared group; refused for groups learners may not choose themselves, and for
    learners whose group their agency or employer registered."""
    policy = _policy(learner.course_id)
    if policy is None or group not in {rule.group for rule in policy.self_declared_groups()}:
        raise GroupNotChoosable(f"group {group!r} cannot be self-declared in this course")
    with transaction.atomic():
        link = LearnerLink.objects.select_for_update().filter(lms_user_id=learner.lms_user_id).first()
        if link is not None and link.group and not policy.rule_for(link.group).self_declared:
            raise GroupNotChoosable("this learner's group was registered by their agency")
    try:
        link_learner(LearnerInfo(learner.lms_user_id, group=group))
    except IntakeError as error:
        raise GroupNotChoosable(str(error)) from None


class GradersService:
    """The "hocvuso" XBlock service: graders' answers for the block's current learner and course."""

    def learner(self, block) -> LearnerRef | None:
        """The current LMS user (None when anonymous) and the block's course."""
        try:
            user = block.runtime.service(block, "user").get_current_user()
        except Exception:
            return None
        user_id = (getattr(user, "opt_attrs", None) or {}).get("edx-platform.user_id")
        if user_id is None:
            return None
        course_key = getattr(block.scope_ids.usage_id, "context_key", None) or getattr(
            block.scope_ids.usage_id, "course_key", None)
        return LearnerRef(str(user_id), str(course_key) if course_key else None,
                          getattr(user, "full_name", None) or None)

    def learner_progress(self, block) -> dict | None:
        learner = self.learner(block)
        return learner_progress(learner) if learner else None

    def choose_group(self, block, group: str) -> None:
        learner = self.learner(block)
        if learner is None:
            raise GroupNotChoosable("no signed-in learner")
        choose_group(learner, group)

    # What a teacher's live class view needs from a phone exercise (graders.classes) ----------------------
    def url_name(self, block) -> str:
        """The block's OLX url_name, the name graders records its progress under."""
        return str(getattr(block.scope_ids.usage_id, "block_id", "") or "")

    def _where(self, block) -> tuple[LearnerRef, str] | None:
        learner = self.learner(block)
        url_name = self.url_name(block) if learner else ""
        return (learner, url_name) if learner and learner.course_id and url_name else None

    def report_step(self, block, report: dict) -> None:
        """A learner's action in a phone exercise (mode, step, whether it was right, mistakes on the step,
        hint shown, finished, attempts): kept for the live class view; never what they typed."""
        where = self._where(block)
        if where is not None:
            classes.record_step(where[0].lms_user_id, where[0].course_id, where[1], classes.StepReport(**report))

    def attempt_reset(self, block) -> int:
        """The newest attempt reset a teacher gave this learner on this block (0: none)."""
        where = self._where(block)
        return classes.latest_reset(where[0].lms_user_id, where[0].course_id, where[1]) if where else 0

    def reset_applied(self, block, reset_id: int) -> None:
        classes.mark_applied(reset_id)
