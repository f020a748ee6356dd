"""Issuing and revoking certificates: the thin Django layer over graders.credentials.

Idempotent by construction: one certificate per learner and achievement is a database constraint,
so a second call (or a racing one) returns the certificate that exists. `issue_certificates` issues a
batch (what the pipeline's workers call, hundreds at a time); `issue_certificate` is the same code for
one (the CLI). Writes are kept short so several workers share even SQLite's single writer: status
indexes are reserved first, signing happens outside any transaction, then one transaction stores the
certificates (and, through `on_created`, the caller's rows that must commit with them).
"""

from __future__ import annotations

import hmac
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlencode

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from graders.course_policies import course_policies
from graders.credentials.canonical import UndefinedTermError
from graders.credentials.credential import (
    Achievement,
    CredentialInputError,
    Issuer,
    build_credential,
    check_holder_name,
    check_pseudonymous_subject_id,
    new_name_salt,
)
from graders.credentials.did import build_did_document, verification_method_id
from graders.credentials.keys import KeyStore, KeyStoreError
from graders.credentials.proof import sign
from graders.credentials.status_list import Bitstring, build_status_list_credential, status_entry, status_index_at
from graders.credentials.verify import VerificationResult, verify_credential
from graders.models.certificates import Certificate, StatusList
from graders.policy import CompletionPolicy, PolicyError, UnknownAchievementError, find_achievement
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
        try:
            info = store.create()
            log.warning("created the first issuer signing key %s in %s", info.fragment, store.directory)
        except KeyStoreError:  # another worker process created it a moment ago
            if not store.list():
                raise
    return store.signing_key()


def _subject_hash_key() -> bytes:
    return setting("HOCVUSO_SUBJECT_HASH_KEY").encode("utf-8")


def _subject_hash(key: bytes, subject_id: str) -> str:
    """The one computation of a subject id's lookup hash (one-shot C HMAC-SHA256)."""
    return hmac.digest(key, subject_id.encode("utf-8"), "sha256").hex()


def subject_lookup_hash(subject_id: str) -> str:
    """HMAC of a subject id: finds a learner's certificates without storing the id itself."""
    return subject_lookup_hashes([subject_id])[0]


def subject_lookup_hashes(subject_ids: Iterable[str]) -> list[str]:
    """subject_lookup_hash of each id, in order: the key read once and the one-shot C HMAC, since a
    10,000-learner class view hashes every learner on each refresh."""
    key = _subject_hash_key()
    return [_subject_hash(key, subject_id) for subject_id in subject_ids]


def status_list_url(status_list: StatusList) -> str:
    return public_url(f"status/{status_list.pk}")


def achievement_url(key: str) -> str:
    return public_url(f"achievements/{key}")


def verify_url(certificate_id: uuid.UUID | str) -> str:
    return public_url(f"verify/{certificate_id}")


def named_verify_url(certificate: Certificate) -> str:
    """The verify URL printed as the PDF's QR code: it carries the printed name and the name hash's salt,
    so scanning the paper checks that the name on it is the one the issuer signed."""
    if not certificate.name_salt:
        return verify_url(certificate.id)
    return verify_url(certificate.id) + "?" + urlencode({"name": certificate.display_name,
                                                         "salt": certificate.name_salt})


def achievement_name(certificate: Certificate) -> str:
    """The achievement's name as signed in the certificate."""
    return json.loads(certificate.credential_json)["credentialSubject"]["achievement"]["name"]


# -- PDF links: signed, expiring ----------------------------------------------------------------------
_PDF_SALT = "hocvuso.certificate-pdf"


class PdfLinkExpired(Exception):
    """A genuine PDF link whose time is up (the learner can get a new one from their progress page)."""


def pdf_link_lifetime() -> timedelta:
    return timedelta(days=float(setting("HOCVUSO_PDF_LINK_DAYS")))


