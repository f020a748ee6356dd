"""Evaluate learners against their course's completion policy; issue what they earned.

The certificate and its outbox row are written in one transaction, so a certificate is never issued
without a delivery on record. Issuing is idempotent per (learner, achievement) and the outbox row is
one per certificate (database constraints), so retried or concurrent evaluations issue nothing twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from graders.intake import course_policies
from graders.models import BlockProgress, LearnerLink, Outbox
from graders.policy import BlockResult, evaluate

log = logging.getLogger(__name__)


def idempotency_key(certificate) -> str:
    """The key every delivery of this certificate carries (stable across retries and workers)."""
    return f"hocvuso-{certificate.id}"


def _issue(learner: LearnerLink, achievement_id: str, course_id: str):
    """The learner's certificate (issued now or before), or None when it cannot be issued."""
    from graders.issuing import CertificateError, issue_certificate

    name = learner.display_name or learner.username
    if not name:
        log.warning("learner %s completed %s but has no name to print; send their name to issue it",
                    learner.lms_user_id, course_id)
        return None
    try:
        certificate, _created = issue_certificate(learner.subject_id, name, achievement_id, course_id=course_id)
    except CertificateError as error:  # bad input for this learner: retrying would not help
        log.error("certificate for learner %s not issued: %s", learner.lms_user_id, error)
        return None
    return certificate


def evaluate_learners(learner_ids: Sequence[int]) -> list[int]:
    """Evaluate these learners on every course they have progress in; return pending outbox ids.

    Certificates and their outbox rows are written in one transaction. Unlinked learners (no
    pseudonymous subject id yet) are evaluated again when they are linked.
    """
    learners = {link.id: link for link in LearnerLink.objects.filter(id__in=list(learner_ids))}
    results: dict[tuple[int, str], dict[str, BlockResult]] = defaultdict(dict)
    for row in BlockProgress.objects.filter(learner_id__in=list(learners)).only(
        "learner_id", "course_id", "url_name", "earned", "possible", "completed"
    ):
        results[(row.learner_id, row.course_id)][row.url_name] = BlockResult(row.earned, row.possible, row.completed)
    policies = course_policies()
    with transaction.atomic():
        earned = []
        for (learner_id, course_id), blocks in results.items():
            learner = learners[learner_id]
            policy = policies.get(course_id)
            if policy is None or not learner.is_linked:
                continue
            verdict = evaluate(policy, learner.group, blocks)
            if verdict.completed:
                certificate = _issue(learner, verdict.achievement_id, course_id)
                if certificate is not None:
                    earned.append((learner, certificate))
        now = timezone.now()
        Outbox.objects.bulk_create(
            [Outbox(certificate=certificate, learner=learner, idempotency_key=idempotency_key(certificate),
                    next_attempt_at=now) for learner, certificate in earned],
            ignore_conflicts=True,  # a row that already exists (a re-evaluation) stays as it is
        )
        # Record what was evaluated; a change that arrived meanwhile keeps the learner due for the sweep.
        by_version: dict[int, list[int]] = defaultdict(list)
        for learner in learners.values():
            by_version[learner.progress_version].append(learner.id)
        for version, ids in by_version.items():
            LearnerLink.objects.filter(id__in=ids, progress_version=version).update(evaluated_version=version)
    return list(Outbox.objects.filter(
        certificate_id__in=[certificate.id for _learner, certificate in earned],
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
