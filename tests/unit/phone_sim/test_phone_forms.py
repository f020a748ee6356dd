"""Forms on the phone: fields kept across screens, checked at a submit that names the wrong field, shown
on later screens as plain text, never an answer key in the page, and every authoring slip reported by line."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import page_data
from xblocks.common.xml import parse_xml
from xblocks.phone_sim import PhoneSimBlock, engine
from xblocks.phone_sim.engine import Action, SimState
from xblocks.phone_sim.forms import merge_values, value_matches
from xblocks.phone_sim.scenario import ScenarioError, parse_scenario, scenario_element_text
from xblocks.phone_sim.view_model import opaque_id, page_view, walkthrough

from .scenario_samples import FORM

SCENARIO = parse_scenario(FORM)
RIGHT_PAGE1 = {"purpose": "Xin việc làm", "copies": "2", "code": "100000"}


def act(state, screen, key, kind="tap", fields=None, scenario=SCENARIO):
    target = opaque_id(scenario.screens[screen], key, state.nonce)
    return engine.act(scenario, state, Action(state.seq, target, kind, None, fields))


def view(state, outcome=None):
    return page_view(SCENARIO, state, attempts_left=1, best=None, test_paused=False, outcome=outcome)


def fields_of(page: dict, widget_type: str = "form") -> dict:
    form = next(w for w in page["screen"]["widgets"] if w["type"] == widget_type)
    return {field["name"]: field["value"] for field in form["children"] if field["type"] == "field"}


# Parsing -------------------------------------------------------------------------------------------
def test_fields_are_one_value_per_name_across_the_scenario():
    assert list(SCENARIO.fields) == ["who", "purpose", "copies", "code", "delivery", "address"]
    assert SCENARIO.fields["delivery"].options == ("Tại cơ quan", "Qua bưu điện")
    assert SCENARIO.fields["who"].readonly and SCENARIO.fields["who"].value == "Nguyễn Văn An (MÔ PHỎNG)"
    assert SCENARIO.screens["page1"].editable == {"purpose", "copies", "code"}
    assert SCENARIO.screens["review"].uses_values and not SCENARIO.screens["done"].step


def mutate(old: str, new: str) -> str:
    assert old in FORM, old
    return FORM.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('<field name="purpose" check="required"', '<field name="purpos" check="required"',
     "<field name='purpos'> is not a field of form 'f1' (its fields: code, copies, purpose, who)"),
    ('<field name="copies" check="range" min="2" max="2"/>', '<field name="who" check="required" show="x"/>',
     "field 'who' is read-only"),
    ('kind="choice" options="Tại cơ quan | Qua bưu điện"', 'kind="choice"', "a choice field needs options"),
    ('value="Qua bưu điện"/>', 'value="Qua bưu chính"/>', "value='Qua bưu chính' is not one of its options"),
    ('{{purpose}}; số', '{{purpose}} {{fee}}; số', "{{fee}} names no form field"),
    ('check="required" show="Xin việc làm"', 'check="required"', "check='required' needs show='...'"),
    ('value="\\d{6}" show="100000"', 'value="\\d{6}" show="10"', "show='10' does not pass its own check"),
    ('<expect widget="f1" action="submit" goto="page2">', '<expect widget="f1" action="submit" check="required" '
     'goto="page2">', "a submit rule checks each field with a <field> child"),
    ('<field name="code" label="Mã bưu chính" kind="number"/>', '<field name="code" label="Mã" kind="numeric"/>',
     "field kind 'numeric' must be one of"),
    ('<field name="address" label="Địa chỉ nhận" value="Thôn Demo 1"/>',
     '<field name="address" label="Địa chỉ nhận" kind="number" value="Thôn Demo 1"/>', "must be a number"),
    ('<field name="address" label="Địa chỉ nhận" value="Thôn Demo 1"/>',
     '<field name="purpose" label="Mục đích" kind="number"/>', "field 'purpose' is a number here but a text"),
    ('<expect widget="send" action="tap" goto="done"/>',
     '<expect widget="send" action="tap" goto="done"><field name="purpose" check="required" show="x"/></expect>',
     "holds <field> checks only with action='submit' on a form"),
    ('<go widget="back" action="tap" goto="page1"/>', '<go widget="back" action="tap"/>',
     "<go> needs the attribute 'goto'"),
    ('readonly="true"/>', 'readonly="yes"/>', "<field readonly> must be 'true' or 'false'"),
])
def test_each_form_authoring_slip_is_reported_with_its_line(old, new, expected):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(mutate(old, new))
    found = [p for p in caught.value.problems if expected in str(p.message)]
    assert found, str(caught.value)
    assert all(p.line for p in found)


def test_the_line_named_is_the_line_of_the_slip():
    text = mutate('<field name="copies" check="range" min="2" max="2"/>',
                  '<field name="copies" check="pattern" value="(\\d+"/>')
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text)
    problem = next(p for p in caught.value.problems if "not a valid regular expression" in str(p.message))
    assert text.splitlines()[problem.line - 1].strip().startswith('<field name="copies" check="pattern"')


# Checks ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("check", "expected", "low", "high", "entry", "ok"), [
    ("required", None, None, None, "  ", False),
    ("required", None, None, None, "x", True),
    ("number", None, None, None, "2,5", True),
    ("number", None, None, None, "hai", False),
    ("range", None, 2, 2, "2", True),
    ("range", None, 2, 2, "2.000", False),  # '.' groups thousands: 2000
    ("range", None, 1000, 5000, "2.000 đ", True),
    ("exact", "Qua bưu điện", None, None, "Qua bưu điện", True),
    ("normalised", "Thôn Demo 1", None, None, "thon demo 1", True),
    ("pattern", "(a|aa)+", None, None, "a" * 190 + "b", False),  # RE2: linear time, no stall
])
def test_value_checks(check, expected, low, high, entry, ok):
    assert value_matches(check, expected, low, high, entry) is ok


def test_only_editable_fields_are_taken_and_cut_to_length():
    kept = merge_values((("purpose", "cũ"),), {"purpose", "copies"},
                        {"purpose": "x" * 500, "copies": 3, "who": "Kẻ gian", "code": ["list"]})
    assert kept == (("copies", "3"), ("purpose", "x" * 200))


# Engine ----------------------------------------------------------------------------------------------
def test_a_submit_with_wrong_fields_names_each_and_keeps_what_was_typed():
    state = engine.start(SCENARIO, "test", max_errors=3)
    outcome = act(state, "page1", "f1", "submit", {"purpose": "", "copies": "3", "code": "100000"})
    assert outcome.accepted and outcome.feedback.kind == "miss" and outcome.state.screen == "page1"
    assert [(p.name, p.label) for p in outcome.feedback.fields] == [("purpose", "Mục đích"),
                                                                     ("copies", "Số lượng phiếu")]
    page = view(outcome.state, outcome)
    assert page["feedback"]["text"] == "Not quite. Check: «Mục đích», «Số lượng phiếu»."
    assert page["feedback"]["fields"] == [
        {"name": "purpose", "label": "Mục đích", "text": "Hãy ghi mục đích."},
        {"name": "copies", "label": "Số lượng phiếu", "text": "This entry is not right yet."}]
    assert fields_of(page)["copies"] == "3" and fields_of(page)["code"] == "100000"
    assert outcome.state.errors == 1


def test_values_are_kept_across_screens_and_back_and_shown_on_the_summary():
    state = engine.start(SCENARIO, "test", max_errors=3)
    state = act(state, "page1", "f1", "submit", RIGHT_PAGE1).state
    assert state.screen == "page2"
    back = act(state, "page2", "back", "tap", {"delivery": "Qua bưu điện", "address": "Thôn Demo 2"})
    assert back.feedback.kind == "move" and back.state.screen == "page1" and back.state.errors == 0
    assert fields_of(view(back.state)) == {"who": "Nguyễn Văn An (MÔ PHỎNG)", **RIGHT_PAGE1}
    state = act(back.state, "page1", "f1", "submit", {}).state  # nothing changed: the kept values pass
    assert fields_of(view(state)) == {"delivery": "Qua bưu điện", "address": "Thôn Demo 2"}
    state = act(state, "page2", "f2", "submit", {}).state
    summary = view(state)["screen"]["widgets"][0]["text"]
    assert summary == ("Mục đích: Xin việc làm; số phiếu: 2; nhận: Qua bưu điện tại Thôn Demo 2; "
                       "người: Nguyễn Văn An (MÔ PHỎNG)")
    done = act(state, "review", "send")
    assert done.state.status == engine.SUCCESS and done.score == 1.0


def test_values_stay_plain_text_and_are_filled_in_one_pass():
    state = engine.start(SCENARIO, "practice")
    typed = {**RIGHT_PAGE1, "purpose": "<img src=x onerror=alert(1)> {{who}}"}
    state = act(state, "page1", "f1", "submit", typed).state
    state = act(state, "page2", "f2", "submit", {"delivery": "Tại cơ quan", "address": ""}).state
    text = view(state)["screen"]["widgets"][0]["text"]
    assert text.startswith("Mục đích: <img src=x onerror=alert(1)> {{who}}; số phiếu: 2; nhận: Tại cơ quan tại —")


def test_a_read_only_field_keeps_the_authors_value_whatever_the_browser_sends():
    state = engine.start(SCENARIO, "practice")
    state = act(state, "page1", "f1", "submit", {**RIGHT_PAGE1, "who": "Kẻ gian"}).state
    assert "who" not in dict(state.values)
    state = act(state, "page2", "f2", "submit", {"delivery": "Tại cơ quan"}).state
    assert view(state)["screen"]["widgets"][0]["text"].endswith("người: Nguyễn Văn An (MÔ PHỎNG)")


def test_the_second_expect_accepts_the_other_valid_choice():
    state = engine.start(SCENARIO, "test", max_errors=0)
    state = act(state, "page1", "f1", "submit", RIGHT_PAGE1).state
    outcome = act(state, "page2", "f2", "submit", {"delivery": "Tại cơ quan", "address": ""})
    assert outcome.feedback.kind == "ok" and outcome.state.screen == "review"


def test_the_nearest_expect_names_the_field_left_wrong():
    state = engine.start(SCENARIO, "practice")
    state = act(state, "page1", "f1", "submit", RIGHT_PAGE1).state
    outcome = act(state, "page2", "f2", "submit", {"delivery": "Qua bưu điện", "address": "  "})
    assert [p.name for p in outcome.feedback.fields] == ["address"]
    assert outcome.feedback.fields[0].message == engine.MSG_FIELD_REQUIRED


def test_going_back_after_a_miss_does_not_wipe_the_miss():
    state = engine.start(SCENARIO, "test", max_errors=3)
    state = act(state, "page1", "f1", "submit", RIGHT_PAGE1).state
    state = act(state, "page2", "f2", "submit", {"address": ""}).state  # a miss on page 2
    state = act(state, "page2", "back", "tap").state
    state = act(state, "page1", "f1", "submit", {}).state
    state = act(state, "page2", "f2", "submit", {"delivery": "Qua bưu điện", "address": "Thôn Demo 1"}).state
    done = act(state, "review", "send")
    assert done.state.status == engine.SUCCESS and done.score == pytest.approx(3 / 4)


def test_state_with_values_round_trips_through_json_and_drops_unknown_fields():
    state = engine.start(SCENARIO, "test", max_errors=3, nonce="n")
    state = act(state, "page1", "f1", "submit", RIGHT_PAGE1).state
    stored = json.loads(json.dumps(state.to_dict()))
    assert stored["values"] == RIGHT_PAGE1
    assert SimState.from_dict(stored, SCENARIO) == state
    stored["values"]["gone"] = "x"
    assert SimState.from_dict(stored, SCENARIO).values == state.values


def test_show_me_fills_the_form_and_the_page_never_carries_expected_values():
    state = engine.start(SCENARIO, "practice")
    pages = []
    for _ in range(3):
        outcome = act(state, "page1", "f1", "submit", {"purpose": "", "copies": "1", "code": ""})
        state = outcome.state
        pages.append(json.dumps(view(state, outcome), ensure_ascii=False))
    hint = outcome.hint
    assert hint.level == 3 and hint.demo["action"] == "submit"
    assert hint.demo["fields"] == {"purpose": "Xin việc làm", "copies": "2", "code": "100000"}
    test_page = json.dumps(view(engine.start(SCENARIO, "test", 3)), ensure_ascii=False)
    for secret in ("Xin việc làm", "100000", "\\\\d{6}", "range", "required", "Hãy ghi mục đích"):
        assert secret not in test_page
    for secret in ("Xin việc làm", "100000", "\\\\d{6}", "range", "required"):
        assert secret not in pages[0] and secret not in pages[1]  # "show me" (level 3) is the one reveal
    assert "Hãy ghi mục đích" in pages[0] and "\\\\d{6}" not in pages[2]


def test_watch_mode_shows_the_demonstrated_values_on_later_screens():
    frames = walkthrough(SCENARIO)
    assert frames[0]["do"]["fields"] == {"purpose": "Xin việc làm", "copies": "2", "code": "100000"}
    assert frames[2]["screen"]["widgets"][0]["text"].startswith("Mục đích: Xin việc làm; số phiếu: 2")


# Block -----------------------------------------------------------------------------------------------
@pytest.fixture
def block(make_block):
    return make_block(PhoneSimBlock, content={"scenario_xml": FORM}, settings={"modes": "practice test"})


def test_the_block_keeps_values_in_user_state_and_refuses_bad_fields(block, json_request):
    json_request(block, "start", {"mode": "practice"})
    form = opaque_id(SCENARIO.screens["page1"], "f1", block.sim_state["nonce"])
    status, body = json_request(block, "act", {"seq": 0, "widget": form, "action": "submit",
                                               "fields": {"purpose": "", "copies": "2", "code": "1"}})
    assert status == 200 and [f["name"] for f in body["feedback"]["fields"]] == ["purpose", "code"]
    assert body["feedback"]["text"] == "Chưa đúng. Xem lại: «Mục đích», «Mã bưu chính»."
    assert block.sim_state["values"] == {"purpose": "", "copies": "2", "code": "1"}
    for bad in (["purpose"], "purpose=x", {str(i): "x" for i in range(31)}):
        status, _ = json_request(block, "act", {"seq": 1, "widget": form, "action": "submit", "fields": bad})
        assert status == 400
    status, body = json_request(block, "act", {"seq": 1, "widget": form, "action": "submit", "fields": RIGHT_PAGE1})
    assert status == 200 and body["feedback"]["kind"] == "ok"


def test_course_s5_watch_mode_fills_the_form_and_shows_the_values_on_the_summary():
    path = Path(__file__).resolve().parents[3] / "course_content/phone_sim/s05_nop_ho_so_dich_vu_cong.xml"
    s5 = parse_scenario(scenario_element_text(parse_xml(path.read_bytes()).find(".//scenario")))
    frames = {frame["screen"]["title"]: frame for frame in walkthrough(s5)}
    assert frames["Tờ khai, bước 1 trên 2"]["do"]["fields"] == {"purpose": "Xin việc làm", "copies": "2"}
    summary = [w["text"] for w in frames["Xem lại tờ khai"]["screen"]["widgets"] if w["type"] == "text"]
    assert {"Mục đích: Xin việc làm", "Số lượng: 2 phiếu", "Cách nhận: Nhận qua bưu điện",
            "Địa chỉ: Thôn Demo 1, xã Demo (MÔ PHỎNG)"} <= set(summary)


def test_the_s5_page_in_a_test_carries_no_expected_value_nor_field_feedback(make_block, json_request):
    path = Path(__file__).resolve().parents[3] / "course_content/phone_sim/s05_nop_ho_so_dich_vu_cong.xml"
    text = scenario_element_text(parse_xml(path.read_bytes()).find(".//scenario"))
    s5 = parse_scenario(text)
    block = make_block(PhoneSimBlock, content={"scenario_xml": text}, settings={"modes": "test"})
    json_request(block, "start", {"mode": "test", "confirmed": True})
    for seq, (screen, key, kind, value) in enumerate([("home", "open-vneid", "tap", None),
                                                       ("login", "passcode-pad", "type", "275319"),
                                                       ("vneid-home", "procedures", "tap", None),
                                                       ("procedure-list", "proc-llp", "tap", None)]):
        target = opaque_id(s5.screens[screen], key, block.sim_state["nonce"])
        status, body = json_request(block, "act", {"seq": seq, "widget": target, "action": kind, "value": value})
        assert status == 200 and body["feedback"]["kind"] == "ok"
    page = json.dumps(page_data(block.student_view()), ensure_ascii=False)
    assert '"type": "form"' in page and "Mục đích sử dụng phiếu" in page
    # "Xin việc làm" is on the page only as the field's placeholder (an example the author shows; any purpose passes)
    assert page.count("Xin việc làm") == 1 and '"placeholder": "Ví dụ: Xin việc làm"' in page
    for secret in ("Hãy ghi mục đích", "Bạn cần 2 phiếu", "range", "required", "Nhận qua bưu điện thì cần"):
        assert secret not in page, secret


def test_a_neutral_back_is_published_as_a_move_not_a_mistake(block, json_request):
    json_request(block, "start", {"mode": "practice"})
    nonce = block.sim_state["nonce"]
    json_request(block, "act", {"seq": 0, "widget": opaque_id(SCENARIO.screens["page1"], "f1", nonce),
                                "action": "submit", "fields": RIGHT_PAGE1})
    status, body = json_request(block, "act", {"seq": 1, "widget": opaque_id(SCENARIO.screens["page2"], "back", nonce),
                                               "action": "tap", "fields": {"address": "Thôn Demo 3"}})
    assert status == 200 and body["feedback"] == {"kind": "move", "text": ""} and body["status"] == "active"
    steps = [call.args[2] for call in block.runtime.publish.call_args_list
             if call.args[1] == "hocvuso.phone_sim.step"]
    assert [(s["step"], s["result"]) for s in steps] == [("page1", "ok"), ("page2", "move")]
    assert block.sim_state["values"]["address"] == "Thôn Demo 3"


FIELD_VALUES = st.one_of(st.text(max_size=300), st.integers(), st.floats(allow_nan=True), st.none(), st.booleans(),
                         st.lists(st.text(max_size=3), max_size=2), st.sampled_from(["Qua bưu điện", "2", "100000"]))
SENT = st.one_of(st.none(), st.dictionaries(st.sampled_from(["purpose", "copies", "code", "who", "delivery",
                                                             "address", "x", ""]), FIELD_VALUES, max_size=8))


@settings(max_examples=200, deadline=None)
@given(mode=st.sampled_from(["practice", "test"]),
       steps=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["tap", "submit", "type"]), SENT), max_size=25))
def test_any_form_traffic_keeps_state_bounded_and_serialisable(mode, steps):
    state = engine.start(SCENARIO, mode, 5 if mode == "test" else None)
    for pick, kind, sent in steps:
        screen = SCENARIO.screens[state.screen]
        target = screen.targets[pick % len(screen.targets)].key if screen.targets else "none"
        outcome = act(state, state.screen, target, kind, sent) if screen.targets else None
        if outcome is None:
            break
        state = outcome.state
        values = dict(state.values)
        assert set(values) <= set(SCENARIO.fields) - {"who"}  # never a read-only field, never an unknown name
        assert all(isinstance(v, str) and len(v) <= 200 for v in values.values())
        assert SimState.from_dict(json.loads(json.dumps(state.to_dict())), SCENARIO) == state
        assert all(p.label for p in outcome.feedback.fields)
