"""The phone_sim Studio form, checked (pure: no XBlock, no Django).

Like the quiz's `questions.parse_settings`: every problem is collected, nothing is saved unless all is valid.
"""

from __future__ import annotations

from xblocks.common.problems import Gettext

from .engine import MODES
from .scenario import ScenarioError, parse_scenario
from .strings import MSG_MODES, MSG_NOT_NEGATIVE, MSG_NUMBERS


def scenario_problems(text: str, translate: Gettext = str) -> list[dict]:
    """Every problem of a scenario text as {"line", "message"} in the language of `translate` (the block's
    gettext); empty when it is valid."""
    try:
        parse_scenario(text)
    except ScenarioError as exc:
        return [{"line": p.line, "message": p.text(translate)} for p in exc.problems]
    return []


def read_form(data: dict, current: dict, translate=str) -> tuple[dict, list[dict]]:
    """(values to save, problems) from the posted form; `current` supplies fields the form leaves out."""
    xml = data.get("scenario_xml")
    problems = scenario_problems(xml if isinstance(xml, str) else "", translate)
    values: dict = {"scenario_xml": xml}
    try:
        values["display_name"] = str(data.get("display_name", current["display_name"])).strip()[:200] or \
            current["display_name"]
        modes = data.get("modes", current["modes"].split())
        modes = modes.split() if isinstance(modes, str) else list(modes)
        if not modes or any(m not in MODES for m in modes):
            problems.append({"line": None, "message": translate(MSG_MODES)})
        values["modes"] = " ".join(m for m in MODES if m in modes)
        for name in ("max_errors", "max_attempts"):
            values[name] = int(data.get(name, current[name]))
            if values[name] < 0:
                problems.append({"line": None, "message": translate(MSG_NOT_NEGATIVE).format(name=name)})
        values["weight"] = float(data.get("weight", current["weight"]))
        if values["weight"] < 0:
            problems.append({"line": None, "message": translate(MSG_NOT_NEGATIVE).format(name="weight")})
    except (TypeError, ValueError):
        problems.append({"line": None, "message": translate(MSG_NUMBERS)})
    return values, problems