def pdf_token(certificate_id: uuid.UUID | str) -> str:
    """A signed, timestamped token for one certificate's PDF (checked by `read_pdf_token`)."""
    return signing.dumps(str(certificate_id), salt=_PDF_SALT, compress=True)


def read_pdf_token(token: str, certificate_id: uuid.UUID | str) -> None:
    """Accept a token made by `pdf_token` for this certificate within the link lifetime.

    Raises signing.BadSignature for a forged token or one for another certificate, PdfLinkExpired for a
    genuine one that is too old."""
    try:
        found = signing.loads(token, salt=_PDF_SALT, max_age=pdf_link_lifetime())
    except signing.SignatureExpired:
        raise PdfLinkExpired from None
    if found != str(certificate_id):
        raise signing.BadSignature("token for another certificate")


def pdf_link(certificate: Certificate) -> tuple[str, datetime]:
    """A fresh PDF download URL for the certificate, and when it stops working."""
    return (public_url(f"certificates/{certificate.id}/{pdf_token(certificate.id)}.pdf"),
            datetime.now(UTC) + pdf_link_lifetime())


# -- status lists -----------------------------------------------------------------------------------


def _sign_status_list(status_list: StatusList) -> None:
    info, key = _signing_key()
    bits = Bitstring(status_list.size, bytes(status_list.bits))
    unsigned = build_status_list_credential(status_list_url(status_list), issuer_did(), bits, status_list.purpose,
                                            timezone.now())
    status_list.signed_json = json.dumps(sign(unsigned, key, verification_method_id(issuer_did(), info)),
                                         ensure_ascii=False)


