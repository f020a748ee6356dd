"""The verifier accepts an independent signer's credentials; keys, DID documents and status lists."""

from __future__ import annotations

import gzip
import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from graders.credentials.canonical import reference_canonicalize
from graders.credentials.did import build_did_document, did_web_document_url, did_web_for_url
from graders.credentials.keys import KeyStore, KeyStoreError
from graders.credentials.multibase import decode_base64url
from graders.credentials.status_list import MIN_ENTRIES, Bitstring, StatusListError
from graders.credentials.verify import verify_credential

from .conftest import DID
from .independent_signer import multikey, sign_by_the_book


def test_verifier_accepts_credentials_signed_by_an_independent_implementation(issuing):
    outsider = Ed25519PrivateKey.generate()
    method_id = f"{DID}#{multikey(outsider)}"
    did_document = {"@context": ["https://www.w3.org/ns/did/v1"], "id": DID, "verificationMethod": [
        {"id": method_id, "type": "Multikey", "controller": DID, "publicKeyMultibase": multikey(outsider)}],
        "assertionMethod": [method_id]}
    unsigned = issuing.unsigned()
    del unsigned["credentialStatus"]
    signed = sign_by_the_book(unsigned, outsider, method_id, "2026-05-01T08:00:00Z")
    for canonicalizer in (None, reference_canonicalize):
        result = verify_credential(signed, resolve_did=lambda did: did_document, fetch_status_list=issuing.status_list,
                                   now=issuing.now, canonicalizer=canonicalizer)
        assert result.ok, result.errors
    signed["credentialSubject"]["achievement"]["name"] = "Kỹ năng số nâng cao"
    assert not verify_credential(signed, resolve_did=lambda did: did_document, fetch_status_list=issuing.status_list,
                                 now=issuing.now).ok


def test_our_signature_is_what_the_independent_signer_computes(issuing):
    info, key = issuing.keys.signing_key()
    unsigned = issuing.unsigned()
    from graders.credentials.proof import sign

    mine = sign(unsigned, key, f"{DID}#{info.fragment}", created=issuing.now)
    theirs = sign_by_the_book(unsigned, key, f"{DID}#{info.fragment}", "2026-05-01T08:00:00Z")
    assert mine == theirs  # Ed25519 is deterministic: same bytes signed => same proofValue


def test_private_keys_are_owner_only_and_rotation_keeps_old_keys_published(tmp_path):
    store = KeyStore(tmp_path / "keys")
    first = store.create()
    with pytest.raises(KeyStoreError, match="rotate"):
        store.create()
    second = store.rotate()
    assert [k.status for k in store.list()] == ["active", "retired"]
    assert store.active() == second
    for key in (first, second):
        mode = stat.S_IMODE((tmp_path / "keys" / f"{key.fragment}.pem").stat().st_mode)
        assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    document = build_did_document(DID, store.list())
    assert document["assertionMethod"] == [f"{DID}#{second.fragment}", f"{DID}#{first.fragment}"]
    assert all(m["publicKeyMultibase"].startswith("z6Mk") for m in document["verificationMethod"])


def test_encrypted_key_needs_the_passphrase_and_loose_permissions_are_refused(tmp_path):
    store = KeyStore(tmp_path / "keys", passphrase=b"mat-khau-dai-va-kho-doan")
    info = store.create()
    pem = (tmp_path / "keys" / f"{info.fragment}.pem").read_bytes()
    assert b"ENCRYPTED" in pem
    store.signing_key()
    with pytest.raises(KeyStoreError, match="PASSPHRASE"):
        KeyStore(tmp_path / "keys", passphrase=b"wrong").signing_key()
    os.chmod(tmp_path / "keys" / f"{info.fragment}.pem", 0o644)
    with pytest.raises(KeyStoreError, match="chmod 600"):
        KeyStore(tmp_path / "keys", passphrase=b"mat-khau-dai-va-kho-doan").signing_key()


def test_bitstring_is_at_least_16_kib_gzip_base64url_and_msb_first():
    bits = Bitstring()
    bits.set(0)
    bits.set(MIN_ENTRIES - 1)
    encoded = bits.encode()
    assert encoded.startswith("u") and "=" not in encoded
    raw = gzip.decompress(decode_base64url(encoded))
    assert len(raw) == MIN_ENTRIES // 8
    assert raw[0] == 0x80 and raw[-1] == 0x01
    decoded = Bitstring.decode(encoded)
    assert decoded.get(0) and decoded.get(MIN_ENTRIES - 1) and not decoded.get(1)
    with pytest.raises(StatusListError, match="fewer than"):
        Bitstring.decode(Bitstring(1024).encode())


def test_did_web_for_a_host_with_a_port_and_its_document_url():
    assert did_web_for_url("http://localhost:8000") == "did:web:localhost%3A8000"
    assert did_web_for_url("https://lms.example.vn/hocvuso") == "did:web:lms.example.vn:hocvuso"
    assert did_web_document_url("did:web:lms.example.vn:hocvuso") == "https://lms.example.vn/hocvuso/did.json"
    assert did_web_document_url("did:web:localhost%3A8000") == "https://localhost:8000/.well-known/did.json"
    assert (did_web_document_url("did:web:localhost%3A8000", allow_http_hosts={"localhost"})
            == "http://localhost:8000/.well-known/did.json")


def test_keys_made_before_a_passphrase_are_encrypted_in_place(tmp_path):
    clear = KeyStore(tmp_path / "keys")
    old = clear.create()
    new = clear.rotate()
    before = clear.signing_key()[1]
    protected = KeyStore(tmp_path / "keys", passphrase=b"mat-khau-dai-va-kho-doan")
    assert sorted(protected.encrypt_unprotected()) == sorted([old.fragment, new.fragment])
    for info in (old, new):
        path = tmp_path / "keys" / f"{info.fragment}.pem"
        assert path.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert protected.encrypt_unprotected() == []  # nothing left in the clear
    assert protected.signing_key()[1].private_bytes_raw() == before.private_bytes_raw()
    with pytest.raises(KeyStoreError, match="PASSPHRASE"):
        KeyStore(tmp_path / "keys").signing_key()
    assert list((tmp_path / "keys").glob("*.tmp")) == []
