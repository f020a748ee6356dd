"""Scoring one question's response, with no framework import, so grading is testable and fast.

Responses use the *authored* ids (the block maps the page's opaque ids back before calling here). A
malformed response is never an error: it scores 0, because it can only come from a forged request.
Every result is kept within [0, points].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .normalise import MAX_ANSWER_CHARS, normalise_text, parse_number
from .questions import NumberAnswer, Question, compile_answer_regex

CORRECT, PARTIAL, INCORRECT = "correct", "partial", "incorrect"


@dataclass(frozen=True)
class Outcome:
    """How one response scored: the share of the points, and what it chose (for feedback and statistics)."""

    fraction: float
    points: float
    chosen: tuple[str, ...] = ()
    feedback: tuple[str, ...] = ()

    @property
    def earned(self) -> float:
        return self.fraction * self.points

    @property
    def verdict(self) -> str:
        if self.fraction >= 1 - 1e-9:
            return CORRECT
        return PARTIAL if self.fraction > 1e-9 else INCORRECT


def distractor_id(index: int) -> str:
    """The id of a matching question's n-th distractor among its right-hand options."""
    return f"distractor-{index + 1}"


def _outcome(question: Question, fraction: float, chosen=(), feedback=()) -> Outcome:
    fraction = fraction if math.isfinite(fraction) else 0.0
    return Outcome(min(1.0, max(0.0, fraction)), question.points, tuple(chosen), tuple(f for f in feedback if f))


def _choice_ids(response) -> list[str]:
    if isinstance(response, str):
        return [response]
    if isinstance(response, list | tuple):
        return [item for item in response if isinstance(item, str)]
    return []


def _score_choices(question: Question, response) -> Outcome:
    by_id = {choice.id: choice for choice in question.choices}
    chosen = list(dict.fromkeys(cid for cid in _choice_ids(response) if cid in by_id))
    if question.type in ("single", "dropdown") and len(chosen) > 1:
        chosen = []  # a forged request; one option only
    feedback = [by_id[cid].feedback for cid in chosen]
    if question.type != "multiple":
        return _outcome(question, 1.0 if chosen and by_id[chosen[0]].correct else 0.0, chosen, feedback)
    if question.scoring == "weights":
        weights = question.choice_weights()
        best = sum(weight for weight in weights.values() if weight > 0) or 1.0  # 3 × 33.333% is all
        return _outcome(question, sum(weights[cid] for cid in chosen) / best, chosen, feedback)
    right = {choice.id for choice in question.choices if choice.correct}
    return _outcome(question, 1.0 if set(chosen) == right else 0.0, chosen, feedback)


def _score_text(question: Question, response) -> Outcome:
    if not isinstance(response, str):
        return _outcome(question, 0.0)
    options = {"case_sensitive": question.case_sensitive, "ignore_diacritics": question.ignore_diacritics}
    given = normalise_text(response[:MAX_ANSWER_CHARS], **options)
    for answer in question.answers:
        if answer.regex:
            pattern = compile_answer_regex(answer.text, question.case_sensitive, question.ignore_diacritics)
            if pattern.fullmatch(given):
                return _outcome(question, 1.0)
        elif normalise_text(answer.text, **options) == given:
            return _outcome(question, 1.0)
    return _outcome(question, 0.0)


def number_matches(answer: NumberAnswer, value: float) -> bool:
    """Whether `value` falls in the answer's range; a tiny slack absorbs binary rounding (0.1 + 0.2)."""
    low, high = answer.bounds()
    slack = 1e-9 * max(1.0, abs(low), abs(high))
    return low - slack <= value <= high + slack


def _score_number(question: Question, response) -> Outcome:
    value = parse_number(response) if isinstance(response, str) else None
    if isinstance(response, int | float) and not isinstance(response, bool) and math.isfinite(response):
        value = float(response)
    if value is None:
        return _outcome(question, 0.0)
    return _outcome(question, 1.0 if any(number_matches(a, value) for a in question.answers) else 0.0)


def _score_ordering(question: Question, response) -> Outcome:
    expected = [item.id for item in question.items]
    given = _choice_ids(response)
    if sorted(given) != sorted(expected):
        return _outcome(question, 0.0)
    if question.scoring == "position":
        return _outcome(question, sum(a == b for a, b in zip(given, expected, strict=True)) / len(expected))
    return _outcome(question, 1.0 if given == expected else 0.0)


def _score_matching(question: Question, response) -> Outcome:
    if not isinstance(response, dict):
        return _outcome(question, 0.0)
    right = sum(1 for pair in question.pairs if response.get(pair.id) == pair.id)
    chosen = [f"{pair.id}={response.get(pair.id)}" for pair in question.pairs if isinstance(response.get(pair.id), str)]
    if question.scoring == "all_or_nothing":
        return _outcome(question, 1.0 if right == len(question.pairs) else 0.0, chosen)
    return _outcome(question, right / len(question.pairs), chosen)


def point_in_region(shape: str, coords: tuple[float, ...], x: float, y: float) -> bool:
    """Whether (x, y), in image pixels, lies inside the region (edges included)."""
    if shape == "rect":
        left, top, width, height = coords
        return left <= x <= left + width and top <= y <= top + height
    if shape == "circle":
        cx, cy, radius = coords
        return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2
    points = list(zip(coords[0::2], coords[1::2], strict=True))
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _score_hotspot(question: Question, response) -> Outcome:
    try:
        x, y = (float(response[0]), float(response[1])) if isinstance(response, list | tuple) else (
            float(response["x"]), float(response["y"]))
    except (KeyError, IndexError, TypeError, ValueError):
        return _outcome(question, 0.0)
    if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > 1e6:  # no picture is that large
        return _outcome(question, 0.0)
    hit = [region for region in question.regions if point_in_region(region.shape, region.coords, x, y)]
    correct = any(region.correct for region in hit)
    return _outcome(question, 1.0 if correct else 0.0, [r.id for r in hit], [r.feedback for r in hit])


_SCORERS = {
    "single": _score_choices, "multiple": _score_choices, "dropdown": _score_choices,
    "text": _score_text, "number": _score_number, "ordering": _score_ordering,
    "matching": _score_matching, "hotspot": _score_hotspot,
}


def score_response(question: Question, response) -> Outcome:
    """Score a learner's response to `question`; never raises, always within [0, points]."""
    return _SCORERS[question.type](question, response)


def chosen_feedback(question: Question, response) -> tuple[str, ...]:
    """The feedback written for what `response` chose (never for what it did not choose)."""
    if not (any(choice.feedback for choice in question.choices) or any(r.feedback for r in question.regions)):
        return ()
    return score_response(question, response).feedback


def correct_response(question: Question):
    """A response that earns full points, in the same shape learners send (for showing the answer)."""
    if question.type in ("single", "dropdown"):
        return next(choice.id for choice in question.choices if choice.correct)
    if question.type == "multiple":
        if question.scoring == "weights":
            weights = question.choice_weights()
            return [choice.id for choice in question.choices if weights[choice.id] > 0]
        return [choice.id for choice in question.choices if choice.correct]
    if question.type == "text":
        plain = [answer.text for answer in question.answers if not answer.regex]
        return plain[0] if plain else None
    if question.type == "number":
        answer = question.answers[0]
        return _fmt_number(answer.value if answer.value is not None else answer.low)
    if question.type == "ordering":
        return [item.id for item in question.items]
    if question.type == "matching":
        return {pair.id: pair.id for pair in question.pairs}
    return None  # hotspot: the correct regions are shown instead


def _fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
