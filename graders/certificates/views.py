"""Public certificate endpoints: DID document, status lists, credentials, verify page, PDF; and a class's
certificates as one PDF (staff only).

The public endpoints need no login, so they show personal data of its own accord: the verify page names
the course, date, issuer and status; it shows a name only when the visitor brings it (the PDF's QR code
carries the printed name and the salt of the name hash), and then says whether the issuer signed that
name. The PDF (which has the name) needs a signed link that expires (HOCVUSO_PDF_LINK_DAYS).
"""

from __future__ import annotations

import json
import re
import uuid

from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from graders import access
from graders.certificates import issuing
from graders.certificates.issuing import PdfLinkExpired, pdf_token, read_pdf_token
from graders.certificates.printing import certificate_pdf_bytes, group_certificates_pdf
from graders.course_policies import course_policies
from graders.credentials.credential import holder_name_matches, normalize_name
from graders.models import Class
from graders.models.certificates import Certificate, StatusList
from graders.policy import UnknownAchievementError, find_achievement

__all__ = ["certificate_pdf_bytes", "pdf_token"]
_CERTIFICATE_CODE = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
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


def _no_cache(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def verify_index(request):
    """/verify without an id: a box to type (or paste) the certificate code printed under the QR code."""
    code = (request.GET.get("code") or "").strip()
    if code:
        found = _CERTIFICATE_CODE.search(code)
        if found:
            return redirect("graders:verify", cert_id=uuid.UUID(found.group(0).replace("-", "")))
        return _no_cache(render(request, "graders/verify_form.html", {"code": code[:200], "bad_code": True},
                                status=400))
    return _no_cache(render(request, "graders/verify_form.html", {}))


def _name_check(document: dict, request) -> dict | None:
    """The printed name the visitor brought (from the PDF's QR code) and whether the issuer signed it."""
    name, salt = request.GET.get("name"), request.GET.get("salt")
    if not name or not salt or len(name) > 400 or len(salt) > 100:
        return None
    matches = holder_name_matches(document, name, salt)
    if matches is None:  # a certificate issued before names were bound: nothing to compare with
        return None
    return {"name": normalize_name(name), "matches": matches}


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
            issuer_did=result.issuer, revoked_at=found.revoked_at, revocation_reason=found.revocation_reason,
            name_check=_name_check(document, request) if result.status != "invalid" else None,
        )
    context["status_title"], context["status_text"] = STATUS_TEXT[context["status"]]
    return _no_cache(render(request, "graders/verify.html", context, status=200 if found else 404))


@require_GET
def certificate_pdf(request, cert_id: uuid.UUID, token: str):
    try:
        read_pdf_token(token, cert_id)
    except PdfLinkExpired:
        days = round(issuing.pdf_link_lifetime().total_seconds() / 86400)
        response = render(request, "graders/pdf_link_expired.html", {"days": days}, status=410)
        response["Cache-Control"] = "private, no-store"
        return response
    except signing.BadSignature:
        raise Http404("no such certificate") from None
    found = Certificate.objects.filter(pk=cert_id).first()
    if found is None:
        raise Http404("no such certificate")
    response = HttpResponse(certificate_pdf_bytes(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-{cert_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@access.staff_area
def class_certificates_pdf(request, class_id: int):
    """Every certificate the class's learners earned, one per page with its QR code, after the class list
    (who has one, who not yet): for the class's teacher and its course team (graders.access)."""
    klass = Class.objects.filter(pk=class_id).first()
    if klass is None or not access.may_see_class(request.user, klass):
        return access.forbidden()
    response = HttpResponse(class_pdf_bytes(klass), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-lop-{klass.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def class_pdf_bytes(klass: Class) -> bytes:
    """The class's bundle: its learners in name order, their certificates of the class's course."""
    learners = [(learner_id, name or username or "") for learner_id, name, username in
                klass.memberships.order_by("learner__display_name", "learner_id")
                .values_list("learner_id", "learner__display_name", "learner__username")]
    return group_certificates_pdf(f"{klass.name}" + (f" ({klass.place})" if klass.place else ""), learners,
                                  klass.course_id)
