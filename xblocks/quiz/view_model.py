"""The quiz's page model: what the learner's page shows, built by whitelisting (pure: no XBlock, no Django).

Beside `phone_sim/view_model.py`. The block reads its fields once per request into a `QuizContext`,
keeps the attempt as an `attempts.AttemptState`, and asks `page_view` for the model `render.render_body`
draws. Layouts (which questions, option order, page tokens) are re-derived from the attempt's key and
cached per quiz text, so a learner's next request reuses them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from xblocks.common.text import format_number

from . import attempts
from .attempts import AttemptState, Refusal
from .pool import lay_out, serve_attempt
from .questions import Question, QuizSettings, parse_questions
from .render import public_question
from .scoring import chosen_feedback, correct_response
from .tokens import encode, merge_drafts

_PREVIEW_KEY = b"studio preview"  # the preview shows no learner's attempt; any fixed key will do


@dataclass(frozen=True)
class QuizContext:
    """One request's read of the block's settings, questions, due date and clock.

    XBlock field reads are not free (a String field scans its whole value for control characters on
    every read), so a handler reads them once and passes this along.
    """

    settings: QuizSettings
    xml: str
    by_id: dict[str, Question]
    possible: float
    due: datetime | None
    now: datetime


def quiz_context(settings: QuizSettings, xml: str, due: datetime | None, now: datetime) -> QuizContext:
    """One request's context; a due date stored without a zone is read as UTC (as the LMS stores it)."""
    due = due.replace(tzinfo=UTC) if due is not None and due.tzinfo is None else due
    return QuizContext(settings, xml, questions_by_id(xml), possible_points(parse_questions(xml), settings.pick),
                       due, now)


def possible_points(questions: tuple[Question, ...], pick: int | None) -> float:
    """Raw points a learner can earn: pick x points in a pool (all equal), else the sum of points."""
    if pick and pick < len(questions):
        return float(pick * questions[0].points)
    return float(sum(question.points for question in questions))


@lru_cache(maxsize=64)
def questions_by_id(questions_xml: str) -> dict[str, Question]:
    """Questions by authored id (shared and cached per questions text: never mutate it)."""
    return {question.id: question for question in parse_questions(questions_xml)}


@lru_cache(maxsize=1024)
def _laid_out(questions_xml: str, ids: tuple[str, ...], shuffle: bool, key_hex: str) -> tuple[dict, ...]:
    by_id = questions_by_id(questions_xml)
    return tuple(lay_out([by_id[qid] for qid in ids if qid in by_id], shuffle, bytes.fromhex(key_hex)))


@lru_cache(maxsize=1024)
def _public_layout(questions_xml: str, ids: tuple[str, ...], shuffle: bool, key_hex: str) -> tuple[dict, ...]:
    by_id = questions_by_id(questions_xml)
    return tuple(public_question(by_id[entry["id"]], entry)
                 for entry in _laid_out(questions_xml, ids, shuffle, key_hex))


def layout(ctx: QuizContext, state: AttemptState | None) -> tuple[dict, ...]:
    """What the attempt shows (see pool.lay_out), re-derived from its key."""
    return _laid_out(ctx.xml, state.questions, ctx.settings.shuffle, state.key) if state else ()


def served_question(ctx: QuizContext, state: AttemptState, token: object) -> Question | None:
    """The served question a hint or check request names by its page token (None: no such question)."""
    entry = next((e for e in layout(ctx, state) if e["token"] == token), None)
    return ctx.by_id.get(entry["id"]) if entry else None


def with_drafts(ctx: QuizContext, state: AttemptState, answers: object) -> AttemptState:
    """The open attempt with the page's unsent answers (drafts) merged in; closed questions keep theirs."""
    responses = merge_drafts(ctx.by_id, layout(ctx, state), state.responses, state.closed_questions(), answers)
    return AttemptState(**{**state.__dict__, "responses": responses})


def public_data(ctx: QuizContext, view: dict, seq: int, attempts_used: int, fields: tuple[str, ...]) -> dict:
    """`student_view_data`: the answer-free model for the mobile app (no keys, feedback, hints, explanations)."""
    questions = [{name: q[name] for name in fields if name in q} for q in view["questions"]]
    settings = ctx.settings
    return {"display_name": settings.display_name, "available": True, "seq": seq,
            "feedback_mode": settings.feedback_mode, "max_attempts": settings.max_attempts,
            "attempts_used": attempts_used, "max_score": ctx.possible, "open": view["open"],
            "questions": questions if view["open"] else []}


def public_models(ctx: QuizContext, state: AttemptState | None) -> tuple[dict, ...]:
    """The answer-free models of the attempt's questions, in layout order."""
    return _public_layout(ctx.xml, state.questions, ctx.settings.shuffle, state.key) if state else ()


def fmt(number: float | None, language: str = "vi") -> str:
    return format_number(number or 0.0, language)


def result_state(question: Question, state: AttemptState, tries_mode: bool, outcomes: dict) -> dict | None:
    """A graded question's verdict, points and feedback (None while ungraded)."""
    qid = question.id
    if qid not in state.results:
        return None
    fraction = float(state.results[qid])
    verdict = "correct" if fraction >= 1 - 1e-9 else ("partial" if fraction > 1e-9 else "incorrect")
    value = float(state.tries.get(qid, {}).get("best", fraction)) if tries_mode else fraction
    outcome = outcomes.get(qid)
    if outcome is not None:
        feedback = outcome.feedback
    else:  # graded in an earlier request: the feedback of the graded response, derived again
        feedback = chosen_feedback(question, state.checked.get(qid, state.responses.get(qid)))
    return {"verdict": verdict, "earned": value * question.points, "feedback": feedback}


