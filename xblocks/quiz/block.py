"""The `auto_quiz` XBlock: a thin layer binding the pure quiz modules to XBlock fields and handlers.

Everything that decides (parsing, pools, scoring, attempt rules, statistics) lives in plain modules;
this class stores state, checks who may do what, and turns results into the learner's page.
"""

from __future__ import annotations

import random
import secrets
from datetime import UTC, datetime
from html import escape
from importlib import resources

from lxml import etree
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, DateTime, Dict, Float, Integer, List, Scope, String
from xblock.utils.resources import ResourceLoader

try:  # XBlock 6 keeps Fragment in web_fragments
    from web_fragments.fragment import Fragment
except ImportError:  # pragma: no cover
    from xblock.fragment import Fragment

from xblocks.common.grading import ScoredBlockMixin, publish_analytics

from . import attempts
from .aiken import import_aiken
from .gift import import_gift
from .pool import attempt_seed, serve_attempt
from .questions import (
    FEEDBACK_MODES,
    GRADING_METHODS,
    SHOW_ANSWER,
    Question,
    QuizFormatError,
    QuizSettings,
    check_pool,
    parse_questions,
    parse_settings,
    question_element,
    questions_to_xml,
    quiz_from_element,
    settings_attributes,
)
from .render import UI_STRINGS, public_question, render_body
from .scoring import correct_response, score_response
from .stats import item_statistics, to_csv

MAX_LOG_ENTRIES = 500  # bounds a learner's state row; far above any real use (attempts x questions)

DEFAULT_QUESTIONS = """<questions>
  <question id="otp-who" type="single">
    <prompt>Ai được phép hỏi mã OTP của bạn?</prompt>
    <choice id="police">Công an</choice>
    <choice id="bank">Ngân hàng</choice>
    <choice id="nobody" correct="true">Không ai cả</choice>
    <explanation>Mã OTP chỉ dành cho bạn. Ai hỏi mã OTP đều là lừa đảo.</explanation>
  </question>
</questions>"""

# Refusals a learner can meet, in English msgids (Vietnamese in the catalogue).
REFUSALS = {
    attempts.STALE: "This attempt was already submitted or the page is out of date. Reload the page.",
    attempts.NO_ATTEMPTS_LEFT: "You have used all your attempts.",
    attempts.PAST_DUE: "The due date has passed; no more attempts are accepted.",
    attempts.WAIT: "You can try again in {seconds} seconds.",
    attempts.NO_OPEN_ATTEMPT: "There is no attempt in progress. Press \"Start the quiz\" first.",
    attempts.QUESTION_CLOSED: "This question is already closed.",
    attempts.WRONG_MODE: "This action is not available in this quiz.",
    "bad_request": "The request could not be understood. Reload the page and try again.",
    "staff_only": "Only course staff can see this.",
    "broken_quiz": "This quiz cannot be shown right now. Please tell the course team.",
}
MESSAGES = {
    "started": "The quiz has started. Answer the questions, then press \"Submit answers\".",
    "submitted": "Your answers were submitted.",
    "hint": "Hint {number}: {text}",
    "checked": "{verdict}. Tries left: {count}.",
}

STUDIO_STRINGS = {
    "display_name": "Display name",
    "questions_per_learner": "Questions per learner",
    "maximum_attempts": "Maximum attempts",
    "grading_method": "Grading method",
    "feedback_mode": "Feedback mode",
    "show_answer": "Show answer",
    "wait_between_attempts_seconds": "Wait between attempts (seconds)",
    "penalty_per_wrong_try": "Penalty per wrong try",
    "tries_per_question": "Tries per question",
    "shuffle_options": "Shuffle options",
    "problem_weight": "Problem weight",
    "questions_xml": "Questions (XML)",
    "import_gift_or_aiken": "Import GIFT or Aiken",
    "format": "Format",
    "paste_the_questions": "Paste the questions",
    "convert_to_xml": "Convert to XML",
    "save": "Save",
    "cancel": "Cancel",
    "preview_what_a_learner_sees": "Preview: what a learner sees",
}

_SETTING_FIELDS = ("display_name", "pick", "max_attempts", "grading_method", "feedback_mode", "show_answer",
                   "wait_seconds", "try_penalty", "max_tries", "shuffle", "weight")


