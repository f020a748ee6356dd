"""Fixtures for the framework-free certificate code: a key store, an issuer, in-memory resolvers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from graders.credentials.credential import Achievement, Issuer, build_credential
from graders.credentials.did import build_did_document, verification_method_id
from graders.credentials.keys import KeyStore
from graders.credentials.proof import sign
from graders.credentials.status_list import Bitstring, build_status_list_credential, status_entry

DID = "did:web:certs.example.vn"
LIST_URL = "https://certs.example.vn/status/1"
ACHIEVEMENT = Achievement(
    key="ky-nang-so-co-ban",
    name="Kỹ năng số cơ bản",
    description="Người học đã hoàn thành khoá Bình dân học vụ số — Kỹ năng số cơ bản.",
    criteria="Hoàn thành mọi bài thực hành và bài kiểm tra với điểm từ 80% trở lên.",
)


class Issuing:
    """A tiny issuer for tests: keys in tmp_path, one status list, dict resolvers."""

    def __init__(self, directory):
        self.keys = KeyStore(directory)
        self.keys.create()
        self.bits = Bitstring()
        self.now = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)

    def did_document(self) -> dict:
        return build_did_document(DID, self.keys.list())

    def resolve_did(self, did: str) -> dict:
        if did != DID:
            raise LookupError(f"unknown DID {did}")
        return self.did_document()

    def status_list(self, url: str = LIST_URL) -> dict:
        if url != LIST_URL:
            raise LookupError(f"404 for {url}")
        info, key = self.keys.signing_key()
        unsigned = build_status_list_credential(LIST_URL, DID, self.bits, "revocation", self.now)
        return sign(unsigned, key, verification_method_id(DID, info), created=self.now)

    def unsigned(self, index: int = 7, **overrides) -> dict:
        arguments = dict(
            credential_id=uuid.uuid4(), issuer=Issuer(DID, "Trung tâm Bình dân học vụ số"),
            subject_id="vneid-sub-5f2a9c", achievement=ACHIEVEMENT,
            achievement_url="https://certs.example.vn/achievements/ky-nang-so-co-ban",
            valid_from=self.now - timedelta(days=1), status=status_entry(LIST_URL, index),
        )
        arguments.update(overrides)
        return build_credential(**arguments)

    def issue(self, index: int = 7, **overrides) -> dict:
        info, key = self.keys.signing_key()
        return sign(self.unsigned(index, **overrides), key, verification_method_id(DID, info), created=self.now)

    def verify(self, document: dict, **kwargs):
        from graders.credentials.verify import verify_credential

        kwargs.setdefault("now", self.now)
        return verify_credential(document, resolve_did=self.resolve_did, fetch_status_list=self.status_list,
                                 **kwargs)


@pytest.fixture
def issuing(tmp_path):
    return Issuing(tmp_path / "keys")