def key_boxes(question: Question) -> list[dict]:
    """The correct hotspot regions as boxes in percent of the picture (what the answer key draws)."""
    boxes = []
    for region in question.regions:
        if not region.correct:
            continue
        c = region.coords
        if region.shape == "rect":
            left, top, width, height = c
        elif region.shape == "circle":
            left, top, width, height = c[0] - c[2], c[1] - c[2], 2 * c[2], 2 * c[2]
        else:
            xs, ys = c[0::2], c[1::2]
            left, top, width, height = min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
        w, h = question.image.width, question.image.height
        boxes.append({"left": 100 * left / w, "top": 100 * top / h, "width": 100 * width / w,
                      "height": 100 * height / h})
    return boxes


def key_state(question: Question, served: dict) -> dict:
    """What the answer key adds to a question once answers may be shown."""
    state: dict = {"explanation": question.explanation}
    if question.type == "hotspot" and question.image:
        state["key_regions"] = key_boxes(question)
    elif question.type == "number":
        low, high = question.answers[0].bounds()
        state["key_text"] = correct_response(question) if low == high else f"{low:g} – {high:g}"
    elif question.type == "text":
        plain = [answer.text for answer in question.answers if not answer.regex]
        state["key_text"] = plain[0] if plain else question.answers[0].text
    else:
        key = encode(question, served, correct_response(question))
        state["key"] = [key] if isinstance(key, str) else key
    return state


def page_view(ctx: QuizContext, state: AttemptState | None, totals: list[float], outcomes: dict | None,
              t: dict[str, str], refusal_text: Callable[[Refusal], str], seq: int, *, public: bool = True) -> dict:
    """The whitelisted model of the learner's page (`t`: UI_STRINGS translated).

    With `public=False` the questions carry only their token and result (for `render_closing`). The
    model says what starting costs before it is spent: `attempts_left` (None: unlimited) and, before a
    start, a notice with the attempts that remain.
    """
    settings, now, due = ctx.settings, ctx.now, ctx.due
    finished = len(totals)
    limit = settings.max_attempts
    left = attempts.attempts_left(settings, finished)
    view: dict = {"title": settings.display_name, "mode": settings.feedback_mode, "open": False,
                  "hints_allowed": attempts.hints_allowed(settings), "questions": [], "summary": [],
                  "notices": [], "seq": seq, "attempts_left": left,
                  "status": [t["attempts_used"].format(used=finished, limit=limit) if limit
                             else t["attempts_used_unlimited"].format(used=finished)]}
    if due:
        view["status"].append(t["due"].format(due=due.astimezone().strftime("%d/%m/%Y %H:%M")))
    is_open = state is not None and state.is_open
    tries_mode = settings.feedback_mode == "tries"
    show_results = (is_open and tries_mode) or (not is_open and attempts.results_visible(settings, finished, now, due))
    show_answers = not is_open and attempts.answers_visible(settings, finished, now, due)
    outcomes = outcomes or {}
    served_list = layout(ctx, state)
    models = public_models(ctx, state) if public else (None,) * len(served_list)
    for served, model in zip(served_list, models, strict=True):
        question = ctx.by_id[served["id"]]
        result = result_state(question, state, tries_mode, outcomes) if show_results else None
        if not public:
            view["questions"].append({"token": served["token"], "points": question.points,
                                      "state": {"result": result}})
            continue
        response = state.responses.get(question.id)
        tried = state.tries.get(question.id, {})
        shown: dict = {"answer": encode(question, served, response) if response is not None else None,
                       "hints": question.hints[:int(state.hints.get(question.id, 0))],
                       "closed": bool(tried.get("closed")), "result": result}
        if tries_mode and is_open:
            shown["tries_left"] = max(0, settings.max_tries - int(tried.get("tries", 0)))
        if show_answers:
            shown.update(key_state(question, served))
        view["questions"].append({**model, "state": shown})
    view["open"] = is_open
    if state is not None and not is_open and totals:
        if attempts.results_visible(settings, finished, now, due):
            language = t.get("language", "vi")
            possible = fmt(ctx.possible, language)
            view["summary"].append(t["score"].format(earned=fmt(totals[-1], language), possible=possible))
            grade = attempts.final_grade(totals, settings.grading_method)
            view["summary"].append(t["grade"].format(earned=fmt(grade, language), possible=possible,
                                                     method=t[f"method_{settings.grading_method}"]))
        else:
            view["summary"].append(t["recorded"])
    if not is_open:
        last_at = datetime.fromisoformat(state.finished_at) if state and state.finished_at else None
        refusal = attempts.may_start(settings, finished, last_at, now, due)
        if refusal is None:
            view["start_label"] = t["restart"] if finished else t["start"]
            if not finished:
                count = min(settings.pick or len(ctx.by_id), len(ctx.by_id))
                view["notices"].append(t["intro"].format(count=count))
            if left is not None:
                view["notices"].append(t["start_cost"].format(left=left))
        else:
            view["notices"].append(refusal_text(refusal))
    return view


def preview_view(settings: QuizSettings, questions: tuple[Question, ...]) -> dict:
    """Studio's preview: the learner's first page of an attempt, on a fixed key."""
    served = serve_attempt(questions, settings, _PREVIEW_KEY)
    by_id = {q.id: q for q in questions}
    return {"title": settings.display_name, "mode": settings.feedback_mode, "open": True,
            "hints_allowed": attempts.hints_allowed(settings), "summary": [], "notices": [],
            "questions": [{**public_question(by_id[s["id"]], s), "state": {}} for s in served]}
