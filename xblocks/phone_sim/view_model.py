"""What the browser may see of a scenario: answer-free screen models (pure: no XBlock, no Django).

Every actionable control gets an opaque id (`w0`, `w1`, ... in document order on its screen), so
author ids such as `btn-correct` never reach the page. A screen model carries labels and visuals
only: never transitions, checks, expected values or which control is right. The watch-mode
walk-through is the one exception: it is a demonstration, sent only in watch mode.
"""

from __future__ import annotations

from functools import lru_cache

from .scenario import WIDGETS, Scenario, Screen, Widget

MOCK_MARK = "MÔ PHỎNG"


def opaque_id(screen: Screen, key: str) -> str | None:
    """The id the browser uses for the target `key` on `screen`."""
    for index, target in enumerate(screen.targets):
        if target.key == key:
            return f"w{index}"
    return None


def resolve_target(screen: Screen, opaque: object) -> str | None:
    """Map a browser-sent id back to the author's target key; None when it is not on this screen."""
    if not isinstance(opaque, str) or not opaque.startswith("w") or not opaque[1:].isdigit():
        return None
    index = int(opaque[1:])
    return screen.targets[index].key if index < len(screen.targets) else None


def _widget_model(screen: Screen, widget: Widget) -> dict:
    spec = WIDGETS[widget.kind]
    model: dict = {"type": widget.kind, **widget.attrs}
    if widget.text:
        model["text"] = widget.text
    if widget.id is not None:
        if spec.actions:
            model["id"] = opaque_id(screen, widget.id)
            model["actions"] = sorted(spec.actions)
        if spec.parts:
            model["parts"] = {part: opaque_id(screen, f"{widget.id}.{part}") for part, _ in spec.parts}
    if widget.children:
        model["children"] = [_widget_model(screen, child) for child in widget.children]
    return model


def _screen_model(scenario: Scenario, screen: Screen) -> dict:
    app = scenario.apps.get(screen.app) if screen.app else None
    return {
        "app": {"name": app.name, "public": app.public, "color": app.color} if app else None,
        "title": screen.title,
        "end": screen.end,
        "task": screen.step.task if screen.step else "",
        "widgets": [_widget_model(screen, widget) for widget in screen.widgets],
    }


@lru_cache(maxsize=1024)
def public_screen(scenario: Scenario, screen_id: str) -> dict:
    """The answer-free model of one screen (cached: scenarios are immutable once parsed).

    Callers must not mutate the returned dict.
    """
    return _screen_model(scenario, scenario.screens[screen_id])


def walkthrough(scenario: Scenario) -> list[dict]:
    """Watch mode's scripted demonstration: each screen on the first expected path, and what to do there."""
    frames, seen = [], set()
    screen_id = scenario.start
    while screen_id not in seen:
        seen.add(screen_id)
        screen = scenario.screens[screen_id]
        frame = {"screen": public_screen(scenario, screen_id), "do": None, "caption": "", "feedback": ""}
        frames.append(frame)
        if screen.step is None:
            break
        rule = screen.step.expected
        frame["do"] = {"target": opaque_id(screen, rule.target), "action": rule.action,
                       "value": rule.demo_value}
        frame["caption"] = screen.step.hint(1) or screen.step.task
        frame["feedback"] = rule.feedback
        screen_id = rule.goto
    return frames
