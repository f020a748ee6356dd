"""The phone_sim XBlock: a thin layer that stores state, calls the pure engine and publishes grades.

The server is authoritative. The browser sends actions (with the sequence number it was given);
the block checks them with the engine and answers with the next answer-free screen and feedback.
No handler accepts a score, a grade or an event type from the browser. Same shape as `QuizBlock`:
fields, model and services, learner view, learner handlers, Studio, OLX.

Handlers and replies (for the page script):
- `start` {"mode", "confirmed"?} -> view. A new test attempt needs `"confirmed": true` (409 without: it is
  scored and uses an attempt); choosing test mode while an unfinished test attempt is kept resumes it,
  free. Leaving a test for watch or practice keeps it (`testPaused` in the view).
- `restart` {"confirmed"?} -> view: start again in the current mode; in test mode it uses an attempt and
  needs `"confirmed": true`.
- `act` {"seq", "widget", "action", "value"?, "fields"?} -> view; a repeat of a processed `seq` gets the same
  reply. `fields` ({name: text}) is what the screen's form fields hold now; only the screen's editable
  fields are kept, for the attempt (engine.py, forms.py).
- `state` {} -> view.
- view: mode, seq, status, screen, hint, feedback, errors/maxErrors (test), score (finished),
  attemptsLeft (None: unlimited), testPaused, restartCost (attempts "Start again" uses), canRestart, best.
- Views: `student_view` (the exercise; staff also get "Làm theo tôi"), `projector_view` (staff only: the
  walk-through for a projector; it calls no handler, so nothing is graded or spent).
- Studio: `validate` {"scenario_xml"} -> {"valid", "problems": [{"line", "message"}]};
  `studio_submit` {form} -> {"saved", "valid", "problems"} (the quiz answers the same names and shapes).
"""

from __future__ import annotations

import html
import logging
import secrets

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Dict, Integer, Scope, String

from xblocks.common.assets import CommonAssetsMixin
from xblocks.common.grading import ScoredBlockMixin, publish_analytics
from xblocks.common.page import add_assets, init_args
from xblocks.common.services import InProgress, answer_once, graders_service, hocvuso_services
from xblocks.common.studio import is_staff
from xblocks.common.text import LANGUAGE_CODE

from . import engine
from .authoring import EDITABLE, SCENARIO_FILES, PhoneSimAuthoringMixin, package_text
from .engine import Action, SimState
from .forms import MAX_FIELDS
from .scenario import ScenarioError, load_scenario
from .strings import (
    MSG_BAD_REQUEST,
    MSG_CONFIRM_TEST,
    MSG_IN_PROGRESS,
    MSG_MODE_NOT_OFFERED,
    MSG_NO_ATTEMPTS,
    MSG_NOT_STARTED,
    MSG_PROJECTOR_STAFF_ONLY,
    MSG_SCENARIO_BROKEN,
    PROJECTOR_STRINGS,
    UI_STRINGS,
)
from .view_model import MOCK_MARK, page_view, projector_model

