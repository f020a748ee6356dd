"""The one QR code drawer for pages: an inline SVG (one path: small, sharp at any size, prints well).

Used by the progress block (a certificate's verify link) and graders' class poster (the join link)."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def qr_svg(url: str, css_class: str = "qr-image") -> str:
    """An inline SVG QR code of `url`, hidden from screen readers (the page shows the text beside it)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg"):]  # drop the XML declaration
    return svg.replace("<svg", f'<svg class="{css_class}" role="img" focusable="false" aria-hidden="true"', 1)
