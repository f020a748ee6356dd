"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C Data Integrity EdDSA 1.0).

Signature input = SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), both RDFC-1.0;
the proof configuration carries the document's @context. Canonicalisers raise UndefinedTermError, so a
document with anything JSON-LD would drop is refused before it is signed.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .canonical import Canonicalizer, canonicalize
from .dates import format_datetime, parse_datetime
from .multibase import MultibaseError, decode_base58btc, encode_base58btc

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"


def _hash_data(document: dict, proof_config: dict, canonicalizer: Canonicalizer) -> bytes:
    proof_hash = hashlib.sha256(canonicalizer(proof_config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonicalizer(document).encode("utf-8")).digest()
    return proof_hash + document_hash


def sign(document: dict, private_key: Ed25519PrivateKey, verification_method: str, *,
         created: datetime | None = None, canonicalizer: Canonicalizer = canonicalize) -> dict:
    """A copy of `document` with an embedded eddsa-rdfc-2022 DataIntegrityProof."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created or datetime.now(UTC)),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    proof_config = {"@context": unsecured["@context"], **proof}
    signature = private_key.sign(_hash_data(unsecured, proof_config, canonicalizer))
    return {**unsecured, "proof": {**proof, "proofValue": encode_base58btc(signature)}}


def proof_problems(proof: object) -> list[str]:
    """Structural problems of an embedded proof, each explained (empty when well formed)."""
    if not isinstance(proof, dict):
        return ["the credential has no single embedded proof object"]
    problems = []
    if proof.get("type") != PROOF_TYPE:
        problems.append(f"proof type is {proof.get('type')!r}, expected {PROOF_TYPE!r}")
    if proof.get("cryptosuite") != CRYPTOSUITE:
        problems.append(f"cryptosuite is {proof.get('cryptosuite')!r}, expected {CRYPTOSUITE!r}")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        problems.append(f"proofPurpose is {proof.get('proofPurpose')!r}, expected {PROOF_PURPOSE!r}")
    if not isinstance(proof.get("verificationMethod"), str):
        problems.append("proof has no verificationMethod URL")
    try:
        if len(decode_base58btc(proof.get("proofValue"))) != 64:
            problems.append("proofValue is not a 64-byte Ed25519 signature")
    except MultibaseError as error:
        problems.append(f"proofValue: {error}")
    for name in ("created", "expires"):
        if name in proof:
            try:
                parse_datetime(proof[name])
            except ValueError as error:
                problems.append(f"proof {name}: {error}")
    return problems


def verify_signature(document: dict, public_key: Ed25519PublicKey, *,
                     canonicalizer: Canonicalizer = canonicalize) -> bool:
    """True if the embedded proof's signature matches the document (structure checked separately).

    Raises UndefinedTermError when the document uses terms its contexts do not define."""
    proof = document["proof"]
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    if "@context" in options:
        contexts = unsecured.get("@context")
        if contexts[: len(options["@context"])] != options["@context"]:
            return False
        unsecured["@context"] = options.pop("@context")
    proof_config = {"@context": unsecured["@context"], **options}
    try:
        public_key.verify(decode_base58btc(proof["proofValue"]), _hash_data(unsecured, proof_config, canonicalizer))
    except (InvalidSignature, MultibaseError):
        return False
    return True
