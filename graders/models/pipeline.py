"""Pipeline models: learner links, progress, outbox, delivery attempts.

The outbox is how a certificate reaches the identity platform exactly once: its row is written in the
same transaction as the certificate, a delivery counts only once the platform acknowledged it, and every
re-send carries the same idempotency key so the platform can refuse duplicates.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

__all__ = ["BlockProgress", "DeliveryAttempt", "IntakeRequest", "LearnerLink", "Outbox"]


class LearnerLink(models.Model):
    """An LMS learner, and (once linked) the pseudonymous subject id the identity platform gave them.

    Only the pseudonymous id is kept: never a national ID number, birth date, phone or address.
    `group` is the target group (track) whose completion rule applies; `unit` is the school or agency
    the learner reports to (for completion reports).
    """

    lms_user_id = models.CharField(max_length=255, unique=True)
    username = models.CharField(max_length=150, blank=True)
    display_name = models.CharField(max_length=255, blank=True)
    subject_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    group = models.CharField(max_length=64, blank=True)
    unit = models.CharField(max_length=255, blank=True, db_index=True)
    # Evaluation bookkeeping: progress_version grows with every recorded change; the evaluator stores
    # the version it saw, so a lost task message is found again by the outbox sweep.
    progress_version = models.PositiveIntegerField(default=0)
    evaluated_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "graders"
        indexes = [models.Index(fields=["group", "unit"], name="graders_learner_group_unit")]

    def __str__(self) -> str:
        return f"learner {self.lms_user_id}"

    @property
    def is_linked(self) -> bool:
        return bool(self.subject_id)


class BlockProgress(models.Model):
    """The latest grade and completion of one learner on one graded block (by OLX url_name)."""

    learner = models.ForeignKey(LearnerLink, on_delete=models.CASCADE, related_name="progress")
    course_id = models.CharField(max_length=255)
    url_name = models.CharField(max_length=255)
    block_type = models.CharField(max_length=64)
    earned = models.FloatField(null=True, blank=True)
    possible = models.FloatField(null=True, blank=True)
    completed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "graders"
        constraints = [
            models.UniqueConstraint(fields=["learner", "course_id", "url_name"], name="graders_progress_one_per_block")
        ]
        indexes = [models.Index(fields=["course_id", "url_name"], name="graders_progress_block")]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.course_id} {self.url_name}: {self.earned}/{self.possible}"


class Outbox(models.Model):
    """One certificate waiting for (or done with) delivery to the identity platform."""

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        SENDING = "sending", "sending"
        DELIVERED = "delivered", "delivered"
        DEAD = "dead", "dead"

    certificate = models.OneToOneField("graders.Certificate", on_delete=models.CASCADE, related_name="outbox")
    learner = models.ForeignKey(LearnerLink, on_delete=models.PROTECT, related_name="outbox")
    idempotency_key = models.CharField(max_length=100, unique=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # For pending rows: when the next try is due. For sending rows: when the claim lapses (a worker
    # that died mid-send leaves the row to be claimed again after this time).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim_token = models.CharField(max_length=64, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "graders"
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="graders_outbox_due")]

    def __str__(self) -> str:
        return f"outbox {self.idempotency_key} ({self.state}, {self.attempts} tries)"


class DeliveryAttempt(models.Model):
    """One try at handing a certificate over: what happened, for operators chasing a dead letter."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "accepted"
        DUPLICATE = "duplicate", "duplicate (already held by the platform)"
        FAILED = "failed", "failed (will retry)"
        REJECTED = "rejected", "rejected (permanent)"

    outbox = models.ForeignKey(Outbox, on_delete=models.CASCADE, related_name="delivery_attempts")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        app_label = "graders"
        ordering = ["outbox_id", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.outbox_id}: {self.outcome}"


class IntakeRequest(models.Model):
    """A signed intake request already accepted, remembered while its timestamp is inside the window.

    Why: a captured request stays validly signed for HOCVUSO_INTAKE_MAX_SKEW seconds; its signature is
    the primary key here, so the same request sent again is refused, by the database's unique index, in
    every process and under concurrent sends (graders.pipeline.api)."""

    signature = models.CharField(max_length=64, primary_key=True)
    client = models.CharField(max_length=64)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        app_label = "graders"

    def __str__(self) -> str:
        return f"intake request {self.signature[:12]} from {self.client}"
