"""Certificates on paper: one certificate's PDF, and the bundle of a group of learners (a class, an
agency): its list of who has a certificate and who not yet, then each certificate on its own page.

The pages are drawn by graders.certificates.pdf (one drawing of a certificate); this module reads what
they show from the signed credential, and a group's certificates in one query."""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.utils import timezone

from graders.certificates import issuing
from graders.certificates.pdf import CertificatePage, render_certificate_bundle, render_certificate_pdf
from graders.models import Certificate, Outbox
from graders.settings.common import setting


def certificate_page(certificate: Certificate) -> CertificatePage:
    """What the certificate's page shows; its QR code opens /verify with the printed name and the name's
    salt; a revoked certificate is stamped "ĐÃ THU HỒI" with the date and reason."""
    document = json.loads(certificate.credential_json)
    return CertificatePage(
        learner_name=certificate.display_name,
        course_name=document["credentialSubject"]["achievement"]["name"],
        issued_at=timezone.localtime(certificate.issued_at),  # the date as the verify page shows it
        issuer_name=document["issuer"]["name"],
        verify_url=issuing.named_verify_url(certificate),
        certificate_id=str(certificate.id),
        revoked_at=certificate.revoked_at and timezone.localtime(certificate.revoked_at),
        revocation_reason=certificate.revocation_reason,
    )


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The printable certificate (one A4 landscape page)."""
    page = certificate_page(certificate)
    return render_certificate_pdf(font_path=setting("HOCVUSO_PDF_FONT"), **vars(page))


def group_certificates_pdf(title: str, learners: Sequence[tuple[int | None, str]],
                           course_id: str | None = None) -> bytes:
    """The bundle for these learners ((learner id or None for someone not learning yet, name) in list
    order): the list, then every valid
    certificate they hold (of `course_id`, when given), in list order. Revoked ones are left out: the
    list says "not yet" for them. Two queries whatever the group's size."""
    wanted = [learner_id for learner_id, _name in learners if learner_id is not None]
    held: dict[int, list[Certificate]] = {}
    rows = Outbox.objects.filter(learner_id__in=wanted, certificate__revoked_at__isnull=True).select_related(
        "certificate").order_by("certificate__issued_at")
    if course_id:
        rows = rows.filter(certificate__course_id=course_id)
    for row in rows:
        held.setdefault(row.learner_id, []).append(row.certificate)
    pages = [certificate_page(certificate) for learner_id in wanted for certificate in held.get(learner_id, [])]
    roster = [(name, learner_id is not None and learner_id in held) for learner_id, name in learners]
    return render_certificate_bundle(title=title, pages=pages, roster=roster, font_path=setting("HOCVUSO_PDF_FONT"))
