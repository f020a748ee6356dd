"""Build the Open Badges 3.0 `OpenBadgeCredential` exactly as docs/certificates.md describes.

Privacy by construction: the learner appears only as a salted SHA-256 of the pseudonymous subject id
the identity platform gave us; this builder has no field for a name, ID number, birth date, phone,
address or photo. (OB 3.0.3 defines no `name` for AchievementSubject; the display name lives only in
the issuer's database, for the PDF and the verify page.)
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime

from .documentloader import CREDENTIAL_CONTEXTS
from .proof import format_datetime

CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
IDENTITY_TYPE = "identifier"  # OB 3.0 IdentifierTypeEnum: a platform's opaque identifier
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Things a pseudonymous subject id must not look like: a 12-digit CCCD, a 9-digit CMND, a phone number
# (0 + 9 digits, or 84 + 9 digits), matched after `_compact` has dropped separators and a word around it.
_PERSONAL_NUMBER = re.compile(r"[^\W\d_]*([0-9]{9,15})[^\W\d_]*")


def _compact(value: str) -> str:
    """Letters and digits only, in one form: full-width digits become ASCII (NFKC), case is folded, and
    separators a person might type (spaces, `-`, `.`, `(`, `)`, `+`, `:`, non-breaking ones) are gone."""
    return "".join(char for char in unicodedata.normalize("NFKC", value).casefold() if char.isalnum())


class CredentialInputError(ValueError):
    """The data given for a certificate is unusable; the message says which field and why."""


@dataclass(frozen=True)
class Issuer:
    did: str
    name: str
    url: str | None = None


@dataclass(frozen=True)
class Achievement:
    """One achievement of the course's certificate policy."""

    key: str
    name: str
    description: str
    criteria: str
    achievement_type: str = "Certificate"


def _text(field_name: str, value: object, *, limit: int = 10_000) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CredentialInputError(f"{field_name} must be a non-empty text")
    if _CONTROL_CHARS.search(value):
        raise CredentialInputError(f"{field_name} contains control characters")
    if len(value) > limit:
        raise CredentialInputError(f"{field_name} is longer than {limit} characters")
    return value


def check_pseudonymous_subject_id(subject_id: str) -> str:
    """Refuse a subject id that looks like a national ID number or a phone number.

    Why: a salted hash of a 12-digit CCCD number is brute-forceable (the salt travels with it), so only
    the identity platform's pseudonymous subject id may be hashed into a certificate. The number is
    found however it is written: `CCCD001099001234`, `tel:+84912345678`, `(091) 234-5678`."""
    subject_id = _text("the learner's subject id", subject_id, limit=256)
    if _PERSONAL_NUMBER.fullmatch(_compact(subject_id)):
        raise CredentialInputError(
            "the learner's subject id looks like an ID card or phone number; pass the identity "
            "platform's pseudonymous subject id instead (personal numbers never go into certificates)"
        )
    return subject_id


def identity_hash(subject_id: str, salt: str) -> str:
    """OB 3.0 IdentityObject hash: "sha256$" + hex SHA-256 of the UTF-8 identifier followed by the salt."""
    return "sha256$" + hashlib.sha256((subject_id + salt).encode("utf-8")).hexdigest()


def build_credential(*, credential_id: uuid.UUID, issuer: Issuer, subject_id: str, achievement: Achievement,
                     achievement_url: str, valid_from: datetime, valid_until: datetime | None = None,
                     status: dict | None = None, salt: str | None = None) -> dict:
    """The unsigned OpenBadgeCredential for one learner and one achievement."""
    subject_id = check_pseudonymous_subject_id(subject_id)
    salt = salt or secrets.token_hex(16)
    if valid_until is not None and valid_until < valid_from:
        raise CredentialInputError("validUntil is before validFrom")
    issuer_profile = {"id": issuer.did, "type": ["Profile"], "name": _text("issuer name", issuer.name)}
    if issuer.url:
        issuer_profile["url"] = issuer.url
    document = {
        "@context": list(CREDENTIAL_CONTEXTS),
        "id": credential_id.urn,
        "type": list(CREDENTIAL_TYPES),
        "name": _text("achievement name", achievement.name, limit=500),
        "issuer": issuer_profile,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        document["validUntil"] = format_datetime(valid_until)
    document["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "identifier": [{
            "type": "IdentityObject",
            "identityType": IDENTITY_TYPE,
            "hashed": True,
            "identityHash": identity_hash(subject_id, salt),
            "salt": salt,
        }],
        "achievement": {
            "id": achievement_url,
            "type": ["Achievement"],
            "achievementType": achievement.achievement_type,
            "name": _text("achievement name", achievement.name, limit=500),
            "description": _text("achievement description", achievement.description),
            "criteria": {"narrative": _text("achievement criteria", achievement.criteria)},
            "inLanguage": "vi",
        },
    }
    if status is not None:
        document["credentialStatus"] = status
    return document
