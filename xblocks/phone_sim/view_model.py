"""What the browser may see of a scenario: answer-free screen models (pure: no XBlock, no Django).

Every actionable control gets an opaque id, a keyed hash of its screen and author id under the
attempt's random nonce: author ids such as `btn-correct` never reach the page, and the ids of one
attempt say nothing about another's (a watch-mode demonstration is no answer key for a test).
A screen model carries labels and visuals only: never transitions, checks, expected values or which
control is right. The watch-mode walk-through is the one exception: it is a demonstration, sent only in watch mode.
A form's fields carry the learner's own values (and `{{name}}` in a text shows them), filled in per
request from the state: never the values a check expects.
"""

from __future__ import annotations

from functools import lru_cache

from . import engine
from .control_ids import opaque_id, resolve_target
from .forms import fill, lookup_for
from .scenario import WIDGETS, Scenario, Screen, Widget, field_spec
from .strings import PREVIEW_END, PREVIEW_SCREEN, PREVIEW_STEP

__all__ = ["MOCK_MARK", "opaque_id", "page_view", "projector_model", "public_screen", "resolve_target", "walkthrough"]

MOCK_MARK = "MÔ PHỎNG"


def _field_model(widget: Widget) -> dict:
    spec = field_spec(widget)
    return {"type": "field", "name": spec.name, "label": spec.label, "kind": spec.kind, "options": list(spec.options),
            "value": spec.value, "readonly": spec.readonly, "placeholder": spec.placeholder}


def _widget_model(screen: Screen, widget: Widget, nonce: str) -> dict:
    if widget.kind == "field":
        return _field_model(widget)
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


def with_values(scenario: Scenario, screen_id: str, model: dict, values: tuple[tuple[str, str], ...]) -> dict:
    """The screen model with the learner's form values in its fields and its `{{name}}` texts filled.

    Values stay plain strings: the page puts them in with textContent/value, never as HTML.
    """
    if not scenario.screens[screen_id].uses_values:
        return model
    lookup = lookup_for(scenario.fields, values)

    def walk(node):
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return fill(node, lookup) if isinstance(node, str) else node
        if node.get("type") == "field":
            return {**node, "value": lookup(node["name"])}
        return {key: (item if key in ("type", "id", "parts", "actions") else walk(item)) for key, item in node.items()}

    return walk(model)


def preview_model(scenario: Scenario, translate=str) -> dict:
    """The Studio preview: every screen's learner model (answer-free, as learners get it) in document order,
    labelled for the screen picker in the language of `translate`; the start screen is shown first."""
    screens, number = [], 0
    for screen_id, screen in scenario.screens.items():
        if screen.step is not None:
            number += 1
            label = translate(PREVIEW_STEP).format(number=number, task=screen.step.task)
        elif screen.end is not None:
            label = translate(PREVIEW_END[screen.end]).format(title=screen.title or screen_id)
        else:
            label = translate(PREVIEW_SCREEN).format(id=screen_id)
        screens.append({"id": screen_id, "label": label, "line": screen.line,
                        "screen": public_screen(scenario, screen_id, "studio-preview")})
    return {"start": scenario.start, "screens": screens}


def walkthrough(scenario: Scenario, nonce: str = "") -> list[dict]:
    """Watch mode's scripted demonstration: each screen on the first expected path, and what to do there.

    Forms show the values "show me" would fill in, and later screens show them too.
    """
    frames, seen, values = [], set(), {}
    screen_id = scenario.start
    while screen_id not in seen:
        seen.add(screen_id)
        screen = scenario.screens[screen_id]
        model = with_values(scenario, screen_id, public_screen(scenario, screen_id, nonce), tuple(values.items()))
        frame = {"screen": model, "do": None, "caption": "", "feedback": ""}
        frames.append(frame)
        if screen.step is None:
            break
        rule = screen.step.expected
        frame["do"] = {"target": opaque_id(screen, rule.target, nonce), "action": rule.action,
                       "value": rule.demo_value}
        if rule.action == "submit":
            frame["do"]["fields"] = rule.demo_fields
            values.update(rule.demo_fields)
        frame["caption"] = screen.step.hint(1) or screen.step.task
        frame["feedback"] = rule.feedback
        screen_id = rule.goto
    return frames


def projector_model(scenario: Scenario, nonce: str) -> dict:
    """What the teacher's projector ("Làm theo tôi") shows: the watch-mode walk-through, one step at a time.

    The steps are `walkthrough`'s frames, so the projector and watch mode never disagree. The last frame
    (the end screen) has no instruction of its own: it is captioned with the feedback of the step that led
    there, so the class reads how the task ended. `nonce` is a fresh one for this page, belonging to no
    attempt: its control ids open nothing in a learner's exercise. Staff only (it shows the expected path).
    """
    steps = walkthrough(scenario, nonce)
    last = steps[-1]
    if not last["caption"] and len(steps) > 1:
        steps[-1] = {**last, "caption": steps[-2]["feedback"]}
    return {"title": scenario.title, "intro": scenario.intro, "steps": steps}


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
    screen = with_values(scenario, state.screen, public_screen(scenario, state.screen, state.nonce), state.values)
    view.update({"mode": state.mode, "seq": state.seq, "status": state.status, "screen": screen})
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
        labels = ", ".join(f"«{problem.label}»" for problem in feedback.fields)
        text = feedback.text or (translate(feedback.message).replace("{fields}", labels) if feedback.message else "")
        view["feedback"] = {"kind": feedback.kind, "text": text}
        if feedback.fields:
            view["feedback"]["fields"] = [problem.to_dict(translate) for problem in feedback.fields]
    return view
