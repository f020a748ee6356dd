"""Agencies (cơ quan): their officers and the staff list an officer imports to follow who has finished.

A staff row names a person by the identity platform's pseudonymous subject id or by username, never by a
national ID number, birth date or phone. It points at the learner once graders knows them (the import, or
intake when they first appear, attaches it); until then the person counts as "not started".
`unit_key` and `name_key` hold the unit and name folded for search (no accents, case folded:
xblocks.common.text.search_key), stored once and indexed, so a search never folds rows in Python.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from xblocks.common.text import search_key

__all__ = ["Agency", "AgencyMember", "AgencyOfficer"]


class Agency(models.Model):
    """A public body whose staff must finish the course by a deadline; `parent` for a department of it.

    `course_id` names the course its staff follow (empty: a certificate of any course counts)."""

    name = models.CharField(max_length=255, unique=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    course_id = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "graders"
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class AgencyOfficer(models.Model):
    """A user who may see (and import) this agency's staff list: graders.access decides with these rows."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hocvuso_agencies")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "graders"
        constraints = [models.UniqueConstraint(fields=["agency", "user"], name="graders_one_officer_row")]

    def __str__(self) -> str:
        return f"officer {self.user_id} of {self.agency_id}"


class AgencyMember(models.Model):
    """One person of an agency's staff list, as last imported."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="members")
    learner = models.ForeignKey("graders.LearnerLink", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="agency_rows")
    # "s:<subject id>" or "u:<username>": one row per person and agency on every database (MariaDB has no
    # partial unique index, so two nullable columns could not say it)
    person_key = models.CharField(max_length=260)
    subject_id = models.CharField(max_length=255, blank=True, default="")
    username = models.CharField(max_length=150, blank=True, default="")
    name = models.CharField(max_length=200, blank=True, default="")
    name_key = models.CharField(max_length=200, blank=True, default="")
    unit = models.CharField(max_length=255, blank=True, default="")
    unit_key = models.CharField(max_length=255, blank=True, default="")
    group = models.CharField(max_length=64, blank=True, default="")
    deadline = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "graders"
        constraints = [models.UniqueConstraint(fields=["agency", "person_key"], name="graders_one_member_row")]
        indexes = [
            models.Index(fields=["agency", "unit_key", "name_key"], name="graders_member_unit_search"),
            models.Index(fields=["agency", "name_key"], name="graders_member_name_search"),
            models.Index(fields=["subject_id"], name="graders_member_subject"),
            models.Index(fields=["username"], name="graders_member_username"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.username or self.subject_id} ({self.agency_id})"

    def save(self, *args, **kwargs) -> None:
        self.fill_search_keys()
        super().save(*args, **kwargs)

    @staticmethod
    def key_for(subject_id: str, username: str) -> str:
        """The person key: the subject id when there is one, else the username."""
        return f"s:{subject_id}" if subject_id else f"u:{username}"

    def fill_search_keys(self) -> None:
        """Fold the unit and name into their search columns, set the person key (bulk writers call this)."""
        self.person_key = self.key_for(self.subject_id, self.username)
        self.unit_key = search_key(self.unit)[:255]
        self.name_key = search_key(self.name)[:200]
