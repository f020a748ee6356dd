"""Default settings of the graders plugin; every one can be overridden in the host's settings.

HOCVUSO_PUBLIC_BASE_URL   the site's public root, used in credential URLs and the QR code.
HOCVUSO_ISSUER_DID        did:web of the issuer; default derived from the base URL
                          (http://localhost:8000 -> did:web:localhost%3A8000).
HOCVUSO_ISSUER_NAME       the issuer's name printed in certificates.
HOCVUSO_KEY_DIR           directory of the issuer's signing keys (0700; private key files 0600).
                          The passphrase that encrypts them comes only from the environment variable
                          HOCVUSO_KEY_PASSPHRASE (never from a settings file).
HOCVUSO_DID_WEB_HTTP_HOSTS hosts whose did:web documents may be fetched over plain http (local demos).
HOCVUSO_SUBJECT_HASH_KEY  key of the HMAC that finds a learner's certificates without storing their id.
HOCVUSO_CERTIFICATE_POLICY path of the course's certificate_policy.json.
HOCVUSO_PDF_FONT          a TrueType font with Vietnamese glyphs for the PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    "HOCVUSO_PUBLIC_BASE_URL": "http://127.0.0.1:8000",
    "HOCVUSO_ISSUER_DID": None,
    "HOCVUSO_ISSUER_NAME": "Bình dân học vụ số — hocvuso (thử nghiệm)",
    "HOCVUSO_KEY_DIR": None,
    "HOCVUSO_DID_WEB_HTTP_HOSTS": ["localhost", "127.0.0.1"],
    "HOCVUSO_SUBJECT_HASH_KEY": None,
    "HOCVUSO_CERTIFICATE_POLICY": None,
    "HOCVUSO_PDF_FONT": None,
    "HOCVUSO_STATUS_LIST_SIZE": 131_072,
}


def plugin_settings(settings) -> None:
    """Fill in defaults the host did not set (called by the Open edX plugin framework)."""
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)


def hocvuso_setting(name: str):
    """The effective value of one HOCVUSO_* setting, with the derived defaults resolved."""
    from django.conf import settings

    if name == "HOCVUSO_KEY_PASSPHRASE":  # environment only: never in a settings file
        return os.environ.get("HOCVUSO_KEY_PASSPHRASE") or None
    value = getattr(settings, name, DEFAULTS[name])
    if value is not None:
        return value
    if name == "HOCVUSO_ISSUER_DID":
        from graders.credentials.did import did_web_for_url

        return did_web_for_url(hocvuso_setting("HOCVUSO_PUBLIC_BASE_URL"))
    if name == "HOCVUSO_KEY_DIR":
        return str(Path(getattr(settings, "VAR_DIR", "var")) / "keys")
    if name == "HOCVUSO_SUBJECT_HASH_KEY":
        return "hocvuso-subject:" + settings.SECRET_KEY
    return None
