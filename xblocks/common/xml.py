"""Hardened XML parsing for every piece of OLX hocvuso reads.

Authors paste XML into Studio and course archives come from anywhere, so a document type
declaration is never needed and is always refused: that closes entity expansion ("billion
laughs"), external entities (local file reads) and DTD or network fetches in one rule.
"""

from __future__ import annotations

import re

from lxml import etree

_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)\b", re.IGNORECASE)


class XMLError(ValueError):
    """The XML could not be accepted; the message names the line and says what to change."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(message)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=False,
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_xml(text: str | bytes, source: str = "XML") -> etree._Element:
    """Parse OLX text into an element, refusing DOCTYPE/ENTITY declarations with the line named.

    `source` names the document in messages (a file path or "scenario XML").
    """
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    if isinstance(text, str) and data.startswith(b"<?xml"):
        # A str has already been decoded: drop an encoding declaration lxml would refuse.
        data = re.sub(rb"^<\?xml[^>]*\?>", b"", data, count=1)
    match = _DECLARATION.search(data)
    if match:
        line = _line_of(data, match.start())
        kind = match.group(1).decode().upper()
        raise XMLError(
            f"{source}, line {line}: <!{kind}> declarations are not allowed "
            "(they can expand entities or read files); remove the declaration and write the text directly.",
            line,
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if getattr(exc, "position", None) else None)
        msg = exc.msg or str(exc)
        raise XMLError(f"{source}, line {line}: the XML is not well formed: {msg}", line) from None
    if root is None:
        raise XMLError(f"{source}: the document is empty", 1)
    return root
