"""A JSON-LD document loader that serves only the contexts bundled with this package.

Verifying must never depend on fetching a context over the network (a changed or unreachable context
would change what was signed), so every context we accept is a file in ``contexts/`` and anything
else is refused.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_CONTEXTS = (VC_V2_CONTEXT, OB_V3_CONTEXT)

_CONTEXT_DIR = Path(__file__).parent / "contexts"
BUNDLED_CONTEXT_FILES = {
    VC_V2_CONTEXT: _CONTEXT_DIR / "credentials-v2.json",
    OB_V3_CONTEXT: _CONTEXT_DIR / "ob-context-3.0.3.json",
}


class ContextNotBundledError(ValueError):
    """A document names a JSON-LD context this package does not carry (it is never fetched)."""


@cache
def bundled_context(url: str) -> dict:
    """The parsed context document for `url`; callers get a shared object and must not modify it."""
    try:
        path = BUNDLED_CONTEXT_FILES[url]
    except KeyError:
        raise ContextNotBundledError(
            f"JSON-LD context {url!r} is not bundled with hocvuso and is never fetched; "
            f"allowed contexts: {', '.join(BUNDLED_CONTEXT_FILES)}"
        ) from None
    return json.loads(path.read_text(encoding="utf-8"))


def static_document_loader(url: str, options: dict | None = None) -> dict:
    """pyld document loader: bundled contexts only, a JsonLdError-compatible failure otherwise."""
    document = bundled_context(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(document),
    }
