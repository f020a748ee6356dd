"""The `auto_quiz` XBlock: a thin layer binding the pure quiz modules to XBlock fields and handlers.

Everything that decides (parsing, pools, scoring, attempt rules, statistics) lives in plain modules;
this class stores state, checks who may do what, and turns results into the learner's page.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
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
from xblocks.common.page import add_assets, init_args
from xblocks.common.services import InProgress, answer_once, hocvuso_services
from xblocks.common.studio import studio_handler

from . import attempts
from .aiken import import_aiken
from .gift import import_gift
from .pool import attempt_key, lay_out, serve_attempt
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
from .render import PUBLIC_QUESTION_FIELDS, public_question, render_body, render_closing
from .scoring import chosen_feedback, correct_response, score_response
from .stats import item_statistics, to_csv
from .strings import (
    MESSAGES,
    REFUSALS,
    SETTING_CHOICES,
    STATS_STRINGS,
    STUDIO_STRINGS,
    UI_STRINGS,
    _,
)

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

_SETTING_FIELDS = ("display_name", "pick", "max_attempts", "grading_method", "feedback_mode", "show_answer",
                   "wait_seconds", "try_penalty", "max_tries", "shuffle", "weight")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _Quiz:
    """One request's read of the block's settings, questions, due date and clock.

    XBlock field reads are not free (a String field scans its whole value for control characters on
    every read), so a handler reads them once here and passes this along.
    """

    settings: QuizSettings
    xml: str
    by_id: dict[str, Question]
    possible: float
    due: datetime | None
    now: datetime


def _possible(questions: tuple[Question, ...], pick: int | None) -> float:
    if pick and pick < len(questions):
        return float(pick * questions[0].points)
    return float(sum(question.points for question in questions))


def _plain(html_text: str) -> str:
    return etree.fromstring(f"<x>{html_text}</x>", etree.HTMLParser()).xpath("string()").strip() if html_text else ""


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("hocvuso")
class QuizBlock(ScoredBlockMixin, XBlock):
    """An auto-graded quiz: questions in readable XML, graded on the server only."""

    block_type_name = "auto_quiz"  # the OLX tag and entry point name (course content uses it: never rename)
    has_score = True
    icon_class = "problem"
    clock = staticmethod(_now)  # tests replace it

    display_name = String(display_name=_("Display name"), default="Bài kiểm tra", scope=Scope.settings)
    pick = Integer(display_name=_("Questions per learner"), default=None, scope=Scope.settings,
                   help=_("Draw this many questions from the pool for each attempt (empty: all)."))
    max_attempts = Integer(display_name=_("Maximum attempts"), default=2, scope=Scope.settings,
                           help=_("0 means no limit."))
    grading_method = String(display_name=_("Grading method"), default="highest", values=GRADING_METHODS,
                            scope=Scope.settings)
    feedback_mode = String(display_name=_("Feedback mode"), default="immediate", values=FEEDBACK_MODES,
                           scope=Scope.settings)
    show_answer = String(display_name=_("Show answer"), default="after_final", values=SHOW_ANSWER,
                         scope=Scope.settings)
    wait_seconds = Integer(display_name=_("Wait between attempts (seconds)"), default=0, scope=Scope.settings)
    try_penalty = Float(display_name=_("Penalty per wrong try"), default=0.25, scope=Scope.settings)
    max_tries = Integer(display_name=_("Tries per question"), default=3, scope=Scope.settings)
    shuffle = Boolean(display_name=_("Shuffle options"), default=True, scope=Scope.settings)
    due = DateTime(display_name=_("Due date"), default=None, scope=Scope.settings)
    questions_xml = String(display_name=_("Questions (XML)"), default=DEFAULT_QUESTIONS, scope=Scope.content,
                           multiline_editor=True)

    attempt_seq = Integer(default=0, scope=Scope.user_state, help="Accepted requests so far; the page echoes it.")
    attempt_log = List(default=[], scope=Scope.user_state, help="Append-only log of starts, checks, hints, submits.")
    current = Dict(default={}, scope=Scope.user_state, help="The latest attempt: what was served, answers, results.")
    # Item responses (what was served, each learner's first attempt) are appended to the hocvuso services'
    # store (xblocks/common/services.py), not kept in a shared field that concurrent learners overwrite.

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
        """Questions by authored id (shared and cached per questions text: never mutate it)."""
        return _questions_by_id(self.questions_xml)

    def max_score(self) -> float:
        """Raw points a learner can earn: pick x points in a pool (all equal), else the sum of points."""
        try:
            questions = self.questions()
        except QuizFormatError:
            return 0.0
        return _possible(questions, self.pick)

    def _quiz(self) -> _Quiz:
        """This request's read of settings, questions, due date and clock (see `_Quiz`)."""
        xml = self.questions_xml
        settings = self.quiz_settings()
        questions = parse_questions(xml)
        return _Quiz(settings, xml, _questions_by_id(xml), _possible(questions, settings.pick), self._due(),
                     self.clock())

    def _handler_quiz(self) -> _Quiz:
        try:
            return self._quiz()
        except QuizFormatError:
            self._refuse("broken_quiz", 500)

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

    def _block_key(self) -> str:
        return str(self.scope_ids.usage_id)

    def _due(self) -> datetime | None:
        due = self.due
        if due is not None and due.tzinfo is None:
            due = due.replace(tzinfo=UTC)
        return due

    # State --------------------------------------------------------------------------------------------
    # `current` holds the latest attempt, compactly: its number, its secret key (hex), the drawn question
    # ids, the learner's responses (authored ids), `results` (question id -> share of the points of the
    # last grading), in `tries` mode `tries` (TryState dicts) and `checked` (the response each result
    # refers to), `hints` (how many shown) and `finished_at`. What the page shows (option order, page
    # tokens) is re-derived from the key; feedback texts from the question and the graded response.
    # Handlers assign each field once, so the runtime copies each value once per save.
    def _totals(self) -> list[float]:
        """The total of every submitted attempt, in order: what the grading method works over."""
        return [entry["total"] for entry in self.attempt_log if entry["event"] == "submit"]

    def _refuse(self, reason: str, status: int = 409, seconds: int = 0):
        message = self._gettext(REFUSALS[reason]).format(seconds=seconds)
        raise JsonHandlerError(status, message)

    def _once(self, data, process) -> dict:
        """Process one request per learner, block and sequence number (xblocks/common/services.py).

        Concurrent duplicates wait for the first one's reply; a retry later gets that same reply, so the
        page may safely resend a request whose answer the network lost.
        """
        if not isinstance(data, dict):
            self._refuse("bad_request", 400)
        seq = data.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            self._check_seq(data)  # refuses: only whole numbers are sequence numbers
        key = f"auto_quiz:{self._block_key()}:{self.scope_ids.user_id}:{seq}"

        def checked() -> dict:
            self._check_seq(data)
            return process()

        try:
            return answer_once(hocvuso_services(self), key, checked, applied=seq < self.attempt_seq)
        except InProgress:
            self._refuse("in_progress", 409)

    def _check_seq(self, data) -> None:
        refusal = attempts.check_sequence(self.attempt_seq, data.get("seq"))
        if refusal:
            self._refuse(refusal.reason)
        if len(self.attempt_log) >= MAX_LOG_ENTRIES:
            self._refuse(attempts.NO_ATTEMPTS_LEFT)

    def _append(self, quiz: _Quiz, event: str, **details) -> None:
        """Add one small entry to the log and advance the sequence number (once per accepted request)."""
        entry = {"seq": self.attempt_seq, "event": event, "at": quiz.now.isoformat(), **details}
        self.attempt_log = [*self.attempt_log, entry]
        self.attempt_seq = self.attempt_seq + 1

    @staticmethod
    def _is_open(current: dict) -> bool:
        return bool(current) and "key" in current and "finished_at" not in current

    @staticmethod
    def _layout(quiz: _Quiz, current: dict) -> tuple[dict, ...]:
        """What the attempt shows (see pool.lay_out), re-derived from its key; cached per quiz text."""
        if not current.get("key"):
            return ()
        return _laid_out(quiz.xml, tuple(current.get("questions", ())), quiz.settings.shuffle, current["key"])

    @staticmethod
    def _public_models(quiz: _Quiz, current: dict) -> tuple[dict, ...]:
        """The answer-free models of the attempt's questions, in layout order (cached like the layout)."""
        if not current.get("key"):
            return ()
        return _public_layout(quiz.xml, tuple(current.get("questions", ())), quiz.settings.shuffle, current["key"])

    @staticmethod
    def _served(served: tuple[dict, ...], token) -> dict | None:
        return next((entry for entry in served if entry["token"] == token), None)

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

    def _store_drafts(self, quiz: _Quiz, current: dict, served: tuple[dict, ...], answers) -> dict:
        """Keep what the learner has typed so far (re-rendering the page must not lose it)."""
        responses = dict(current.get("responses", {}))
        tries = current.get("tries", {})
        if isinstance(answers, dict):
            for entry in served:
                question = quiz.by_id.get(entry["id"])
                if question and entry["token"] in answers and not tries.get(entry["id"], {}).get("closed"):
                    responses[entry["id"]] = self._decode(question, entry, answers[entry["token"]])
        return responses

    # Learner view -------------------------------------------------------------------------------------
    @staticmethod
    def _result_state(question: Question, current: dict, tries_mode: bool, outcomes: dict) -> dict | None:
        qid = question.id
        results = current.get("results", {})
        if qid not in results:
            return None
        fraction = float(results[qid])
        verdict = "correct" if fraction >= 1 - 1e-9 else ("partial" if fraction > 1e-9 else "incorrect")
        value = float(current.get("tries", {}).get(qid, {}).get("best", fraction)) if tries_mode else fraction
        outcome = outcomes.get(qid)
        if outcome is not None:
            feedback = outcome.feedback
        else:  # graded in an earlier request: the feedback of the graded response, derived again
            graded = current.get("checked", {}).get(qid, current.get("responses", {}).get(qid))
            feedback = chosen_feedback(question, graded)
        return {"verdict": verdict, "earned": value * question.points, "feedback": feedback}

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
        if question.type == "number":
            answer = question.answers[0]
            low, high = answer.bounds()
            state["key_text"] = correct_response(question) if low == high else f"{low:g} – {high:g}"
            return state
        if question.type == "text":
            plain = [answer.text for answer in question.answers if not answer.regex]
            state["key_text"] = plain[0] if plain else question.answers[0].text
            return state
        key = self._encode(question, served, correct_response(question))
        state["key"] = [key] if isinstance(key, str) else key
        return state

    def _view(self, quiz: _Quiz, totals: list[float] | None = None, outcomes: dict | None = None, *,
              public: bool = True) -> dict:
        """The whitelisted model of the learner's page; handlers pass what they already computed.

        With `public=False` the questions carry only their token and result (for `render_closing`).
        """
        settings, now, due = quiz.settings, quiz.now, quiz.due
        totals = self._totals() if totals is None else totals
        t = self._strings()
        finished = len(totals)
        current = self.current or {}
        view: dict = {"title": settings.display_name, "mode": settings.feedback_mode, "open": False,
                      "hints_allowed": attempts.hints_allowed(settings), "questions": [], "summary": [],
                      "notices": [], "seq": self.attempt_seq}
        limit = settings.max_attempts
        view["status"] = [t["attempts_used"].format(used=finished, limit=limit) if limit
                          else t["attempts_used_unlimited"].format(used=finished)]
        if due:
            view["status"].append(t["due"].format(due=due.astimezone().strftime("%d/%m/%Y %H:%M")))
        is_open = self._is_open(current)
        tries_mode = settings.feedback_mode == "tries"
        show_results = (is_open and tries_mode) or (
            not is_open and attempts.results_visible(settings, finished, now, due))
        show_answers = not is_open and attempts.answers_visible(settings, finished, now, due)
        responses, hints, tries = current.get("responses", {}), current.get("hints", {}), current.get("tries", {})
        outcomes = outcomes or {}
        models = self._public_models(quiz, current) if public else (None,) * len(self._layout(quiz, current))
        for served, model in zip(self._layout(quiz, current), models, strict=True):
            question = quiz.by_id[served["id"]]
            result = self._result_state(question, current, tries_mode, outcomes) if show_results else None
            if not public:
                view["questions"].append({"token": served["token"], "points": question.points,
                                          "state": {"result": result}})
                continue
            response = responses.get(question.id)
            state: dict = {"answer": self._encode(question, served, response) if response is not None else None,
                           "hints": question.hints[:int(hints.get(question.id, 0))],
                           "closed": bool(tries.get(question.id, {}).get("closed")), "result": result}
            if tries_mode and is_open:
                state["tries_left"] = max(0, settings.max_tries - int(tries.get(question.id, {}).get("tries", 0)))
            if show_answers:
                state.update(self._key_state(question, served))
            view["questions"].append({**model, "state": state})
        view["open"] = is_open
        if current and not is_open and totals:
            if attempts.results_visible(settings, finished, now, due):
                possible = _fmt(quiz.possible)
                view["summary"].append(t["score"].format(earned=_fmt(totals[-1]), possible=possible))
                grade = attempts.final_grade(totals, settings.grading_method)
                view["summary"].append(t["grade"].format(earned=_fmt(grade), possible=possible,
                                                         method=t[f"method_{settings.grading_method}"]))
            else:
                view["summary"].append(t["recorded"])
        if not is_open:
            last_at = datetime.fromisoformat(current["finished_at"]) if current.get("finished_at") else None
            refusal = attempts.may_start(settings, finished, last_at, now, due)
            if refusal is None:
                view["start_label"] = t["restart"] if finished else t["start"]
                if not finished:
                    count = min(settings.pick or len(quiz.by_id), len(quiz.by_id))
                    view["notices"].append(t["intro"].format(count=count))
            else:
                view["notices"].append(self._gettext(REFUSALS[refusal.reason]).format(seconds=refusal.seconds))
        return view

    def _body_html(self, quiz: _Quiz | None = None, totals: list[float] | None = None,
                   outcomes: dict | None = None) -> str:
        return render_body(self._view(quiz or self._quiz(), totals, outcomes), self._strings())

    def _reply(self, quiz: _Quiz, message: str, totals: list[float], outcomes: dict | None = None) -> dict:
        return {"seq": self.attempt_seq, "html": self._body_html(quiz, totals, outcomes), "message": message}

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
        add_assets(self, fragment, css=("quiz.css",), js=("quiz.js",))
        fragment.initialize_js("AutoQuizBlock", init_args({"seq": self.attempt_seq, "strings": t}))
        return fragment

    def student_view_data(self, context=None) -> dict:
        """The answer-free public model for the mobile app (no keys, feedback, hints or explanations).

        Built like the learner page, by whitelisting: the quiz's settings, and during an attempt the
        served questions under their page tokens; the app posts to the same handlers as the page.
        """
        try:
            quiz = self._quiz()
        except QuizFormatError:
            return {"display_name": self.display_name, "available": False}
        totals = self._totals()
        view = self._view(quiz, totals)
        questions = [{name: q[name] for name in PUBLIC_QUESTION_FIELDS if name in q} for q in view["questions"]]
        settings = quiz.settings
        return {"display_name": settings.display_name, "available": True, "seq": self.attempt_seq,
                "feedback_mode": settings.feedback_mode, "max_attempts": settings.max_attempts,
                "attempts_used": len(totals), "max_score": quiz.possible, "open": view["open"],
                "questions": questions if view["open"] else []}

    # Learner handlers ---------------------------------------------------------------------------------
    @XBlock.json_handler
    def start(self, data, suffix=""):
        """Begin an attempt: draw the questions and key the page's ids (the layout follows from the key)."""
        return self._once(data, lambda: self._start())

    def _start(self) -> dict:
        quiz, totals, current = self._handler_quiz(), self._totals(), self.current
        if self._is_open(current):
            self._refuse(attempts.STALE)
        last = current.get("finished_at") if current else None
        refusal = attempts.may_start(quiz.settings, len(totals), datetime.fromisoformat(last) if last else None,
                                     quiz.now, quiz.due)
        if refusal:
            self._refuse(refusal.reason, seconds=refusal.seconds)
        number = len(totals) + 1
        services = hocvuso_services(self)
        key = attempt_key(secrets.token_bytes(32), self._learner_key(), self._block_key(), number)
        served = serve_attempt(parse_questions(quiz.xml), quiz.settings, key, services.exposure(self._block_key()))
        self.current = {"number": number, "key": key.hex(), "questions": [entry["id"] for entry in served],
                        "started_at": quiz.now.isoformat()}
        self._append(quiz, "start", attempt=number)
        services.record_exposure(self._block_key(), [entry["id"] for entry in served])
        publish_analytics(self, "hocvuso.auto_quiz.started", {"attempt": number})
        return self._reply(quiz, self._gettext(MESSAGES["started"]), totals)

    def _require_open(self, quiz: _Quiz, totals: list[float]) -> dict:
        """A copy of the open attempt, or a refusal saying why none may be answered now."""
        current = self.current
        refusal = attempts.may_submit(quiz.settings, len(totals), self._is_open(current), quiz.now, quiz.due)
        if refusal:
            self._refuse(refusal.reason)
        return dict(current)

    def _target(self, quiz: _Quiz, current: dict, token) -> tuple[tuple[dict, ...], Question]:
        """The served question a hint or check request names by its page token (else a refusal)."""
        served = self._layout(quiz, current)
        entry = self._served(served, token)
        question = quiz.by_id.get(entry["id"]) if entry else None
        if question is None:
            self._refuse("bad_request", 400)
        return served, question

    @XBlock.json_handler
    def hint(self, data, suffix=""):
        """Reveal the next hint of one question, in the written order (never chosen by the browser)."""
        return self._once(data, lambda: self._hint(data))

    def _hint(self, data: dict) -> dict:
        quiz, totals = self._handler_quiz(), self._totals()
        current = self._require_open(quiz, totals)
        if not attempts.hints_allowed(quiz.settings):
            self._refuse(attempts.WRONG_MODE)
        served, question = self._target(quiz, current, data.get("question"))
        shown = int(current.get("hints", {}).get(question.id, 0))
        if shown >= len(question.hints):
            self._refuse(attempts.WRONG_MODE)
        current["responses"] = self._store_drafts(quiz, current, served, data.get("answers"))
        current["hints"] = {**current.get("hints", {}), question.id: shown + 1}
        self.current = current
        self._append(quiz, "hint", attempt=current["number"], question=question.id, index=shown + 1)
        text = _plain(question.hints[shown])
        return self._reply(quiz, self._gettext(MESSAGES["hint"]).format(number=shown + 1, text=text), totals)

    @XBlock.json_handler
    def check(self, data, suffix=""):
        """`tries` mode: grade one question now; a wrong try costs a penalty and shows the next hint."""
        return self._once(data, lambda: self._check(data))

    def _check(self, data: dict) -> dict:
        quiz, totals = self._handler_quiz(), self._totals()
        settings = quiz.settings
        current = self._require_open(quiz, totals)
        if settings.feedback_mode != "tries":
            self._refuse(attempts.WRONG_MODE)
        served, question = self._target(quiz, current, data.get("question"))
        qid = question.id
        state = attempts.TryState.from_dict(current.get("tries", {}).get(qid))
        if state.closed:
            self._refuse(attempts.QUESTION_CLOSED)
        current["responses"] = self._store_drafts(quiz, current, served, data.get("answers"))
        response = current["responses"].get(qid)
        outcome = score_response(question, response)
        state = attempts.apply_try(state, outcome.fraction, settings.try_penalty, settings.max_tries)
        current["tries"] = {**current.get("tries", {}), qid: state.as_dict()}
        current["results"] = {**current.get("results", {}), qid: outcome.fraction}
        current["checked"] = {**current.get("checked", {}), qid: response}
        if outcome.fraction < 1 and not state.closed:
            shown = int(current.get("hints", {}).get(qid, 0))
            current["hints"] = {**current.get("hints", {}), qid: min(len(question.hints), shown + 1)}
        self.current = current
        self._append(quiz, "check", attempt=current["number"], question=qid, fraction=outcome.fraction)
        t = self._strings()
        message = self._gettext(MESSAGES["checked"]).format(verdict=t[outcome.verdict],
                                                            count=settings.max_tries - state.tries)
        return self._reply(quiz, message, totals, {qid: outcome})

    @XBlock.json_handler
    def submit(self, data, suffix=""):
        """Grade the open attempt, log it, and publish the grade the grading method gives."""
        return self._once(data, lambda: self._submit(data))

    def _submit(self, data: dict) -> dict:
        quiz, totals = self._handler_quiz(), self._totals()
        settings = quiz.settings
        current = self._require_open(quiz, totals)
        served = self._layout(quiz, current)
        responses = current["responses"] = self._store_drafts(quiz, current, served, data.get("answers"))
        tries_mode = settings.feedback_mode == "tries"
        outcomes, total = {}, 0.0
        results, tries, checked = dict(current.get("results", {})), dict(current.get("tries", {})), {}
        for entry in served:
            question = quiz.by_id[entry["id"]]
            qid, response = question.id, responses.get(question.id)
            if not tries_mode:
                outcome = outcomes[qid] = score_response(question, response)
                results[qid] = outcome.fraction
                total += outcome.earned
                continue
            state = attempts.TryState.from_dict(tries.get(qid))
            if not state.closed and response is not None:
                outcome = outcomes[qid] = score_response(question, response)
                state = attempts.apply_try(state, outcome.fraction, settings.try_penalty, settings.max_tries)
                results[qid], checked[qid] = outcome.fraction, response
            tries[qid] = {**state.as_dict(), "closed": True}
            total += state.best * question.points
        current.update(results=results, finished_at=quiz.now.isoformat())
        if tries_mode:
            current.update(tries=tries, checked={**current.get("checked", {}), **checked})
        self.current = current
        self._append(quiz, "submit", attempt=current["number"], total=total)
        if not totals:
            self._record_first_responses(quiz, current, served, outcomes)
        totals = [*totals, total]
        self.record_score(attempts.final_grade(totals, settings.grading_method), quiz.possible)
        publish_analytics(self, "hocvuso.auto_quiz.submitted", {"attempt": current["number"], "total": total,
                                                                 "possible": quiz.possible})
        message = self._gettext(MESSAGES["submitted"])
        if attempts.answers_visible(settings, len(totals), quiz.now, quiz.due):
            publish_analytics(self, "hocvuso.auto_quiz.answer_shown", {"attempt": current["number"]})
            return self._reply(quiz, message, totals, outcomes)
        # No answers to reveal: the page keeps its questions and only needs each result (no re-render).
        view = self._view(quiz, totals, outcomes, public=False)
        return {"seq": self.attempt_seq, "message": message, **render_closing(view, self._strings())}

    def _record_first_responses(self, quiz: _Quiz, current: dict, served: tuple[dict, ...], outcomes: dict) -> None:
        """Append this learner's first attempt to the item-response store (one row; kept once per learner)."""
        results, row = current.get("results", {}), {}
        for entry in served:
            qid = entry["id"]
            if qid not in results:
                continue
            outcome = outcomes.get(qid) or score_response(
                quiz.by_id[qid], current.get("checked", {}).get(qid, current.get("responses", {}).get(qid)))
            row[qid] = [float(results[qid]), list(outcome.chosen)]
        hocvuso_services(self).record_first_response(self._block_key(), self._learner_key(), row)

    # Staff --------------------------------------------------------------------------------------------
    def _statistics(self):
        """Item statistics aggregated from the stored rows; None where no store keeps them."""
        services = hocvuso_services(self)
        if not services.statistics_available:
            return None
        questions = self.questions()
        rows = [{qid: (value[0], value[1]) for qid, value in row.items()}
                for row in services.first_responses(self._block_key())]
        options = {q.id: [c.id for c in q.choices] for q in questions if q.choices}
        keyed = {q.id: {c.id for c in q.choices if c.correct} for q in questions if q.choices}
        return item_statistics(rows, [q.id for q in questions], options, keyed,
                               services.exposure(self._block_key()))

    @XBlock.json_handler
    def item_stats(self, data, suffix=""):
        """Item analysis for staff, as an HTML table; learners are refused."""
        if not self._is_staff():
            self._refuse("staff_only", 403)
        statistics = self._statistics()
        if statistics is None:
            return {"html": f'<p class="aq-notice">{escape(self._gettext(REFUSALS["no_statistics"]))}</p>'}
        t = {key: self._gettext(msgid) for key, msgid in STATS_STRINGS.items()}
        return {"html": _stats_table(statistics, t)}

    @XBlock.handler
    def item_stats_csv(self, request, suffix=""):
        """The item analysis as CSV for staff; learners are refused."""
        if not self._is_staff():
            return Response(self._gettext(REFUSALS["staff_only"]), status=403, content_type="text/plain",
                            charset="utf-8")
        statistics = self._statistics()
        if statistics is None:
            return Response(self._gettext(REFUSALS["no_statistics"]), status=404, content_type="text/plain",
                            charset="utf-8")
        response = Response(to_csv(statistics), content_type="text/csv", charset="utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="auto_quiz_item_statistics.csv"'
        return response

    # Studio -------------------------------------------------------------------------------------------
    def studio_view(self, context=None):
        """Settings, the questions' XML with live checking and preview, and a GIFT/Aiken paste box."""
        values = {name: getattr(self, name) for name in _SETTING_FIELDS}
        html = ResourceLoader(__name__).render_django_template(
            "templates/studio.html",
            {"values": values, "questions_xml": self.questions_xml,
             "grading_methods": self._choices("grading_method", GRADING_METHODS),
             "feedback_modes": self._choices("feedback_mode", FEEDBACK_MODES),
             "show_answers": self._choices("show_answer", SHOW_ANSWER),
             "t": {key: self._gettext(msgid) for key, msgid in STUDIO_STRINGS.items()}},
        )
        fragment = Fragment(html)
        add_assets(self, fragment, css=("quiz.css",), js=("studio.js",))
        fragment.initialize_js("AutoQuizStudio", init_args({"strings": self._strings()}))
        return fragment

    def _choices(self, setting: str, values: tuple[str, ...]) -> list[tuple[str, str]]:
        """(stored value, translated label) pairs for one of Studio's select boxes."""
        return [(value, self._gettext(SETTING_CHOICES[setting][value])) for value in values]

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
        served = serve_attempt(questions, settings, _PREVIEW_KEY)
        by_id = {q.id: q for q in questions}
        view = {"title": settings.display_name, "mode": settings.feedback_mode, "open": True,
                "hints_allowed": attempts.hints_allowed(settings), "summary": [], "notices": [],
                "questions": [{**public_question(by_id[s["id"]], s), "state": {}} for s in served]}
        return render_body(view, self._strings())

    @studio_handler
    def validate(self, data, suffix=""):
        """Every problem in the edited settings and questions, plus the learner preview when valid."""
        settings, questions, problems = self._validate(data)
        preview = self._preview(settings, questions) if not problems else ""
        return {"problems": problems, "preview": preview}

    @studio_handler
    def import_questions(self, data, suffix=""):
        """Convert pasted GIFT or Aiken text into the questions XML (not saved until the author saves)."""
        text = str(data.get("text", ""))
        try:
            questions = import_aiken(text) if data.get("format") == "aiken" else import_gift(text)
        except QuizFormatError as exc:
            return {"problems": [p.as_dict() for p in exc.problems], "questions_xml": ""}
        return {"problems": [], "questions_xml": questions_to_xml(questions)}

    @studio_handler
    def studio_submit(self, data, suffix=""):
        """Save settings and questions, only when everything is valid (nothing half-written)."""
        settings, questions, problems = self._validate(data)
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


_PREVIEW_KEY = b"studio preview"  # the preview shows no learner's attempt; any fixed key will do


@lru_cache(maxsize=64)
def _questions_by_id(questions_xml: str) -> dict[str, Question]:
    return {question.id: question for question in parse_questions(questions_xml)}


@lru_cache(maxsize=1024)
def _laid_out(questions_xml: str, ids: tuple[str, ...], shuffle: bool, key_hex: str) -> tuple[dict, ...]:
    """One attempt's layout, derived once per process (the same learner's next request reuses it)."""
    by_id = _questions_by_id(questions_xml)
    return tuple(lay_out([by_id[qid] for qid in ids if qid in by_id], shuffle, bytes.fromhex(key_hex)))


@lru_cache(maxsize=1024)
def _public_layout(questions_xml: str, ids: tuple[str, ...], shuffle: bool, key_hex: str) -> tuple[dict, ...]:
    by_id = _questions_by_id(questions_xml)
    served = _laid_out(questions_xml, ids, shuffle, key_hex)
    return tuple(public_question(by_id[entry["id"]], entry) for entry in served)


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


def _fmt(number: float | None) -> str:
    if number is None:
        return "0"
    return f"{number:.2f}".rstrip("0").rstrip(".") if abs(number - round(number)) > 1e-9 else str(round(number))


def _num(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def _stats_table(result, t: dict[str, str]) -> str:
    """The staff item-analysis table (`t`: STATS_STRINGS translated)."""
    rows = []
    for item in result.items:
        flags = ", ".join(item.flags) or "—"
        distractors = "; ".join(f"{o.option}{'*' if o.keyed else ''}: {o.count} ({o.share:.0%})" for o in item.options)
        rows.append(f"<tr><th scope=\"row\">{escape(item.item)}</th><td>{item.n}</td><td>{item.exposure}</td>"
                    f"<td>{_num(item.p)}</td><td>{_num(item.r_pb)}</td><td>{_num(item.d)}</td>"
                    f"<td>{escape(distractors) or '—'}</td><td>{escape(flags)}</td></tr>")
    summary = t["summary"].format(learners=result.learners, alpha=_num(result.alpha), kr20=_num(result.kr20),
                                  sem=_num(result.sem), complete=result.complete)
    head = "".join(f'<th scope="col">{escape(t[key])}</th>' for key in ("item", "n", "exposure", "p", "r_pb", "d",
                                                                        "options", "flags"))
    return (f'<p>{escape(summary)}</p><div class="aq-table-wrap"><table class="aq-table"><thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>")