def _now() -> datetime:
    return datetime.now(UTC)


def _plain(html_text: str) -> str:
    return etree.fromstring(f"<x>{html_text}</x>", etree.HTMLParser()).xpath("string()").strip() if html_text else ""


@XBlock.needs("i18n")
@XBlock.wants("user")
class QuizBlock(ScoredBlockMixin, XBlock):
    """An auto-graded quiz: questions in readable XML, graded on the server only."""

    block_type_name = "auto_quiz"
    has_score = True
    icon_class = "problem"
    clock = staticmethod(_now)  # tests replace it

    display_name = String(display_name="Display name", default="Bài kiểm tra", scope=Scope.settings)
    pick = Integer(display_name="Questions per learner", default=None, scope=Scope.settings,
                   help="Draw this many questions from the pool for each attempt (empty: all).")
    max_attempts = Integer(display_name="Maximum attempts", default=2, scope=Scope.settings,
                           help="0 means no limit.")
    grading_method = String(display_name="Grading method", default="highest", values=GRADING_METHODS,
                            scope=Scope.settings)
    feedback_mode = String(display_name="Feedback mode", default="immediate", values=FEEDBACK_MODES,
                           scope=Scope.settings)
    show_answer = String(display_name="Show answer", default="after_final", values=SHOW_ANSWER,
                         scope=Scope.settings)
    wait_seconds = Integer(display_name="Wait between attempts (seconds)", default=0, scope=Scope.settings)
    try_penalty = Float(display_name="Penalty per wrong try", default=0.25, scope=Scope.settings)
    max_tries = Integer(display_name="Tries per question", default=3, scope=Scope.settings)
    shuffle = Boolean(display_name="Shuffle options", default=True, scope=Scope.settings)
    due = DateTime(display_name="Due date", default=None, scope=Scope.settings)
    questions_xml = String(display_name="Questions (XML)", default=DEFAULT_QUESTIONS, scope=Scope.content,
                           multiline_editor=True)

    attempt_seq = Integer(default=0, scope=Scope.user_state, help="Accepted requests so far; the page echoes it.")
    attempt_log = List(default=[], scope=Scope.user_state, help="Append-only log of starts, checks, hints, submits.")
    current = Dict(default={}, scope=Scope.user_state, help="The latest attempt: what was served, answers, results.")

    exposure = Dict(default={}, scope=Scope.user_state_summary, help="How often each question was served.")
    first_responses = Dict(default={}, scope=Scope.user_state_summary,
                           help="Each learner's first submitted attempt, for item statistics.")
    seed_secret = String(default="", scope=Scope.user_state_summary, help="Key for per-learner seeds.")

    # Model --------------------------------------------------------------------------------------------
    def quiz_settings(self) -> QuizSettings:
        return QuizSettings(
            display_name=self.display_name, pick=self.pick, max_attempts=self.max_attempts,
            grading_method=self.grading_method, feedback_mode=self.feedback_mode, show_answer=self.show_answer,
            wait_seconds=self.wait_seconds, try_penalty=self.try_penalty, max_tries=self.max_tries,
            shuffle=self.shuffle, weight=self.weight,
        )

    def questions(self) -> tuple[Question, ...]:
        return parse_questions(self.questions_xml)

    def _question_map(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions()}

    def max_score(self) -> float:
        """Raw points a learner can earn: pick x points in a pool (all equal), else the sum of points."""
        try:
            questions = self.questions()
        except QuizFormatError:
            return 0.0
        if self.pick and self.pick < len(questions):
            return float(self.pick * questions[0].points)
        return float(sum(question.points for question in questions))

    # Services -----------------------------------------------------------------------------------------
    def _gettext(self, message: str) -> str:
        service = self.runtime.service(self, "i18n")
        return service.gettext(message) if service else message

    def _strings(self) -> dict[str, str]:
        service = self.runtime.service(self, "i18n")
        return _translated(service.gettext if service else str, service)

    def _user(self):
        service = self.runtime.service(self, "user")
        return service.get_current_user() if service else None

    def _is_staff(self) -> bool:
        user = self._user()
        return bool(user and user.opt_attrs.get("edx-platform.user_is_staff"))

    def _learner_key(self) -> str:
        user = self._user()
        anonymous = user.opt_attrs.get("edx-platform.anonymous_user_id") if user else None
        return str(anonymous or self.scope_ids.user_id)

    def _secret(self) -> bytes:
        try:
            from django.conf import settings

            if settings.configured and getattr(settings, "SECRET_KEY", ""):
                return settings.SECRET_KEY.encode()
        except ImportError:  # pragma: no cover - outside Django
            pass
        if not self.seed_secret:
            self.seed_secret = secrets.token_hex(32)
        return self.seed_secret.encode()

    def _due(self) -> datetime | None:
        due = self.due
        if due is not None and due.tzinfo is None and type(self.runtime).__module__.startswith("workbench"):
            return None  # xblock-sdk stamps every block's `due` with a naive "now" before each handler
        if due is not None and due.tzinfo is None:
            due = due.replace(tzinfo=UTC)
        return due

    # State --------------------------------------------------------------------------------------------
    def _submits(self) -> list[dict]:
        return [entry for entry in self.attempt_log if entry.get("event") == "submit"]

    def _refuse(self, reason: str, status: int = 409, seconds: int = 0):
        message = self._gettext(REFUSALS[reason]).format(seconds=seconds)
        raise JsonHandlerError(status, message)

    def _stored_seq(self) -> int:
        """The sequence number as stored now, not as read at the start of this request."""
        try:
            return int(self._field_data.get(self, "attempt_seq"))
        except (KeyError, TypeError, ValueError, AttributeError):
            return self.attempt_seq

    def _check_seq(self, data) -> None:
        if not isinstance(data, dict):
            self._refuse("bad_request", 400)
        refusal = attempts.check_sequence(self.attempt_seq, data.get("seq"))
        if refusal is None and self._stored_seq() != self.attempt_seq:
            refusal = attempts.Refusal(attempts.STALE)  # another request was accepted meanwhile
        if refusal:
            self._refuse(refusal.reason)
        if len(self.attempt_log) >= MAX_LOG_ENTRIES:
            self._refuse(attempts.NO_ATTEMPTS_LEFT)

    def _append(self, event: str, **details) -> dict:
        entry = {"seq": self.attempt_seq, "event": event, "at": self.clock().isoformat(), **details}
        self.attempt_log = [*self.attempt_log, entry]
        self.attempt_seq = self.attempt_seq + 1
        return entry

    def _open_attempt(self) -> dict | None:
        current = self.current
        return current if current and not current.get("finished") else None

    def _served(self, current: dict, token) -> dict | None:
        return next((entry for entry in current.get("served", []) if entry["token"] == token), None)

    # Token <-> authored id ---------------------------------------------------------------------------
    @staticmethod
    def _decode(question: Question, served: dict, value):
        options = {token: ident for token, ident in served["options"]}
        if question.type in ("single", "dropdown"):
            return options.get(value) if isinstance(value, str) else None
        if question.type in ("multiple", "ordering"):
            return [options[v] for v in value if isinstance(v, str) and v in options] if isinstance(value, list) else []
        if question.type in ("text", "number"):
            return value[:300] if isinstance(value, str) else ""
        if question.type == "matching":
            lefts = {token: ident for token, ident in served["lefts"]}
            if not isinstance(value, dict):
                return {}
            return {lefts[lt]: options[ot] for lt, ot in value.items()
                    if lt in lefts and isinstance(ot, str) and ot in options}
        if question.type == "hotspot" and isinstance(value, dict):
            try:
                point = {"x": float(value["x"]), "y": float(value["y"])}
            except (KeyError, TypeError, ValueError):
                return None
            return point if all(abs(v) < 1e6 for v in point.values()) else None
        return None

    @staticmethod
    def _encode(question: Question, served: dict, response):
        tokens = {ident: token for token, ident in served["options"]}
        if question.type in ("single", "dropdown"):
            return tokens.get(response)
        if question.type in ("multiple", "ordering"):
            return [tokens[r] for r in response or [] if r in tokens]
        if question.type == "matching":
            lefts = {ident: token for token, ident in served["lefts"]}
            return {lefts[left]: tokens[right] for left, right in (response or {}).items()
                    if left in lefts and right in tokens}
        return response

    def _store_drafts(self, current: dict, answers) -> dict:
        """Keep what the learner has typed so far (re-rendering the page must not lose it)."""
        by_id = self._question_map()
        responses = dict(current.get("responses", {}))
        tries = current.get("tries", {})
        if isinstance(answers, dict):
            for served in current["served"]:
                question = by_id.get(served["id"])
                if question and served["token"] in answers and not tries.get(served["id"], {}).get("closed"):
                    responses[served["id"]] = self._decode(question, served, answers[served["token"]])
        return responses

    # Learner view -------------------------------------------------------------------------------------
    def _result_state(self, question: Question, result: dict | None) -> dict | None:
        if not result:
            return None
        fraction = float(result["fraction"])
        verdict = "correct" if fraction >= 1 - 1e-9 else ("partial" if fraction > 1e-9 else "incorrect")
        return {"verdict": verdict, "earned": fraction * question.points, "feedback": result.get("feedback", [])}

    def _key_state(self, question: Question, served: dict) -> dict:
        state: dict = {"explanation": question.explanation}
        if question.type == "hotspot" and question.image:
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
            state["key_regions"] = boxes
            return state
        if question.type in ("text", "number"):
            plain = [a.text for a in question.answers if getattr(a, "regex", False) is False]
            if question.type == "number":
                answer = question.answers[0]
                low, high = answer.bounds()
                text = correct_response(question) if answer.value is not None and low == high else \
                    f"{low:g} – {high:g}"
                state["key_text"] = text
            else:
                state["key_text"] = plain[0] if plain else question.answers[0].text
            return state
        key = self._encode(question, served, correct_response(question))
        state["key"] = [key] if isinstance(key, str) else key
        return state

    def _view(self) -> dict:
        settings, t = self.quiz_settings(), self._strings()
        now, due = self.clock(), self._due()
        submits = self._submits()
        finished = len(submits)
        current = self.current or {}
        view: dict = {"title": self.display_name, "mode": settings.feedback_mode, "open": False,
                      "hints_allowed": attempts.hints_allowed(settings), "questions": [], "summary": [],
                      "notices": [], "seq": self.attempt_seq}
        limit = settings.max_attempts
        view["status"] = [t["attempts_used"].format(used=finished, limit=limit) if limit
                          else t["attempts_used_unlimited"].format(used=finished)]
        if due:
            view["status"].append(t["due"].format(due=due.astimezone().strftime("%d/%m/%Y %H:%M")))
        by_id = self._question_map()
        is_open = bool(current) and not current.get("finished")
        show_results = is_open or attempts.results_visible(settings, finished, now, due)
        show_answers = not is_open and attempts.answers_visible(settings, finished, now, due)
        for served in current.get("served", []):
            question = by_id.get(served["id"])
            if question is None:
                continue
            model = public_question(question, served)
            response = current.get("responses", {}).get(served["id"])
            state: dict = {"answer": self._encode(question, served, response) if response is not None else None}
            hints_shown = int(current.get("hints", {}).get(served["id"], 0))
            state["hints"] = list(question.hints[:hints_shown])
            tries = current.get("tries", {}).get(served["id"], {})
            state["closed"] = bool(tries.get("closed"))
            if settings.feedback_mode == "tries" and is_open:
                state["tries_left"] = max(0, settings.max_tries - int(tries.get("tries", 0)))
            if show_results and (not is_open or settings.feedback_mode == "tries"):
                state["result"] = self._result_state(question, current.get("results", {}).get(served["id"]))
            if show_answers:
                state.update(self._key_state(question, served))
            model["state"] = state
            view["questions"].append(model)
        view["open"] = is_open
        possible = self.max_score()
        if current.get("finished"):
            last = submits[-1] if submits else None
            if last and show_results:
                view["summary"].append(t["score"].format(earned=_fmt(last["total"]), possible=_fmt(possible)))
                grade = attempts.final_grade([entry["total"] for entry in submits], settings.grading_method)
                view["summary"].append(t["grade"].format(earned=_fmt(grade), possible=_fmt(possible),
                                                         method=t[f"method_{settings.grading_method}"]))
            elif last:
                view["summary"].append(t["recorded"])
        if not is_open:
            last_at = datetime.fromisoformat(current["finished_at"]) if current.get("finished_at") else None
            refusal = attempts.may_start(settings, finished, last_at, now, due)
            if refusal is None:
                view["start_label"] = t["restart"] if finished else t["start"]
                if not finished:
                    count = settings.pick or len(by_id)
                    view["notices"].append(t["intro"].format(count=min(count, len(by_id))))
            else:
                view["notices"].append(self._gettext(REFUSALS[refusal.reason]).format(seconds=refusal.seconds))
        return view

    def _body_html(self) -> str:
        return render_body(self._view(), self._strings())

    def _reply(self, message: str = "") -> dict:
        return {"seq": self.attempt_seq, "html": self._body_html(), "message": message}

    def student_view(self, context=None):
        """The learner page: server-rendered, answer-free; JavaScript only adds interaction."""
        t = self._strings()
        try:
            body = self._body_html()
        except QuizFormatError as exc:
            detail = f"<pre>{escape(str(exc))}</pre>" if self._is_staff() else ""
            body = f'<p class="aq-notice">{escape(self._gettext(REFUSALS["broken_quiz"]))}</p>{detail}'
        staff = ""
        if self._is_staff():
            try:
                csv_url = self.runtime.handler_url(self, "item_stats_csv")
            except NotImplementedError:  # test runtimes have no URLs
                csv_url = ""
            staff = (f'<section class="aq-staff"><button type="button" class="aq-button aq-secondary" '
                     f'data-action="stats">{escape(t["stats_button"])}</button> '
                     f'<a class="aq-link" href="{escape(csv_url)}">{escape(t["stats_csv"])}</a>'
                     f'<div class="aq-stats"></div></section>')
        html = (f'<div class="aq-root"><div class="aq-live" role="status" aria-live="polite" aria-atomic="true">'
                f'</div><div class="aq-body">{body}</div>{staff}</div>')
        fragment = Fragment(html)
        fragment.add_css(_asset("quiz.css"))
        fragment.add_javascript(_asset("quiz.js"))
        fragment.initialize_js("AutoQuizBlock", {"seq": self.attempt_seq, "strings": t})
        return fragment

    # Learner handlers ---------------------------------------------------------------------------------
    @XBlock.json_handler
    def start(self, data, suffix=""):
        """Begin an attempt: draw the questions, shuffle options, make the page's ids."""
        self._check_seq(data)
        settings, now = self.quiz_settings(), self.clock()
        finished = len(self._submits())
        if self._open_attempt():
            self._refuse(attempts.STALE)
        last = self.current.get("finished_at") if self.current else None
        refusal = attempts.may_start(settings, finished, datetime.fromisoformat(last) if last else None, now,
                                     self._due())
        if refusal:
            self._refuse(refusal.reason, seconds=refusal.seconds)
        try:
            questions = self.questions()
        except QuizFormatError:
            self._refuse("broken_quiz", 500)
        number = finished + 1
        rng = random.Random(attempt_seed(self._secret(), self._learner_key(), str(self.scope_ids.usage_id), number))
        served = serve_attempt(questions, settings, rng, dict(self.exposure))
        self.current = {"number": number, "served": served, "started_at": now.isoformat(), "responses": {},
                        "results": {}, "tries": {}, "hints": {}, "finished": False}
        self._append("start", attempt=number, questions=[entry["id"] for entry in served])
        exposure = dict(self.exposure)
        for entry in served:
            exposure[entry["id"]] = exposure.get(entry["id"], 0) + 1
        self.exposure = exposure
        publish_analytics(self, "hocvuso.auto_quiz.started", {"attempt": number})
        return self._reply(self._gettext(MESSAGES["started"]))

    def _require_open(self) -> dict:
        settings = self.quiz_settings()
        current = self._open_attempt()
        refusal = attempts.may_submit(settings, len(self._submits()), current is not None, self.clock(), self._due())
        if refusal:
            self._refuse(refusal.reason)
        return current

    @XBlock.json_handler
    def hint(self, data, suffix=""):
        """Reveal the next hint of one question, in the written order (never chosen by the browser)."""
        self._check_seq(data)
        current = dict(self._require_open())
        if not attempts.hints_allowed(self.quiz_settings()):
            self._refuse(attempts.WRONG_MODE)
        served = self._served(current, data.get("question"))
        if served is None:
            self._refuse("bad_request", 400)
        question = self._question_map()[served["id"]]
        shown = int(current.get("hints", {}).get(served["id"], 0))
        if shown >= len(question.hints):
            self._refuse(attempts.WRONG_MODE)
        current["responses"] = self._store_drafts(current, data.get("answers"))
        current["hints"] = {**current.get("hints", {}), served["id"]: shown + 1}
        self.current = current
        self._append("hint", attempt=current["number"], question=served["id"], index=shown + 1)
        text = _plain(question.hints[shown])
        return self._reply(self._gettext(MESSAGES["hint"]).format(number=shown + 1, text=text))

    @XBlock.json_handler
    def check(self, data, suffix=""):
        """`tries` mode: grade one question now; a wrong try costs a penalty and shows the next hint."""
        self._check_seq(data)
        settings = self.quiz_settings()
        current = dict(self._require_open())
        if settings.feedback_mode != "tries":
            self._refuse(attempts.WRONG_MODE)
        served = self._served(current, data.get("question"))
        if served is None:
            self._refuse("bad_request", 400)
        question = self._question_map()[served["id"]]
        state = attempts.TryState.from_dict(current.get("tries", {}).get(served["id"]))
        if state.closed:
            self._refuse(attempts.QUESTION_CLOSED)
        current["responses"] = self._store_drafts(current, data.get("answers"))
        response = current["responses"].get(served["id"])
        outcome = score_response(question, response)
        state = attempts.apply_try(state, outcome.fraction, settings.try_penalty, settings.max_tries)
        current["tries"] = {**current.get("tries", {}), served["id"]: state.as_dict()}
        current["results"] = {**current.get("results", {}), served["id"]: {
            "fraction": outcome.fraction, "feedback": list(outcome.feedback), "chosen": list(outcome.chosen)}}
        if outcome.fraction < 1 and not state.closed:
            shown = int(current.get("hints", {}).get(served["id"], 0))
            current["hints"] = {**current.get("hints", {}), served["id"]: min(len(question.hints), shown + 1)}
        self.current = current
        self._append("check", attempt=current["number"], question=served["id"], response=response,
                     fraction=outcome.fraction, value=state.best)
        t = self._strings()
        message = self._gettext(MESSAGES["checked"]).format(verdict=t[outcome.verdict],
                                                            count=settings.max_tries - state.tries)
        return self._reply(message)

    @XBlock.json_handler
    def submit(self, data, suffix=""):
        """Grade the open attempt, log it, and publish the grade the grading method gives."""
        self._check_seq(data)
        settings = self.quiz_settings()
        current = dict(self._require_open())
        current["responses"] = self._store_drafts(current, data.get("answers"))
        by_id = self._question_map()
        scores, results, tries = {}, dict(current.get("results", {})), dict(current.get("tries", {}))
        for served in current["served"]:
            question = by_id[served["id"]]
            response = current["responses"].get(served["id"])
            if settings.feedback_mode == "tries":
                state = attempts.TryState.from_dict(tries.get(served["id"]))
                if not state.closed and response is not None:
                    outcome = score_response(question, response)
                    state = attempts.apply_try(state, outcome.fraction, settings.try_penalty, settings.max_tries)
                    results[served["id"]] = {"fraction": outcome.fraction, "feedback": list(outcome.feedback),
                                             "chosen": list(outcome.chosen)}
                tries[served["id"]] = {**state.as_dict(), "closed": True}
                scores[served["id"]] = state.best * question.points
            else:
                outcome = score_response(question, response)
                results[served["id"]] = {"fraction": outcome.fraction, "feedback": list(outcome.feedback),
                                         "chosen": list(outcome.chosen)}
                scores[served["id"]] = outcome.earned
        total = sum(scores.values())
        now = self.clock()
        current.update(results=results, tries=tries, finished=True, finished_at=now.isoformat())
        self.current = current
        first = not self._submits()
        self._append("submit", attempt=current["number"], responses=current["responses"], scores=scores,
                     total=total, possible=self.max_score())
        totals = [entry["total"] for entry in self._submits()]
        grade = attempts.final_grade(totals, settings.grading_method)
        self.record_score(grade, self.max_score())
        if first:
            self._record_first_responses(current, results)
        publish_analytics(self, "hocvuso.auto_quiz.submitted", {"attempt": current["number"], "total": total,
                                                                 "possible": self.max_score()})
        finished = len(totals)
        if attempts.answers_visible(settings, finished, now, self._due()):
            publish_analytics(self, "hocvuso.auto_quiz.answer_shown", {"attempt": current["number"]})
        return self._reply(self._gettext(MESSAGES["submitted"]))

    def _record_first_responses(self, current: dict, results: dict) -> None:
        row = {qid: [float(result["fraction"]), list(result.get("chosen", []))] for qid, result in results.items()}
        self.first_responses = {**self.first_responses, self._learner_key(): row}

    # Staff --------------------------------------------------------------------------------------------
    def _statistics(self):
        questions = self.questions()
        rows = [{qid: (value[0], value[1]) for qid, value in row.items()} for row in self.first_responses.values()]
        options = {q.id: [c.id for c in q.choices] for q in questions if q.choices}
        keyed = {q.id: {c.id for c in q.choices if c.correct} for q in questions if q.choices}
        return item_statistics(rows, [q.id for q in questions], options, keyed, dict(self.exposure))

    @XBlock.json_handler
    def item_stats(self, data, suffix=""):
        """Item analysis for staff, as an HTML table; learners are refused."""
        if not self._is_staff():
            self._refuse("staff_only", 403)
        return {"html": _stats_table(self._statistics())}

    @XBlock.handler
    def item_stats_csv(self, request, suffix=""):
        """The item analysis as CSV for staff; learners are refused."""
        if not self._is_staff():
            return Response(self._gettext(REFUSALS["staff_only"]), status=403, content_type="text/plain",
                            charset="utf-8")
        response = Response(to_csv(self._statistics()), content_type="text/csv", charset="utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="auto_quiz_item_statistics.csv"'
        return response

    # Studio -------------------------------------------------------------------------------------------
    def studio_view(self, context=None):
        """Settings, the questions' XML with live checking and preview, and a GIFT/Aiken paste box."""
        values = {name: getattr(self, name) for name in _SETTING_FIELDS}
        html = ResourceLoader(__name__).render_django_template(
            "templates/studio.html",
            {"values": values, "questions_xml": self.questions_xml, "grading_methods": GRADING_METHODS,
             "feedback_modes": FEEDBACK_MODES, "show_answers": SHOW_ANSWER,
             "t": {key: self._gettext(msgid) for key, msgid in STUDIO_STRINGS.items()}},
        )
        fragment = Fragment(html)
        fragment.add_css(_asset("quiz.css"))
        fragment.add_javascript(_asset("studio.js"))
        fragment.initialize_js("AutoQuizStudio", {"strings": self._strings()})
        return fragment

    def _validate(self, data: dict) -> tuple[QuizSettings | None, tuple[Question, ...] | None, list[dict]]:
        problems = []
        settings = questions = None
        raw = data.get("settings") if isinstance(data.get("settings"), dict) else {}
        attributes = {k: str(v) for k, v in raw.items() if k in _SETTING_FIELDS and v not in (None, "")}
        try:
            settings = parse_settings(attributes)
        except QuizFormatError as exc:
            problems += [p.as_dict() for p in exc.problems]
        try:
            questions = parse_questions(str(data.get("questions_xml", "")))
        except QuizFormatError as exc:
            problems += [p.as_dict() for p in exc.problems]
        if settings and questions:
            problems += [p.as_dict() for p in check_pool(settings, questions)]
        return settings, questions, problems

    def _preview(self, settings: QuizSettings, questions) -> str:
        served = serve_attempt(questions, settings, random.Random(0))
        by_id = {q.id: q for q in questions}
        view = {"title": settings.display_name, "mode": settings.feedback_mode, "open": True,
                "hints_allowed": attempts.hints_allowed(settings), "summary": [], "notices": [],
                "questions": [{**public_question(by_id[s["id"]], s), "state": {}} for s in served]}
        return render_body(view, self._strings())

    @XBlock.json_handler
    def validate(self, data, suffix=""):
        """Every problem in the edited settings and questions, plus the learner preview when valid."""
        settings, questions, problems = self._validate(data if isinstance(data, dict) else {})
        preview = self._preview(settings, questions) if not problems else ""
        return {"problems": problems, "preview": preview}

    @XBlock.json_handler
    def import_questions(self, data, suffix=""):
        """Convert pasted GIFT or Aiken text into the questions XML (not saved until the author saves)."""
        text = str(data.get("text", "")) if isinstance(data, dict) else ""
        try:
            questions = import_aiken(text) if data.get("format") == "aiken" else import_gift(text)
        except QuizFormatError as exc:
            return {"problems": [p.as_dict() for p in exc.problems], "questions_xml": ""}
        return {"problems": [], "questions_xml": questions_to_xml(questions)}

    @XBlock.json_handler
    def studio_submit(self, data, suffix=""):
        """Save settings and questions, only when everything is valid (nothing half-written)."""
        settings, questions, problems = self._validate(data if isinstance(data, dict) else {})
        if problems:
            return {"saved": False, "problems": problems}
        for name in _SETTING_FIELDS:
            setattr(self, name, getattr(settings, name))
        self.questions_xml = questions_to_xml(questions)
        return {"saved": True, "problems": []}

    # OLX ----------------------------------------------------------------------------------------------
    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """Read `<auto_quiz>` OLX: attributes are settings, `<question>` children the questions."""
        quiz = quiz_from_element(node)
        block = runtime.construct_xblock_from_class(cls, keys)
        for name in _SETTING_FIELDS:
            if node.get(name) is not None:
                setattr(block, name, getattr(quiz.settings, name))
        if node.get("due"):
            block.due = block.fields["due"].from_json(node.get("due"))
        block.questions_xml = questions_to_xml(quiz.questions)
        return block

    def add_xml_to_node(self, node):
        """Write the block back as readable OLX (the inverse of parse_xml)."""
        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        for name, value in settings_attributes(self.quiz_settings()).items():
            node.set(name, value)
        if self.fields["due"].is_set_on(self) and self.due is not None:
            node.set("due", self.due.isoformat())
        for question in self.questions():
            node.append(question_element(question))

    @staticmethod
    def workbench_scenarios():
        folder = resources.files(__package__).joinpath("scenarios")
        return [(f"auto_quiz: {path.name[:-4]}", path.read_text(encoding="utf-8"))
                for path in sorted(folder.iterdir(), key=lambda p: p.name) if path.name.endswith(".xml")]


_STRINGS_CACHE: dict = {}


def _translated(gettext, service) -> dict[str, str]:
    """UI strings in the service's language, computed once per catalogue (they are read on every request)."""
    catalogue = getattr(service, "_catalogue", None)
    key = id(catalogue()) if callable(catalogue) else None
    if key is not None and key in _STRINGS_CACHE:
        return _STRINGS_CACHE[key]
    strings = {name: gettext(msgid) for name, msgid in UI_STRINGS.items()}
    if key is not None:
        _STRINGS_CACHE[key] = strings
    return strings


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("public", name).read_text(encoding="utf-8")


def _fmt(number: float | None) -> str:
    if number is None:
        return "0"
    return f"{number:.2f}".rstrip("0").rstrip(".") if abs(number - round(number)) > 1e-9 else str(round(number))


def _num(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def _stats_table(result) -> str:
    rows = []
    for item in result.items:
        flags = ", ".join(item.flags) or "—"
        distractors = "; ".join(f"{o.option}{'*' if o.keyed else ''}: {o.count} ({o.share:.0%})" for o in item.options)
        rows.append(f"<tr><th scope=\"row\">{escape(item.item)}</th><td>{item.n}</td><td>{item.exposure}</td>"
                    f"<td>{_num(item.p)}</td><td>{_num(item.r_pb)}</td><td>{_num(item.d)}</td>"
                    f"<td>{escape(distractors) or '—'}</td><td>{escape(flags)}</td></tr>")
    summary = (f"<p>n = {result.learners}; alpha = {_num(result.alpha)}; KR-20 = {_num(result.kr20)}; "
               f"SEM = {_num(result.sem)} ({result.complete} learners saw every item)</p>")
    return (f'{summary}<div class="aq-table-wrap"><table class="aq-table"><thead><tr><th scope="col">Item</th>'
            '<th scope="col">n</th><th scope="col">Exposure</th><th scope="col">p</th>'
            '<th scope="col">r_pb (corrected)</th><th scope="col">D (27%)</th>'
            '<th scope="col">Options (* = key)</th><th scope="col">Flags</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")

