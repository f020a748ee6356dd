"""What one learner is served in one attempt: which questions, in which option order, under which ids.

Everything is derived from a secret per-attempt key (an HMAC of the learner, the block and the
attempt number under the server's secret): the draw, balanced across tags and towards the
least-served questions; the option order; and the ids the page shows, which are keyed hashes of the
authored ids. So the server only stores the key and the drawn question ids, can lay the attempt out
again at any time, and the page never reveals authored ids or the authored order.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
from collections import Counter
from collections.abc import Sequence

from .questions import Question, QuizSettings
from .scoring import distractor_id


def attempt_key(secret: bytes, learner: str, block: str, attempt: int) -> bytes:
    """A key only the server can compute (keyed by `secret`), stable for one learner's attempt."""
    message = f"{learner}\x1f{block}\x1f{attempt}".encode()
    return hmac.new(secret, message, hashlib.sha256).digest()[:16]


def page_token(key: bytes, *parts: str) -> str:
    """The page's id for an authored thing in one attempt: a keyed hash, so it reveals nothing of `parts`."""
    digest = hmac.digest(key, "\x1f".join(parts).encode(), "sha256")
    return base64.urlsafe_b64encode(digest[:6]).decode()


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


def serve_attempt(questions: Sequence[Question], settings: QuizSettings, key: bytes,
                  exposure: dict[str, int] | None = None) -> list[dict]:
    """Draw one attempt's questions with `key` and lay them out (see `lay_out`)."""
    picked = pick_questions(questions, settings.pick, random.Random(b"pick" + key), exposure)
    return lay_out(picked, settings.shuffle, key)


def lay_out(questions: Sequence[Question], shuffle_default: bool, key: bytes) -> list[dict]:
    """The server-side record of what a learner sees in one attempt (JSON-ready), re-derivable from `key`.

    Each entry: the authored `id`, a page `token`, `options` as [token, authored id] pairs in display
    order and, for matching, `lefts` the same way. A token depends only on the key and the authored id,
    never on the order, so answers still map back if an author changes the shuffle setting mid-attempt.
    """
    rng = random.Random(b"order" + key)
    used: set[str] = set()

    def token(*parts: str) -> str:
        value, salt = page_token(key, *parts), 0
        while value in used:  # a 48-bit collision: practically never, but never ambiguous
            salt += 1
            value = page_token(key, *parts, str(salt))
        used.add(value)
        return value

    served = []
    for question in questions:
        ids = _option_ids(question)
        shuffle = shuffle_default if question.shuffle is None else question.shuffle
        if question.type == "ordering":
            ids = ordering_start(ids, rng)
        elif shuffle:
            pinned = {choice.id for choice in question.choices if choice.pinned}
            ids = shuffle_keeping_pinned(ids, pinned, rng)
        entry = {"id": question.id, "token": token("q", question.id),
                 "options": [[token("o", question.id, ident), ident] for ident in ids]}
        if question.type == "matching":
            entry["lefts"] = [[token("l", question.id, pair.id), pair.id] for pair in question.pairs]
        served.append(entry)
    return served
