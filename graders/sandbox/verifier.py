"""How the sandbox checks a certificate on its own, as the identity platform would.

It resolves the issuer's did:web document and the status list credential over HTTP from the issuer's
public endpoints (cached for a few seconds, like any HTTP cache), verifies the Data Integrity proof
and the revocation bit, and checks that the credential names the learner it was delivered for (the
salted identity hash matches the pseudonymous subject id).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import requests

from graders.credentials.credential import identity_hash
from graders.credentials.did import did_web_document_url
from graders.credentials.verify import verify_credential

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


@dataclass
class _Cached:
    value: dict
    fetched: float


@dataclass
class HttpDocuments:
    """GET JSON documents with a small TTL cache (shared by the verification threads)."""

    ttl: float = 30.0
    timeout: float = 5.0
    allow_http: bool = False
    session: requests.Session = field(default_factory=requests.Session)
    _cache: dict[str, _Cached] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str) -> dict:
        with self._lock:
            cached = self._cache.get(url)
            if cached and time.monotonic() - cached.fetched < self.ttl:
                return cached.value
        if url.startswith("http://") and not self.allow_http:
            raise ValueError(f"refusing plain-HTTP fetch of {url} (start the sandbox with --allow-http)")
        response = self.session.get(url, timeout=self.timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        value = response.json()
        with self._lock:
            self._cache[url] = _Cached(value, time.monotonic())
        return value

    def resolve_did(self, did: str) -> dict:
        return self.get(did_web_document_url(did, allow_http_hosts=LOOPBACK_HOSTS if self.allow_http else frozenset()))


def identity_matches(credential: dict, subject_id: str) -> bool:
    """Does an IdentityObject of the credential hash to this pseudonymous subject id?"""
    subject = credential.get("credentialSubject") or {}
    for identity in subject.get("identifier") or []:
        if not isinstance(identity, dict) or not identity.get("hashed"):
            continue
        if identity.get("identityHash") == identity_hash(subject_id, str(identity.get("salt", ""))):
            return True
    return False


@dataclass(frozen=True)
class Check:
    ok: bool
    status: str
    errors: tuple[str, ...] = ()


class CredentialChecker:
    """Verify a delivered credential with graders' verifier, fed only by HTTP fetches."""

    def __init__(self, documents: HttpDocuments):
        self.documents = documents

    def check(self, credential: dict, subject_id: str | None = None) -> Check:
        try:
            result = verify_credential(credential, resolve_did=self.documents.resolve_did,
                                       fetch_status_list=self.documents.get)
        except Exception as error:  # a fetch failed or the document is malformed: not confirmed
            return Check(False, "error", (f"{type(error).__name__}: {error}",))
        errors = list(getattr(result, "errors", ()) or ())
        if subject_id is not None and not identity_matches(credential, subject_id):
            errors.append("the credential does not name this learner (identity hash mismatch)")
        return Check(bool(result.ok) and not errors, str(getattr(result, "status", "")), tuple(errors))
