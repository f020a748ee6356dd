"""W3C Bitstring Status List v1.0: the bitstring, its encoding, entries and the list credential.

Index 0 is the most significant bit of the first byte. Lists hold at least 131,072 entries so one
revocation hides among many (group privacy); `encodedList` is multibase base64url of the GZIP'd bits.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from datetime import datetime

from .dates import format_datetime
from .documentloader import VC_V2_CONTEXT
from .multibase import MultibaseError, decode_base64url, encode_base64url

MIN_ENTRIES = 131_072
PURPOSES = ("revocation", "suspension")


class StatusListError(ValueError):
    """A status list or status entry does not follow the Bitstring Status List specification."""


class Bitstring:
    """A fixed-size bitstring whose bit i is the (7 - i % 8)-th bit of byte i // 8."""

    def __init__(self, size: int = MIN_ENTRIES, data: bytes | None = None):
        if size % 8:
            raise StatusListError("the bitstring size must be a multiple of 8")
        self.size = size
        self.data = bytearray(data if data is not None else size // 8)
        if len(self.data) * 8 != size:
            raise StatusListError("bitstring data does not match its size")

    def get(self, index: int) -> bool:
        self._check(index)
        return bool(self.data[index // 8] & (0x80 >> (index % 8)))

    def set(self, index: int, value: bool = True) -> None:
        self._check(index)
        if value:
            self.data[index // 8] |= 0x80 >> (index % 8)
        else:
            self.data[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF

    def _check(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise StatusListError(f"status index {index} is outside the list (0..{self.size - 1})")

    def encode(self) -> str:
        """`encodedList`: multibase base64url of the GZIP'd bits (mtime 0, so equal lists encode equally)."""
        return encode_base64url(gzip.compress(bytes(self.data), mtime=0))

    @classmethod
    def decode(cls, encoded: str, *, min_entries: int = MIN_ENTRIES) -> Bitstring:
        try:
            raw = gzip.decompress(decode_base64url(encoded))
        except (MultibaseError, OSError, EOFError, zlib.error) as error:
            raise StatusListError(f"encodedList cannot be decoded: {error}") from None
        if len(raw) * 8 < min_entries:
            raise StatusListError(f"the status list has {len(raw) * 8} entries, fewer than the {min_entries} required")
        return cls(len(raw) * 8, raw)


def status_entry(list_url: str, index: int, purpose: str = "revocation") -> dict:
    """The credentialStatus a certificate carries for its place in a list."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def build_status_list_credential(list_url: str, issuer_did: str, bits: Bitstring, purpose: str,
                                 valid_from: datetime) -> dict:
    """The (unsigned) BitstringStatusListCredential; sign it with the certificates' issuer."""
    if purpose not in PURPOSES:
        raise StatusListError(f"unknown status purpose {purpose!r}")
    return {
        "@context": [VC_V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bits.encode(),
        },
    }


def status_index_at(key: bytes, size: int, position: int) -> int:
    """The `position`-th index of a list in a keyed pseudo-random order (a permutation of 0..size-1).

    Why: indexes must not reveal the issuing order, yet several workers must get distinct ones without
    seeing each other's uncommitted certificates. Each allocation takes the next positions (a counter)
    and this maps them to scattered, distinct indexes (a 4-round Feistel network on the next even
    power of two, walking the cycle until the value falls inside the list)."""
    bits = max(2, (size - 1).bit_length())
    bits += bits % 2
    half, mask = bits // 2, (1 << (bits // 2)) - 1
    value = position
    while True:
        left, right = value >> half, value & mask
        for round_number in range(4):
            digest = hashlib.blake2b(bytes((round_number,)) + right.to_bytes(8, "big"), key=key, digest_size=8)
            left, right = right, left ^ (int.from_bytes(digest.digest(), "big") & mask)
        value = (left << half) | right
        if value < size:
            return value
