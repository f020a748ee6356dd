"""The phone-simulation state machine: (state, action) -> outcome (pure: no XBlock, no Django).

Deterministic: the same scenario, state and action always give the same outcome. The state is a
small immutable value that round-trips through JSON (`to_dict`/`from_dict`) so the block can keep it
in user_state. What a learner types into a typed control is never kept: only whether each step was
passed first time. The one exception is a form's fields (forms.py): their values are kept for the
attempt so later screens can show them and a submit can check them; scenarios fill them with
fictional data only.

Messages the engine produces itself are English msgids; the block translates them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .control_ids import opaque_id, resolve_target
from .forms import MAX_FIELDS, failing, lookup_for, merge_values
from .scenario import ACTIONS, MAX_VALUE_LENGTH, Rule, Scenario, Step

MODES = ("watch", "practice", "test")
ACTIVE, SUCCESS, FAILURE = "active", "success", "failure"
HINT_LEVELS = 3

MSG_RIGHT = "Correct."
MSG_MISS_PRACTICE = "Not quite. Look at the screen again and try once more."
MSG_MISS_TEST = "That is not the right action."
MSG_TOO_MANY_ERRORS = "Too many mistakes: this attempt is over."
MSG_STALE = "This action is out of date (it was already handled). The phone shows where you are now."
MSG_FINISHED = "This attempt has finished. Press Start again to practise more."
MSG_WATCH_ONLY = "In watch mode you only watch. Choose Practice to try it yourself."
MSG_NOT_ON_SCREEN = "That control is not on this screen."
MSG_UNKNOWN_ACTION = "That action is not supported."
MSG_CHECK_FIELDS = "Not quite. Check: {fields}."
MSG_FIELD_REQUIRED = "Fill in this field."
MSG_FIELD_WRONG = "This entry is not right yet."
ENGINE_MESSAGES = (MSG_RIGHT, MSG_MISS_PRACTICE, MSG_MISS_TEST, MSG_TOO_MANY_ERRORS, MSG_STALE, MSG_FINISHED,
                   MSG_WATCH_ONLY, MSG_NOT_ON_SCREEN, MSG_UNKNOWN_ACTION, MSG_CHECK_FIELDS, MSG_FIELD_REQUIRED,
                   MSG_FIELD_WRONG)


@dataclass(frozen=True)
class Action:
    """One learner action as the browser reports it (target is the opaque id from the screen model)."""

    seq: int
    target: str
    kind: str
    value: str | None = None
    fields: Mapping[str, object] | None = None  # what the screen's form fields hold now (name -> text)


@dataclass(frozen=True)
class SimState:
    mode: str
    screen: str
    seq: int = 0
    errors: int = 0
    misses: int = 0  # misses on the current step: drives hint escalation
    status: str = ACTIVE
    outcomes: tuple[tuple[str, bool], ...] = ()  # (step id, passed first time), once per step
    max_errors: int | None = None  # test mode: the attempt fails on mistake number max_errors + 1
    nonce: str = ""  # random per attempt: keys the page's control ids (view_model.opaque_id)
    values: tuple[tuple[str, str], ...] = ()  # form fields the learner filled (name, text), sorted by name

    @property
    def finished(self) -> bool:
        return self.status != ACTIVE

    def to_dict(self) -> dict:
        return {"mode": self.mode, "screen": self.screen, "seq": self.seq, "errors": self.errors,
                "misses": self.misses, "status": self.status,
                "outcomes": [[step, ok] for step, ok in self.outcomes], "max_errors": self.max_errors,
                "nonce": self.nonce, "values": dict(self.values)}

    @classmethod
    def from_dict(cls, data: dict, scenario: Scenario) -> SimState | None:
        """Rebuild a stored state; None when it no longer fits the scenario (e.g. the author edited it)."""
        try:
            state = cls(
                mode=str(data["mode"]), screen=str(data["screen"]), seq=int(data["seq"]),
                errors=int(data["errors"]), misses=int(data["misses"]), status=str(data["status"]),
                outcomes=tuple((str(step), bool(ok)) for step, ok in data.get("outcomes", ())),
                max_errors=None if data.get("max_errors") is None else int(data["max_errors"]),
                nonce=str(data.get("nonce", "")),
                values=_stored_values(data.get("values"), scenario),
            )
        except (KeyError, TypeError, ValueError):
            return None
        if state.mode not in MODES or state.screen not in scenario.screens or state.status not in (
                ACTIVE, SUCCESS, FAILURE):
            return None
        return state


def _stored_values(data: object, scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """Kept form values that still name a field of the scenario (an author may have renamed one)."""
    if not isinstance(data, dict):
        return ()
    kept = {str(k): str(v)[:MAX_VALUE_LENGTH] for k, v in data.items() if k in scenario.fields}
    return tuple(sorted(kept.items()))[:MAX_FIELDS]


@dataclass(frozen=True)
class FieldProblem:
    """A form field a submit got wrong, named for the learner."""

    name: str
    label: str
    text: str = ""  # the author's feedback for this field
    message: str = ""  # else an engine msgid

    def to_dict(self, translate=str) -> dict:
        return {"name": self.name, "label": self.label, "text": self.text or translate(self.message)}


@dataclass(frozen=True)
class Hint:
    level: int
    text: str
    highlight: str | None = None  # opaque id of the control to look at (level 2+)
    demo: dict | None = None  # {"target", "action", "value"} for "show me" (level 3)

    def to_dict(self) -> dict:
        return {"level": self.level, "text": self.text, "highlight": self.highlight, "demo": self.demo}


@dataclass(frozen=True)
class Feedback:
    kind: str  # "ok", "miss", "move" (a <go>: neither right nor wrong), "refused"
    text: str = ""  # the author's feedback, shown as written
    message: str = ""  # an engine msgid, translated by the block
    fields: tuple[FieldProblem, ...] = field(default=())  # a submit's wrong fields, in the form's order


@dataclass(frozen=True)
class Outcome:
    state: SimState
    feedback: Feedback
    score: float | None = None  # set once, when this action finishes the attempt (0..1)
    hint: Hint | None = None
    accepted: bool = True


def start(scenario: Scenario, mode: str, max_errors: int | None = None, nonce: str = "") -> SimState:
    """A fresh attempt at the start screen; `nonce` (random, from the caller) keys its control ids."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    return SimState(mode=mode, screen=scenario.start, max_errors=max_errors if mode == "test" else None,
                    nonce=nonce)


