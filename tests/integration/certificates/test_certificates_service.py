"""Issuing, revoking and the public endpoints against a real database (pytest-django)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.utils.timezone import localtime
from pypdf import PdfReader

from graders import cli
from graders.certificates.issuing import CertificateError, issue_certificate, revoke_certificate, verify_own
from graders.certificates.views import pdf_token
from graders.course_policies import course_policies
from graders.models.certificates import Certificate, StatusList
from graders.policy import find_achievement

pytestmark = pytest.mark.django_db
SUBJECT = "vneid-pseudo-7c1e0b"
NAME = "Nguyễn Thị Hoà"
NATIONAL_ID = re.compile(r"\b\d{9}(\d{3})?\b")
DEMO_ACHIEVEMENT = "trai-nghiem-binh-dan-hoc-vu-so"  # added to the course by the demo's policy overlay


def default_achievement():
    """What a certificate names when no achievement is asked for: the course's default_achievement."""
    return find_achievement(course_policies())[1]


def test_issue_is_idempotent_and_the_certificate_verifies():
    certificate, created = issue_certificate(SUBJECT, NAME)
    again, created_again = issue_certificate(SUBJECT, "Tên khác")
    assert created and not created_again
    assert again.pk == certificate.pk
    assert Certificate.objects.count() == 1
    document = json.loads(certificate.credential_json)
    assert verify_own(document).ok
    assert document["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert document["issuer"]["id"].startswith("did:web:")
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert NAME not in certificate.credential_json and SUBJECT not in certificate.credential_json
    assert document["credentialSubject"]["identifier"][0]["identityHash"].startswith("sha256$")
    assert int(document["credentialStatus"]["statusListIndex"]) == certificate.status_index


def test_a_national_id_number_is_refused_and_nothing_is_stored():
    with pytest.raises(CertificateError, match="ID card or phone"):
        issue_certificate("001099012345", NAME)
    with pytest.raises(CertificateError, match="unknown achievement"):
        issue_certificate(SUBJECT, NAME, "khong-ton-tai")
    assert Certificate.objects.count() == 0


def test_achievements_come_from_the_configured_course_with_its_overlay(client):
    course_id = next(iter(course_policies()))
    certificate, _ = issue_certificate(SUBJECT, NAME, DEMO_ACHIEVEMENT)
    assert certificate.achievement_id == DEMO_ACHIEVEMENT and certificate.course_id == course_id
    assert json.loads(certificate.credential_json)["credentialSubject"]["achievement"]["name"] == (
        "Trải nghiệm Bình dân học vụ số")
    page = client.get(f"/achievements/{DEMO_ACHIEVEMENT}").json()
    assert page["name"] == "Trải nghiệm Bình dân học vụ số" and page["criteria"]["narrative"]
    assert page["id"].endswith(f"/achievements/{DEMO_ACHIEVEMENT}")
    assert client.get(f"/achievements/{default_achievement().key}").json()["name"] == default_achievement().name
    assert client.get("/achievements/khong-ton-tai").status_code == 404
    with pytest.raises(CertificateError, match="unknown course"):
        issue_certificate(SUBJECT, NAME, course_id="course-v1:Khac+X+1")


def test_status_indexes_are_random_not_sequential():
    indexes = [issue_certificate(f"sub-{n}", NAME)[0].status_index for n in range(6)]
    assert indexes != sorted(indexes) or max(indexes) - min(indexes) > 6
    assert StatusList.objects.get().allocated == 6


def test_revocation_flips_one_bit_and_the_verify_page_says_so(client):
    certificate, _ = issue_certificate(SUBJECT, NAME)
    other, _ = issue_certificate("vneid-pseudo-other", NAME)
    page = client.get(f"/verify/{certificate.pk}")
    assert page.status_code == 200 and 'data-status="valid"' in page.text and "Hợp lệ" in page.text
    revoke_certificate(certificate.pk)
    assert verify_own(json.loads(certificate.credential_json)).status == "revoked"
    assert verify_own(json.loads(other.credential_json)).ok
    page = client.get(f"/verify/{certificate.pk}")
    assert "Đã bị thu hồi" in page.text
    assert default_achievement().name in page.text
    assert NAME not in page.text  # the public page never names the learner
    listed = json.loads(client.get(f"/status/{certificate.status_list_id}").content)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert "proof" in listed


def test_unknown_certificate_page_is_a_404_in_vietnamese(client):
    page = client.get("/verify/00000000-0000-4000-8000-000000000000")
    assert page.status_code == 404 and "Không tìm thấy" in page.text


def test_did_document_lists_the_signing_key(client):
    certificate, _ = issue_certificate(SUBJECT, NAME)
    did = client.get("/.well-known/did.json").json()
    method = json.loads(certificate.credential_json)["proof"]["verificationMethod"]
    assert method in did["assertionMethod"]


def test_pdf_has_name_course_date_issuer_and_needs_its_signed_link(client):
    certificate, _ = issue_certificate(SUBJECT, NAME)
    response = client.get(f"/certificates/{certificate.pk}/{pdf_token(certificate.pk)}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    flat = " ".join(text.split())
    for expected in (NAME, default_achievement().name, localtime(certificate.issued_at).strftime("%d/%m/%Y"),
                     f"/verify/{certificate.pk}", json.loads(certificate.credential_json)["issuer"]["name"]):
        assert expected in flat
    assert not NATIONAL_ID.search(text)
    assert client.get(f"/certificates/{certificate.pk}/forged.pdf").status_code == 404


def test_cli_issue_verify_revoke_pdf_and_errors(tmp_path, capsys):
    out = tmp_path / "cert.json"
    assert cli.main(["issue", "--learner", SUBJECT, "--name", NAME, "--out", str(out)]) == 0
    cert_id = json.loads(out.read_text())["id"].removeprefix("urn:uuid:")
    assert cli.main(["verify", str(out)]) == 0
    assert "status: valid" in capsys.readouterr().out
    assert cli.main(["revoke", cert_id]) == 0
    assert cli.main(["verify", str(out)]) == 1
    assert "status: revoked" in capsys.readouterr().out
    pdf = tmp_path / "cert.pdf"
    assert cli.main(["pdf", cert_id, "--out", str(pdf)]) == 0
    assert NAME in PdfReader(pdf).pages[0].extract_text()
    # bad input: a clear error, exit status 2, nothing changed
    assert cli.main(["issue", "--learner", "sub-2", "--name", NAME, "--out", str(tmp_path / "no" / "x.json")]) == 2
    assert cli.main(["issue", "--learner", "0912345678", "--name", NAME]) == 2
    assert cli.main(["revoke", "not-a-uuid"]) == 2
    assert cli.main(["status-list", "999"]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "ID card or phone" in err and "not a certificate id" in err
    assert Certificate.objects.count() == 1
    tampered = json.loads(out.read_text())
    tampered["validFrom"] = "2020-01-01T00:00:00Z"
    (tmp_path / "tampered.json").write_text(json.dumps(tampered))
    assert cli.main(["verify", str(tmp_path / "tampered.json")]) == 1
    assert "signature does not match" in capsys.readouterr().out


def test_cli_keys_rotate_keeps_old_certificates_valid(tmp_path, capsys):
    certificate, _ = issue_certificate(SUBJECT, NAME)
    assert cli.main(["keys", "rotate"]) == 0
    assert cli.main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert "active" in listing and "retired" in listing
    assert verify_own(json.loads(certificate.credential_json)).ok
    newer, _ = issue_certificate("vneid-pseudo-new", NAME)
    assert verify_own(json.loads(newer.credential_json)).ok
    assert cli.main(["did-document"]) == 0
    assert json.loads(capsys.readouterr().out)["id"].startswith("did:web:")
