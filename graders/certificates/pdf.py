"""The printable certificate: learner name, course, date, issuer and a QR code to the verify page.

The QR code carries the verify URL with the printed name and the salt of its hash (the credential binds
the name by that hash only), so scanning the paper checks the name printed on it. A revoked certificate
is stamped "ĐÃ THU HỒI" with the date and reason, so a printout cannot pass as valid."""

from __future__ import annotations

import io
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


def render_certificate_pdf(*, learner_name: str, course_name: str, issued_at: datetime, issuer_name: str,
                           verify_url: str, certificate_id: str, font_path: str | None = None,
                           revoked_at: datetime | None = None, revocation_reason: str = "") -> bytes:
    """A one-page A4 landscape PDF; text is real text (searchable, readable by screen readers).

    `verify_url` is what the QR code encodes; the URL printed as text leaves out its query (name, salt)."""
    font = _font(font_path)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Chứng nhận — {course_name}")
    pdf.setAuthor(issuer_name)
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
    pdf.drawCentredString(center, height - 75 * mm, simpleSplit(learner_name, font, 26, text_width)[0])
    pdf.setFont(font, 14)
    pdf.drawCentredString(center, height - 90 * mm, "đã hoàn thành khoá học")
    pdf.setFont(font, 16)
    line_y = height - 101 * mm
    for line in simpleSplit(course_name, font, 16, text_width)[:3]:
        pdf.drawCentredString(center, line_y, line)
        line_y -= 7 * mm
    pdf.setFont(font, 12)
    pdf.drawCentredString(center, line_y - 5 * mm, f"Ngày cấp: {issued_at.strftime('%d/%m/%Y')}")
    pdf.drawCentredString(center, line_y - 13 * mm, f"Đơn vị cấp: {issuer_name}")
    qr_size = 42 * mm
    pdf.drawImage(_qr_image(verify_url), width - 20 * mm - qr_size, 20 * mm, qr_size, qr_size)
    pdf.setFont(font, 9)
    pdf.drawString(20 * mm, 26 * mm, "Quét mã QR hoặc mở địa chỉ sau để kiểm tra chứng nhận:")
    pdf.drawString(20 * mm, 21 * mm, verify_url.split("?", 1)[0])
    pdf.drawString(20 * mm, 16 * mm, f"Mã chứng nhận: {certificate_id}")
    if revoked_at is not None:
        _revoked_stamp(pdf, font, width, height, revoked_at, revocation_reason)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
