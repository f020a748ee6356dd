"""The learner's progress page, rendered from what graders holds (a plain dict); pure, no XBlock import.

Everything shown comes from the graders service's answer (see graders.service), never from the browser.
Text is escaped here; the only markup not built here is none: the QR code is drawn from the verify URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from html import escape

from xblocks.common.qr import qr_svg as common_qr_svg

Translate = Callable[[str], str]


def percent(value: float) -> str:
    """A score as a whole percentage ("70%"): no decimal separator to localise."""
    return f"{round(float(value) * 100)}%"


def day(value: str | None) -> str:
    """An ISO date or date-time as dd/mm/yyyy (how Vietnamese write dates)."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return escape(value)
    return parsed.strftime("%d/%m/%Y")


def qr_svg(url: str) -> str:
    """The certificate's verify link as an inline SVG QR code (xblocks.common.qr, the one drawer)."""
    return common_qr_svg(url, "lp-qr-image")


def _fmt(t: Translate, key: str, strings: Mapping[str, str], **values: str) -> str:
    return escape(t(strings[key]).format(**values))


def _group(view: Mapping, t: Translate, s: Mapping[str, str]) -> str:
    group = view.get("group") or {}
    html = f'<p class="lp-group" data-field="group">{_fmt(t, "group", s, group=group.get("label", ""))}</p>'
    choices = view.get("choices") or []
    if group.get("assigned"):
        return html + f'<p class="lp-note">{escape(t(s["group_assigned"]))}</p>'
    if len(choices) < 2:
        return html
    options = "".join(
        f'<label class="lp-choice"><input type="radio" name="lp-group" value="{escape(choice["key"])}"'
        f'{" checked" if choice["key"] == group.get("key") else ""}> {escape(choice["label"])}</label>'
        for choice in choices)
    return (html + f'<form class="lp-group-form"><fieldset><legend>{escape(t(s["group_choose"]))}</legend>'
            f'<p class="lp-note">{escape(t(s["group_choose_help"]))}</p>{options}</fieldset>'
            f'<button type="submit" class="lp-button">{escape(t(s["group_save"]))}</button></form>')


def _requirements(view: Mapping, t: Translate, s: Mapping[str, str]) -> str:
    rows = []
    for item in view.get("requirements") or []:
        met = bool(item.get("met"))
        state = escape(t(s["met"] if met else s["not_met"]))
        score = _fmt(t, "score", s, score=percent(item.get("score", 0)), threshold=percent(item.get("threshold", 0)))
        rows.append(f'<li class="lp-req {"lp-met" if met else "lp-unmet"}" data-key="{escape(item.get("key", ""))}">'
                    f'<span class="lp-req-title">{escape(item.get("title", ""))}</span>'
                    f'<span class="lp-req-score">{score}</span>'
                    f'<span class="lp-req-state"><span aria-hidden="true">{"✓" if met else "○"}</span> {state}</span>'
                    f'</li>')
    html = f'<h3>{escape(t(s["requirements"]))}</h3><ul class="lp-reqs">{"".join(rows)}</ul>'
    if view.get("min_course_score"):
        overall = _fmt(t, "course_score", s, score=percent(view.get("course_score", 0)),
                       threshold=percent(view["min_course_score"]))
        html += f'<p class="lp-course-score">{overall}</p>'
    left = [item for item in view.get("requirements") or [] if not item.get("met")]
    html += f'<h3>{escape(t(s["left_title"]))}</h3>'
    if left:
        items = "".join(f"<li>{escape(item.get('title', ''))}</li>" for item in left)
        html += f'<p>{escape(t(s["left_some"]))}</p><ul class="lp-left" data-field="left">{items}</ul>'
    elif view.get("completed"):
        html += f'<p class="lp-left-none" data-field="left">{escape(t(s["left_none"]))}</p>'
    return html


