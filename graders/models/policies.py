"""Course policies kept in the database: an installed LMS has no course folder to read them from.

`hocvuso policy load <course folder or archive>` (or `manage.py lms hocvuso policy load ...`) checks a
course's certificate_policy.json against its OLX tree and stores both here; intake, evaluation and issuing
read them beside any HOCVUSO_COURSE_DIRS folders (graders.pipeline.intake.course_policies).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

__all__ = ["CoursePolicy"]


class CoursePolicy(models.Model):
    """One course's certificate policy and the course tree it was checked against."""

    course_id = models.CharField(max_length=255, unique=True)
    document = models.JSONField(help_text="certificate_policy.json, as loaded")
    structure = models.JSONField(help_text="the course's chapters, graded blocks (chapter, weight) and units")
    source = models.CharField(max_length=500, blank=True, help_text="the folder or archive it was loaded from")
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "course certificate policy"
        verbose_name_plural = "course certificate policies"

    def __str__(self) -> str:
        return self.course_id
