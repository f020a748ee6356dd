"""The one place a block reaches graders and hocvuso's shared services, and the exactly-once rule on them.

Lookup: the runtime's "hocvuso" service when the runtime provides one, else graders' own service object
when graders is installed beside the blocks (`graders_service`). Blocks must run in the LMS (graders
installed as a plugin app), in the demo site and in runtimes without graders at all (Studio previews,
tests), and each block must degrade the same way instead of importing graders itself.

`hocvuso_services` narrows that to what the learner handlers need (the request ledger and the quiz's
item-response store): graders' implementation (graders/block_services.py) when the app is installed, else
a process-local stand-in. The stand-in keeps the exactly-once rule inside one process only (xblock's test
runtime, benchmarks) and keeps no item responses: item statistics are then unavailable and pools are drawn
without exposure balancing, while the blocks themselves work as usual.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

SERVICE_NAME = "hocvuso"


class HocvusoServices(Protocol):
    statistics_available: bool

    def claim(self, key: str) -> bool: ...
    def reply_for(self, key: str) -> dict | None: ...  # what `remember` stored, None while claimed
    def remember(self, key: str, entry: dict) -> None: ...
    def release(self, key: str) -> None: ...
    def record_exposure(self, block_key: str, question_ids: list[str]) -> None: ...
    def exposure(self, block_key: str) -> dict[str, int]: ...
    def record_first_response(self, block_key: str, learner_key: str, row: dict) -> bool: ...
    def first_responses(self, block_key: str) -> list[dict]: ...


class ProcessLocalServices:
    """Exactly-once within this process; no item responses kept (see the module docstring)."""

    statistics_available = False

    def __init__(self):
        self._lock = threading.Lock()
        self._ledger: dict[str, dict | None] = {}

    def claim(self, key: str) -> bool:
        with self._lock:
            if key in self._ledger:
                return False
            if len(self._ledger) > 100_000:  # bounded: forget the oldest half
                for old in list(self._ledger)[:50_000]:
                    del self._ledger[old]
            self._ledger[key] = None
            return True

    def reply_for(self, key: str) -> dict | None:
        return self._ledger.get(key)

    def remember(self, key: str, entry: dict) -> None:
        self._ledger[key] = entry

    def release(self, key: str) -> None:
        with self._lock:
            self._ledger.pop(key, None)

    def record_exposure(self, block_key: str, question_ids: list[str]) -> None:
        return None

    def exposure(self, block_key: str) -> dict[str, int]:
        return {}

    def record_first_response(self, block_key: str, learner_key: str, row: dict) -> bool:
        return False

    def first_responses(self, block_key: str) -> list[dict]:
        return []


_LOCAL = ProcessLocalServices()


def _graders_installed() -> bool:
    """Whether the graders Django app is installed and Django is ready (its models can be used)."""
    try:
        from django.apps import apps
    except ImportError:  # pragma: no cover - Django is an XBlock dependency
        return False
    return apps.ready and apps.is_installed("graders")


def _runtime_service(block: Any) -> Any | None:
    try:
        return block.runtime.service(block, SERVICE_NAME)
    except Exception:  # NoSuchServiceError, or a runtime that does not know the name
        return None


def graders_service(block: Any) -> Any | None:
    """graders' service for `block` (declare `@XBlock.wants("hocvuso")` on the block class), or None."""
    service = _runtime_service(block)
    if service is not None:
        return service
    if not _graders_installed():
        return None  # graders is not installed here (or Django is not set up: a plain Python process)
    from graders.service import GradersService  # installed but broken: the ImportError is not hidden

    return GradersService()


def hocvuso_services(block: Any) -> HocvusoServices:
    """The request ledger and item-response store for `block`.

    The runtime's service when it offers them; else graders' block services when the graders app is
    installed (its models need the app); else the process-local stand-in.
    """
    service = _runtime_service(block)
    if service is not None and all(hasattr(service, name) for name in ("claim", "reply_for", "first_responses")):
        return service
    if _graders_installed():
        from graders.block_services import GradersBlockServices

        return GradersBlockServices()
    return _LOCAL


class InProgress(Exception):
    """Another request with the same sequence number is being processed right now."""


FRESH_SECONDS = 10.0  # a stored reply this recent answers any duplicate (concurrent copies, quick retries)


def answer_once(services: HocvusoServices, key: str, process: Callable[[], dict], *, applied: bool,
                wait_seconds: float = 2.0) -> dict:
    """Run `process` for the first request with `key` only; repeats get the reply it gave.

    `applied` says whether the state this request loaded already shows a request with this key as
    processed (e.g. the stored sequence number is past it): then a stored reply is the answer however
    old. Otherwise only a reply younger than FRESH_SECONDS is: an older one is a leftover from before a
    state reset (numbers start again at 0) and is forgotten. A request `process` refuses (raises)
    releases the key, so a corrected request may use the number. A duplicate arriving while the first
    still runs waits up to `wait_seconds` for its reply, then raises InProgress (the block answers 409).
    """
    prior = services.reply_for(key)
    if prior is not None:
        if applied or time.time() - prior["at"] < FRESH_SECONDS:
            return prior["reply"]
        services.release(key)
    if not services.claim(key):
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            prior = services.reply_for(key)
            if prior is not None:
                return prior["reply"]
            time.sleep(0.02)
        raise InProgress(key)
    try:
        reply = process()
    except BaseException:
        services.release(key)
        raise
    services.remember(key, {"reply": reply, "at": time.time()})
    return reply
