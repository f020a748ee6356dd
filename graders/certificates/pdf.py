"""The printable certificate: learner name, course, date, issuer and a QR code to the verify page.

The QR code carries the verify URL with the printed name and the salt of its hash (the credential binds
the name by that hash only), so scanning the paper checks the name printed on it. A revoked certificate
is stamped "ĐÃ THU HỒI" with the date and reason, so a printout cannot pass as valid. One function draws a
certificate page (`draw_certificate_page`); a single certificate and a class's bundle both use it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import qrcode
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
]


class PdfFontError(RuntimeError):
    """No font with Vietnamese glyphs is available; set HOCVUSO_PDF_FONT."""


@lru_cache(maxsize=4)
def _font(path: str | None) -> str:
    candidates = [path] if path else FONT_CANDIDATES
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("HocVuSoText", candidate))
            return "HocVuSoText"
    raise PdfFontError("no TrueType font with Vietnamese glyphs found; set HOCVUSO_PDF_FONT to one "
                       "(e.g. DejaVuSans.ttf from the fonts-dejavu package)")


def _qr_image(url: str) -> ImageReader:
    image = qrcode.make(url, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def _revoked_stamp(pdf: canvas.Canvas, font: str, width: float, height: float, revoked_at: datetime,
                   reason: str) -> None:
    """A large red diagonal "ĐÃ THU HỒI" across the page, and the date and reason in plain words."""
    pdf.saveState()
    pdf.setFillColorRGB(0.75, 0.05, 0.05)
    pdf.setStrokeColorRGB(0.75, 0.05, 0.05)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(20)
    pdf.setLineWidth(4)
    pdf.roundRect(-120 * mm, -14 * mm, 240 * mm, 34 * mm, 6 * mm)
    pdf.setFont(font, 54)
    pdf.drawCentredString(0, -4 * mm, "ĐÃ THU HỒI")
    pdf.restoreState()
    pdf.saveState()
    pdf.setFillColorRGB(0.75, 0.05, 0.05)
    pdf.setFont(font, 12)
    line = f"Giấy chứng nhận này đã bị thu hồi ngày {revoked_at.strftime('%d/%m/%Y')}."
    if reason:
        line += f" Lý do: {reason}"
    for offset, part in enumerate(simpleSplit(line, font, 12, width - 60 * mm)[:2]):
        pdf.drawCentredString(width / 2, height - 24 * mm - offset * 6 * mm, part)
    pdf.restoreState()


@dataclass(frozen=True)
class CertificatePage:
    """What one printed certificate shows. `verify_url` is what the QR code encodes; the URL printed as
    text leaves out its query (name, salt)."""

    learner_name: str
    course_name: str
    issued_at: datetime
    issuer_name: str
    verify_url: str
    certificate_id: str
    revoked_at: datetime | None = None
    revocation_reason: str = ""


def draw_certificate_page(pdf: canvas.Canvas, font: str, page: CertificatePage) -> None:
    """One certificate on the canvas's current A4 landscape page (then a new page): the one drawing of a
    certificate, for a single PDF and for a class's or agency's bundle alike."""
    width, height = landscape(A4)
    pdf.setLineWidth(2)
    pdf.setStrokeColorRGB(0.6, 0.1, 0.1)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    center = width / 2
    pdf.setFillColorRGB(0.6, 0.1, 0.1)
    pdf.setFont(font, 30)
    pdf.drawCentredString(center, height - 45 * mm, "GIẤY CHỨNG NHẬN")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 14)
    pdf.drawCentredString(center, height - 60 * mm, "Chứng nhận")
    text_width = width - 60 * mm
    pdf.setFont(font, 26)
    pdf.drawCentredString(center, height - 75 * mm, simpleSplit(page.learner_name, font, 26, text_width)[0])
    pdf.setFont(font, 14)
    pdf.drawCentredString(center, height - 90 * mm, "đã hoàn thành khoá học")
    pdf.setFont(font, 16)
    line_y = height - 101 * mm
    for line in simpleSplit(page.course_name, font, 16, text_width)[:3]:
        pdf.drawCentredString(center, line_y, line)
        line_y -= 7 * mm
    pdf.setFont(font, 12)
    pdf.drawCentredString(center, line_y - 5 * mm, f"Ngày cấp: {page.issued_at.strftime('%d/%m/%Y')}")
    pdf.drawCentredString(center, line_y - 13 * mm, f"Đơn vị cấp: {page.issuer_name}")
    qr_size = 42 * mm
    pdf.drawImage(_qr_image(page.verify_url), width - 20 * mm - qr_size, 20 * mm, qr_size, qr_size)
    pdf.setFont(font, 9)
    pdf.drawString(20 * mm, 26 * mm, "Quét mã QR hoặc mở địa chỉ sau để kiểm tra chứng nhận:")
    pdf.drawString(20 * mm, 21 * mm, page.verify_url.split("?", 1)[0])
    pdf.drawString(20 * mm, 16 * mm, f"Mã chứng nhận: {page.certificate_id}")
    if page.revoked_at is not None:
        _revoked_stamp(pdf, font, width, height, page.revoked_at, page.revocation_reason)
    pdf.showPage()


def render_certificate_pdf(*, font_path: str | None = None, **fields) -> bytes:
    """A one-page A4 landscape PDF (fields as CertificatePage's); text is real text (searchable, readable
    by screen readers)."""
    page = CertificatePage(**fields)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4))
    pdf.setTitle(f"Chứng nhận — {page.course_name}")
    pdf.setAuthor(page.issuer_name)
    draw_certificate_page(pdf, _font(font_path), page)
    pdf.save()
    return buffer.getvalue()


LIST_ROWS_PER_PAGE = 20


def render_certificate_bundle(*, title: str, pages: Sequence[CertificatePage], roster: Sequence[tuple[str, bool]],
                              font_path: str | None = None) -> bytes:
    """One A4 PDF for a class (or an agency): first the list of its people, who has a certificate and who
    not yet, then every certificate, one per page, each with its QR code."""
    font = _font(font_path)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4))
    pdf.setTitle(f"Chứng nhận — {title}")
    width, height = landscape(A4)
    earned = sum(1 for _name, has in roster if has)
    chunks = [roster[start:start + LIST_ROWS_PER_PAGE] for start in range(0, len(roster), LIST_ROWS_PER_PAGE)] or [[]]
    for index, chunk in enumerate(chunks):
        pdf.setFont(font, 18)
        pdf.drawString(20 * mm, height - 22 * mm, simpleSplit(f"Danh sách chứng nhận — {title}", font, 18,
                                                              width - 40 * mm)[0])
        pdf.setFont(font, 11)
        pdf.drawString(20 * mm, height - 30 * mm, f"{earned}/{len(roster)} người đã có chứng nhận. "
                                                   f"Trang {index + 1}/{len(chunks)} của danh sách.")
        y = height - 42 * mm
        pdf.setFont(font, 11)
        pdf.drawString(20 * mm, y, "STT")
        pdf.drawString(35 * mm, y, "Họ và tên")
        pdf.drawString(200 * mm, y, "Chứng nhận")
        pdf.line(20 * mm, y - 2 * mm, width - 20 * mm, y - 2 * mm)
        for offset, (name, has) in enumerate(chunk):
            y -= 7.5 * mm
            number = index * LIST_ROWS_PER_PAGE + offset + 1
            pdf.drawString(20 * mm, y, str(number))
            pdf.drawString(35 * mm, y, simpleSplit(name, font, 11, 160 * mm)[0] if name else "—")
            pdf.drawString(200 * mm, y, "Đã có" if has else "Chưa có")
        pdf.showPage()
    for page in pages:
        draw_certificate_page(pdf, font, page)
    pdf.save()
    return buffer.getvalue()
