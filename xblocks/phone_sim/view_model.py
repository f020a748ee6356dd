"""What the browser may see of a scenario: answer-free screen models (pure: no XBlock, no Django).

Every actionable control gets an opaque id, a keyed hash of its screen and author id under the
attempt's random nonce: author ids such as `btn-correct` never reach the page, and the ids of one
attempt say nothing about another's (a watch-mode demonstration is no answer key for a test).
A screen model carries labels and visuals only: never transitions, checks, expected values or which
control is right. The watch-mode walk-through is the one exception: it is a demonstration, sent only in watch mode.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from .scenario import WIDGETS, Scenario, Screen, Widget

MOCK_MARK = "MÔ PHỎNG"


@lru_cache(maxsize=4096)
def _target_ids(screen_id: str, keys: tuple[str, ...], nonce: str) -> dict[str, str]:
    """Author key -> opaque id for every target of one screen in one attempt."""
    secret = nonce.encode()[:32]
    return {key: "w" + hashlib.blake2s(f"{screen_id}\x1f{key}".encode(), key=secret, digest_size=6).hexdigest()
            for key in keys}


@lru_cache(maxsize=4096)
def _target_keys(screen_id: str, keys: tuple[str, ...], nonce: str) -> dict[str, str]:
    return {opaque: key for key, opaque in _target_ids(screen_id, keys, nonce).items()}


def opaque_id(screen: Screen, key: str, nonce: str = "") -> str | None:
    """The id the browser uses for the target `key` on `screen` in the attempt keyed by `nonce`."""
    return _target_ids(screen.id, tuple(t.key for t in screen.targets), nonce).get(key)


def resolve_target(screen: Screen, opaque: object, nonce: str = "") -> str | None:
    """Map a browser-sent id back to the author's target key; None when it is not on this screen."""
    if not isinstance(opaque, str):
        return None
    return _target_keys(screen.id, tuple(t.key for t in screen.targets), nonce).get(opaque)


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
