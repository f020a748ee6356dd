"""Certificates and the status lists that can revoke them."""

from __future__ import annotations

import secrets
import uuid

from django.db import models

__all__ = ["Certificate", "StatusList"]


def new_index_key() -> str:
    return secrets.token_hex(16)


class StatusList(models.Model):
    """One Bitstring Status List; `signed_json` is the published list credential, re-signed on change.

    `allocated` counts the positions handed out; `index_key` (secret, never published) orders the
    list's indexes pseudo-randomly, so position n maps to an index that does not reveal issuing order."""

    REVOCATION = "revocation"
    PURPOSES = [(REVOCATION, "revocation"), ("suspension", "suspension")]

    purpose = models.CharField(max_length=20, choices=PURPOSES, default=REVOCATION)
    size = models.PositiveIntegerField(default=131_072)
    bits = models.BinaryField()
    allocated = models.PositiveIntegerField(default=0)
    index_key = models.CharField(max_length=64, default=new_index_key, editable=False)
    signed_json = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "graders"

    def __str__(self) -> str:
        return f"status list {self.pk} ({self.purpose}, {self.allocated}/{self.size})"


class Certificate(models.Model):
    """A signed certificate. `credential_json` is the signed JSON exactly as issued: never re-serialised.

    `subject_hash` is an HMAC of the identity platform's pseudonymous subject id (a lookup key, not the
    per-certificate salted hash inside the credential). `display_name` is the name printed on the PDF;
    the credential binds it by a salted hash whose salt, `name_salt`, is never published in the
    credential: it travels only on the PDF and in its QR code, so whoever holds the paper can check the
    printed name on /verify (docs/certificates.md, "The learner's name")."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject_hash = models.CharField(max_length=64, db_index=True)
    display_name = models.CharField(max_length=200)
    achievement_id = models.CharField(max_length=100)
    course_id = models.CharField(max_length=255)
    credential_json = models.TextField()
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="certificates")
    status_index = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=500, blank=True, default="")
    name_salt = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        app_label = "graders"
        constraints = [
            models.UniqueConstraint(fields=["subject_hash", "achievement_id"],
                                    name="one_certificate_per_learner_and_achievement"),
            models.UniqueConstraint(fields=["status_list", "status_index"], name="one_certificate_per_status_bit"),
        ]

    def __str__(self) -> str:
        return f"certificate {self.id} ({self.achievement_id})"