MODE_NAMES = engine.MODES
# public/ files a page loads: every learner's, then course staff's on top (weighed by scripts/bench/phone_sim.py)
LEARNER_CSS, LEARNER_JS = ("phone_sim.css",), ("common/net.js", "phone_sim.js")
STAFF_CSS, STAFF_JS = ("phone_sim_projector.css",), ("phone_sim_projector.js",)
log = logging.getLogger(__name__)
_package_text = package_text  # tests read the shipped assets through it
__all__ = ["EDITABLE", "SCENARIO_FILES", "PhoneSimBlock"]


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("hocvuso")
class PhoneSimBlock(CommonAssetsMixin, PhoneSimAuthoringMixin, ScoredBlockMixin, XBlock):
    """Practise a task on a simulated phone: watch it, try it with hints, then take the test."""

    block_type_name = "phone_sim"  # the OLX tag and entry point name (course content uses it: never rename)
    has_score = True
    icon_class = "problem"

    display_name = String(display_name="Display name", default="Thực hành trên điện thoại",
                          scope=Scope.settings)
    modes = String(display_name="Modes", default="watch practice test", scope=Scope.settings,
                   help="Modes offered, space separated: watch practice test.")
    max_errors = Integer(display_name="Mistakes allowed (test)", default=3, scope=Scope.settings,
                         help="Test mode: mistake number max_errors + 1 ends the attempt.")
    max_attempts = Integer(display_name="Test attempts", default=2, scope=Scope.settings,
                           help="How many test attempts a learner may start (0 = unlimited).")
    scenario_xml = String(display_name="Scenario XML", scope=Scope.content,
                          default=package_text("scenarios", SCENARIO_FILES[0]))
    sim_state = Dict(default={}, scope=Scope.user_state, help="Engine state of the current attempt.")
    paused_test = Dict(default={}, scope=Scope.user_state,
                       help="An unfinished test attempt kept while the learner watches or practises.")
    test_attempts = Integer(default=0, scope=Scope.user_state, help="Test attempts started.")
    applied_reset = Integer(default=0, scope=Scope.user_state,
                            help="The newest attempt reset from the learner's teacher already applied (graders).")

    # Model and services ------------------------------------------------------------------------------
    def _gettext(self, text: str) -> str:
        return self.runtime.service(self, "i18n").gettext(text)

    def _refuse(self, status: int, message: str):
        raise JsonHandlerError(status, self._gettext(message))

    def max_score(self) -> float:
        return 1.0

    def offered_modes(self) -> list[str]:
        return [mode for mode in MODE_NAMES if mode in (self.modes or "").split()] or ["practice"]

    def _scenario(self):
        try:
            return load_scenario(self.scenario_xml)
        except ScenarioError:
            return None

    def _require_scenario(self):
        scenario = self._scenario()
        if scenario is None:
            self._refuse(503, MSG_SCENARIO_BROKEN)
        return scenario

    def _state(self, scenario, stored: dict | None = None) -> SimState | None:
        stored = self.sim_state if stored is None else stored
        return SimState.from_dict(stored, scenario) if stored else None

    def _attempts_left(self) -> int | None:
        if self.max_attempts <= 0:
            return None
        return max(0, self.max_attempts - self.test_attempts)

    # The live class view (graders.classes): best effort, an exercise never fails because of it ------------
    def _class_service(self, method: str):
        service = graders_service(self)
        return getattr(service, method, None) if service is not None else None

    def _report_step(self, scenario, state: SimState, *, correct: bool = True, hint: bool = False) -> None:
        """Tell graders where the learner is (step, mistakes on it, hint, attempts): the teacher's live view."""
        report = self._class_service("report_step")
        if report is None or state.mode == "watch":
            return
        step = scenario.screens[state.screen].step
        try:
            report(self, {"mode": state.mode, "step": step.id if step else "", "step_title": step.task if step else "",
                          "correct": correct, "step_mistakes": state.misses, "hint_shown": hint,
                          "finished": state.finished, "attempts_used": self.test_attempts,
                          "max_attempts": self.max_attempts if self.max_attempts > 0 else None})
        except Exception as error:  # the class view is informational; the learner's action stands
            log.warning("phone_sim %s: live class view not updated (%s)", self.scope_ids.usage_id,
                        type(error).__name__)

    def _apply_attempt_reset(self) -> None:
        """A teacher gave this learner their test attempts back (audited in graders): apply it once."""
        newest = self._class_service("attempt_reset")
        try:
            reset_id = newest(self) if newest is not None else 0
        except Exception as error:
            log.warning("phone_sim %s: attempt resets not read (%s)", self.scope_ids.usage_id, type(error).__name__)
            return
        if reset_id > self.applied_reset:
            self.test_attempts, self.applied_reset = 0, reset_id
            applied = self._class_service("reset_applied")
            if applied is not None:
                applied(self, reset_id)

    def _view(self, scenario, state: SimState | None, outcome=None) -> dict:
        paused = self._state(scenario, self.paused_test) if self.paused_test else None
        best = round(100 * self.raw_earned / (self.raw_possible or 1)) if self.raw_earned is not None else None
        return page_view(scenario, state, attempts_left=self._attempts_left(), best=best,
                         test_paused=bool(paused and not paused.finished), outcome=outcome, translate=self._gettext)

    # Learner view and the teacher's projector --------------------------------------------------------
    def student_view(self, context=None) -> Fragment:
        """The exercise; course staff also get "Làm theo tôi", which opens the projector in place."""
        return self._page(projector_only=False)

    def projector_view(self, context=None) -> Fragment:
        """"Làm theo tôi": the walk-through large, one step per key press, for a teacher to demonstrate.

        Course staff only (the runtime's user service); anyone else gets a plain notice. The page calls no
        handler: nothing is graded, stored, published or spent.
        """
        if not is_staff(self):
            return Fragment(f'<div class="phone-sim" lang="vi"><p class="ps-notice" role="status">'
                            f'{html.escape(self._gettext(MSG_PROJECTOR_STAFF_ONLY))}</p></div>')
        return self._page(projector_only=True)

    def _page(self, *, projector_only: bool) -> Fragment:
        if not projector_only:
            self._apply_attempt_reset()
        scenario = self._scenario()
        _t = self._gettext
        lang = html.escape(_t(LANGUAGE_CODE))  # the learner's language: the page's numbers follow it
        frag = Fragment(
            f'<div class="phone-sim" lang="{lang}"><h3 class="ps-title">{html.escape(self.display_name)}</h3>'
            f'<div class="ps-root"><noscript>{html.escape(_t(MSG_BAD_REQUEST))}</noscript></div></div>'
        )
        staff = is_staff(self)  # "Làm theo tôi" is in files of its own: learners never download it
        add_assets(self, frag, css=LEARNER_CSS + (STAFF_CSS if staff else ()),
                   js=LEARNER_JS + (STAFF_JS if staff else ()))
        data = {
            "strings": {key: _t(text) for key, text in
                        (UI_STRINGS | PROJECTOR_STRINGS if staff else UI_STRINGS).items()},
            "modes": self.offered_modes(),
            "mark": MOCK_MARK,
            "maxErrors": max(0, self.max_errors),
            "broken": _t(MSG_SCENARIO_BROKEN) if scenario is None else None,
            "projectorOnly": projector_only,
        }
        if scenario is not None:
            data["title"] = scenario.title
            data["intro"] = scenario.intro
            if not projector_only:
                data["view"] = self._view(scenario, self._state(scenario))
            if staff:  # the walk-through shows the expected path: never sent to learners
                data["projector"] = projector_model(scenario, secrets.token_hex(16))
        frag.initialize_js("PhoneSimBlock", init_args(data))
        return frag

    # Learner handlers --------------------------------------------------------------------------------
    def _once(self, attempt: str, process, applied: bool = False) -> dict:
        """Process one request per learner, block, attempt and sequence number (xblocks/common/services.py).

        Concurrent duplicates wait for the first one's reply; a retry later gets that same reply.
        """
        key = f"phone_sim:{self.scope_ids.usage_id}:{self.scope_ids.user_id}:{attempt}"
        try:
            return answer_once(hocvuso_services(self), key, process, applied=applied)
        except InProgress:
            self._refuse(409, MSG_IN_PROGRESS)

    def _start_key(self, scenario, mode, confirmed: bool) -> str:
        """Starts that read the same stored state are one request: only one of them may use an attempt."""
        state, paused = self._state(scenario), self.paused_test.get("nonce", "-")
        return f"start:{mode}:{confirmed}:{state.nonce if state else '-'}:{paused}:{self.test_attempts}"

    def _begin(self, scenario, mode: object, confirmed: bool, *, again: bool = False) -> dict:
        """Start (or, for an unfinished test, resume) an attempt in `mode`; a new test attempt costs one."""
        if mode not in self.offered_modes():
            self._refuse(400, MSG_MODE_NOT_OFFERED)
        current = self._state(scenario)
        if mode == "test" and not again:
            if current is not None and current.mode == "test" and not current.finished:
                return self._view(scenario, current)  # already in it
            paused = self._state(scenario, self.paused_test) if self.paused_test else None
            if paused is not None and not paused.finished:
                self.sim_state, self.paused_test = paused.to_dict(), {}
                return self._view(scenario, paused)  # back to the unfinished test: no new attempt
        if mode == "test":
            if self._attempts_left() == 0:
                self._refuse(403, MSG_NO_ATTEMPTS)
            if confirmed is not True:
                self._refuse(409, MSG_CONFIRM_TEST)
            self.test_attempts += 1
        elif current is not None and current.mode == "test" and not current.finished:
            self.paused_test = current.to_dict()  # kept: choosing test mode again resumes it
        state = engine.start(scenario, mode, max(0, self.max_errors) if mode == "test" else None,
                             nonce=secrets.token_hex(16))
        self.sim_state = state.to_dict()
        publish_analytics(self, "hocvuso.phone_sim.started", {"mode": mode, "scenario": scenario.id})
        self._report_step(scenario, state)
        return self._view(scenario, state)

    @XBlock.json_handler
    def start(self, data, suffix=""):
        """Begin an attempt in a mode ({"mode": "watch"|"practice"|"test", "confirmed"?}); see the module doc."""
        scenario = self._require_scenario()
        self._apply_attempt_reset()
        data = data if isinstance(data, dict) else {}
        mode, confirmed = data.get("mode"), data.get("confirmed") is True
        return self._once(self._start_key(scenario, mode, confirmed),
                          lambda: self._begin(scenario, mode, confirmed))

    @XBlock.json_handler
    def restart(self, data, suffix=""):
        """Start again in the current mode (a test restart uses up an attempt and needs "confirmed")."""
        scenario = self._require_scenario()
        state = self._state(scenario)
        if state is None:
            self._refuse(400, MSG_NOT_STARTED)
        confirmed = isinstance(data, dict) and data.get("confirmed") is True
        return self._once(f"re{self._start_key(scenario, state.mode, confirmed)}",
                          lambda: self._begin(scenario, state.mode, confirmed, again=True))

    @XBlock.json_handler
    def state(self, data, suffix=""):
        """Where the learner is now (used to resume and after a refused action)."""
        scenario = self._require_scenario()
        self._apply_attempt_reset()
        return self._view(scenario, self._state(scenario))

    @XBlock.json_handler
    def act(self, data, suffix=""):
        """One learner action: {"seq", "widget", "action", "value"?, "fields"?}. Any other field is ignored."""
        scenario = self._require_scenario()
        state = self._state(scenario)
        if state is None:
            self._refuse(400, MSG_NOT_STARTED)
        action = self._read_action(data)
        return self._once(f"{state.nonce}:{action.seq}", lambda: self._apply(scenario, state, action),
                          applied=action.seq < state.seq)

    def _apply(self, scenario, state: SimState, action: Action) -> dict:
        outcome = engine.act(scenario, state, action)
        if not outcome.accepted:
            status = 409 if outcome.feedback.message == engine.MSG_STALE else 400
            self._refuse(status, outcome.feedback.message)
        new_state = outcome.state
        self.sim_state = new_state.to_dict()
        step = scenario.screens[state.screen].step
        publish_analytics(self, "hocvuso.phone_sim.step",
                          {"step": step.id if step else None, "correct": outcome.feedback.kind == "ok",
                           "result": outcome.feedback.kind, "mode": new_state.mode})  # ok, miss or move (a <go>)
        if outcome.score is not None:
            self._finish(scenario, new_state, outcome.score)
        self._report_step(scenario, new_state, correct=outcome.feedback.kind == "ok", hint=outcome.hint is not None)
        return self._view(scenario, new_state, outcome)

    def _read_action(self, data) -> Action:
        if not isinstance(data, dict):
            self._refuse(400, MSG_BAD_REQUEST)
        seq, widget, kind, value = data.get("seq"), data.get("widget"), data.get("action"), data.get("value")
        if (not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(widget, str)
                or not isinstance(kind, str) or not (value is None or isinstance(value, str | int | float))):
            self._refuse(400, MSG_BAD_REQUEST)
        fields = data.get("fields")
        if fields is not None and not (isinstance(fields, dict) and len(fields) <= MAX_FIELDS):
            self._refuse(400, MSG_BAD_REQUEST)
        return Action(seq, widget[:16], kind[:16], None if value is None else str(value)[:400], fields)

    def _finish(self, scenario, state: SimState, score: float) -> None:
        """Publish once per finished attempt: the best test attempt counts; watch never grades."""
        publish_analytics(self, "hocvuso.phone_sim.finished",
                          {"mode": state.mode, "status": state.status, "errors": state.errors,
                           "scenario": scenario.id})
        if state.mode == "test":
            self.record_score(score, 1.0, only_if_higher=True)
        elif state.mode == "practice" and state.status == engine.SUCCESS and "test" not in self.offered_modes():
            self.record_score(1.0, 1.0, only_if_higher=True)
