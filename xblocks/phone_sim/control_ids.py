"""The page's ids for a screen's controls (pure): keyed hashes under the attempt's random nonce.

Author ids such as `btn-correct` never reach the page, and the ids of one attempt say nothing about
another's, so a watch-mode demonstration is no answer key for a test.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from .scenario import Screen


@lru_cache(maxsize=4096)
def _target_ids(screen_id: str, keys: tuple[str, ...], nonce: str) -> dict[str, str]:
    """Author key -> opaque id for every target of one screen in one attempt."""
    secret = nonce.encode()[:32]
    return {key: "w" + hashlib.blake2s(f"{screen_id}\x1f{key}".encode(), key=secret, digest_size=6).hexdigest()
            for key in keys}


@lru_cache(maxsize=4096)
def _target_keys(screen_id: str, keys: tuple[str, ...], nonce: str) -> dict[str, str]:
    return {opaque: key for key, opaque in _target_ids(screen_id, keys, nonce).items()}


def opaque_id(screen: Screen, key: str, nonce: str = "") -> str | None:
    """The id the browser uses for the target `key` on `screen` in the attempt keyed by `nonce`."""
    return _target_ids(screen.id, tuple(t.key for t in screen.targets), nonce).get(key)


def resolve_target(screen: Screen, opaque: object, nonce: str = "") -> str | None:
    """Map a browser-sent id back to the author's target key; None when it is not on this screen."""
    if not isinstance(opaque, str):
        return None
    return _target_keys(screen.id, tuple(t.key for t in screen.targets), nonce).get(opaque)
