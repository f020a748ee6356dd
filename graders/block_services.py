"""What the hocvuso blocks need from the platform, served by graders: a request ledger and item responses.

The blocks find this through `xblocks.common.services` (a runtime service named "hocvuso" if the runtime
offers one, else this class when the graders app is installed). Two concerns:

* The request ledger makes each (learner, block, attempt, sequence number) processed exactly once. Open
  edX writes user state per request without a lock (last writer wins), so the guard lives outside field
  data, in the platform's shared cache: `cache.add` is atomic on memcached (the ADD command) and on Redis
  (SET NX), so of any number of concurrent claims exactly one succeeds, across every worker process. The
  reply of the processed request is kept beside the claim, so a retry of the same number gets it again.
* Item responses are appended as rows (graders.models.quiz_items) and aggregated when read.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import Count

from graders.models import QuizExposure, QuizFirstResponse

LEDGER_SECONDS = 60 * 60  # long enough for any retry after a network failure; entries then expire
_IN_PROGRESS = "…"


class GradersBlockServices:
    """The "hocvuso" service backed by Django's shared cache and the graders database."""

    statistics_available = True

    def __init__(self, cache_alias: str | None = None):
        self._cache_alias = cache_alias or getattr(settings, "HOCVUSO_REQUEST_CACHE", "default")

    @property
    def _cache(self):
        return caches[self._cache_alias]

    # Request ledger ------------------------------------------------------------------------------------
    def claim(self, key: str) -> bool:
        """True for exactly one caller per key (an atomic cache ADD); later callers get False."""
        return self._cache.add(f"hocvuso:req:{key}", _IN_PROGRESS, LEDGER_SECONDS)

    def reply_for(self, key: str) -> dict | None:
        """What was remembered for the processed request with this key (None: unknown or still running)."""
        stored = self._cache.get(f"hocvuso:req:{key}")
        return json.loads(stored) if stored not in (None, _IN_PROGRESS) else None

    def remember(self, key: str, entry: dict) -> None:
        self._cache.set(f"hocvuso:req:{key}", json.dumps(entry), LEDGER_SECONDS)

    def release(self, key: str) -> None:
        """Forget a claim whose request was refused, so a corrected request may use the number."""
        self._cache.delete(f"hocvuso:req:{key}")

    # Item responses ------------------------------------------------------------------------------------
    def record_exposure(self, block_key: str, question_ids: list[str]) -> None:
        QuizExposure.objects.bulk_create([QuizExposure(block_key=block_key, question_id=qid) for qid in question_ids])

    def exposure(self, block_key: str) -> dict[str, int]:
        rows = QuizExposure.objects.filter(block_key=block_key).values("question_id").annotate(n=Count("id"))
        return {row["question_id"]: row["n"] for row in rows}

    def record_first_response(self, block_key: str, learner_key: str, row: dict) -> bool:
        """Keep a learner's first attempt; False when one is already kept (never overwritten)."""
        try:
            with transaction.atomic():
                QuizFirstResponse.objects.create(block_key=block_key, learner_key=learner_key, row=row)
        except IntegrityError:
            return False
        return True

    def first_responses(self, block_key: str) -> list[dict]:
        return list(QuizFirstResponse.objects.filter(block_key=block_key).order_by("id").values_list("row", flat=True))
