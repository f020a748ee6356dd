"""Browser code both blocks share (xblocks/common/public), served as files like each block's own.

A runtime serves a block's files from its own package (`open_local_resource`); `CommonAssetsMixin` lets
it serve the shared ones too, under `public/common/`, so one file is written once and cached once.
"""

from __future__ import annotations

from importlib import resources

COMMON_PREFIX = "public/common/"
COMMON_FILES = frozenset({"net.js"})


class CommonAssetsMixin:
    """Serve `public/common/<name>` from xblocks/common/public (e.g. `net.js`: HocvusoNet, the one JSON POST
    helper with the CSRF token, queue, same-sequence retry, busy and offline signals)."""

    @classmethod
    def open_local_resource(cls, uri: str):
        """The shared files first; everything else as XBlock serves it (the block's own public/)."""
        name = uri[len(COMMON_PREFIX):] if isinstance(uri, str) and uri.startswith(COMMON_PREFIX) else None
        if name in COMMON_FILES:
            return resources.files(__package__).joinpath("public", name).open("rb")
        return super().open_local_resource(uri)
