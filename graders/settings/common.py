"""Every setting of graders, in one table: name, default, and what it is for.

Each value is looked up in this order: the host's Django settings (the LMS or the demo site), then an
environment variable of the same name, then the default here. `plugin_settings()` is what the Open edX
plugin framework calls; it only fills in names the host left unset.

Certificates
  HOCVUSO_PUBLIC_BASE_URL      the site's public root, used in credential URLs and the QR code.
  HOCVUSO_ISSUER_DID           did:web of the issuer; by default derived from the base URL
                               (http://localhost:8000 -> did:web:localhost%3A8000).
  HOCVUSO_ISSUER_NAME          the issuer's name printed in certificates.
  HOCVUSO_KEY_DIR              directory of the issuer's signing keys (0700; private key files 0600). The
                               passphrase that encrypts them comes only from the environment variable
                               HOCVUSO_KEY_PASSPHRASE (never from a settings file).
  HOCVUSO_DID_WEB_HTTP_HOSTS   hosts whose did:web documents may be fetched over plain http (local demos).
  HOCVUSO_SUBJECT_HASH_KEY     key of the HMAC that finds a learner's certificates without storing their id.
  HOCVUSO_PDF_FONT             a TrueType font with Vietnamese glyphs for the PDF.
  HOCVUSO_PDF_LINK_DAYS        days a certificate's PDF download link works (the progress block hands out a
                               fresh one on every view).
  HOCVUSO_STATUS_LIST_SIZE     entries per revocation list (>= 131,072 for group privacy).
Pipeline
  HOCVUSO_COURSE_DIRS          OLX course folders, each with a certificate_policy.json (os.pathsep-separated
                               in the environment). Their achievements are what certificates can be issued for.
                               None by default: an installed plugin points at nothing in its source tree.
  HOCVUSO_POLICY_OVERLAYS      JSON files that add achievements and groups to the configured course named by
                               their course_id (or to the only one); they never change the course's own
                               (os.pathsep-separated in the environment). The demo adds its short track so.
  HOCVUSO_BROKER_URL           Celery broker: an embedded SQLite broker by default, Redis/RabbitMQ by URL.
  HOCVUSO_BROKER_VISIBILITY_TIMEOUT  seconds before a task of a dead worker is handed out again (Redis).
  HOCVUSO_SWEEP_INTERVAL       seconds between sweeps that re-queue overdue deliveries and evaluations.
  HOCVUSO_SWEEP_GRACE          seconds after which unevaluated progress is presumed lost and re-queued.
  HOCVUSO_SANDBOX_URL, HOCVUSO_SANDBOX_TOKEN   the identity platform's submission API and client token.
  HOCVUSO_DELIVERY_TIMEOUT, _MAX_ATTEMPTS, _BACKOFF_BASE, _BACKOFF_MAX, _BATCH   delivery behaviour;
                               after MAX_ATTEMPTS a delivery is dead-lettered for an operator.
  HOCVUSO_EVALUATE_BATCH       learners evaluated per task.
  HOCVUSO_INTAKE_CLIENTS       HMAC intake clients {"client id": "secret"}; environment form "id1=s1,id2=s2".
  HOCVUSO_INTAKE_MAX_SKEW      seconds a signed intake request may be early or late.
  HOCVUSO_INTAKE_MAX_EVENTS    events accepted in one intake request.
  HOCVUSO_LMS_SCORE_SOURCE     where block scores come from when Open edX reports a passing-status change.
Classes
  HOCVUSO_STUCK_MINUTES        minutes on one step of a phone exercise after which the live class view flags
                               the learner "cần giúp" (three mistakes on one step flag them at once).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "HOCVUSO_PUBLIC_BASE_URL": "http://127.0.0.1:8000",
    "HOCVUSO_ISSUER_DID": None,
    "HOCVUSO_ISSUER_NAME": "Bình dân học vụ số — hocvuso (thử nghiệm)",
    "HOCVUSO_KEY_DIR": None,
    "HOCVUSO_DID_WEB_HTTP_HOSTS": ["localhost", "127.0.0.1"],
    "HOCVUSO_SUBJECT_HASH_KEY": None,
    "HOCVUSO_PDF_FONT": None,
    "HOCVUSO_PDF_LINK_DAYS": 30.0,
    "HOCVUSO_STATUS_LIST_SIZE": 131_072,
    "HOCVUSO_COURSE_DIRS": [],  # none by default: the operator (or the demo site's settings) names them
    "HOCVUSO_POLICY_OVERLAYS": [],
    "HOCVUSO_BROKER_URL": None,
    "HOCVUSO_BROKER_VISIBILITY_TIMEOUT": 300,
    "HOCVUSO_SWEEP_INTERVAL": 10.0,
    "HOCVUSO_SWEEP_GRACE": 120.0,
    "HOCVUSO_SANDBOX_URL": "http://127.0.0.1:8765",
    "HOCVUSO_SANDBOX_TOKEN": "",
    "HOCVUSO_DELIVERY_TIMEOUT": 10.0,
    "HOCVUSO_DELIVERY_MAX_ATTEMPTS": 10,
    "HOCVUSO_DELIVERY_BACKOFF_BASE": 2.0,
    "HOCVUSO_DELIVERY_BACKOFF_MAX": 900.0,
    "HOCVUSO_DELIVERY_BATCH": 200,
    "HOCVUSO_EVALUATE_BATCH": 200,
    "HOCVUSO_INTAKE_CLIENTS": {},
    "HOCVUSO_INTAKE_MAX_SKEW": 300,
    "HOCVUSO_INTAKE_MAX_EVENTS": 1000,
    "HOCVUSO_LMS_SCORE_SOURCE": "graders.pipeline.receivers.openedx_block_scores",
    "HOCVUSO_STUCK_MINUTES": 5.0,
}


# Defaults that suit a developer's machine but not production. The common settings leave them unset, so
# that production settings can still tell the operator's value from the default: edx-platform runs a
# plugin's production settings on a module that already holds what its common settings filled in.
PRODUCTION_DEFAULTS: dict[str, Any] = {
    "HOCVUSO_DID_WEB_HTTP_HOSTS": [],  # did:web documents over https only
}


def plugin_settings(settings) -> None:
    """Fill in what the host did not set, from the environment or the defaults (Open edX plugin hook)."""
    for name, value in DEFAULTS.items():
        if name in PRODUCTION_DEFAULTS and not os.environ.get(name):
            continue  # resolved when used (`setting`), or by the production settings
        if getattr(settings, name, None) is None:
            raw = os.environ.get(name)
            setattr(settings, name, _from_environment(name, raw) if raw else value)


def _from_environment(name: str, raw: str) -> Any:
    """Read an environment variable as the type of the setting's default."""
    default = DEFAULTS[name]
    if name in ("HOCVUSO_COURSE_DIRS", "HOCVUSO_POLICY_OVERLAYS"):
        return [part for part in raw.split(os.pathsep) if part]
    if name == "HOCVUSO_INTAKE_CLIENTS":
        return dict(pair.split("=", 1) for pair in raw.split(",") if "=" in pair)
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, list):
        return json.loads(raw) if raw.startswith("[") else raw.split()
    return raw


