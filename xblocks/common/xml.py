"""Hardened XML parsing for every piece of OLX hocvuso reads.

Authors paste XML into Studio and course archives come from anywhere, so a document type
declaration is never needed and is always refused: that closes entity expansion ("billion
laughs"), external entities (local file reads) and DTD or network fetches in one rule.
"""

from __future__ import annotations

import re

from lxml import etree

from .problems import Message
from .text import _

_DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)\b", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
# Byte-order marks, and the first bytes of "<?" in the encodings XML allows without one (XML 1.0, App. F).
_BOMS = [
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"),
]


MSG_UNKNOWN_ENCODING = _("unknown encoding '{encoding}'; save the file as UTF-8")
MSG_NOT_TEXT = _("the file is not valid {encoding} text; save it as UTF-8")
MSG_DECLARATION = _("<!{kind}> declarations are not allowed (they can expand entities or read files); remove the "
                    "declaration and write the text directly.")
MSG_NOT_WELL_FORMED = _("the XML is not well formed: {detail}")
MSG_EMPTY = _("the document is empty")


class XMLError(ValueError):
    """The XML could not be accepted; the message names the line and says what to change.

    `reason` is the same text without the source and line, as a Message an editor can translate.
    """

    def __init__(self, source: str, reason: Message, line: int | None = None):
        self.line = line
        self.reason = reason
        super().__init__(f"{source}, line {line}: {reason}" if line and source else f"{source}: {reason}")


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


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _decode(data: bytes, source: str) -> str:
    """The document as text: byte-order mark first, then the UTF-16/32 signature of "<?", then the
    declared encoding, else UTF-8 (XML 1.0, appendix F)."""
    encoding = next((name for signature, name in _BOMS if data.startswith(signature)), None)
    if encoding is None:
        declared = _DECLARED_ENCODING.match(data)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError:
        raise XMLError(source, Message.of(MSG_UNKNOWN_ENCODING, encoding=encoding), 1) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise XMLError(source, Message.of(MSG_NOT_TEXT, encoding=encoding), line) from None
    return text.removeprefix("\ufeff")


def parse_xml(text: str | bytes, source: str = "XML") -> etree._Element:
    """Parse OLX text into an element, refusing DOCTYPE/ENTITY declarations with the line named.

    Bytes are decoded before the check (a UTF-16 or UTF-32 document hides its declarations from a
    byte search). `source` names the document in messages (a file path or "scenario XML").
    """
    text = text.removeprefix("\ufeff") if isinstance(text, str) else _decode(bytes(text), source)
    # The text is decoded now: drop an encoding declaration lxml would refuse or misapply.
    text = _XML_DECLARATION.sub("", text, count=1)
    match = _DECLARATION.search(text)
    if match:
        line = _line_of(text, match.start())
        kind = match.group(1).upper()
        raise XMLError(source, Message.of(MSG_DECLARATION, kind=kind), line)
    try:
        root = etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if getattr(exc, "position", None) else None)
        msg = exc.msg or str(exc)
        raise XMLError(source, Message.of(MSG_NOT_WELL_FORMED, detail=msg), line) from None
    if root is None:
        raise XMLError(source, Message.of(MSG_EMPTY), 1)
    return root
