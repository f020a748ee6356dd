"""Text helpers both blocks share (pure: no XBlock, no Django)."""

from __future__ import annotations


def _(text: str) -> str:
    """Mark a msgid for extraction; blocks translate it at render time with the runtime's i18n service."""
    return text
