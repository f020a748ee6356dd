"""Attempt rules as plain functions: may a learner start or submit, what counts, what may be shown.

The block asks these questions with the stored state and the clock; keeping them pure makes every
policy (grading methods, waits, due dates, feedback modes, show-answer) testable without a runtime.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from .questions import Question, QuizSettings
from .scoring import Outcome, score_response

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


def sequence_number(given: object) -> int | None:
    """A request's sequence number if it is a whole number (JSON true is not), else None (refused)."""
    return given if isinstance(given, int) and not isinstance(given, bool) else None


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


@dataclass(frozen=True)
class AttemptState:
    """The latest attempt, as stored in the block's `current` field (compact JSON, same keys as before).

    `key` (hex) re-derives what the page shows (option order, tokens); `responses` holds authored ids;
    `results` the share of points of each question's last grading; in `tries` mode `tries` (TryState dicts)
    and `checked` (the response each result refers to); `hints` how many are shown per question.
    """

    number: int
    key: str
    questions: tuple[str, ...]
    started_at: str = ""
    responses: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    tries: dict = field(default_factory=dict)
    checked: dict = field(default_factory=dict)
    hints: dict = field(default_factory=dict)
    finished_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.finished_at is None

    def closed_questions(self) -> set[str]:
        return {qid for qid, tried in self.tries.items() if tried.get("closed")}

    def to_dict(self) -> dict:
        data: dict = {"number": self.number, "key": self.key, "questions": list(self.questions),
                      "started_at": self.started_at}
        for name in ("responses", "results", "tries", "checked", "hints"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.finished_at is not None:
            data["finished_at"] = self.finished_at
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> AttemptState | None:
        """The stored attempt, or None before the first start (or for a state written by no known version)."""
        if not data or "key" not in data:
            return None
        return cls(number=int(data.get("number", 1)), key=str(data["key"]),
                   questions=tuple(data.get("questions", ())), started_at=str(data.get("started_at", "")),
                   responses=dict(data.get("responses", {})), results=dict(data.get("results", {})),
                   tries=dict(data.get("tries", {})), checked=dict(data.get("checked", {})),
                   hints=dict(data.get("hints", {})), finished_at=data.get("finished_at"))


def take_hint(state: AttemptState, question: Question) -> tuple[AttemptState, int] | None:
    """The attempt with `question`'s next hint shown, and that hint's number (None: every hint is shown)."""
    shown = int(state.hints.get(question.id, 0))
    if shown >= len(question.hints):
        return None
    return replace(state, hints={**state.hints, question.id: shown + 1}), shown + 1


def tries_left(state: AttemptState, question: Question, settings: QuizSettings) -> int:
    """How many more tries `question` allows in this attempt (`tries` mode)."""
    return settings.max_tries - int(state.tries.get(question.id, {}).get("tries", 0))


def check_question(state: AttemptState, question: Question, settings: QuizSettings) -> tuple[AttemptState, Outcome]:
    """`tries` mode: grade one question now; a wrong try costs the penalty and shows the next hint."""
    qid = question.id
    response = state.responses.get(qid)
    outcome = score_response(question, response)
    tried = apply_try(TryState.from_dict(state.tries.get(qid)), outcome.fraction, settings.try_penalty,
                      settings.max_tries)
    hints = state.hints
    if outcome.fraction < 1 and not tried.closed:
        hints = {**hints, qid: min(len(question.hints), int(hints.get(qid, 0)) + 1)}
    return replace(state, tries={**state.tries, qid: tried.as_dict()},
                   results={**state.results, qid: outcome.fraction},
                   checked={**state.checked, qid: response}, hints=hints), outcome


def grade_attempt(state: AttemptState, questions: list[Question], settings: QuizSettings, finished_at: str
                  ) -> tuple[AttemptState, dict[str, Outcome], float]:
    """Close the attempt: (closed state, outcomes graded now by question id, total points).

    Immediate and deferred modes grade every served question; `tries` mode grades the questions still
    open once more (a last try) and counts each question's best try.
    """
    tries_mode = settings.feedback_mode == "tries"
    outcomes, total = {}, 0.0
    results, tries, checked = dict(state.results), dict(state.tries), dict(state.checked)
    for question in questions:
        qid, response = question.id, state.responses.get(question.id)
        if not tries_mode:
            outcome = outcomes[qid] = score_response(question, response)
            results[qid] = outcome.fraction
            total += outcome.earned
            continue
        tried = TryState.from_dict(tries.get(qid))
        if not tried.closed and response is not None:
            outcome = outcomes[qid] = score_response(question, response)
            tried = apply_try(tried, outcome.fraction, settings.try_penalty, settings.max_tries)
            results[qid], checked[qid] = outcome.fraction, response
        tries[qid] = {**tried.as_dict(), "closed": True}
        total += tried.best * question.points
    closed = replace(state, results=results, finished_at=finished_at,
                     **({"tries": tries, "checked": checked} if tries_mode else {}))
    return closed, outcomes, total


def first_response_row(state: AttemptState, served: list[Question], outcomes: dict[str, Outcome]) -> dict:
    """A learner's first attempt as an item-statistics row: question id -> [share of points, chosen ids]."""
    row = {}
    for question in served:
        qid = question.id
        if qid not in state.results:
            continue
        outcome = outcomes.get(qid) or score_response(question, state.checked.get(qid, state.responses.get(qid)))
        row[qid] = [float(state.results[qid]), list(outcome.chosen)]
    return row
