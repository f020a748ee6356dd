"""Attempt rules as plain functions: may a learner start or submit, what counts, what may be shown.

The block asks these questions with the stored state and the clock; keeping them pure makes every
policy (grading methods, waits, due dates, feedback modes, show-answer) testable without a runtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .questions import QuizSettings

# Reasons a request is refused; the block turns them into the learner's language.
STALE = "stale"
NO_ATTEMPTS_LEFT = "no_attempts_left"
PAST_DUE = "past_due"
WAIT = "wait"
NO_OPEN_ATTEMPT = "no_open_attempt"
QUESTION_CLOSED = "question_closed"
WRONG_MODE = "wrong_mode"


@dataclass(frozen=True)
class Refusal:
    reason: str
    seconds: int = 0


def final_grade(totals: list[float], method: str) -> float | None:
    """The points that count, over the totals of every submitted attempt in order (None if none)."""
    if not totals:
        return None
    if method == "last":
        return totals[-1]
    if method == "first":
        return totals[0]
    if method == "average":
        return sum(totals) / len(totals)
    return max(totals)


def attempts_left(settings: QuizSettings, finished: int) -> int | None:
    """Attempts still allowed (None when unlimited)."""
    if settings.max_attempts == 0:
        return None
    return max(0, settings.max_attempts - finished)


def is_past_due(due: datetime | None, now: datetime) -> bool:
    return due is not None and now > due


def check_sequence(expected: int, given) -> Refusal | None:
    """A request must carry the sequence number the page was built with: older ones are replays."""
    if isinstance(given, bool) or not isinstance(given, int) or given != expected:
        return Refusal(STALE)
    return None


def may_start(settings: QuizSettings, finished: int, last_finished_at: datetime | None,
              now: datetime, due: datetime | None) -> Refusal | None:
    """Whether a new attempt may begin now."""
    if is_past_due(due, now):
        return Refusal(PAST_DUE)
    if attempts_left(settings, finished) == 0:
        return Refusal(NO_ATTEMPTS_LEFT)
    if last_finished_at is not None and settings.wait_seconds:
        waited = (now - last_finished_at).total_seconds()
        if waited < settings.wait_seconds:
            return Refusal(WAIT, int(settings.wait_seconds - waited + 0.999))
    return None


def may_submit(settings: QuizSettings, finished: int, has_open_attempt: bool, now: datetime,
               due: datetime | None) -> Refusal | None:
    """Whether the open attempt may be submitted (or one of its questions checked) now."""
    if is_past_due(due, now):
        return Refusal(PAST_DUE)
    if attempts_left(settings, finished) == 0:
        return Refusal(NO_ATTEMPTS_LEFT)
    if not has_open_attempt:
        return Refusal(NO_OPEN_ATTEMPT)
    return None


def results_visible(settings: QuizSettings, finished: int, now: datetime, due: datetime | None) -> bool:
    """Whether submitted attempts' correctness, points and chosen-option feedback may be shown."""
    if finished == 0:
        return False
    if settings.feedback_mode != "deferred":
        return True
    return attempts_left(settings, finished) == 0 or is_past_due(due, now)


def answers_visible(settings: QuizSettings, finished: int, now: datetime, due: datetime | None) -> bool:
    """Whether correct answers and explanations may be shown (never before the results are)."""
    policy = settings.show_answer
    if policy == "never":
        return False
    if policy == "after_due":
        return is_past_due(due, now)
    if not results_visible(settings, finished, now, due):
        return False
    if policy == "after_each":
        return True
    return attempts_left(settings, finished) == 0 or is_past_due(due, now)


def hints_allowed(settings: QuizSettings) -> bool:
    return settings.feedback_mode in ("immediate", "tries")


@dataclass(frozen=True)
class TryState:
    """One question's progress in `tries` mode within an attempt."""

    tries: int = 0
    best: float = 0.0
    closed: bool = False

    def as_dict(self) -> dict:
        return {"tries": self.tries, "best": self.best, "closed": self.closed}

    @classmethod
    def from_dict(cls, data: dict | None) -> TryState:
        data = data or {}
        return cls(int(data.get("tries", 0)), float(data.get("best", 0.0)), bool(data.get("closed", False)))


def apply_try(state: TryState, raw_fraction: float, penalty: float, max_tries: int) -> TryState:
    """Record one check: each earlier wrong try costs `penalty` of the points; the best try counts."""
    if state.closed:
        return state
    value = max(0.0, min(1.0, raw_fraction)) * max(0.0, 1.0 - penalty * state.tries)
    tries = state.tries + 1
    return TryState(tries, max(state.best, value), raw_fraction >= 1 - 1e-9 or tries >= max_tries)