def score(scenario: Scenario, state: SimState) -> float:
    """The attempt's score in [0, 1]: 0 unless it ended in success; the scoring rule decides the rest."""
    if state.status != SUCCESS:
        return 0.0
    if state.mode != "test" or scenario.scoring == "pass-fail":
        return 1.0
    points = {step.id: step.points for step in scenario.steps}
    possible = sum(points.get(step, 0.0) for step, _ in state.outcomes)
    earned = sum(points.get(step, 0.0) for step, ok in state.outcomes if ok)
    return 1.0 if possible <= 0 else max(0.0, min(1.0, earned / possible))


def _refuse(state: SimState, message: str) -> Outcome:
    return Outcome(state, Feedback("refused", message=message), accepted=False)


def _match(step: Step, target: str, kind: str, value: str | None, lookup) -> Rule | None:
    """The first rule, in the author's order, that the action satisfies.

    A long press counts as a tap unless a rule on that control expects a long press: older hands
    press long, and that must not count as a mistake.
    """
    as_tap = kind == "long-press" and not any(r.target == target and r.action == "long-press" for r in step.rules)
    for rule in step.rules:
        if rule.target != target:
            continue
        if (rule.action == kind or (as_tap and rule.action == "tap")) and rule.matches_value(value, lookup):
            return rule
    return None


def _field_problems(scenario: Scenario, step: Step, target: str, lookup) -> tuple[FieldProblem, ...]:
    """The wrong fields of a submit no rule took: those of the nearest `<expect>` on that form."""
    candidates = [failing(rule.fields, lookup) for rule in step.rules
                  if rule.correct and rule.target == target and rule.action == "submit"]
    if not candidates:
        return ()
    nearest = min(candidates, key=len)
    return tuple(FieldProblem(check.name, scenario.fields[check.name].label, check.feedback,
                              "" if check.feedback else
                              MSG_FIELD_REQUIRED if not lookup(check.name).strip() else MSG_FIELD_WRONG)
                 for check in nearest)


def _record(state: SimState, step: Step, passed: bool) -> tuple[tuple[str, bool], ...]:
    if step.id in dict(state.outcomes):
        return state.outcomes
    return (*state.outcomes, (step.id, passed))


