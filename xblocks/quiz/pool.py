"""What one learner is served in one attempt: which questions, in which option order, under which ids.

The draw is seeded from the learner, the block and the attempt (reproducible for audits), balanced
across tags and towards the least-served questions. The ids the page shows are random tokens stored
server-side with the attempt, so the page never reveals authored ids or the authored order.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from collections import Counter
from collections.abc import Callable, Sequence

from .questions import Question, QuizSettings
from .scoring import distractor_id


def attempt_seed(secret: bytes, learner: str, block: str, attempt: int) -> int:
    """A seed only the server can compute (keyed by `secret`), stable for one learner's attempt."""
    message = f"{learner}\x1f{block}\x1f{attempt}".encode()
    return int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest()[:8], "big")


def pick_questions(questions: Sequence[Question], count: int | None, rng: random.Random,
                   exposure: dict[str, int] | None = None) -> list[Question]:
    """Choose `count` questions: spread over tags first, then least exposed, then at random.

    The result keeps the authored order, so authors can put easier questions first.
    """
    if count is None or count >= len(questions):
        return list(questions)
    exposure = exposure or {}
    tie_break = {question.id: rng.random() for question in questions}
    per_tag: Counter[str] = Counter()
    remaining, chosen = list(questions), []
    for _ in range(count):
        def cost(question: Question) -> tuple[float, int, float]:
            tags = question.tags or ("",)
            return (sum(per_tag[tag] for tag in tags) / len(tags), exposure.get(question.id, 0),
                    tie_break[question.id])

        best = min(remaining, key=cost)
        remaining.remove(best)
        chosen.append(best)
        per_tag.update(best.tags or ("",))
    order = {question.id: index for index, question in enumerate(questions)}
    return sorted(chosen, key=lambda question: order[question.id])


def shuffle_keeping_pinned(ids: Sequence[str], pinned: set[str], rng: random.Random) -> list[str]:
    """Shuffle `ids`, leaving each pinned id at its written position ("None of the above" stays last)."""
    free = [ident for ident in ids if ident not in pinned]
    rng.shuffle(free)
    spare = iter(free)
    return [ident if ident in pinned else next(spare) for ident in ids]


def ordering_start(ids: Sequence[str], rng: random.Random) -> list[str]:
    """A starting order for an ordering question that is never already the answer."""
    order = list(ids)
    if len(order) < 2:
        return order
    while order == list(ids):
        rng.shuffle(order)
    return order


def _option_ids(question: Question) -> list[str]:
    if question.type in ("single", "multiple", "dropdown"):
        return [choice.id for choice in question.choices]
    if question.type == "ordering":
        return [item.id for item in question.items]
    if question.type == "matching":
        return [pair.id for pair in question.pairs] + [distractor_id(i) for i in range(len(question.distractors))]
    return []


def serve_attempt(questions: Sequence[Question], settings: QuizSettings, rng: random.Random,
                  exposure: dict[str, int] | None = None,
                  new_token: Callable[[], str] = lambda: secrets.token_urlsafe(6)) -> list[dict]:
    """The server-side record of what a learner sees in one attempt (JSON-ready).

    Each entry: the authored `id`, a page `token`, `options` as [token, authored id] pairs in display
    order and, for matching, `lefts` the same way. The tokens are random, never derived from ids.
    """
    used: set[str] = set()

    def token() -> str:
        value = new_token()
        while value in used:
            value = new_token()
        used.add(value)
        return value

    served = []
    for question in pick_questions(questions, settings.pick, rng, exposure):
        ids = _option_ids(question)
        shuffle = settings.shuffle if question.shuffle is None else question.shuffle
        if question.type == "ordering":
            ids = ordering_start(ids, rng)
        elif shuffle:
            pinned = {choice.id for choice in question.choices if choice.pinned}
            ids = shuffle_keeping_pinned(ids, pinned, rng)
        entry = {"id": question.id, "token": token(), "options": [[token(), ident] for ident in ids]}
        if question.type == "matching":
            entry["lefts"] = [[token(), pair.id] for pair in question.pairs]
        served.append(entry)
    return served
