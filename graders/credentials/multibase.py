"""The two multibase encodings the specs require: base58-btc (`z…`) for keys and proofs, base64url
(`u…`, no padding) for status lists; plus Ed25519 Multikey (multicodec 0xed01) keys."""

from __future__ import annotations

import base64
import binascii

ED25519_PUB_MULTICODEC = b"\xed\x01"


class MultibaseError(ValueError):
    """A value is not in the multibase encoding the specification requires."""


# Base58 (Bitcoin alphabet) by hand: the `base58` package prepends one byte string per digit and was
# ~7% of the time to issue a certificate (encoding) and ~13% to verify one (three decodings). Encoding here
# takes two digits per big-integer divmod (58**2 = 3364). Both give the package's results, including
# leading zero bytes as '1's and ignoring trailing whitespace when decoding (the interop tests sign
# independently with the package and compare proofValues).
_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_PAIRS = [high + low for high in _BASE58_ALPHABET for low in _BASE58_ALPHABET]  # index = value
_BASE58_VALUES = {digit: value for value, digit in enumerate(_BASE58_ALPHABET)}


def _b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    pairs = []
    while number:
        number, pair = divmod(number, 3364)
        pairs.append(_BASE58_PAIRS[pair])
    pairs.reverse()
    digits = "".join(pairs).lstrip("1")  # the top pair may start with a zero digit
    zero_bytes = len(data) - len(data.lstrip(b"\0"))
    return "1" * zero_bytes + digits


def _b58decode(text: str) -> bytes:
    text = text.rstrip()  # as the base58 package does
    digits = text.lstrip("1")
    number = 0
    for digit in digits:
        value = _BASE58_VALUES.get(digit)
        if value is None:
            raise ValueError(f"Invalid character {digit!r}")
        number = number * 58 + value
    zero_bytes = len(text) - len(digits)
    return b"\0" * zero_bytes + number.to_bytes((number.bit_length() + 7) // 8, "big")


def encode_base58btc(data: bytes) -> str:
    return "z" + _b58encode(data)


def decode_base58btc(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise MultibaseError("expected a base58-btc multibase value starting with 'z'")
    try:
        return _b58decode(value[1:])
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