def hint_for(scenario: Scenario, state: SimState) -> Hint | None:
    """Practice mode's hint for the current step after `state.misses` misses (none before a miss)."""
    screen = scenario.screens[state.screen]
    if state.mode != "practice" or state.finished or state.misses < 1 or screen.step is None:
        return None
    level = min(state.misses, HINT_LEVELS)
    step = screen.step
    rule = step.expected
    highlight = opaque_id(screen, rule.target, state.nonce) if level >= 2 else None
    demo = None
    if level >= 3:
        demo = {"target": highlight, "action": rule.action, "value": rule.demo_value}
        if rule.action == "submit":
            demo["fields"] = rule.demo_fields
    return Hint(level, step.hint(level), highlight, demo)


def act(scenario: Scenario, state: SimState, action: Action) -> Outcome:
    """Apply one learner action. Refused actions (stale seq, finished, watch) leave the state unchanged."""
    if state.mode == "watch":
        return _refuse(state, MSG_WATCH_ONLY)
    if state.finished:
        return _refuse(state, MSG_FINISHED)
    if action.seq != state.seq:
        return _refuse(state, MSG_STALE)
    screen = scenario.screens[state.screen]
    target = resolve_target(screen, action.target, state.nonce)
    if target is None:
        return _refuse(state, MSG_NOT_ON_SCREEN)
    if action.kind not in ACTIONS or action.kind not in screen.target(target).actions:
        return _refuse(state, MSG_UNKNOWN_ACTION)
    value = None if action.value is None else str(action.value)[:MAX_VALUE_LENGTH]
    if screen.editable:  # what the form holds now is kept, whatever the action: Back loses nothing
        state = replace(state, values=merge_values(state.values, screen.editable, action.fields))
    # Only a submit reads the form (a rule matches only its own action): no lookup built for a tap or a swipe.
    lookup = lookup_for(scenario.fields, state.values) if action.kind == "submit" else None
    step = screen.step
    rule = _match(step, target, action.kind, value, lookup)
    seq = state.seq + 1
    if rule is not None and rule.correct:
        return _advance(scenario, state, step, rule, seq)
    if rule is not None and rule.neutral:
        return _move(scenario, state, step, rule, seq)
    errors, misses = state.errors + 1, state.misses + 1
    text = rule.feedback if rule else ""
    generic = MSG_MISS_TEST if state.mode == "test" else MSG_MISS_PRACTICE
    problems = _field_problems(scenario, step, target, lookup) if rule is None and action.kind == "submit" else ()
    feedback = Feedback("miss", text, "" if text else MSG_CHECK_FIELDS if problems else generic, problems)
    if state.max_errors is not None and errors > state.max_errors:
        ended = replace(state, seq=seq, errors=errors, misses=misses, status=FAILURE,
                        outcomes=_record(state, step, False))
        return Outcome(ended, Feedback("miss", text, MSG_TOO_MANY_ERRORS, problems), score=0.0)
    if rule is not None and rule.goto is not None:  # a wrong branch: play out its consequence
        moved = replace(state, seq=seq, errors=errors, misses=0, screen=rule.goto,
                        outcomes=_record(state, step, False))
        return _arrive(scenario, moved, feedback)
    stayed = replace(state, seq=seq, errors=errors, misses=misses)
    return Outcome(stayed, feedback, hint=hint_for(scenario, stayed))


def _advance(scenario: Scenario, state: SimState, step: Step, rule: Rule, seq: int) -> Outcome:
    moved = replace(state, seq=seq, misses=0, screen=rule.goto,
                    outcomes=_record(state, step, state.misses == 0))
    return _arrive(scenario, moved, Feedback("ok", rule.feedback, "" if rule.feedback else MSG_RIGHT))


def _move(scenario: Scenario, state: SimState, step: Step, rule: Rule, seq: int) -> Outcome:
    """A `<go>` (Back, Home, a help page): no point won or lost, but a step already missed stays missed."""
    outcomes = _record(state, step, False) if state.misses else state.outcomes
    moved = replace(state, seq=seq, misses=0, screen=rule.goto, outcomes=outcomes)
    return _arrive(scenario, moved, Feedback("move", rule.feedback))


def _arrive(scenario: Scenario, state: SimState, feedback: Feedback) -> Outcome:
    end = scenario.screens[state.screen].end
    if end is None:
        return Outcome(state, feedback)
    ended = replace(state, status=end)
    return Outcome(ended, feedback, score=score(scenario, ended))
