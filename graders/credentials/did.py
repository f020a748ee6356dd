"""did:web identifiers and the issuer's DID document, built from the key store's public keys."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

from .keys import KeyInfo

DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


class DidError(ValueError):
    """A DID or DID document is not usable."""


def did_web_for_url(base_url: str) -> str:
    """did:web for a site root (`http://localhost:8000` -> `did:web:localhost%3A8000`)."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise DidError(f"{base_url!r} has no host name")
    did = "did:web:" + quote(parts.netloc, safe="")
    path = parts.path.strip("/")
    if path:
        did += ":" + ":".join(quote(segment, safe="") for segment in path.split("/"))
    return did


def did_web_document_url(did: str, *, allow_http_hosts: frozenset[str] | set[str] = frozenset()) -> str:
    """Where a did:web document lives; plain http only for hosts the operator allowed (local demos)."""
    if not did.startswith("did:web:") or len(did) <= len("did:web:"):
        raise DidError(f"{did!r} is not a did:web identifier")
    segments = did[len("did:web:"):].split(":")
    host = unquote(segments[0])
    if "/" in host or "@" in host or not host:
        raise DidError(f"{did!r} has an invalid host")
    hostname = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    scheme = "http" if hostname in allow_http_hosts or host in allow_http_hosts else "https"
    path = "/".join(unquote(segment) for segment in segments[1:])
    return f"{scheme}://{host}/{path}/did.json" if path else f"{scheme}://{host}/.well-known/did.json"


def verification_method_id(did: str, key: KeyInfo) -> str:
    return f"{did}#{key.fragment}"


def build_did_document(did: str, keys: list[KeyInfo]) -> dict:
    """The DID document: every key, active or retired, is listed under assertionMethod.

    Why retired keys stay: verifiers only see the current document, so removing a key would silently
    invalidate every certificate it signed (a compromised key is handled by revocation instead)."""
    methods = [
        {"id": verification_method_id(did, key), "type": "Multikey", "controller": did,
         "publicKeyMultibase": key.public_key_multibase}
        for key in keys
    ]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def find_assertion_key(did_document: dict, did: str, method_id: str) -> tuple[dict | None, str | None]:
    """(verification method, None) if `method_id` is an assertionMethod of `did`, else (None, reason)."""
    if not isinstance(did_document, dict) or did_document.get("id") != did:
        return None, f"the DID document resolved for {did} does not describe {did}"

    def absolute(value: str) -> str:
        return did + value if isinstance(value, str) and value.startswith("#") else value

    methods = {absolute(m.get("id")): m for m in did_document.get("verificationMethod", []) if isinstance(m, dict)}
    assertion_ids = set()
    for entry in did_document.get("assertionMethod", []):
        if isinstance(entry, dict):
            methods.setdefault(absolute(entry.get("id")), entry)
            assertion_ids.add(absolute(entry.get("id")))
        else:
            assertion_ids.add(absolute(entry))
    if method_id not in methods:
        return None, f"key {method_id} is not in the issuer's DID document (unknown key)"
    if method_id not in assertion_ids:
        return None, f"key {method_id} is not authorised for assertionMethod in the issuer's DID document"
    method = methods[method_id]
    if method.get("type") != "Multikey":
        return None, f"key {method_id} has type {method.get('type')!r}, expected 'Multikey'"
    if method.get("controller") != did:
        return None, f"key {method_id} is controlled by {method.get('controller')!r}, not by the issuer {did}"
    return method, None
