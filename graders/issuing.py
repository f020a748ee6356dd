"""Issuing and revoking certificates: the thin Django layer over graders.credentials.

Idempotent by construction: one certificate per learner and achievement is a database constraint,
so a second call (or a racing one) returns the certificate that exists.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import uuid
from datetime import UTC, datetime
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.utils import timezone

from graders.achievements import AchievementError, load_achievements
from graders.credentials.canonical import UndefinedTermError
from graders.credentials.credential import CredentialInputError, Issuer, build_credential, check_pseudonymous_subject_id
from graders.credentials.did import build_did_document, verification_method_id
from graders.credentials.keys import KeyStore
from graders.credentials.proof import sign
from graders.credentials.status_list import Bitstring, build_status_list_credential, status_entry
from graders.credentials.verify import VerificationResult, verify_credential
from graders.models.certificates import Certificate, StatusList
from graders.settings.common import setting

log = logging.getLogger(__name__)


class CertificateError(ValueError):
    """Issuing or revoking cannot be done; the message says why (nothing was changed)."""


# -- configuration ----------------------------------------------------------------------------------


def issuer_did() -> str:
    return setting("HOCVUSO_ISSUER_DID")


def public_url(path: str) -> str:
    return setting("HOCVUSO_PUBLIC_BASE_URL").rstrip("/") + "/" + path.lstrip("/")


@lru_cache(maxsize=4)
def _key_store(directory: str, passphrase: str | None) -> KeyStore:
    return KeyStore(directory, passphrase.encode() if passphrase else None)


def key_store() -> KeyStore:
    """The issuer's key store (one per process, so a private key is read and decrypted once)."""
    return _key_store(setting("HOCVUSO_KEY_DIR"), setting("HOCVUSO_KEY_PASSPHRASE"))


def did_document() -> dict:
    return build_did_document(issuer_did(), key_store().list())


def _signing_key():
    store = key_store()
    if not store.list():
        info = store.create()
        log.warning("created the first issuer signing key %s in %s", info.fragment, store.directory)
    return store.signing_key()


def subject_lookup_hash(subject_id: str) -> str:
    """HMAC of a subject id: finds a learner's certificates without storing the id itself."""
    key = setting("HOCVUSO_SUBJECT_HASH_KEY").encode("utf-8")
    return hmac.new(key, subject_id.encode("utf-8"), hashlib.sha256).hexdigest()


def status_list_url(status_list: StatusList) -> str:
    return public_url(f"status/{status_list.pk}")


def achievement_url(key: str) -> str:
    return public_url(f"achievements/{key}")


def verify_url(certificate_id: uuid.UUID | str) -> str:
    return public_url(f"verify/{certificate_id}")


# -- status lists -----------------------------------------------------------------------------------


def _sign_status_list(status_list: StatusList) -> None:
    info, key = _signing_key()
    bits = Bitstring(status_list.size, bytes(status_list.bits))
    unsigned = build_status_list_credential(status_list_url(status_list), issuer_did(), bits, status_list.purpose,
                                            timezone.now())
    status_list.signed_json = json.dumps(sign(unsigned, key, verification_method_id(issuer_did(), info)),
                                         ensure_ascii=False)


