"""How the sandbox checks a certificate on its own, as the identity platform would.

It resolves the issuer's did:web document and the status list credential over HTTP from the issuer's
public endpoints (cached for a few seconds, like any HTTP cache), verifies the Data Integrity proof
and the revocation bit, and checks that the credential names the learner it was delivered for (the
salted identity hash matches the pseudonymous subject id).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import time
from dataclasses import dataclass

from graders.credentials.credential import identity_hash
from graders.credentials.resolvers import HttpResolvers
from graders.credentials.verify import verify_credential

from .store import Store

log = logging.getLogger("platform_sandbox")


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

    def __init__(self, resolvers: HttpResolvers):
        self.resolvers = resolvers

    def check(self, credential: dict, subject_id: str | None = None) -> Check:
        try:
            result = verify_credential(credential, resolve_did=self.resolvers.resolve_did,
                                       fetch_status_list=self.resolvers.fetch_status_list)
        except Exception as error:  # a fetch failed or the document is malformed: not confirmed
            return Check(False, "error", (f"{type(error).__name__}: {error}",))
        errors = list(getattr(result, "errors", ()) or ())
        if subject_id is not None and not identity_matches(credential, subject_id):
            errors.append("the credential does not name this learner (identity hash mismatch)")
        return Check(bool(result.ok) and not errors, str(getattr(result, "status", "")), tuple(errors))


def verify_pending(store: Store, checker: CredentialChecker, limit: int = 500) -> int:
    """Check stored-but-unchecked certificates (oldest first); returns how many were checked."""
    outcomes = []
    for key, subject_id, text in store.pending(limit):
        check = checker.check(json.loads(text), subject_id)
        outcomes.append((key, check.ok, list(check.errors)))
    if outcomes:
        store.checked(outcomes)
    return len(outcomes)


def verification_loop(db_path: str, allow_http_hosts: set[str], cache_ttl: float, received, stopping,
                      niceness: int = 0) -> None:
    """The verifier process: check what arrives until `stopping` is set (`received` says there is work)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server process decides when to stop
    if niceness:
        os.nice(niceness)
    store = Store(db_path)
    checker = CredentialChecker(HttpResolvers(allow_http_hosts=allow_http_hosts, ttl=cache_ttl))
    try:
        while not stopping.is_set():
            received.clear()
            try:
                if verify_pending(store, checker):
                    continue
            except Exception:
                log.exception("verification pass failed; retrying")
                time.sleep(1)
            received.wait(1.0)
    finally:
        store.close()
