"""Acceptance 1: tampering, rotated keys, unknown keys, revocation and expiry, each explained."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from graders.credentials.keys import KeyStore
from graders.credentials.proof import sign


def _leaf_paths(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("@context",):
                yield from _leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaf_paths(item, (*path, index))
    else:
        yield path


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, str) and value.startswith("z"):  # keep multibase-looking values plausible
        return value[:-1] + ("A" if value[-1] != "A" else "B")
    return value + "x" if isinstance(value, str) else value


def test_a_freshly_issued_certificate_verifies(issuing):
    result = issuing.verify(issuing.issue())
    assert result.ok, result.errors
    assert result.status == "valid"


def test_changing_any_field_makes_the_certificate_fail(issuing):
    credential = issuing.issue()
    paths = [p for p in _leaf_paths(credential) if p[0] != "proof" or p[-1] == "proofValue"]
    assert len(paths) > 20
    for path in paths:
        tampered = copy.deepcopy(credential)
        target = tampered
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = _changed(target[path[-1]])
        result = issuing.verify(tampered)
        assert not result.ok, f"changing {path} went unnoticed"
        assert result.errors, path


def test_adding_an_undefined_property_fails_with_its_name(issuing):
    credential = issuing.issue()
    credential["credentialSubject"]["ngaySinh"] = "1950-01-01"
    result = issuing.verify(credential)
    assert not result.ok
    assert any("credentialSubject.ngaySinh" in error for error in result.errors)


def test_certificate_signed_by_a_rotated_out_key_still_verifies(issuing):
    old = issuing.issue()
    issuing.keys.rotate()
    new = issuing.issue()
    assert old["proof"]["verificationMethod"] != new["proof"]["verificationMethod"]
    assert issuing.verify(old).ok
    assert issuing.verify(new).ok
    assert len(issuing.did_document()["assertionMethod"]) == 2


def test_certificate_signed_by_an_unknown_key_fails(issuing, tmp_path):
    stranger = KeyStore(tmp_path / "stranger")
    stranger.create()
    info, key = stranger.signing_key()
    forged = sign(issuing.unsigned(), key, f"did:web:certs.example.vn#{info.fragment}", created=issuing.now)
    result = issuing.verify(forged)
    assert not result.ok
    assert any("unknown key" in error for error in result.errors)


def test_key_of_another_issuer_is_refused(issuing, tmp_path):
    credential = issuing.issue()
    credential["proof"]["verificationMethod"] = "did:web:evil.example#z6MkabcD"
    result = issuing.verify(credential)
    assert not result.ok
    assert any("does not belong to the issuer" in error for error in result.errors)


def test_revoked_certificate_fails_with_revoked(issuing):
    credential = issuing.issue(index=12345)
    issuing.bits.set(12345)
    result = issuing.verify(credential)
    assert not result.ok
    assert result.status == "revoked"
    assert any("revoked" in error for error in result.errors)
    assert issuing.verify(issuing.issue(index=12346)).ok  # its neighbour is untouched


def test_expired_certificate_fails(issuing):
    credential = issuing.issue(valid_until=issuing.now - timedelta(hours=1),
                               valid_from=issuing.now - timedelta(days=30))
    result = issuing.verify(credential)
    assert not result.ok
    assert result.status == "expired"
    assert any("expired" in error for error in result.errors)


def test_not_yet_valid_certificate_fails(issuing):
    credential = issuing.issue(valid_from=issuing.now + timedelta(days=1))
    result = issuing.verify(credential)
    assert result.status == "not_yet_valid"
    assert not result.ok


def test_unreachable_status_list_fails_closed(issuing):
    credential = issuing.issue()

    def offline(url):
        raise ConnectionError("timed out")

    from graders.credentials.verify import verify_credential

    result = verify_credential(credential, resolve_did=issuing.resolve_did, fetch_status_list=offline,
                               now=issuing.now)
    assert not result.ok
    assert result.status == "unverifiable"
    assert any("could not be fetched" in error for error in result.errors)


def test_status_list_signed_by_someone_else_is_refused(issuing, tmp_path):
    credential = issuing.issue()
    stranger = KeyStore(tmp_path / "stranger")
    stranger.create()
    info, key = stranger.signing_key()
    forged_list = sign({k: v for k, v in issuing.status_list().items() if k != "proof"}, key,
                       f"did:web:certs.example.vn#{info.fragment}", created=issuing.now)

    from graders.credentials.verify import verify_credential

    result = verify_credential(credential, resolve_did=issuing.resolve_did,
                               fetch_status_list=lambda url: forged_list, now=issuing.now)
    assert not result.ok
    assert any("status list" in error and "unknown key" in error for error in result.errors)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("cryptosuite", "eddsa-jcs-2022", "cryptosuite"),
        ("type", "Ed25519Signature2020", "proof type"),
        ("proofPurpose", "authentication", "proofPurpose"),
        ("proofValue", "not-multibase", "proofValue"),
    ],
)
def test_malformed_proofs_are_explained(issuing, field, value, reason):
    credential = issuing.issue()
    credential["proof"][field] = value
    result = issuing.verify(credential)
    assert not result.ok
    assert any(reason in error for error in result.errors)


def test_unresolvable_issuer_is_unverifiable(issuing):
    from graders.credentials.verify import verify_credential

    def nowhere(did):
        raise LookupError("DNS failure")

    result = verify_credential(issuing.issue(), resolve_did=nowhere, fetch_status_list=issuing.status_list,
                               now=issuing.now)
    assert result.status == "unverifiable"
    assert any("DNS failure" in error for error in result.errors)
