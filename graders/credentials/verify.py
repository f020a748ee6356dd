"""Our verifier: proof, issuer key (via its DID document), validity window, status, defined terms.

Resolvers are passed in, so the same code verifies offline (the issuer's own database), in tests
(dicts) and from the identity-platform sandbox over HTTP. Every failure is explained in `errors`;
status is fail-closed: a status list that cannot be fetched or checked makes the result not ok.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .canonical import Canonicalizer, UndefinedTermError, canonicalize
from .dates import parse_datetime
from .did import find_assertion_key
from .documentloader import VC_V2_CONTEXT, ContextNotBundledError
from .multibase import MultibaseError, ed25519_public_key_from_multikey
from .proof import proof_problems, verify_signature
from .status_list import Bitstring, StatusListError

VALID = "valid"
INVALID = "invalid"
REVOKED = "revoked"
SUSPENDED = "suspended"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
UNVERIFIABLE = "unverifiable"  # the issuer's DID document or status list could not be obtained

# What a caller expects the document to be: a certificate (OpenBadgeCredential about an
# AchievementSubject, the default), a status list credential, or any credential this issuer signed.
CERTIFICATE = "certificate"
STATUS_LIST = "status_list"
ANY_CREDENTIAL = "any"

DidResolver = Callable[[str], dict]
StatusListFetcher = Callable[[str], dict]


@dataclass
class VerificationResult:
    """`ok` only when status is "valid"; `errors` explains every failed check in plain words."""

    status: str
    errors: list[str] = field(default_factory=list)
    issuer: str | None = None
    verification_method: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == VALID and not self.errors


def _issuer_id(document: dict) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def _kind_problems(document: dict, expect: str) -> list[str]:
    """Why a genuine credential is still not what the caller asked for (e.g. a status list offered as a
    certificate: it is signed by the issuer too, but certifies nothing about a learner)."""
    types = document.get("type") if isinstance(document.get("type"), list) else []
    subjects = _as_list(document.get("credentialSubject"))
    if expect == CERTIFICATE:
        problems = []
        if "OpenBadgeCredential" not in types:
            problems.append("this is not a certificate: type must contain 'OpenBadgeCredential'")
        if not subjects or not all(isinstance(subject, dict) and "AchievementSubject" in _as_list(subject.get("type"))
                                   for subject in subjects):
            problems.append("this is not a certificate: credentialSubject must be an 'AchievementSubject'")
        return problems
    if expect == STATUS_LIST and "BitstringStatusListCredential" not in types:
        return ["type must contain 'BitstringStatusListCredential'"]
    return []


def _structure_problems(document: object) -> list[str]:
    if not isinstance(document, dict):
        return ["the credential is not a JSON object"]
    problems = []
    contexts = document.get("@context")
    if not isinstance(contexts, list) or not contexts or contexts[0] != VC_V2_CONTEXT:
        problems.append(f"@context must be a list starting with {VC_V2_CONTEXT}")
    types = document.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        problems.append("type must be a list containing 'VerifiableCredential'")
    if _issuer_id(document) is None:
        problems.append("the credential has no issuer id")
    if "credentialSubject" not in document:
        problems.append("the credential has no credentialSubject")
    if "validFrom" not in document:
        problems.append("the credential has no validFrom date")
    for name in ("validFrom", "validUntil"):
        if name in document:
            try:
                parse_datetime(document[name])
            except ValueError as error:
                problems.append(f"{name}: {error}")
    return problems


class _VerifiedListCache:
    """Status lists already verified, keyed by a digest of the exact list credential and DID document."""

    def __init__(self, size: int = 64):
        self._entries: dict[str, tuple[list[str], Bitstring | None]] = {}
        self._size = size

    def get_or_verify(self, list_credential: dict, did_document: dict, verify: Callable) -> tuple:
        key = hashlib.sha256(
            json.dumps([list_credential, did_document], sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        if key not in self._entries:
            if len(self._entries) >= self._size:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = verify()
        return self._entries[key]


_list_cache = _VerifiedListCache()


def _check_proof(document: dict, resolve_did: DidResolver, canonicalizer: Canonicalizer,
                 result: VerificationResult) -> dict | None:
    """Proof structure, key authorisation and signature; returns the issuer's DID document."""
    proof = document.get("proof")
    problems = proof_problems(proof)
    if problems:
        result.errors.extend(problems)
        return None
    issuer = _issuer_id(document)
    method_id = proof["verificationMethod"]
    result.verification_method = method_id
    if method_id.split("#", 1)[0] != issuer:
        result.errors.append(f"the proof's key {method_id} does not belong to the issuer {issuer}")
        return None
    try:
        did_document = resolve_did(issuer)
    except Exception as error:  # any resolver failure is a reason, never a crash
        result.status = UNVERIFIABLE
        result.errors.append(f"the issuer's DID document could not be obtained: {error}")
        return None
    method, reason = find_assertion_key(did_document, issuer, method_id)
    if method is None:
        result.errors.append(reason)
        return None
    try:
        public_key = Ed25519PublicKey.from_public_bytes(
            ed25519_public_key_from_multikey(method.get("publicKeyMultibase")))
    except (MultibaseError, ValueError) as error:
        result.errors.append(f"key {method_id}: {error}")
        return None
    try:
        if not verify_signature(document, public_key, canonicalizer=canonicalizer):
            result.errors.append("the signature does not match: the credential was changed after signing "
                                 "or was not signed with this key")
            return None
    except UndefinedTermError as error:
        result.errors.extend(f"not verifiable as signed: {problem}" for problem in error.problems)
        return None
    except ContextNotBundledError as error:
        result.errors.append(str(error))
        return None
    return did_document


