"""Item responses of the auto_quiz block: what was served and each learner's first answers.

They used to live in the block's `user_state_summary`, one shared value rewritten whole on every submit,
so concurrent learners overwrote each other (20 simultaneous learners left 1 row). Here every write is
an INSERT of one small row (constant cost per submit, no read-modify-write), and statistics aggregate
the rows when staff read them. A unique (block, learner) key keeps exactly one first response per learner
even when two of their requests race.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

__all__ = ["QuizExposure", "QuizFirstResponse"]


class QuizExposure(models.Model):
    """One question served in one attempt (pool balancing counts these per question)."""

    block_key = models.CharField(max_length=255)
    question_id = models.CharField(max_length=64)
    served_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["block_key", "question_id"], name="graders_qexp_block_q")]


class QuizFirstResponse(models.Model):
    """A learner's first submitted attempt: question id -> [share of points, chosen option ids]."""

    block_key = models.CharField(max_length=255)
    learner_key = models.CharField(max_length=255)
    row = models.JSONField()
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["block_key", "learner_key"], name="graders_qfirst_once")]
