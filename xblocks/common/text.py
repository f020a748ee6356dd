"""Text helpers both blocks share (pure: no XBlock, no Django)."""

from __future__ import annotations

from lxml import html as lxml_html


def _(text: str) -> str:
    """Mark a msgid for extraction; blocks translate it at render time with the runtime's i18n service."""
    return text


def html_to_text(fragment: str) -> str:
    """The words of an HTML fragment (tags dropped, entities decoded, spaces collapsed), e.g. for a live region."""
    if not fragment or not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    return " ".join(root.text_content().split())
