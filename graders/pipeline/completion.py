"""Evaluate learners against their course's completion policy; issue what they earned, in one batch.

Each certificate and its outbox row are written in one transaction (issuing's `on_created` hook), so
a certificate is never issued without a delivery on record. Issuing is idempotent per (learner,
achievement) and the outbox row is one per certificate (database constraints), so retried or
concurrent evaluations issue nothing twice. The evaluation itself is recorded last: a worker that dies
half-way leaves its learners due, and the sweep evaluates them again (finding what was issued).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from graders.certificates.issuing import CertificateError, IssueRequest, issue_certificates
from graders.course_policies import course_policies
from graders.models import BlockProgress, Certificate, LearnerLink, Outbox
from graders.policy import BlockResult, evaluate

log = logging.getLogger(__name__)


def idempotency_key(certificate) -> str:
    """The key every delivery of this certificate carries (stable across retries and workers)."""
    return f"hocvuso-{certificate.id}"


def _outbox_rows(pairs) -> list[Outbox]:
    now = timezone.now()
    return [Outbox(certificate=certificate, learner=learner, idempotency_key=idempotency_key(certificate),
                   next_attempt_at=now) for learner, certificate in pairs]


def _issue_earned(earned: list[tuple[LearnerLink, str, str]]) -> list[Certificate]:
    """Issue the certificates these (learner, achievement, course) earned, with their outbox rows."""
    learner_of: dict[IssueRequest, LearnerLink] = {}
    for learner, achievement_id, course_id in earned:
        name = learner.display_name or learner.username
        if not name:
            log.warning("learner %s completed %s but has no name to print; send their name to issue it",
                        learner.lms_user_id, course_id)
            continue
        learner_of[IssueRequest(learner.subject_id, name, achievement_id, course_id)] = learner
    if not learner_of:
        return []

    def add_outbox(created: list[tuple[IssueRequest, Certificate]]) -> None:  # in the certificates' transaction
        # Newly issued certificates: no outbox row can exist yet.
        Outbox.objects.bulk_create(_outbox_rows((learner_of[request], certificate) for request, certificate in created))

    def refused(request: IssueRequest, error: CertificateError) -> None:  # bad input: retrying would not help
        log.error("certificate for learner %s not issued: %s", learner_of[request].lms_user_id, error)

    requests = list(learner_of)
    results = issue_certificates(requests, on_created=add_outbox, on_refused=refused)
    issued_before = [(learner_of[request], issued[0]) for request, issued in zip(requests, results, strict=True)
                     if issued is not None and not issued[1]]
    if issued_before:  # e.g. issued by `hocvuso issue`, or by a worker that died: make sure they are sent
        Outbox.objects.bulk_create(_outbox_rows(issued_before), ignore_conflicts=True)
    return [issued[0] for issued in results if issued is not None]


def evaluate_learners(learner_ids: Sequence[int]) -> list[int]:
    """Evaluate these learners on every course they have progress in; return pending outbox ids.

    Unlinked learners (no pseudonymous subject id yet) are evaluated again when they are linked.
    """
    learners = {link.id: link for link in LearnerLink.objects.filter(id__in=list(learner_ids))}
    results: dict[tuple[int, str], dict[str, BlockResult]] = defaultdict(dict)
    for learner_id, course_id, url_name, earned, possible, completed in BlockProgress.objects.filter(
        learner_id__in=list(learners)
    ).values_list("learner_id", "course_id", "url_name", "earned", "possible", "completed"):
        results[(learner_id, course_id)][url_name] = BlockResult(earned, possible, completed)
    policies = course_policies()
    earned = []
    for (learner_id, course_id), blocks in results.items():
        learner = learners[learner_id]
        policy = policies.get(course_id)
        if policy is None or not learner.is_linked:
            continue
        verdict = evaluate(policy, learner.group, blocks)
        if verdict.completed:
            earned.append((learner, verdict.achievement_id, course_id))
    certificates = _issue_earned(earned)
    # Record what was evaluated; a change that arrived meanwhile keeps the learner due for the sweep.
    by_version: dict[int, list[int]] = defaultdict(list)
    for learner in learners.values():
        by_version[learner.progress_version].append(learner.id)
    with transaction.atomic():
        for version, ids in by_version.items():
            LearnerLink.objects.filter(id__in=ids, progress_version=version).update(evaluated_version=version)
    if not certificates:
        return []
    return list(Outbox.objects.filter(
        certificate_id__in=[certificate.id for certificate in certificates],
        state__in=[Outbox.State.PENDING, Outbox.State.SENDING]).values_list("id", flat=True))


def learners_due_for_evaluation(older_than_seconds: float, limit: int) -> list[int]:
    """Learners whose progress changed but was not evaluated (e.g. the task message was lost)."""
    from django.db.models import F

    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return list(
        LearnerLink.objects.filter(progress_version__gt=F("evaluated_version"), updated_at__lte=cutoff)
        .exclude(subject_id=None)
        .order_by("updated_at")
        .values_list("id", flat=True)[:limit]
    )
