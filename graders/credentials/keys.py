"""The issuer's Ed25519 key store: create, rotate, list; private keys never leave their files.

Layout of the key directory (mode 0700): `keys.json` (public facts: id, created, status) and one
`<id>.pem` per key (PKCS#8, mode 0600, encrypted with the operator's passphrase when one is set).
A retired key keeps its public part in the index so the DID document still lists it and old
certificates keep verifying; only its private file stops being used.
"""

from __future__ import annotations

import fcntl
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .multibase import ed25519_multikey, ed25519_public_key_from_multikey

ACTIVE = "active"
RETIRED = "retired"


class KeyStoreError(RuntimeError):
    """The key store cannot do what was asked; the message says what to do instead."""


@dataclass(frozen=True)
class KeyInfo:
    """Public facts about one issuer key; `public_key_multibase` doubles as its DID URL fragment."""

    public_key_multibase: str
    created: str
    status: str
    retired: str | None = None

    @property
    def fragment(self) -> str:
        return self.public_key_multibase

    def public_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(ed25519_public_key_from_multikey(self.public_key_multibase))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class KeyStore:
    """Keys in one directory. `passphrase` (bytes) encrypts new private key files when given."""

    def __init__(self, directory: str | os.PathLike, passphrase: bytes | None = None):
        self.directory = Path(directory)
        self.passphrase = passphrase or None
        self._loaded: dict[str, Ed25519PrivateKey] = {}

    @property
    def _index_path(self) -> Path:
        return self.directory / "keys.json"

    def list(self) -> list[KeyInfo]:
        """All keys, the active one first, then retired ones newest first."""
        if not self._index_path.exists():
            return []
        try:
            entries = json.loads(self._index_path.read_text(encoding="utf-8"))["keys"]
            keys = [KeyInfo(**entry) for entry in entries]
        except (ValueError, KeyError, TypeError) as error:
            raise KeyStoreError(f"{self._index_path} is damaged ({error}); restore it from a backup") from None
        newest_first = sorted(keys, key=lambda k: k.created, reverse=True)
        return sorted(newest_first, key=lambda k: k.status != ACTIVE)

    def active(self) -> KeyInfo:
        for key in self.list():
            if key.status == ACTIVE:
                return key
        raise KeyStoreError(f"no active signing key in {self.directory}; run `hocvuso keys create`")

    def create(self) -> KeyInfo:
        """Create the first signing key; refuses if one is active (rotate instead)."""
        with self._locked():
            keys = self.list()
            if any(key.status == ACTIVE for key in keys):
                raise KeyStoreError("an active signing key already exists; use `hocvuso keys rotate` to replace it")
            new_key = self._generate()
            self._write_index([*keys, new_key])
            return new_key

    def rotate(self) -> KeyInfo:
        """Make a new key active and retire the old one (it stays published for verification)."""
        with self._locked():
            keys = self.list()
            if not any(key.status == ACTIVE for key in keys):
                raise KeyStoreError("there is no active key to rotate; run `hocvuso keys create` first")
            new_key = self._generate()
            now = _now()
            kept = [KeyInfo(k.public_key_multibase, k.created, RETIRED, now) if k.status == ACTIVE else k
                    for k in keys]
            self._write_index([new_key, *kept])
            return new_key

    def signing_key(self) -> tuple[KeyInfo, Ed25519PrivateKey]:
        """The active key and its private half (read once per process, file permissions checked)."""
        info = self.active()
        if info.public_key_multibase not in self._loaded:
            self._loaded[info.public_key_multibase] = self._read_private(info)
        return info, self._loaded[info.public_key_multibase]

    def encrypt_unprotected(self) -> list[str]:
        """Encrypt, with this store's passphrase, every private key file still stored in the clear (keys
        made before a passphrase was set); returns their ids. Why: a readable key signs certificates
        `hocvuso verify` accepts, so no key should sit unencrypted once the operator has a passphrase."""
        if not self.passphrase:
            raise KeyStoreError("set HOCVUSO_KEY_PASSPHRASE first; keys are encrypted with it")
        changed = []
        with self._locked():
            for info in self.list():
                path = self.directory / f"{info.fragment}.pem"
                if not path.exists() or b"ENCRYPTED" in path.read_bytes():
                    continue
                try:
                    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
                except (TypeError, ValueError):
                    raise KeyStoreError(f"cannot read {path.name}; restore it from a backup") from None
                pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.BestAvailableEncryption(self.passphrase))
                temporary = path.with_suffix(".pem.tmp")
                temporary.unlink(missing_ok=True)
                descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(pem)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, path)
                changed.append(info.fragment)
        return changed

    # -- files ------------------------------------------------------------------------------------

    def _generate(self) -> KeyInfo:
        private_key = Ed25519PrivateKey.generate()
        raw_public = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        info = KeyInfo(ed25519_multikey(raw_public), _now(), ACTIVE)
        encryption = (serialization.BestAvailableEncryption(self.passphrase) if self.passphrase
                      else serialization.NoEncryption())
        pem = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
        path = self.directory / f"{info.fragment}.pem"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        return info

    def _read_private(self, info: KeyInfo) -> Ed25519PrivateKey:
        path = self.directory / f"{info.fragment}.pem"
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise KeyStoreError(f"the private key file for the active key is missing: {path}") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyStoreError(f"{path} is readable by other users; run `chmod 600 {path}`")
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=self.passphrase)
        except (TypeError, ValueError):
            raise KeyStoreError(
                f"cannot read {path.name}: wrong or missing HOCVUSO_KEY_PASSPHRASE, or a damaged file"
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyStoreError(f"{path.name} is not an Ed25519 key")
        raw_public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        if ed25519_multikey(raw_public) != info.public_key_multibase:
            raise KeyStoreError(f"{path.name} does not hold the key its name says")
        return key

    def _write_index(self, keys: list[KeyInfo]) -> None:
        temporary = self._index_path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"keys": [asdict(k) for k in keys]}, indent=2), encoding="utf-8")
        os.replace(temporary, self._index_path)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        with open(self.directory / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
