"""The one HTML policy for everything authors and learners write (lessons, prompts, feedback).

Allowed: text structure (paragraphs, emphasis, lists, headings, tables), https/mailto/tel links
and https images. Everything that can run code or pull in another page is removed: scripts,
event-handler attributes, style attributes, javascript:/data: URLs, iframes and forms.
"""

from __future__ import annotations

import re
from functools import lru_cache

import bleach

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
        "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)

_COMMON_ATTRIBUTES = ["class", "lang", "dir", "title", "role", "aria-label", "aria-hidden"]

ALLOWED_ATTRIBUTES = {
    "*": _COMMON_ATTRIBUTES,
    "a": [*_COMMON_ATTRIBUTES, "href", "rel", "target"],
    "img": [*_COMMON_ATTRIBUTES, "src", "alt", "width", "height", "loading"],
    "td": [*_COMMON_ATTRIBUTES, "colspan", "rowspan"],
    "th": [*_COMMON_ATTRIBUTES, "colspan", "rowspan", "scope"],
    "ol": [*_COMMON_ATTRIBUTES, "start", "type"],
}

ALLOWED_PROTOCOLS = frozenset({"https", "mailto", "tel"})

def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "img" and name == "src":
        # Images only from https or the course's own /static/ files: never data: or http:.
        return value.strip().lower().startswith(("https://", "/static/"))
    return name in ALLOWED_ATTRIBUTES.get(tag, ALLOWED_ATTRIBUTES["*"])


@lru_cache(maxsize=1)
def _cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=_allow_attribute,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


_DROPPED_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript)\b[^>]*>.*?</\1\s*>|"
    r"<(script|style|iframe|object|embed|template|noscript)\b[^>]*/?>",
    re.IGNORECASE | re.DOTALL,
)


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the shared safe policy; safe to insert into any page."""
    if not html:
        return ""
    # Script and style bodies must not survive as visible text once their tags are stripped.
    return _cleaner().clean(_DROPPED_WITH_CONTENT.sub("", html))
