"""The printed name is bound to the credential by a salted hash whose salt is only on the PDF/QR, and a
certificate verifier accepts only certificates (not any other credential the issuer signed)."""

from __future__ import annotations

import hashlib
import json
import unicodedata

import pytest

from graders.credentials.credential import (
    CredentialInputError,
    holder_name_matches,
    name_hashes,
    new_name_salt,
    normalize_name,
)
from graders.credentials.verify import ANY_CREDENTIAL, STATUS_LIST

from .conftest import DID
from .independent_signer import sign_by_the_book

NAME = "Trần Thị Mai"


def _issue_named(issuing, name=NAME):
    salt = new_name_salt()
    return issuing.issue(holder_name=name, name_salt=salt), salt


def test_bound_name_is_a_salted_hash_and_neither_name_nor_salt_is_in_the_credential(issuing):
    signed, salt = _issue_named(issuing)
    assert issuing.verify(signed).ok
    text = json.dumps(signed, ensure_ascii=False)
    for form in ("NFC", "NFD"):
        assert unicodedata.normalize(form, NAME) not in text
    assert "Trần" not in text and "Tran Thi Mai" not in text and salt not in text
    [bound] = [entry for entry in signed["credentialSubject"]["identifier"] if entry["identityType"] == "name"]
    assert bound == {"type": "IdentityObject", "identityType": "name", "hashed": True,
                     "identityHash": "sha256$" + hashlib.sha256((NAME + salt).encode()).hexdigest()}


def test_the_printed_name_matches_and_an_edited_one_does_not(issuing):
    signed, salt = _issue_named(issuing)
    assert holder_name_matches(signed, NAME, salt) is True
    # the same name typed differently still matches: decomposed tone marks, doubled spaces
    assert holder_name_matches(signed, unicodedata.normalize("NFD", NAME), salt) is True
    assert holder_name_matches(signed, "  Trần  Thị   Mai ", salt) is True
    for edited in ("Trần Thị Mại", "Trần Thị Mai Anh", "Tran Thi Mai", "Nguyễn Văn An", ""):
        assert holder_name_matches(signed, edited, salt) is False, edited
    assert holder_name_matches(signed, NAME, new_name_salt()) is False
    assert holder_name_matches(issuing.issue(), NAME, salt) is None  # binds no name: nothing to compare


def test_editing_the_name_hash_breaks_the_signature(issuing):
    signed, salt = _issue_named(issuing, "Nguyễn Văn An")
    forged_hash = "sha256$" + hashlib.sha256((NAME + salt).encode()).hexdigest()
    for entry in signed["credentialSubject"]["identifier"]:
        if entry["identityType"] == "name":
            entry["identityHash"] = forged_hash
    assert holder_name_matches(signed, NAME, salt) is True  # the forger's name now "matches"...
    result = issuing.verify(signed)
    assert result.status == "invalid" and "signature does not match" in " ".join(result.errors)  # ...but it's forged


def test_an_independent_signer_signs_the_same_name_bound_bytes(issuing):
    info, key = issuing.keys.signing_key()
    from graders.credentials.proof import sign

    unsigned = issuing.unsigned(holder_name=NAME, name_salt=new_name_salt())
    method = f"{DID}#{info.fragment}"
    assert sign(unsigned, key, method, created=issuing.now) == sign_by_the_book(unsigned, key, method,
                                                                                "2026-05-01T08:00:00Z")


@pytest.mark.parametrize("name", ["", "   ", "a\x00b", "x" * 201])
def test_unusable_names_are_refused(issuing, name):
    with pytest.raises(CredentialInputError, match="name"):
        issuing.unsigned(holder_name=name, name_salt=new_name_salt())


def test_a_bound_name_needs_its_salt(issuing):
    with pytest.raises(CredentialInputError, match="salt"):
        issuing.unsigned(holder_name=NAME)


def test_normalize_name():
    assert normalize_name(" Trần\u00a0 Thị\tMai ") == NAME
    assert normalize_name(unicodedata.normalize("NFD", NAME)) == NAME
    assert name_hashes({"credentialSubject": "x"}) == []


def test_the_status_list_credential_is_not_a_valid_certificate(issuing):
    status_list = issuing.status_list()
    result = issuing.verify(status_list)
    assert not result.ok and result.status == "invalid"
    assert any("not a certificate" in error for error in result.errors)
    assert issuing.verify(status_list, expect=STATUS_LIST).ok  # it is a genuine status list
    assert issuing.verify(status_list, expect=ANY_CREDENTIAL).ok


def test_a_signed_credential_that_is_not_an_open_badge_is_not_a_certificate(issuing):
    info, key = issuing.keys.signing_key()
    from graders.credentials.proof import sign

    unsigned = issuing.unsigned()
    unsigned["type"] = ["VerifiableCredential"]
    signed = sign(unsigned, key, f"{DID}#{info.fragment}", created=issuing.now)
    result = issuing.verify(signed)
    assert result.status == "invalid" and "OpenBadgeCredential" in " ".join(result.errors)
    assert issuing.verify(signed, expect=ANY_CREDENTIAL).ok