def _check_validity(document: dict, now: datetime, result: VerificationResult) -> str | None:
    valid_from = parse_datetime(document["validFrom"])
    if now < valid_from:
        result.errors.append(f"the credential is not valid before {document['validFrom']}")
        return NOT_YET_VALID
    if "validUntil" in document and now > parse_datetime(document["validUntil"]):
        result.errors.append(f"the credential expired on {document['validUntil']}")
        return EXPIRED
    proof_expires = document["proof"].get("expires")
    if proof_expires is not None and now > parse_datetime(proof_expires):
        result.errors.append(f"the proof expired on {proof_expires}")
        return EXPIRED
    return None


def _check_status(document: dict, issuer: str, resolve_did: DidResolver, fetch_status_list: StatusListFetcher,
                  canonicalizer: Canonicalizer, now: datetime, result: VerificationResult) -> str | None:
    entries = document.get("credentialStatus")
    if entries is None:
        return None
    entries = entries if isinstance(entries, list) else [entries]
    outcome = None
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            result.errors.append("credentialStatus is not a BitstringStatusListEntry; its status cannot be checked")
            return UNVERIFIABLE
        url, purpose = entry.get("statusListCredential"), entry.get("statusPurpose")
        try:
            index = int(entry.get("statusListIndex"))
        except (TypeError, ValueError):
            result.errors.append("statusListIndex is not a decimal integer")
            return INVALID
        try:
            list_credential = fetch_status_list(url)
        except Exception as error:  # fail closed, with the reason
            result.errors.append(f"the status list {url} could not be fetched ({error}); status unknown")
            return UNVERIFIABLE
        if not isinstance(list_credential, dict) or list_credential.get("id") != url:
            result.errors.append(f"the document served at {url} is not that status list credential")
            return UNVERIFIABLE
        if _issuer_id(list_credential) != issuer:
            result.errors.append(f"the status list {url} was issued by {_issuer_id(list_credential)}, not {issuer}")
            return INVALID
        try:
            did_document = resolve_did(issuer)
        except Exception as error:
            result.errors.append(f"the issuer's DID document could not be obtained: {error}")
            return UNVERIFIABLE

        def verify_list(list_credential=list_credential, purpose=purpose, url=url, did_document=did_document):
            list_result = verify_credential(list_credential, resolve_did=lambda _did: did_document,
                                            fetch_status_list=_no_status, now=now, canonicalizer=canonicalizer,
                                            expect=STATUS_LIST)
            problems = [f"status list {url}: {error}" for error in list_result.errors]
            subject = list_credential.get("credentialSubject")
            if not problems and (not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList"):
                problems.append(f"status list {url}: credentialSubject is not a BitstringStatusList")
            if not problems and subject.get("statusPurpose") != purpose:
                problems.append(f"status list {url} is for {subject.get('statusPurpose')!r}, not {purpose!r}")
            if problems:
                return problems, None
            try:
                return [], Bitstring.decode(subject.get("encodedList"))
            except StatusListError as error:
                return [f"status list {url}: {error}"], None

        problems, bits = _list_cache.get_or_verify(list_credential, did_document, verify_list)
        if problems:
            result.errors.extend(problems)
            return UNVERIFIABLE
        try:
            flagged = bits.get(index)
        except StatusListError as error:
            result.errors.append(str(error))
            return INVALID
        if flagged and purpose == "revocation":
            result.errors.append("the credential has been revoked by its issuer")
            outcome = REVOKED
        elif flagged and purpose == "suspension" and outcome is None:
            result.errors.append("the credential is suspended by its issuer")
            outcome = SUSPENDED
    return outcome


def _no_status(url: str) -> dict:
    raise LookupError("a status list credential must not itself carry a status")


def verify_credential(document: dict, *, resolve_did: DidResolver, fetch_status_list: StatusListFetcher,
                      now: datetime | None = None, canonicalizer: Canonicalizer | None = None,
                      expect: str = CERTIFICATE) -> VerificationResult:
    """Check everything a relying party must check, and say why when anything fails.

    `expect` is what the document must be: by default a certificate (an OpenBadgeCredential about an
    AchievementSubject), so another credential the issuer signed is never reported as a valid certificate.
    Order matters for the status reported: a bad proof makes the document "invalid" whatever else it
    claims; only a genuine credential can be "revoked", "expired" or "valid"."""
    canonicalizer = canonicalizer or canonicalize
    now = now or datetime.now(UTC)
    result = VerificationResult(status=INVALID)
    problems = _structure_problems(document)
    if not problems:
        problems = _kind_problems(document, expect)
    if problems:
        result.errors.extend(problems)
        return result
    result.issuer = _issuer_id(document)
    did_document = _check_proof(document, resolve_did, canonicalizer, result)
    if did_document is None:
        return result
    status = _check_validity(document, now, result)
    status_outcome = _check_status(document, result.issuer, resolve_did, fetch_status_list, canonicalizer, now,
                                   result)
    result.status = status_outcome or status or VALID
    if status_outcome in (REVOKED, SUSPENDED, INVALID, UNVERIFIABLE):
        result.status = status_outcome
    return result
