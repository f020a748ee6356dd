"""Test mode never shows the answer key, and forged requests cannot change the grade."""

import json

import pytest

from tests.conftest import page_data
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
    assert_no_secrets({"html": frag.content, "init": page_data(frag)}, scenario)
    assets = _package_text("public", "phone_sim.js") + _package_text("public", "phone_sim.css")
    for secret in secrets_of(scenario):  # shipped JS/CSS are static: no scenario text in them
        assert len(secret) < 12 or secret not in assets, secret
    status, body = json_request(block, "start", {"mode": "test", "confirmed": True})
    assert status == 200
    assert_no_secrets(body, scenario)
    assert_no_secrets(json_request(block, "state", {})[1], scenario)


def test_handler_answers_after_each_action_never_reveal_the_next_step(scenario_block, json_request):
    block, scenario = scenario_block
    _, body = json_request(block, "start", {"mode": "test", "confirmed": True})
    for _ in range(4):  # wrong taps on every control of the first screen, then look at each answer
        start = scenario.screens[scenario.start]
        for target in start.targets:
            widget = opaque_id(start, target.key, block.sim_state["nonce"])
            status, body = json_request(block, "act", {"seq": body["seq"], "widget": widget, "action": "tap"})
            if status != 200 or body["status"] != "active":
                return
            assert body["hint"] is None and "frames" not in body
            text = json.dumps(body, ensure_ascii=False)
            assert '"goto"' not in text and '"highlight"' not in text


def test_replayed_sequence_number_gets_the_first_reply_and_changes_nothing(make_block, json_request):
    """A retry after a lost reply (or a replay) is answered as the first time; it is never processed again."""
    block = make_block(PhoneSimBlock, content={"scenario_xml": SHIPPED[0].read_text(encoding="utf-8")},
                       settings={"modes": "test"})
    scenario = parse_scenario(block.scenario_xml)
    json_request(block, "start", {"mode": "test", "confirmed": True})
    first = scenario.screens[scenario.start]
    right = opaque_id(first, first.step.expected.target, block.sim_state["nonce"])
    status, first_reply = json_request(block, "act", {"seq": 0, "widget": right,
                                                      "action": first.step.expected.action,
                                                      "value": first.step.expected.demo_value})
    assert status == 200 and first_reply["seq"] == 1
    before = dict(block.sim_state)
    status, body = json_request(block, "act", {"seq": 0, "widget": right, "action": "tap"})
    assert status == 200 and body == first_reply
    assert block.sim_state == before


def test_control_ids_differ_between_attempts_so_watch_mode_is_no_answer_key(make_block, json_request):
    block = make_block(PhoneSimBlock, content={"scenario_xml": SHIPPED[0].read_text(encoding="utf-8")},
                       settings={"modes": "watch test", "max_attempts": 0})
    _, watch = json_request(block, "start", {"mode": "watch"})
    shown = watch["frames"][0]["do"]["target"]
    _, test = json_request(block, "start", {"mode": "test", "confirmed": True})

    def ids(widgets):
        for widget in widgets:
            yield from ([widget["id"]] if "id" in widget else [])
            yield from (widget.get("parts") or {}).values()
            yield from ids(widget.get("children", ()))

    test_ids = set(ids(test["screen"]["widgets"]))
    assert shown not in test_ids and test_ids
    status, _body = json_request(block, "act", {"seq": 0, "widget": shown, "action": "tap"})
    assert status == 400 and block.sim_state["seq"] == 0  # the demonstrated id is not on the test's screen


def test_forged_score_grade_and_skipped_steps_cannot_change_the_grade(make_block, json_request):
    text = next(p for p in SHIPPED if "s8" in p.stem).read_text(encoding="utf-8")
    block = make_block(PhoneSimBlock, content={"scenario_xml": text}, settings={"modes": "test", "max_errors": 5})
    scenario = parse_scenario(text)
    json_request(block, "start", {"mode": "test", "confirmed": True})
    # Skipping ahead: the success end's "report" control does not exist on the first screen.
    last = scenario.screens["warrant-sms"]
    forged = {"seq": 0, "widget": opaque_id(last, "report", block.sim_state["nonce"]), "action": "tap",
              "score": 1.0, "grade": 1,
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
    json_request(block, "start", {"mode": "test", "confirmed": True})
    for seq in range(3):
        _, body = json_request(block, "act", {"seq": seq, "widget": "w0", "action": "long-press"})
        if body.get("status") != "active":
            break
        assert body["hint"] is None
