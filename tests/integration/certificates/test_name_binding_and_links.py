"""Issue 12 item 9 and issue 10: the printed name is bound to the certificate and checked on /verify from
the PDF's QR code; /verify has a box for a certificate code; revoked certificates show date and reason on
the page and are stamped on the PDF; PDF links expire. Real database, real HTTP client, real PDFs."""

from __future__ import annotations

import io
import json
import unicodedata
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from django.test import override_settings
from django.utils.timezone import localtime
from pypdf import PdfReader

from graders import cli
from graders.certificates.issuing import (
    issue_certificate,
    named_verify_url,
    pdf_link,
    pdf_token,
    revoke_certificate,
    verify_own,
)
from graders.certificates.views import certificate_pdf_bytes

pytestmark = pytest.mark.django_db
NAME = "Trần Thị Mai"
SUBJECT = "vneid-pseudo-5b1c2d"


def qr_urls(pdf: bytes) -> list[str]:
    """Decode every QR code drawn in the PDF's images (as a phone camera would read the printout)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [result.text for image in page.images for result in zxingcpp.read_barcodes(image.image)]


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def test_the_credential_carries_the_name_only_as_a_hash_and_no_salt():
    certificate, _ = issue_certificate(SUBJECT, NAME)
    text = certificate.credential_json
    assert NAME not in text and unicodedata.normalize("NFD", NAME) not in text
    assert certificate.name_salt and certificate.name_salt not in text
    assert verify_own(json.loads(text)).ok


def test_scanning_the_pdf_shows_the_name_matches_and_an_edited_name_does_not(client):
    certificate, _ = issue_certificate(SUBJECT, NAME)
    [scanned] = qr_urls(certificate_pdf_bytes(certificate))
    assert scanned == named_verify_url(certificate)
    query = parse_qs(urlsplit(scanned).query)
    assert query == {"name": [NAME], "salt": [certificate.name_salt]}
    page = client.get(path_and_query(scanned))
    assert page.status_code == 200 and 'data-status="valid"' in page.text
    assert f"Tên trên giấy chứng nhận: {NAME} — khớp" in page.text and 'data-matches="yes"' in page.text

    edited = client.get(f"/verify/{certificate.pk}", {"name": "Trần Thị Mại", "salt": certificate.name_salt})
    assert "Tên trên giấy chứng nhận: Trần Thị Mại — không khớp" in edited.text
    assert 'data-matches="no"' in edited.text
    guessed_salt = client.get(f"/verify/{certificate.pk}", {"name": NAME, "salt": "00" * 16})
    assert "— không khớp" in guessed_salt.text
    plain = client.get(f"/verify/{certificate.pk}")
    assert NAME not in plain.text and "data-field=\"name-check\"" not in plain.text  # no name unless brought


def test_verify_without_an_id_offers_a_box_for_the_certificate_code(client):
    certificate, _ = issue_certificate(SUBJECT, NAME)
    for path in ("/verify", "/verify/"):
        form = client.get(path)
        assert form.status_code == 200 and 'name="code"' in form.text and "Mã chứng nhận" in form.text
    typed = client.get("/verify/", {"code": f"  {str(certificate.pk).upper()} "})
    assert typed.status_code == 302 and typed["Location"] == f"/verify/{certificate.pk}"
    pasted = client.get("/verify/", {"code": f"http://x.vn/verify/{certificate.pk.hex}?a=b"})
    assert pasted["Location"] == f"/verify/{certificate.pk}"
    wrong = client.get("/verify/", {"code": "12345"})
    assert wrong.status_code == 400 and "không đúng dạng mã chứng nhận" in wrong.text and "12345" in wrong.text
    unknown = client.get("/verify/", {"code": str(uuid.uuid4())}, follow=True)
    assert unknown.status_code == 404 and "Không tìm thấy" in unknown.text


def test_revoked_certificate_shows_date_and_reason_and_its_pdf_is_stamped(client, tmp_path, capsys):
    certificate, _ = issue_certificate(SUBJECT, NAME)
    clean = PdfReader(io.BytesIO(certificate_pdf_bytes(certificate))).pages[0].extract_text()
    assert "ĐÃ THU HỒI" not in clean
    assert cli.main(["revoke", str(certificate.pk), "--reason", "Cấp nhầm người học"]) == 0
    certificate.refresh_from_db()
    page = client.get(f"/verify/{certificate.pk}")
    assert 'data-status="revoked"' in page.text
    assert f'data-field="revoked-at">{localtime(certificate.revoked_at):%d/%m/%Y}<' in page.text
    assert 'data-field="revocation-reason">Cấp nhầm người học' in page.text
    response = client.get(f"/certificates/{certificate.pk}/{pdf_token(certificate.pk)}.pdf")
    assert response.status_code == 200
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "ĐÃ THU HỒI" in text and "Lý do: Cấp nhầm người học" in text and NAME in text
    assert f"thu hồi ngày {localtime(certificate.revoked_at):%d/%m/%Y}" in text  # the zone the verify page uses
    with pytest.raises(Exception, match="longer than 500"):
        revoke_certificate(issue_certificate("vneid-pseudo-x", NAME)[0].pk, "x" * 501)


def test_pdf_links_expire_with_a_clear_page_in_vietnamese(client):
    certificate, _ = issue_certificate(SUBJECT, NAME)
    url, expires_at = pdf_link(certificate)
    assert timedelta(days=29) < expires_at - certificate.issued_at < timedelta(days=31)  # default: 30 days
    assert client.get(path_and_query(url)).status_code == 200
    with override_settings(HOCVUSO_PDF_LINK_DAYS=0.5 / 86400):  # configurable: half a second
        import time

        deadline = time.monotonic() + 5
        while client.get(path_and_query(url)).status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        expired = client.get(path_and_query(url))
    assert expired.status_code == 410 and expired["Content-Type"].startswith("text/html")
    assert "Liên kết tải đã hết hạn" in expired.text and "Tiến độ của tôi" in expired.text
    assert client.get(f"/certificates/{certificate.pk}/{pdf_token(uuid.uuid4())}.pdf").status_code == 404
