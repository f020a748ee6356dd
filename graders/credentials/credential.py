"""Build the Open Badges 3.0 `OpenBadgeCredential` exactly as docs/certificates.md describes.

Privacy by construction: the learner appears only as salted SHA-256 hashes: of the pseudonymous subject
id the identity platform gave us (salt in the credential, as OB 3.0 shows it) and, when a printed name is
bound, of that name (`identityType: "name"`, salt NOT in the credential: it is printed on the PDF and
carried by its QR code, so only someone holding the paper can check the name; from the credential alone
the name cannot be guessed). This builder has no field for an ID number, birth date, phone, address or
photo, and never puts the name itself in the credential.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime

from .dates import format_datetime
from .documentloader import CREDENTIAL_CONTEXTS

CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
IDENTITY_TYPE = "identifier"  # OB 3.0 IdentifierTypeEnum: a platform's opaque identifier
NAME_IDENTITY_TYPE = "name"  # OB 3.0 IdentifierTypeEnum: the holder's name (here always hashed)
MAX_NAME_LENGTH = 200
_WHITESPACE = re.compile(r"\s+")
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


def normalize_name(name: str) -> str:
    """The form of a name that is hashed: Unicode NFC, runs of white space made one space, trimmed.

    Why: the same printed name typed on another phone may come decomposed (Vietnamese tone marks) or
    with doubled spaces; those must still match, while any changed letter or mark must not."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", name)).strip()


def check_holder_name(name: object) -> str:
    """The holder's printed name, normalised; refused when empty, too long or with control characters."""
    if not isinstance(name, str):
        raise CredentialInputError("the learner's name must be a text")
    return _text("the learner's name", normalize_name(name), limit=MAX_NAME_LENGTH)


def new_name_salt() -> str:
    """A fresh per-certificate salt for the name hash (128 bits: the printed name cannot be brute-forced
    from the credential, since the salt is not in it)."""
    return secrets.token_hex(16)


def name_identity(name: str, salt: str) -> dict:
    """The OB 3.0 IdentityObject binding a printed name: hashed, and without its salt."""
    return {"type": "IdentityObject", "identityType": NAME_IDENTITY_TYPE, "hashed": True,
            "identityHash": identity_hash(check_holder_name(name), salt)}


def name_hashes(document: dict) -> list[str]:
    """The name hashes a credential carries (empty when it binds no name)."""
    subject = document.get("credentialSubject") if isinstance(document, dict) else None
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    if isinstance(identifiers, dict):
        identifiers = [identifiers]
    return [entry["identityHash"] for entry in identifiers or []
            if isinstance(entry, dict) and entry.get("identityType") == NAME_IDENTITY_TYPE
            and entry.get("hashed") is True and isinstance(entry.get("identityHash"), str)]


def holder_name_matches(document: dict, name: str, salt: str) -> bool | None:
    """Does `name` (with the salt printed on the certificate) match the name the credential binds?

    None when the credential binds no name; the comparison is constant-time."""
    hashes = name_hashes(document)
    if not hashes:
        return None
    try:
        expected = identity_hash(check_holder_name(name), salt)
    except CredentialInputError:
        return False
    return any(hmac.compare_digest(expected, found) for found in hashes)


def build_credential(*, credential_id: uuid.UUID, issuer: Issuer, subject_id: str, achievement: Achievement,
                     achievement_url: str, valid_from: datetime, valid_until: datetime | None = None,
                     status: dict | None = None, salt: str | None = None, holder_name: str | None = None,
                     name_salt: str | None = None) -> dict:
    """The unsigned OpenBadgeCredential for one learner and one achievement.

    With `holder_name`, the credential also binds the printed name by its hash under `name_salt`
    (which the caller keeps for the PDF's QR code; it is not written into the credential)."""
    subject_id = check_pseudonymous_subject_id(subject_id)
    if holder_name is not None and not name_salt:
        raise CredentialInputError("a bound name needs its salt (new_name_salt())")
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
    if holder_name is not None:
        document["credentialSubject"]["identifier"].append(name_identity(holder_name, name_salt))
    if status is not None:
        document["credentialStatus"] = status
    return document