def setting(name: str) -> Any:
    """The effective value of one HOCVUSO_* setting (host settings, environment, default, derived)."""
    from django.conf import settings

    if name == "HOCVUSO_KEY_PASSPHRASE":  # environment only: never in a settings file
        return os.environ.get("HOCVUSO_KEY_PASSPHRASE") or None
    if name not in DEFAULTS:
        raise KeyError(f"unknown graders setting {name}")
    value = getattr(settings, name, None)
    if value is None and os.environ.get(name):
        value = _from_environment(name, os.environ[name])
    if value is None:
        value = DEFAULTS[name]
    if value is not None:
        return value
    var_dir = Path(getattr(settings, "VAR_DIR", os.environ.get("HOCVUSO_VAR_DIR", "var")))
    if name == "HOCVUSO_ISSUER_DID":
        from graders.credentials.did import did_web_for_url

        return did_web_for_url(setting("HOCVUSO_PUBLIC_BASE_URL"))
    if name == "HOCVUSO_KEY_DIR":
        return str(var_dir / "keys")
    if name == "HOCVUSO_SUBJECT_HASH_KEY":
        return "hocvuso-subject:" + settings.SECRET_KEY
    if name == "HOCVUSO_BROKER_URL":
        return f"sqla+sqlite:///{var_dir.resolve() / 'celery-broker.sqlite'}"
    return None
