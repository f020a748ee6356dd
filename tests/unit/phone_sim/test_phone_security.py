"""Test mode never shows the answer key, and forged requests cannot change the grade."""

import json

import pytest

from xblocks.phone_sim import PhoneSimBlock
from xblocks.phone_sim.block import _package_text
from xblocks.phone_sim.scenario import parse_scenario
from xblocks.phone_sim.view_model import opaque_id

from .scenario_samples import SHIPPED


def secrets_of(scenario):
    """Strings that would give the answer away: author target ids, feedback, checks, hints, goto."""
    found = set()
    for screen in scenario.screens.values():
        if not screen.step:
            continue
        shown = json.dumps([(w.attrs, w.text) for w in screen.widgets], ensure_ascii=False)
        for rule in screen.step.rules:
            found.add(f'"{rule.target}"')
            if rule.feedback:
                found.add(rule.feedback)
            if rule.value and rule.value not in shown:
                found.add(rule.value)
        found.update(hint for hint in screen.step.hints if hint not in shown)
    return found


@pytest.fixture(params=SHIPPED, ids=lambda p: p.stem)
def scenario_block(request, make_block):
    text = request.param.read_text(encoding="utf-8")
    block = make_block(PhoneSimBlock, content={"scenario_xml": text},
                       settings={"modes": "test", "max_errors": 50, "max_attempts": 0})
    return block, parse_scenario(text)


def _without_labels(payload):
    """The payload minus the UI label catalogue (whose keys include words like "hint")."""
    if isinstance(payload, dict):
        return {k: _without_labels(v) for k, v in payload.items() if k != "strings"}
    return payload


def assert_no_secrets(payload, scenario, before_acting=True):
    text = json.dumps(payload, ensure_ascii=False)
    structure = json.dumps(_without_labels(payload), ensure_ascii=False)
    for key in ('"goto"', '"expect"', '"rules"', '"frames"', '"check"', '"highlight"', '"demo"'):
        assert key not in structure
    assert '"hint": null' in structure or '"hint"' not in structure
    if before_acting:
        for secret in secrets_of(scenario):
            assert secret not in (structure if secret.startswith('"') else text), secret


def test_page_and_assets_hold_no_answer_key_in_test_mode(scenario_block, json_request):
    block, scenario = scenario_block
    frag = block.student_view()
    assert_no_secrets({"html": frag.content, "init": frag.json_init_args}, scenario)
    assets = _package_text("public", "phone_sim.js") + _package_text("public", "phone_sim.css")
    for secret in secrets_of(scenario):  # shipped JS/CSS are static: no scenario text in them
        assert len(secret) < 12 or secret not in assets, secret
    status, body = json_request(block, "start", {"mode": "test"})
    assert status == 200
    assert_no_secrets(body, scenario)
    assert_no_secrets(json_request(block, "state", {})[1], scenario)


def test_handler_answers_after_each_action_never_reveal_the_next_step(scenario_block, json_request):
    block, scenario = scenario_block
    _, body = json_request(block, "start", {"mode": "test"})
    for _ in range(4):  # wrong taps on every control of the first screen, then look at each answer
        for index in range(len(scenario.screens[scenario.start].targets)):
            status, body = json_request(block, "act", {"seq": body["seq"], "widget": f"w{index}", "action": "tap"})
            if status != 200 or body["status"] != "active":
                return
            assert body["hint"] is None and "frames" not in body
            text = json.dumps(body, ensure_ascii=False)
            assert '"goto"' not in text and '"highlight"' not in text


def test_replayed_sequence_number_is_refused_without_change(make_block, json_request):
    block = make_block(PhoneSimBlock, content={"scenario_xml": SHIPPED[0].read_text(encoding="utf-8")},
                       settings={"modes": "test"})
    scenario = parse_scenario(block.scenario_xml)
    json_request(block, "start", {"mode": "test"})
    first = scenario.screens[scenario.start]
    right = opaque_id(first, first.step.expected.target)
    status, body = json_request(block, "act", {"seq": 0, "widget": right, "action": first.step.expected.action,
                                               "value": first.step.expected.demo_value})
    assert status == 200 and body["seq"] == 1
    before = dict(block.sim_state)
    status, body = json_request(block, "act", {"seq": 0, "widget": right, "action": "tap"})
    assert status == 409 and "đã cũ" in body["error"]
    assert block.sim_state == before


def test_forged_score_grade_and_skipped_steps_cannot_change_the_grade(make_block, json_request):
    text = next(p for p in SHIPPED if "s8" in p.stem).read_text(encoding="utf-8")
    block = make_block(PhoneSimBlock, content={"scenario_xml": text}, settings={"modes": "test", "max_errors": 5})
    scenario = parse_scenario(text)
    json_request(block, "start", {"mode": "test"})
    # Skipping ahead: the success end's "report" control does not exist on the first screen.
    last = scenario.screens["warrant-sms"]
    forged = {"seq": 0, "widget": opaque_id(last, "report"), "action": "tap", "score": 1.0, "grade": 1,
              "value": None, "status": "success", "event_type": "grade", "max_value": 1}
    status, _body = json_request(block, "act", forged)
    assert status in (200, 400)
    assert block.sim_state["screen"] == "incoming" and block.sim_state["status"] == "active"
    for handler in ("publish_event", "grade", "submit", "set_score"):
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do: the handler must not exist
            json_request(block, handler, {"event_type": "grade", "value": 1, "max_value": 1})
    for payload in ({"mode": "test", "score": 1}, {"mode": "test", "grade": {"value": 1}}):
        json_request(block, "start", payload)
    published = [call.args[1] for call in block.runtime.publish.call_args_list]
    assert "grade" not in published and block.raw_earned is None


def test_watch_frames_and_hints_are_never_sent_in_test_mode(make_block, json_request):
    block = make_block(PhoneSimBlock, content={"scenario_xml": SHIPPED[0].read_text(encoding="utf-8")},
                       settings={"modes": "practice test"})
    status, body = json_request(block, "start", {"mode": "watch"})
    assert status == 400  # watch not offered: no walk-through either
    json_request(block, "start", {"mode": "test"})
    for seq in range(3):
        _, body = json_request(block, "act", {"seq": seq, "widget": "w0", "action": "long-press"})
        if body.get("status") != "active":
            break
        assert body["hint"] is None
