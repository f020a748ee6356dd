"""What the browser may see of a scenario: answer-free screen models (pure: no XBlock, no Django).

Every actionable control gets an opaque id, a keyed hash of its screen and author id under the
attempt's random nonce: author ids such as `btn-correct` never reach the page, and the ids of one
attempt say nothing about another's (a watch-mode demonstration is no answer key for a test).
A screen model carries labels and visuals only: never transitions, checks, expected values or which
control is right. The watch-mode walk-through is the one exception: it is a demonstration, sent only in watch mode.
"""

from __future__ import annotations

from functools import lru_cache

from . import engine
from .control_ids import opaque_id, resolve_target
from .scenario import WIDGETS, Scenario, Screen, Widget

__all__ = ["MOCK_MARK", "opaque_id", "page_view", "public_screen", "resolve_target", "walkthrough"]

MOCK_MARK = "MÔ PHỎNG"


def _widget_model(screen: Screen, widget: Widget, nonce: str) -> dict:
    spec = WIDGETS[widget.kind]
    model: dict = {"type": widget.kind, **widget.attrs}
    if widget.text:
        model["text"] = widget.text
    if widget.id is not None:
        if spec.actions:
            model["id"] = opaque_id(screen, widget.id, nonce)
            model["actions"] = sorted(spec.actions)
        if spec.parts:
            model["parts"] = {part: opaque_id(screen, f"{widget.id}.{part}", nonce) for part, _ in spec.parts}
    if widget.children:
        model["children"] = [_widget_model(screen, child, nonce) for child in widget.children]
    return model


def _screen_model(scenario: Scenario, screen: Screen, nonce: str) -> dict:
    app = scenario.apps.get(screen.app) if screen.app else None
    return {
        "app": {"name": app.name, "public": app.public, "color": app.color} if app else None,
        "title": screen.title,
        "end": screen.end,
        "task": screen.step.task if screen.step else "",
        "widgets": [_widget_model(screen, widget, nonce) for widget in screen.widgets],
    }


@lru_cache(maxsize=1024)
def public_screen(scenario: Scenario, screen_id: str, nonce: str = "") -> dict:
    """The answer-free model of one screen in one attempt (cached: scenarios are immutable once parsed).

    Callers must not mutate the returned dict.
    """
    return _screen_model(scenario, scenario.screens[screen_id], nonce)


def walkthrough(scenario: Scenario, nonce: str = "") -> list[dict]:
    """Watch mode's scripted demonstration: each screen on the first expected path, and what to do there."""
    frames, seen = [], set()
    screen_id = scenario.start
    while screen_id not in seen:
        seen.add(screen_id)
        screen = scenario.screens[screen_id]
        frame = {"screen": public_screen(scenario, screen_id, nonce), "do": None, "caption": "", "feedback": ""}
        frames.append(frame)
        if screen.step is None:
            break
        rule = screen.step.expected
        frame["do"] = {"target": opaque_id(screen, rule.target, nonce), "action": rule.action,
                       "value": rule.demo_value}
        frame["caption"] = screen.step.hint(1) or screen.step.task
        frame["feedback"] = rule.feedback
        screen_id = rule.goto
    return frames


def page_view(scenario: Scenario, state, *, attempts_left: int | None, best: int | None, test_paused: bool,
              outcome=None, translate=str) -> dict:
    """Everything the browser needs to draw the current moment; never an answer key.

    `state` is the engine's SimState (None before any start); `translate` turns engine msgids into the
    learner's language. Attempt fields let the page say what an action costs before it is spent:
    `attemptsLeft` (None: unlimited), `testPaused` (an unfinished test waits and resumes at no cost),
    `restartCost` (test attempts that "Start again" uses).
    """
    view: dict = {"mode": None, "attemptsLeft": attempts_left, "testPaused": test_paused, "restartCost": 0}
    if best is not None:
        view["best"] = best
    if state is None:
        return view
    view.update({"mode": state.mode, "seq": state.seq, "status": state.status,
                 "screen": public_screen(scenario, state.screen, state.nonce)})
    if state.mode == "watch":
        view["frames"] = walkthrough(scenario, state.nonce)
    if state.mode == "test":
        view["errors"] = state.errors
        view["maxErrors"] = state.max_errors
        view["restartCost"] = 1
    if state.finished and state.mode != "watch":
        view["score"] = round(100 * engine.score(scenario, state))
    view["canRestart"] = state.mode != "test" or attempts_left != 0
    hint = outcome.hint if outcome else engine.hint_for(scenario, state)
    view["hint"] = hint.to_dict() if hint else None
    if outcome is not None:
        feedback = outcome.feedback
        view["feedback"] = {"kind": feedback.kind, "text": feedback.text or translate(feedback.message)}
    return view