def _delivery(certificate: Mapping, t: Translate, s: Mapping[str, str]) -> str:
    delivery = certificate.get("delivery") or {}
    state = delivery.get("state") or "none"
    key = {"pending": "delivery_pending", "sending": "delivery_sending", "delivered": "delivery_delivered",
           "dead": "delivery_dead"}.get(state, "delivery_none")
    text = _fmt(t, key, s, date=day(delivery.get("at")))
    return (f'<h4>{escape(t(s["delivery_title"]))}</h4>'
            f'<p class="lp-delivery lp-delivery-{escape(state)}" data-field="delivery" data-state="{escape(state)}">'
            f'{text}</p>')


def _certificate(certificate: Mapping, t: Translate, s: Mapping[str, str]) -> str:
    name = certificate.get("achievement", "")
    parts = [f'<section class="lp-certificate" aria-labelledby="lp-cert-title">'
             f'<h3 id="lp-cert-title">{escape(t(s["certificate"]))}</h3>',
             f'<p class="lp-achievement" data-field="achievement">{_fmt(t, "achievement", s, name=name)}</p>',
             f'<p>{_fmt(t, "issued_on", s, date=day(certificate.get("issued_at")))}</p>']
    if certificate.get("revoked_at"):
        parts.append(f'<p class="lp-revoked" data-field="revoked">'
                     f'{_fmt(t, "revoked", s, date=day(certificate["revoked_at"]))}'
                     + (f' {_fmt(t, "revoked_reason", s, reason=certificate["revocation_reason"])}'
                        if certificate.get("revocation_reason") else "") + "</p>")
    parts.append(f'<p class="lp-actions"><a class="lp-button" data-action="verify" '
                 f'href="{escape(certificate.get("verify_url", ""))}">{escape(t(s["verify"]))}</a>'
                 f'<a class="lp-button lp-secondary" data-action="pdf" href="{escape(certificate.get("pdf_url", ""))}"'
                 f' download>{escape(t(s["pdf"]))}</a></p>')
    if certificate.get("pdf_expires_at"):
        parts.append(f'<p class="lp-note">{_fmt(t, "pdf_until", s, date=day(certificate["pdf_expires_at"]))}</p>')
    if certificate.get("verify_url"):
        parts.append(f'<figure class="lp-qr"><div class="lp-qr-box" role="img" aria-label="{escape(t(s["qr_title"]))}"'
                     f' data-url="{escape(certificate["verify_url"])}">{qr_svg(certificate["verify_url"])}</div>'
                     f'<figcaption>{escape(t(s["qr_help"]))}</figcaption></figure>')
    parts.append(_delivery(certificate, t, s))
    steps = "".join(f"<li>{_fmt(t, key, s, name=name)}</li>" for key in ("step_1", "step_2", "step_3"))
    parts.append(f'<h4>{escape(t(s["steps_title"]))}</h4><ol class="lp-steps">{steps}</ol>'
                 f'<p class="lp-note">{escape(t(s["steps_note"]))}</p></section>')
    return "".join(parts)


def render_progress(view: Mapping | None, t: Translate, strings: Mapping[str, str], *, anonymous: bool = False,
                    heading: bool = True) -> str:
    """The block's inner HTML for what graders answered (`view`), or a plain notice when there is none.

    `heading=False` leaves out the block's own title where the unit's title already says it.
    """
    s = strings
    head = f'<h2 class="lp-title">{escape(t(s["title"]))}</h2>' if heading else ""
    live = '<div class="lp-live" role="status" aria-live="polite"></div>'
    if anonymous:
        return head + f'<p class="lp-notice">{escape(t(s["anonymous"]))}</p>'
    if not view:
        return head + f'<p class="lp-notice">{escape(t(s["unavailable"]))}</p>'
    html = head + live
    if view.get("learner_name"):
        html += f'<p class="lp-name" data-field="name">{_fmt(t, "learner", s, name=view["learner_name"])}</p>'
    html += _group(view, t, s) + _requirements(view, t, s)
    certificates = view.get("certificates") or []
    if certificates:
        html += "".join(_certificate(certificate, t, s) for certificate in certificates)
    elif view.get("completed"):
        html += f'<p class="lp-issuing" data-field="issuing">{escape(t(s["issuing"]))}</p>'
    return html
