"""Public certificate endpoints: DID document, status lists, credentials, verify page, PDF.

Nothing here needs a login, so nothing here shows personal data: the verify page names the course,
date, issuer and status, never the learner; the PDF (which has the name) needs a signed link.
"""

from __future__ import annotations

import json
import uuid

from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from graders.certificates import issuing
from graders.certificates.pdf import render_certificate_pdf
from graders.course_policies import course_policies
from graders.models.certificates import Certificate, StatusList
from graders.policy import UnknownAchievementError, find_achievement
from graders.settings.common import setting

_PDF_SALT = "hocvuso.certificate-pdf"
STATUS_TEXT = {
    "valid": ("Hợp lệ", "Chứng nhận này do đơn vị cấp ký và còn hiệu lực."),
    "revoked": ("Đã bị thu hồi", "Đơn vị cấp đã thu hồi chứng nhận này. Chứng nhận không còn giá trị."),
    "expired": ("Hết hạn", "Chứng nhận này đã hết thời hạn hiệu lực."),
    "not_yet_valid": ("Chưa có hiệu lực", "Chứng nhận này chưa đến ngày có hiệu lực."),
    "suspended": ("Tạm đình chỉ", "Đơn vị cấp đang tạm đình chỉ chứng nhận này."),
    "unverifiable": ("Chưa kiểm tra được", "Không lấy được thông tin để kiểm tra. Vui lòng thử lại sau."),
    "invalid": ("Không hợp lệ", "Chữ ký số không khớp: chứng nhận đã bị sửa đổi hoặc không do đơn vị này cấp."),
    "unknown": ("Không tìm thấy", "Không có chứng nhận nào với mã này."),
}


def _public(response: HttpResponse, max_age: int) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def pdf_token(certificate_id: uuid.UUID | str) -> str:
    return signing.dumps(str(certificate_id), salt=_PDF_SALT, compress=True)


@require_GET
def did_document(request):
    return _public(JsonResponse(issuing.did_document(), content_type="application/did+json"), 300)


@require_GET
def status_list(request, list_id: int):
    found = StatusList.objects.filter(pk=list_id).exclude(signed_json="").first()
    if found is None:
        raise Http404("no such status list")
    return _public(HttpResponse(found.signed_json, content_type="application/vc"), 60)


@require_GET
def credential(request, cert_id: uuid.UUID):
    found = Certificate.objects.filter(pk=cert_id).first()
    if found is None:
        raise Http404("no such certificate")
    return _public(HttpResponse(found.credential_json, content_type="application/vc"), 60)


@require_GET
def achievement(request, key: str):
    try:
        _course_id, found = find_achievement(course_policies(), key)
    except UnknownAchievementError:
        raise Http404("no such achievement") from None
    return _public(JsonResponse({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": issuing.achievement_url(found.key), "type": ["Achievement"], "name": found.name,
        "description": found.description, "criteria": {"narrative": found.criteria},
    }, json_dumps_params={"ensure_ascii": False}), 3600)


@require_GET
def verify_page(request, cert_id: uuid.UUID):
    found = Certificate.objects.filter(pk=cert_id).first()
    context = {"cert_id": cert_id, "status": "unknown"}
    if found is not None:
        document = json.loads(found.credential_json)
        result = issuing.verify_own(document)
        achievement_data = document.get("credentialSubject", {}).get("achievement", {})
        context.update(
            status=result.status, errors=result.errors, course=achievement_data.get("name", ""),
            issued_at=found.issued_at, issuer_name=document.get("issuer", {}).get("name", ""),
            issuer_did=result.issuer, revoked_at=found.revoked_at,
        )
    context["status_title"], context["status_text"] = STATUS_TEXT[context["status"]]
    response = render(request, "graders/verify.html", context, status=200 if found else 404)
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def certificate_pdf(request, cert_id: uuid.UUID, token: str):
    try:
        if signing.loads(token, salt=_PDF_SALT) != str(cert_id):
            raise signing.BadSignature("token for another certificate")
    except signing.BadSignature:
        raise Http404("no such certificate") from None
    found = Certificate.objects.filter(pk=cert_id).first()
    if found is None:
        raise Http404("no such certificate")
    response = HttpResponse(certificate_pdf_bytes(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-{cert_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    document = json.loads(certificate.credential_json)
    return render_certificate_pdf(
        learner_name=certificate.display_name,
        course_name=document["credentialSubject"]["achievement"]["name"],
        issued_at=certificate.issued_at,
        issuer_name=document["issuer"]["name"],
        verify_url=issuing.verify_url(certificate.id),
        certificate_id=str(certificate.id),
        font_path=setting("HOCVUSO_PDF_FONT"),
    )
