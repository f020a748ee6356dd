"""The pipeline's settings, each with its default, read from Django settings (then the environment).

One place to look for every knob an operator can turn: where the courses are, which broker, where the
identity platform is, retry and batching limits, and which LMSs may post progress.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings

REPO_COURSE_DIR = Path(__file__).resolve().parents[1] / "course_content"


def _var_dir() -> Path:
    return Path(getattr(settings, "VAR_DIR", os.environ.get("HOCVUSO_VAR_DIR", "var"))).resolve()


def _defaults() -> dict[str, Any]:
    env = os.environ
    return {
        # OLX course folders, each with a certificate_policy.json.
        "GRADERS_COURSE_DIRS": [p for p in env.get("HOCVUSO_COURSE_DIRS", "").split(os.pathsep) if p]
        or [str(REPO_COURSE_DIR)],
        # Embedded broker by default (no server to run); Redis or RabbitMQ when the URL says so.
        "GRADERS_BROKER_URL": env.get("HOCVUSO_BROKER_URL")
        or f"sqla+sqlite:///{_var_dir() / 'celery-broker.sqlite'}",
        # With acks_late, a task whose worker died is handed out again after this many seconds (Redis).
        "GRADERS_BROKER_VISIBILITY_TIMEOUT": int(env.get("HOCVUSO_BROKER_VISIBILITY_TIMEOUT", "300")),
        # Every this many seconds the sweep re-queues overdue deliveries and unevaluated progress.
        "GRADERS_SWEEP_INTERVAL": float(env.get("HOCVUSO_SWEEP_INTERVAL", "10")),
        # Progress unevaluated for this long is presumed lost (its task message) and queued again.
        "GRADERS_SWEEP_GRACE": float(env.get("HOCVUSO_SWEEP_GRACE", "120")),
        "GRADERS_SANDBOX_URL": env.get("HOCVUSO_SANDBOX_URL", "http://127.0.0.1:8765"),
        "GRADERS_SANDBOX_TOKEN": env.get("HOCVUSO_SANDBOX_TOKEN", ""),
        "GRADERS_DELIVERY_TIMEOUT": float(env.get("HOCVUSO_DELIVERY_TIMEOUT", "10")),
        "GRADERS_DELIVERY_MAX_ATTEMPTS": int(env.get("HOCVUSO_DELIVERY_MAX_ATTEMPTS", "10")),
        "GRADERS_DELIVERY_BACKOFF_BASE": float(env.get("HOCVUSO_DELIVERY_BACKOFF_BASE", "2")),
        "GRADERS_DELIVERY_BACKOFF_MAX": float(env.get("HOCVUSO_DELIVERY_BACKOFF_MAX", "900")),
        "GRADERS_DELIVERY_BATCH": int(env.get("HOCVUSO_DELIVERY_BATCH", "200")),
        "GRADERS_EVALUATE_BATCH": int(env.get("HOCVUSO_EVALUATE_BATCH", "200")),
        # HMAC intake clients: {"client id": "shared secret"}; env form "id1=secret1,id2=secret2".
        "GRADERS_INTAKE_CLIENTS": dict(
            pair.split("=", 1) for pair in env.get("HOCVUSO_INTAKE_CLIENTS", "").split(",") if "=" in pair
        ),
        "GRADERS_INTAKE_MAX_SKEW": 300,
        "GRADERS_INTAKE_MAX_EVENTS": 1000,
        # Where Open edX block scores come from when the LMS reports a course passing-status change.
        "GRADERS_LMS_SCORE_SOURCE": "graders.receivers.openedx_block_scores",
    }


def setting(name: str) -> Any:
    """The value of a GRADERS_* setting: Django settings first, then the environment default."""
    if hasattr(settings, name):
        return getattr(settings, name)
    return _defaults()[name]
