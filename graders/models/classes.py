"""Classes (lớp): a teacher's group of learners in one course, joined by a short code, followed live.

Personal data kept here, and why (docs/architecture.md, "Classes"): a roster entry's birth year tells two
learners with the same name apart on the teacher's roster and login cards; a phone number (optional) lets
the teacher call a learner who stopped coming. Both stay in `ClassMembership`, are shown only to the class's
teacher and the course team, and are never copied into certificates, progress events or logs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["AttemptReset", "BlockActivity", "Class", "ClassMembership"]


class Class(models.Model):
    """A class (lớp) of one course: its name, where it meets, its teacher and the code learners join with.

    In the LMS a class is also a course cohort of the same name (graders.classes.lms_cohort)."""

    name = models.CharField(max_length=200)
    place = models.CharField(max_length=200, blank=True)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hocvuso_classes")
    course_id = models.CharField(max_length=255, db_index=True)
    join_code = models.CharField(max_length=16, unique=True)
    code_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "graders"
        verbose_name = "class"
        verbose_name_plural = "classes"

    def __str__(self) -> str:
        return f"{self.name} ({self.course_id})"


class ClassMembership(models.Model):
    """A learner in a class: joined by the class code, or imported from a roster (then with a card code
    that signs them in, and the roster's birth year and phone, if given)."""

    class Source(models.TextChoices):
        CODE = "code", "joined with the class code"
        ROSTER = "roster", "imported from a roster"

    klass = models.ForeignKey(Class, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey("graders.LearnerLink", on_delete=models.CASCADE, related_name="class_memberships")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.CODE)
    card_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "graders"
        constraints = [models.UniqueConstraint(fields=["klass", "learner"], name="graders_class_member_once")]

    def __str__(self) -> str:
        return f"{self.learner_id} in class {self.klass_id}"


class BlockActivity(models.Model):
    """What a phone exercise reports while a learner works on it (one row per learner and block): attempts
    used, mistakes and hints, and the step they are on with the mistakes made on it. Grades still travel
    as progress (BlockProgress); this is what a teacher needs to see who is stuck, and where."""

    learner = models.ForeignKey("graders.LearnerLink", on_delete=models.CASCADE, related_name="activity")
    course_id = models.CharField(max_length=255)
    url_name = models.CharField(max_length=255)
    mode = models.CharField(max_length=16, blank=True)
    attempts_used = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(null=True, blank=True)
    mistakes = models.PositiveIntegerField(default=0)
    hints = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=255, blank=True)
    step_title = models.CharField(max_length=300, blank=True)
    step_mistakes = models.PositiveSmallIntegerField(default=0)
    step_since = models.DateTimeField(default=timezone.now)  # arrived at `step`: "no progress for N minutes"
    finished = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "graders"
        constraints = [
            models.UniqueConstraint(fields=["learner", "course_id", "url_name"], name="graders_activity_one_per_block")
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.url_name}: step {self.step} ({self.step_mistakes} mistakes)"


class AttemptReset(models.Model):
    """A teacher gave a learner their attempts on a block back: who, when, why (the audit), and whether
    the block has applied it yet (the block asks graders on its next view and marks it applied)."""

    klass = models.ForeignKey(Class, on_delete=models.SET_NULL, null=True, blank=True, related_name="resets")
    learner = models.ForeignKey("graders.LearnerLink", on_delete=models.CASCADE, related_name="attempt_resets")
    course_id = models.CharField(max_length=255)
    url_name = models.CharField(max_length=255)
    reset_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    reset_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "graders"
        indexes = [models.Index(fields=["learner", "course_id", "url_name"], name="graders_reset_block")]

    def __str__(self) -> str:
        return f"reset of {self.url_name} for {self.learner_id} by {self.reset_by_id}"
