"""The two multibase encodings the specs require: base58-btc (`z…`) for keys and proofs, base64url
(`u…`, no padding) for status lists; plus Ed25519 Multikey (multicodec 0xed01) keys."""

from __future__ import annotations

import base64
import binascii

import base58

ED25519_PUB_MULTICODEC = b"\xed\x01"


class MultibaseError(ValueError):
    """A value is not in the multibase encoding the specification requires."""


def encode_base58btc(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode("ascii")


def decode_base58btc(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise MultibaseError("expected a base58-btc multibase value starting with 'z'")
    try:
        return base58.b58decode(value[1:])
    except ValueError as error:
        raise MultibaseError(f"not valid base58-btc: {error}") from None


def encode_base64url(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_base64url(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("u"):
        raise MultibaseError("expected a base64url multibase value starting with 'u'")
    body = value[1:]
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:
        raise MultibaseError(f"not valid base64url: {error}") from None


def ed25519_multikey(public_key: bytes) -> str:
    """Multikey `publicKeyMultibase` of a raw 32-byte Ed25519 public key (always `z6Mk…`)."""
    if len(public_key) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return encode_base58btc(ED25519_PUB_MULTICODEC + public_key)


def ed25519_public_key_from_multikey(value: str) -> bytes:
    """The raw Ed25519 public key in a Multikey value; any other encoding is refused (as the spec says)."""
    raw = decode_base58btc(value)
    if len(raw) != 34 or not raw.startswith(ED25519_PUB_MULTICODEC):
        raise MultibaseError("publicKeyMultibase is not an Ed25519 Multikey (0xed01 + 32 bytes)")
    return raw[2:]
