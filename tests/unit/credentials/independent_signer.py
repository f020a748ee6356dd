"""A second, independent eddsa-rdfc-2022 signer written straight from the specifications, used only in
tests: plain pyld (its own loader over the published context files), cryptography, base58. It shares
no code with graders.credentials, so the verifier is checked against someone else's reading of the spec."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.json",
}
CONTEXT_DIR = Path(__file__).resolve().parents[3] / "graders" / "credentials" / "contexts"


def _loader(url, options=None):
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads((CONTEXT_DIR / CONTEXT_FILES[url]).read_text(encoding="utf-8"))}


def _rdfc(document: dict) -> bytes:
    return jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                       "documentLoader": _loader}).encode("utf-8")


def multikey(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(bytes([0xED, 0x01]) + raw).decode()


def sign_by_the_book(credential: dict, private_key: Ed25519PrivateKey, verification_method: str,
                     created: str) -> dict:
    """Data Integrity EdDSA Cryptosuites v1.0, section 3.2 (eddsa-rdfc-2022): transform, hash, sign."""
    proof_config = {"@context": credential["@context"], "type": "DataIntegrityProof",
                    "cryptosuite": "eddsa-rdfc-2022", "created": created,
                    "verificationMethod": verification_method, "proofPurpose": "assertionMethod"}
    hash_data = hashlib.sha256(_rdfc(proof_config)).digest() + hashlib.sha256(_rdfc(credential)).digest()
    proof = {key: value for key, value in proof_config.items() if key != "@context"}
    proof["proofValue"] = "z" + base58.b58encode(private_key.sign(hash_data)).decode()
    return {**credential, "proof": proof}
