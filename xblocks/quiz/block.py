"""The `auto_quiz` XBlock: a thin layer binding the pure quiz modules to XBlock fields and handlers.

Everything that decides (parsing, pools, scoring, attempt rules, the page model, statistics) lives in
plain modules; this class stores state, checks who may do what, and hands results to the renderer.
Same shape as `PhoneSimBlock`: fields, model and services, learner view, learner handlers, Studio, OLX.

Handlers and replies (for the page script):
- `start`, `hint`, `check`, `submit` take {"seq", ...}; a repeat of a processed `seq` gets the same reply.
  Replies: {"seq", "html", "message", "attempts_left"} (None: unlimited), or on a submit that shows no
  answers {"seq", "message", "attempts_left", "status", "results", "after"}. Before a start the page says
  what it costs ("Starting uses one attempt. Attempts left: N").
- Studio: `validate` {"settings", "questions_xml"} -> {"valid", "problems": [{"line", "message", ...}],
  "preview"}; `studio_submit` -> {"saved", "valid", "problems"}; `import_questions` {"format", "text"}.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from html import escape

from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, DateTime, Dict, Float, Integer, List, Scope, String

try:  # XBlock 6 keeps Fragment in web_fragments
    from web_fragments.fragment import Fragment
except ImportError:  # pragma: no cover
    from xblock.fragment import Fragment

from xblocks.common.assets import CommonAssetsMixin
from xblocks.common.grading import ScoredBlockMixin, publish_analytics
from xblocks.common.i18n import translated
from xblocks.common.page import add_assets, handler_url, init_args
from xblocks.common.services import InProgress, answer_once, hocvuso_services
from xblocks.common.studio import is_staff
from xblocks.common.text import html_to_text

from . import attempts
from .attempts import AttemptState
from .authoring import QuizAuthoringMixin
from .pool import attempt_key, serve_attempt
from .questions import (
    DEFAULT_QUESTIONS_XML,
    FEEDBACK_MODES,
    GRADING_METHODS,
    SHOW_ANSWER,
    Question,
    QuizFormatError,
    QuizSettings,
    parse_questions,
)
from .render import PUBLIC_QUESTION_FIELDS, render_body, render_closing, render_staff_tools
from .strings import MESSAGES, REFUSALS, UI_STRINGS, _
from .studio_form import SETTING_FIELDS
from .view_model import (
    QuizContext,
    layout,
    page_view,
    possible_points,
    public_data,
    quiz_context,
    served_question,
    with_drafts,
)

# public/ files a page loads: every learner's, then course staff's on top (weighed by scripts/bench/quiz.py)
LEARNER_CSS, LEARNER_JS = ("quiz.css",), ("common/net.js", "quiz.js")
STAFF_CSS, STAFF_JS = ("quiz_staff.css",), ("quiz_staff.js",)
MAX_LOG_ENTRIES = 500  # bounds a learner's state row; far above any real use (attempts x questions)


def _now() -> datetime:
    return datetime.now(UTC)


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("hocvuso")
class QuizBlock(CommonAssetsMixin, QuizAuthoringMixin, ScoredBlockMixin, XBlock):
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
    questions_xml = String(display_name=_("Questions (XML)"), default=DEFAULT_QUESTIONS_XML, scope=Scope.content,
                           multiline_editor=True)

    attempt_seq = Integer(default=0, scope=Scope.user_state, help="Accepted requests so far; the page echoes it.")
    attempt_log = List(default=[], scope=Scope.user_state, help="Append-only log of starts, checks, hints, submits.")
    current = Dict(default={}, scope=Scope.user_state, help="The latest attempt (attempts.AttemptState as JSON).")
    # Item responses (what was served, each learner's first attempt) go to the hocvuso services' store
    # (xblocks/common/services.py), not to a shared field that concurrent learners would overwrite.

    # Model and services -------------------------------------------------------------------------------
    def quiz_settings(self) -> QuizSettings:
        return QuizSettings(**{name: getattr(self, name) for name in SETTING_FIELDS})

    def questions(self) -> tuple[Question, ...]:
        return parse_questions(self.questions_xml)

    def max_score(self) -> float:
        """Raw points a learner can earn: pick x points in a pool (all equal), else the sum of points."""
        try:
            return possible_points(self.questions(), self.pick)
        except QuizFormatError:
            return 0.0

    def _quiz(self) -> QuizContext:
        """This request's read of settings, questions, due date and clock (see `QuizContext`)."""
        return quiz_context(self.quiz_settings(), self.questions_xml, self.due, self.clock())

    def _handler_quiz(self) -> QuizContext:
        try:
            return self._quiz()
        except QuizFormatError:
            self._refuse("broken_quiz", 500)

    def _gettext(self, message: str) -> str:
        service = self.runtime.service(self, "i18n")
        return service.gettext(message) if service else message

    def _strings(self) -> dict[str, str]:
        return translated(self, UI_STRINGS)

    def _learner_key(self) -> str:
        service = self.runtime.service(self, "user")
        user = service.get_current_user() if service else None
        anonymous = user.opt_attrs.get("edx-platform.anonymous_user_id") if user else None
        return str(anonymous or self.scope_ids.user_id)

    def _block_key(self) -> str:
        return str(self.scope_ids.usage_id)

    def _attempt(self) -> AttemptState | None:
        return AttemptState.from_dict(self.current)

    def _totals(self) -> list[float]:
        """The total of every submitted attempt, in order: what the grading method works over."""
        return [entry["total"] for entry in self.attempt_log if entry["event"] == "submit"]

    def _refusal_text(self, refusal: attempts.Refusal) -> str:
        return self._gettext(REFUSALS[refusal.reason]).format(seconds=refusal.seconds)

    def _refuse(self, reason: str, status: int = 409, seconds: int = 0):
        raise JsonHandlerError(status, self._refusal_text(attempts.Refusal(reason, seconds)))

    # Learner view -------------------------------------------------------------------------------------
    def _view(self, quiz: QuizContext, totals: list[float] | None = None, outcomes: dict | None = None, *,
              public: bool = True) -> dict:
        totals = self._totals() if totals is None else totals
        return page_view(quiz, self._attempt(), totals, outcomes, self._strings(), self._refusal_text,
                         self.attempt_seq, public=public)

    def _body_html(self, quiz: QuizContext | None = None, totals: list[float] | None = None,
                   outcomes: dict | None = None) -> str:
        return render_body(self._view(quiz or self._quiz(), totals, outcomes), self._strings())

    def _reply(self, quiz: QuizContext, message: str, totals: list[float], outcomes: dict | None = None) -> dict:
        return {"seq": self.attempt_seq, "html": self._body_html(quiz, totals, outcomes), "message": message,
                "attempts_left": attempts.attempts_left(quiz.settings, len(totals))}

    def student_view(self, context=None):
        """The learner page: server-rendered, answer-free; JavaScript only adds interaction."""
        t = self._strings()
        try:
            body = self._body_html()
        except QuizFormatError as exc:
            detail = f"<pre>{escape(str(exc))}</pre>" if is_staff(self) else ""
            body = f'<p class="aq-notice">{escape(self._gettext(REFUSALS["broken_quiz"]))}</p>{detail}'
        staff = render_staff_tools(t, handler_url(self, "item_stats_csv")) if is_staff(self) else ""
        html = (f'<div class="aq-root"><div class="aq-live" role="status" aria-live="polite" aria-atomic="true">'
                f'</div><div class="aq-body">{body}</div>{staff}</div>')
        fragment = Fragment(html)
        staff_files = bool(staff)  # item statistics are in files of their own: learners never download them
        add_assets(self, fragment, css=LEARNER_CSS + (STAFF_CSS if staff_files else ()),
                   js=LEARNER_JS + (STAFF_JS if staff_files else ()))
        fragment.initialize_js("AutoQuizBlock", init_args({"seq": self.attempt_seq, "strings": t}))
        return fragment

    def student_view_data(self, context=None) -> dict:
        """The answer-free public model for the mobile app (no keys, feedback, hints or explanations)."""
        try:
            quiz = self._quiz()
        except QuizFormatError:
            return {"display_name": self.display_name, "available": False}
        totals = self._totals()
        return public_data(quiz, self._view(quiz, totals), self.attempt_seq, len(totals), PUBLIC_QUESTION_FIELDS)

    # Learner handlers ---------------------------------------------------------------------------------
    def _once(self, data, process) -> dict:
        """Process one request per learner, block and sequence number (xblocks/common/services.py).

        Concurrent duplicates wait for the first one's reply; a retry later gets that same reply, so the
        page may safely resend a request whose answer the network lost.
        """
        if not isinstance(data, dict):
            self._refuse("bad_request", 400)
        seq = attempts.sequence_number(data.get("seq"))  # anything else is refused below, without a ledger entry
        seq = None if len(self.attempt_log) >= MAX_LOG_ENTRIES else seq

        def checked() -> dict:
            refusal = attempts.check_sequence(self.attempt_seq, data.get("seq"))
            if refusal:
                self._refuse(refusal.reason)
            if len(self.attempt_log) >= MAX_LOG_ENTRIES:
                self._refuse(attempts.NO_ATTEMPTS_LEFT)
            return process()

        if seq is None:
            return checked()
        key = f"auto_quiz:{self._block_key()}:{self.scope_ids.user_id}:{seq}"
        try:
            return answer_once(hocvuso_services(self), key, checked, applied=seq < self.attempt_seq)
        except InProgress:
            self._refuse("in_progress", 409)

    def _append(self, quiz: QuizContext, event: str, **details) -> None:
        """Add one small entry to the log and advance the sequence number (once per accepted request)."""
        entry = {"seq": self.attempt_seq, "event": event, "at": quiz.now.isoformat(), **details}
        self.attempt_log = [*self.attempt_log, entry]
        self.attempt_seq = self.attempt_seq + 1

    def _open_attempt(self, quiz: QuizContext, totals: list[float], answers=None) -> AttemptState:
        """The open attempt with the page's drafts merged in, or a refusal saying why none may be answered."""
        state = self._attempt()
        refusal = attempts.may_submit(quiz.settings, len(totals), state is not None and state.is_open, quiz.now,
                                      quiz.due)
        if refusal:
            self._refuse(refusal.reason)
        return with_drafts(quiz, state, answers)

    def _target(self, quiz: QuizContext, state: AttemptState, token) -> Question:
        """The served question a hint or check request names by its page token (else a refusal)."""
        question = served_question(quiz, state, token)
        if question is None:
            self._refuse("bad_request", 400)
        return question

    @XBlock.json_handler
    def start(self, data, suffix=""):
        """Begin an attempt: draw the questions and key the page's ids (the layout follows from the key)."""
        return self._once(data, self._start)

    def _start(self) -> dict:
        quiz, totals, state = self._handler_quiz(), self._totals(), self._attempt()
        if state is not None and state.is_open:
            self._refuse(attempts.STALE)
        last = datetime.fromisoformat(state.finished_at) if state and state.finished_at else None
        refusal = attempts.may_start(quiz.settings, len(totals), last, quiz.now, quiz.due)
        if refusal:
            self._refuse(refusal.reason, seconds=refusal.seconds)
        number, services = len(totals) + 1, hocvuso_services(self)
        key = attempt_key(secrets.token_bytes(32), self._learner_key(), self._block_key(), number)
        served = serve_attempt(parse_questions(quiz.xml), quiz.settings, key, services.exposure(self._block_key()))
        ids = [entry["id"] for entry in served]
        self.current = AttemptState(number, key.hex(), tuple(ids), quiz.now.isoformat()).to_dict()
        self._append(quiz, "start", attempt=number)
        services.record_exposure(self._block_key(), ids)
        publish_analytics(self, "hocvuso.auto_quiz.started", {"attempt": number})
        return self._reply(quiz, self._gettext(MESSAGES["started"]), totals)

    @XBlock.json_handler
    def hint(self, data, suffix=""):
        """Reveal the next hint of one question, in the written order (never chosen by the browser)."""
        return self._once(data, lambda: self._hint(data))

    def _hint(self, data: dict) -> dict:
        quiz, totals = self._handler_quiz(), self._totals()
        state = self._open_attempt(quiz, totals, data.get("answers"))
        if not attempts.hints_allowed(quiz.settings):
            self._refuse(attempts.WRONG_MODE)
        question = self._target(quiz, state, data.get("question"))
        taken = attempts.take_hint(state, question)
        if taken is None:
            self._refuse(attempts.WRONG_MODE)
        state, number = taken
        self.current = state.to_dict()
        self._append(quiz, "hint", attempt=state.number, question=question.id, index=number)
        text = html_to_text(question.hints[number - 1])
        return self._reply(quiz, self._gettext(MESSAGES["hint"]).format(number=number, text=text), totals)

    @XBlock.json_handler
    def check(self, data, suffix=""):
        """`tries` mode: grade one question now; a wrong try costs a penalty and shows the next hint."""
        return self._once(data, lambda: self._check(data))

    def _check(self, data: dict) -> dict:
        quiz, totals = self._handler_quiz(), self._totals()
        settings = quiz.settings
        state = self._open_attempt(quiz, totals, data.get("answers"))
        if settings.feedback_mode != "tries":
            self._refuse(attempts.WRONG_MODE)
        question = self._target(quiz, state, data.get("question"))
        if question.id in state.closed_questions():
            self._refuse(attempts.QUESTION_CLOSED)
        state, outcome = attempts.check_question(state, question, settings)
        self.current = state.to_dict()
        self._append(quiz, "check", attempt=state.number, question=question.id, fraction=outcome.fraction)
        message = self._gettext(MESSAGES["checked"]).format(verdict=self._strings()[outcome.verdict],
                                                            count=attempts.tries_left(state, question, settings))
        return self._reply(quiz, message, totals, {question.id: outcome})

    @XBlock.json_handler
    def submit(self, data, suffix=""):
        """Grade the open attempt, log it, and publish the grade the grading method gives."""
        return self._once(data, lambda: self._submit(data))

    def _submit(self, data: dict) -> dict:
        quiz, totals = self._handler_quiz(), self._totals()
        settings = quiz.settings
        state = self._open_attempt(quiz, totals, data.get("answers"))
        served = [quiz.by_id[entry["id"]] for entry in layout(quiz, state)]
        state, outcomes, total = attempts.grade_attempt(state, served, settings, quiz.now.isoformat())
        self.current = state.to_dict()
        self._append(quiz, "submit", attempt=state.number, total=total)
        if not totals:
            self._record_first_responses(quiz, state, served, outcomes)
        totals = [*totals, total]
        self.record_score(attempts.final_grade(totals, settings.grading_method), quiz.possible)
        publish_analytics(self, "hocvuso.auto_quiz.submitted", {"attempt": state.number, "total": total,
                                                                 "possible": quiz.possible})
        message = self._gettext(MESSAGES["submitted"])
        if attempts.answers_visible(settings, len(totals), quiz.now, quiz.due):
            publish_analytics(self, "hocvuso.auto_quiz.answer_shown", {"attempt": state.number})
            return self._reply(quiz, message, totals, outcomes)
        # No answers to reveal: the page keeps its questions and only needs each result (no re-render).
        view = self._view(quiz, totals, outcomes, public=False)
        return {"seq": self.attempt_seq, "message": message, "attempts_left": view["attempts_left"],
                **render_closing(view, self._strings())}

    def _record_first_responses(self, quiz: QuizContext, state: AttemptState, served: list[Question],
                                outcomes: dict) -> None:
        """Append this learner's first attempt to the item-response store (one row; kept once per learner)."""
        row = attempts.first_response_row(state, served, outcomes)
        hocvuso_services(self).record_first_response(self._block_key(), self._learner_key(), row)