def _open_status_list() -> StatusList:
    """A revocation list with room (lists are kept at most half full so random indexes rarely collide)."""
    size = setting("HOCVUSO_STATUS_LIST_SIZE")
    current = (StatusList.objects.select_for_update().filter(purpose=StatusList.REVOCATION, size=size)
               .order_by("-pk").first())
    if current is None or current.allocated >= current.size // 2:
        current = StatusList.objects.create(purpose=StatusList.REVOCATION, size=size, bits=bytes(size // 8))
        _sign_status_list(current)
        current.save(update_fields=["signed_json"])
    return current


def _allocate_index(status_list: StatusList) -> int:
    """A random free index: sequential ones would tell a verifier the issuing order."""
    while True:
        index = secrets.randbelow(status_list.size)
        if not Certificate.objects.filter(status_list=status_list, status_index=index).exists():
            return index


# -- issuing and revoking ---------------------------------------------------------------------------


def issue_certificate(subject_id: str, display_name: str, achievement_id: str | None = None, *,
                      course_id: str | None = None) -> tuple[Certificate, bool]:
    """Sign and store the certificate of one learner for one achievement; (certificate, created).

    `subject_id` is the identity platform's pseudonymous id (never a national ID number); the
    display name is kept for the PDF only and is not part of the signed credential."""
    try:
        subject_id = check_pseudonymous_subject_id(subject_id)
        if not isinstance(display_name, str) or not display_name.strip() or len(display_name) > 200:
            raise CredentialInputError("the learner's display name must be 1-200 characters")
        catalogue = load_achievements(setting("HOCVUSO_CERTIFICATE_POLICY"))
        achievement = catalogue.get(achievement_id)
    except (CredentialInputError, AchievementError) as error:
        raise CertificateError(str(error)) from None
    lookup = subject_lookup_hash(subject_id)
    existing = Certificate.objects.filter(subject_hash=lookup, achievement_id=achievement.key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            status_list = _open_status_list()
            index = _allocate_index(status_list)
            certificate_id = uuid.uuid4()
            issued_at = datetime.now(UTC).replace(microsecond=0)
            unsigned = build_credential(
                credential_id=certificate_id,
                issuer=Issuer(issuer_did(), setting("HOCVUSO_ISSUER_NAME"), public_url("")),
                subject_id=subject_id, achievement=achievement, achievement_url=achievement_url(achievement.key),
                valid_from=issued_at, status=status_entry(status_list_url(status_list), index),
            )
            info, key = _signing_key()
            signed = sign(unsigned, key, verification_method_id(issuer_did(), info), created=issued_at)
            certificate = Certificate.objects.create(
                id=certificate_id, subject_hash=lookup, display_name=display_name.strip(),
                achievement_id=achievement.key, course_id=course_id or catalogue.course_id,
                credential_json=json.dumps(signed, ensure_ascii=False), status_list=status_list,
                status_index=index, issued_at=issued_at,
            )
            StatusList.objects.filter(pk=status_list.pk).update(allocated=status_list.allocated + 1)
    except IntegrityError:
        existing = Certificate.objects.filter(subject_hash=lookup, achievement_id=achievement.key).first()
        if existing is None:  # the random index collided under a race: try once more
            return issue_certificate(subject_id, display_name, achievement.key, course_id=course_id)
        return existing, False
    except (CredentialInputError, UndefinedTermError) as error:
        raise CertificateError(f"the certificate cannot be signed: {error}") from None
    log.info("issued certificate %s for achievement %s", certificate.id, achievement.key)
    return certificate, True


def revoke_certificate(cert_id: uuid.UUID | str) -> Certificate:
    """Flip the certificate's bit in its status list and re-sign the list (revocation is final)."""
    try:
        certificate_uuid = uuid.UUID(str(cert_id))
    except ValueError:
        raise CertificateError(f"{cert_id!r} is not a certificate id (a UUID)") from None
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_uuid).first()
        if certificate is None:
            raise CertificateError(f"no certificate {certificate_uuid}")
        if certificate.revoked_at is not None:
            return certificate
        status_list = StatusList.objects.select_for_update().get(pk=certificate.status_list_id)
        bits = Bitstring(status_list.size, bytes(status_list.bits))
        bits.set(certificate.status_index)
        status_list.bits = bytes(bits.data)
        _sign_status_list(status_list)
        status_list.save(update_fields=["bits", "signed_json", "updated_at"])
        certificate.revoked_at = timezone.now()
        certificate.save(update_fields=["revoked_at"])
    log.info("revoked certificate %s", certificate.id)
    return certificate


# -- verifying our own certificates (no network: our DID document and lists come from here) ---------


def _resolve_own_did(did: str) -> dict:
    if did != issuer_did():
        raise LookupError(f"{did} is not this issuer; only {issuer_did()} can be resolved here")
    return did_document()


def _fetch_own_status_list(url: str) -> dict:
    prefix = public_url("status/")
    list_id = url[len(prefix):] if url.startswith(prefix) else ""
    status_list = StatusList.objects.filter(pk=int(list_id)).first() if list_id.isdigit() else None
    if status_list is None or not status_list.signed_json:
        raise LookupError(f"no status list at {url}")
    return json.loads(status_list.signed_json)


def verify_own(document: dict) -> VerificationResult:
    """Verify a certificate against this issuer's own DID document and status lists."""
    return verify_credential(document, resolve_did=_resolve_own_did, fetch_status_list=_fetch_own_status_list)
