"""Every control the course tells a learner to use exists on the simulated phone where it is named.

A hint saying `Chạm vào "Wi-Fi"` on a screen without a Wi-Fi control, or a lesson teaching the eye
icon of a password field that the phone does not draw, sends an elderly learner looking for
something that is not there. Straight double quotes in hints and feedback name controls (curly
quotes quote speech, e.g. what a scammer will answer).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xblocks.common.i18n import BundledI18nService
from xblocks.common.xml import parse_xml
from xblocks.phone_sim.block import UI_STRINGS
from xblocks.phone_sim.scenario import Screen, Widget, load_scenario, scenario_element_text

COURSE = Path(__file__).resolve().parents[3] / "course_content"
SCENARIO_FILES = sorted((COURSE / "phone_sim").glob("*.xml"))
QUOTED = re.compile(r'"([^"]{1,80})"')
VISIBLE_ATTRS = ("label", "title", "detail", "badge", "submit", "caller", "contact", "app", "placeholder", "payee")


def _vi(key: str) -> str:
    return BundledI18nService("vi").gettext(UI_STRINGS[key])


def _widgets(widgets: tuple[Widget, ...]):
    for widget in widgets:
        yield widget
        yield from _widgets(widget.children)


def _has_password_field(screen: Screen) -> bool:
    return any(w.kind == "text-field" and w.attrs.get("kind") == "password" for w in _widgets(screen.widgets))


# Controls the phone draws itself (no author text names them): the words a course uses for them.
PHONE_CONTROLS = {
    "con mắt": _has_password_field,  # the show-password eye of every password field
}


def _shown_text(screen: Screen) -> str:
    """What the learner reads on `screen`, including the labels the phone adds to incoming calls."""
    parts = [screen.title]
    for widget in _widgets(screen.widgets):
        parts += [widget.attrs[name] for name in VISIBLE_ATTRS if widget.attrs.get(name)]
        parts.append(widget.text)
        if widget.kind == "incoming-call":
            parts += [_vi("accept"), _vi("decline"), widget.attrs.get("label") or _vi("incomingCall")]
    return " ".join(parts)


def _scenarios():
    for path in SCENARIO_FILES:
        block = parse_xml(path.read_text(encoding="utf-8"), source=str(path))
        yield path.name, load_scenario(scenario_element_text(block.find("scenario")))


def _guidance(screen: Screen) -> list[str]:
    step = screen.step
    return list(step.hints) + [rule.feedback for rule in step.rules if rule.feedback] if step else []


@pytest.mark.parametrize(("name", "scenario"), list(_scenarios()), ids=[p.name for p in SCENARIO_FILES])
def test_every_control_a_hint_or_feedback_names_is_on_its_screen(name, scenario):
    missing = []
    for screen in scenario.screens.values():
        shown = _shown_text(screen)
        for text in _guidance(screen):
            missing += [f"{screen.id}: {quoted!r}" for quoted in QUOTED.findall(text) if quoted not in shown]
            missing += [f"{screen.id}: {words!r}" for words, present in PHONE_CONTROLS.items()
                        if words in text.lower() and not present(screen)]
    assert missing == [], f"{name} names controls its screens lack: {missing}"


def test_s1_password_screen_has_the_eye_its_hint_and_feedback_teach():
    scenario = dict(_scenarios())["s01_lam_quen_dien_thoai.xml"]
    screen = scenario.screens["wifi-password"]
    assert any("con mắt" in text for text in _guidance(screen))
    assert _has_password_field(screen)
    assert _vi("showPassword") == "Hiện mật khẩu"  # the eye's accessible name, translated


def test_every_phone_control_a_lesson_or_quiz_teaches_is_on_some_course_screen():
    screens = [screen for _name, scenario in _scenarios() for screen in scenario.screens.values()]
    taught = [(path.name, words) for path in sorted(COURSE.glob("html/*.html")) + sorted(COURSE.glob("auto_quiz/*.xml"))
              for words in PHONE_CONTROLS if words in path.read_text(encoding="utf-8").lower()]
    assert ("m1_bai_hoc.html", "con mắt") in taught
    missing = [(name, words) for name, words in taught if not any(PHONE_CONTROLS[words](s) for s in screens)]
    assert missing == []