def _open_status_list() -> StatusList:
    """A revocation list with room: lists take at most half their size (the rest hides the count)."""
    size = setting("HOCVUSO_STATUS_LIST_SIZE")
    current = (StatusList.objects.select_for_update().filter(purpose=StatusList.REVOCATION, size=size)
               .order_by("-pk").first())
    if current is None or current.allocated >= current.size // 2:
        current = StatusList.objects.create(purpose=StatusList.REVOCATION, size=size, bits=bytes(size // 8))
        _sign_status_list(current)
        current.save(update_fields=["signed_json"])
    return current


def _reserve_status_entries(count: int) -> list[tuple[StatusList, int]]:
    """`count` distinct free (status list, index) pairs, reserved in short write transactions.

    The list's `allocated` counter is advanced first, so concurrent reservations get disjoint
    positions; an index a certificate already holds (e.g. one issued before this allocator) is skipped."""
    entries: list[tuple[StatusList, int]] = []
    while len(entries) < count:
        with transaction.atomic():
            status_list = _open_status_list()
            wanted = min(count - len(entries), status_list.size // 2 - status_list.allocated)
            StatusList.objects.filter(pk=status_list.pk).update(allocated=F("allocated") + wanted)
            end = StatusList.objects.values_list("allocated", flat=True).get(pk=status_list.pk)
        key = bytes.fromhex(status_list.index_key)
        indexes = [status_index_at(key, status_list.size, position) for position in range(end - wanted, end)]
        taken = set(Certificate.objects.filter(status_list=status_list, status_index__in=indexes)
                    .values_list("status_index", flat=True))
        entries += [(status_list, index) for index in indexes if index not in taken]
    return entries


# -- issuing and revoking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueRequest:
    """One learner's certificate for one achievement. `subject_id` is the identity platform's
    pseudonymous id (never a national ID number); `display_name` is printed on the PDF and bound into the
    credential only as a salted hash (its salt is kept for the PDF, never put in the credential)."""

    subject_id: str
    display_name: str
    achievement_id: str | None = None
    course_id: str | None = None


@dataclass(frozen=True)
class _Checked:
    """A usable request (the caller's own object kept, for its callbacks) and what it resolves to."""

    request: IssueRequest
    subject_id: str
    display_name: str
    achievement: Achievement
    course_id: str
    subject_hash: str

    @property
    def key(self) -> tuple[str, str]:
        return self.subject_hash, self.achievement.key


def _catalogue() -> Mapping[str, CompletionPolicy]:
    """The configured courses' policies: their achievements are what can be certified."""
    try:
        return course_policies()
    except PolicyError as error:
        raise CertificateError(f"the certificate policy cannot be used: {error}") from None


def _check(request: IssueRequest, catalogue: Mapping[str, CompletionPolicy], hash_key: bytes) -> _Checked:
    try:
        subject_id = check_pseudonymous_subject_id(request.subject_id)
        name = check_holder_name(request.display_name)
        course_id, achievement = find_achievement(catalogue, request.achievement_id, request.course_id)
    except (CredentialInputError, UnknownAchievementError) as error:
        raise CertificateError(str(error)) from None
    subject_hash = _subject_hash(hash_key, subject_id)
    return _Checked(request, subject_id, name, achievement, course_id, subject_hash)


@dataclass(frozen=True)
class _Signer:
    """What every certificate of a batch is signed with (read once per batch, not per certificate)."""

    issuer: Issuer
    verification_method: str
    key: Ed25519PrivateKey

    @classmethod
    def current(cls) -> _Signer:
        info, key = _signing_key()
        return cls(Issuer(issuer_did(), setting("HOCVUSO_ISSUER_NAME"), public_url("")),
                   verification_method_id(issuer_did(), info), key)


def _signed_certificate(item: _Checked, signer: _Signer, status_list: StatusList, index: int,
                        issued_at: datetime) -> Certificate:
    """The one place a certificate is built and signed (not saved)."""
    certificate_id = uuid.uuid4()
    name_salt = new_name_salt()
    try:
        unsigned = build_credential(
            credential_id=certificate_id, issuer=signer.issuer, subject_id=item.subject_id,
            achievement=item.achievement, achievement_url=achievement_url(item.achievement.key),
            valid_from=issued_at, status=status_entry(status_list_url(status_list), index),
            holder_name=item.display_name, name_salt=name_salt,
        )
        signed = sign(unsigned, signer.key, signer.verification_method, created=issued_at)
    except (CredentialInputError, UndefinedTermError) as error:
        raise CertificateError(f"the certificate cannot be signed: {error}") from None
    return Certificate(
        id=certificate_id, subject_hash=item.subject_hash, display_name=item.display_name,
        achievement_id=item.achievement.key, course_id=item.course_id,
        credential_json=json.dumps(signed, ensure_ascii=False), status_list=status_list,
        status_index=index, issued_at=issued_at, name_salt=name_salt,
    )


def _existing(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Certificate]:
    keys = set(keys)
    if not keys:
        return {}
    found = Certificate.objects.filter(subject_hash__in={subject for subject, _ in keys},
                                       achievement_id__in={achievement for _, achievement in keys})
    return {(c.subject_hash, c.achievement_id): c for c in found if (c.subject_hash, c.achievement_id) in keys}


OnCreated = Callable[[list[tuple[IssueRequest, Certificate]]], None]
OnRefused = Callable[[IssueRequest, CertificateError], None]


def issue_certificates(requests: Sequence[IssueRequest], *, on_created: OnCreated | None = None,
                       on_refused: OnRefused | None = None) -> list[tuple[Certificate, bool] | None]:
    """Issue a batch of certificates; for each request (certificate, created), in the same order.

    Idempotent per (learner, achievement), also under races (a database constraint). Status indexes are
    reserved first, certificates are signed outside any transaction, then written in one short
    transaction; `on_created([(request, certificate), ...])` runs inside it, so a caller's rows (the
    delivery outbox) are committed with the certificates or not at all.
    An unusable request (e.g. a subject id that looks like an ID card number) raises CertificateError
    before anything is written; with `on_refused`, it is reported there instead, answered None, and
    the others are issued."""
    catalogue, hash_key = _catalogue(), _subject_hash_key()
    checked: list[_Checked | None] = []
    for request in requests:
        try:
            checked.append(_check(request, catalogue, hash_key))
        except CertificateError as error:
            if on_refused is None:
                raise
            on_refused(request, error)
            checked.append(None)
    usable = [item for item in checked if item is not None]
    results: dict[tuple[str, str], tuple[Certificate, bool]] = {
        key: (certificate, False) for key, certificate in _existing(item.key for item in usable).items()}
    to_issue = list({item.key: item for item in usable if item.key not in results}.values())
    if to_issue:
        entries = _reserve_status_entries(len(to_issue))
        signer, issued_at = _Signer.current(), datetime.now(UTC).replace(microsecond=0)
        pending = [(item, _signed_certificate(item, signer, status_list, index, issued_at))
                   for item, (status_list, index) in zip(to_issue, entries, strict=True)]
        for item, outcome in _store(pending, on_created):
            results[item.key] = outcome
        log.info("issued %d certificates (%d requested)", sum(created for _c, created in results.values()),
                 len(requests))
    return [None if item is None else results[item.key] for item in checked]


def _store(pending: list[tuple[_Checked, Certificate]],
           on_created: OnCreated | None) -> list[tuple[_Checked, tuple[Certificate, bool]]]:
    """Write signed certificates in one transaction. A row that lost a race to a concurrent issuer
    (same learner and achievement) is answered with the winner's certificate; the rest are written again."""
    stored = []
    for _attempt in range(3):
        if not pending:
            return stored
        certificates = [certificate for _item, certificate in pending]
        try:
            with transaction.atomic():
                Certificate.objects.bulk_create(certificates)
                if on_created is not None:
                    on_created([(item.request, certificate) for item, certificate in pending])
        except IntegrityError:
            winners = _existing(item.key for item, _certificate in pending)
            if not winners:
                break  # not a learner race: fall back to one at a time below
            stored += [(item, (winners[item.key], False)) for item, _certificate in pending if item.key in winners]
            pending = [(item, certificate) for item, certificate in pending if item.key not in winners]
            continue
        for _item, certificate in pending:
            log.debug("issued certificate %s for achievement %s", certificate.id, certificate.achievement_id)
        return stored + [(item, (certificate, True)) for item, certificate in pending]
    # Still conflicting (e.g. a status index taken under a race): the per-row path signs each again.
    for item, _certificate in pending:
        stored.append((item, _issue_one_again(item, on_created)))
    return stored


def _issue_one_again(item: _Checked, on_created: OnCreated | None) -> tuple[Certificate, bool]:
    for _attempt in range(3):
        existing = _existing([item.key]).get(item.key)
        if existing is not None:
            return existing, False
        [(status_list, index)] = _reserve_status_entries(1)
        certificate = _signed_certificate(item, _Signer.current(), status_list, index,
                                          datetime.now(UTC).replace(microsecond=0))
        try:
            with transaction.atomic():
                certificate.save(force_insert=True)
                if on_created is not None:
                    on_created([(item.request, certificate)])
        except IntegrityError:
            continue
        return certificate, True
    raise CertificateError(f"could not store a certificate for achievement {item.achievement.key} after 3 tries")


def issue_certificate(subject_id: str, display_name: str, achievement_id: str | None = None, *,
                      course_id: str | None = None) -> tuple[Certificate, bool]:
    """Sign and store the certificate of one learner for one achievement; (certificate, created)."""
    [issued] = issue_certificates([IssueRequest(subject_id, display_name, achievement_id, course_id)])
    return issued


def revoke_certificate(cert_id: uuid.UUID | str, reason: str = "") -> Certificate:
    """Flip the certificate's bit in its status list and re-sign the list (revocation is final).

    `reason` (shown on the verify page and stamped on the PDF) is kept from the first revocation."""
    reason = " ".join(str(reason or "").split())
    if len(reason) > 500:
        raise CertificateError("the revocation reason is longer than 500 characters")
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
        certificate.revocation_reason = reason
        certificate.save(update_fields=["revoked_at", "revocation_reason"])
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
