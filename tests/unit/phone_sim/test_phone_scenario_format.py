"""The scenario format: shipped and documented scenarios parse; every authoring slip is reported."""

import re
from pathlib import Path

import pytest

from xblocks.phone_sim.scenario import ScenarioError, normalise, parse_number, parse_scenario

from .scenario_samples import MINI, SHIPPED, mutate

DOC = Path(__file__).resolve().parents[3] / "docs" / "authoring" / "phone_sim.md"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenarios_parse(path):
    scenario = parse_scenario(path.read_text(encoding="utf-8"), source=path.name)
    assert scenario.start in scenario.screens
    assert any(s.end == "success" for s in scenario.screens.values())
    assert scenario.skills


def test_three_catalogue_scenarios_are_shipped():
    assert {p.stem for p in SHIPPED} >= {"s3_vneid_level2", "s6_vietqr", "s8_fake_police_call"}


def test_worked_example_in_the_authoring_guide_parses():
    blocks = re.findall(r"```xml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    example = parse_scenario(blocks[-1])
    assert example.id == "demo_transfer_call"
    assert {s.end for s in example.screens.values()} == {None, "success", "failure"}


def test_model_carries_steps_hints_and_rules():
    scenario = parse_scenario(MINI)
    home = scenario.screens["home"]
    assert home.step.hints == ("h1", "h2", "h3")
    assert home.step.expected.target == "go"
    assert [r.correct for r in home.step.rules] == [True, False, False]
    assert scenario.screens["call"].target("ring.accept") is not None
    assert scenario.skills == ("VN:2", "DC:2.6")


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text)
    return [str(p) for p in caught.value.problems]


def assert_reports(text: str, *fragments: str) -> str:
    problems = problems_of(text)
    joined = "\n".join(problems)
    for fragment in fragments:
        assert fragment in joined, f"{fragment!r} not in:\n{joined}"
    return joined


def test_unreachable_screen_is_reported_with_its_line():
    text = MINI.replace("</scenario>", '<screen id="orphan" end="success"><text>x</text></screen>\n</scenario>')
    line = text.splitlines().index('<screen id="orphan" end="success"><text>x</text></screen>') + 1
    assert_reports(text, f"line {line}, screen 'orphan': unreachable")


def test_dead_end_without_end_state():
    assert_reports(mutate('<screen id="done" end="success">', '<screen id="done">'),
                   "screen 'done': dead end", "no screen with end='success' can be reached")


def test_loop_without_exit_is_reported():
    text = mutate('<expect widget="back" action="tap" goto="home"/>',
                  '<expect widget="back" action="tap" goto="consequence"/>')
    assert_reports(text, "screen 'consequence': no end state can be reached")


def test_unknown_widget_and_unknown_attribute():
    text = mutate('<button id="bad" label="Sai"/>', '<buton id="bad" label="Sai"/>')
    text = mutate('<status-bar time="09:00"/>', '<status-bar time="09:00" colour="red"/>', text)
    joined = assert_reports(text, "unknown widget <buton>", "unknown attribute 'colour'")
    assert "refers to widget 'bad', which is not on this screen" in joined


def test_duplicate_ids_of_screens_widgets_apps_and_steps():
    text = mutate('<button id="bad" label="Sai"/>', '<button id="go" label="Sai"/>')
    text = mutate('<app id="bank" name="Ngân hàng Sen Vàng"/>',
                  '<app id="bank" name="Ngân hàng Sen Vàng"/><app id="bank" name="Khác"/>', text)
    text = mutate('<screen id="lost" end="failure">', '<screen id="done" end="failure">', text)
    text = mutate('<step task="Nhập PIN" points="1">', '<step id="home" task="Nhập PIN" points="1">', text)
    assert_reports(text, "duplicate widget id 'go'", "duplicate app id 'bank'", "duplicate screen id 'done'",
                   "duplicate step id 'home'")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('check="exact" value="1234"', 'check="exact"', "check='exact' needs a value"),
    ('check="range" min="40000" max="50000"', 'check="range" min="50000" max="40000"', "min 50000 above max 40000"),
    ('check="range" min="40000" max="50000"', 'check="range" min="nhiều" max="50000"', "needs numeric min"),
    ('check="pattern" value="\\d+"', 'check="pattern" value="(\\d+"', "not a valid regular expression"),
    ('check="exact" value="1234"', 'check="similar" value="1234"', "check 'similar' is not one of"),
    ('<expect widget="go" action="tap"', '<expect widget="go" action="tap" check="exact" value="x"',
     "only applies to action='type'"),
    ('<expect widget="go" action="tap"', '<expect widget="go" action="type"', "a button does not take 'type'"),
    ('<expect widget="go" action="tap"', '<expect widget="go" action="poke"', "action 'poke' is not one of"),
    ('direction="down"', 'direction="sideways"', "direction='sideways'"),
    ('goto="form"', 'goto="fomr"', "goto='fomr' names no screen"),
    ('<expect widget="pad" action="type" check="exact" value="1234" goto="amount"/>', "",
     "needs at least one <expect>"),
    ('<hint>1234</hint>', "", "needs at least one <hint>"),
    ('<hint>h1</hint>', "<hint>h0</hint><hint>h1</hint>", "the most is 3"),
    ('points="1">\n      <hint>h1', 'points="-1">\n      <hint>h1', "points='-1' must be a number of 0 or more"),
    ('skills="VN:2 DC:2.6"', 'skills="VN:2 DigComp-2.6"', "skill tag 'DigComp-2.6'"),
    ('start="home"', 'start="begin"', "start='begin' names no screen"),
    ('<incoming-call id="ring" caller="Số lạ"/>', '<incoming-call caller="Số lạ"/>', "needs an id so its parts"),
    ('<button id="bad" label="Sai"/>', '<button id="bad"/>', "<button> needs the attribute 'label'"),
    ('<screen id="lost" end="failure">', '<screen id="lost" end="maybe">', "end='maybe' must be"),
    ('<text>Hậu quả</text>', '<text>Hậu quả <b>đậm</b></text>', "<text> takes text only"),
    ('<app id="bank" name="Ngân hàng Sen Vàng"/>', '<app id="bank" name="Vietcombank"/>',
     "'Vietcombank' is a real commercial brand"),
    ('<screen id="home" app="bank">', '<screen id="home" app="wallet">', "app 'wallet' is not declared"),
    ('<screen id="lost" end="failure"><text>Mất tiền</text>',
     '<screen id="lost" end="failure"><text>Mất tiền</text><step task="x"><hint>h</hint></step>',
     "an end screen (end='failure') cannot have a <step>"),
])
def test_each_authoring_slip_is_reported(old, new, expected):
    assert_reports(mutate(old, new), expected)


def test_every_problem_is_reported_in_one_message():
    text = mutate('<buton', '<buton', mutate('<button id="bad"', '<buton id="bad"'))
    text = mutate('goto="form"', 'goto="nowhere"', text)
    text = mutate('check="exact" value="1234"', 'check="exact"', text)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text)
    message = str(caught.value)
    assert message.startswith(f"The scenario has {len(caught.value.problems)} problems:")
    for fragment in ("unknown widget <buton>", "goto='nowhere'", "needs a value", "unreachable"):
        assert fragment in message
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines) and all(lines)


def test_xml_syntax_error_and_doctype_are_problems_not_crashes():
    assert_reports("<scenario id='x'><screen></scenario>", "line 1", "not well formed")
    assert_reports('<!DOCTYPE s [<!ENTITY e "x">]><scenario/>', "DOCTYPE")
    assert_reports("<phone>no</phone>", "root element must be <scenario>")


def test_empty_scenario_lists_missing_required_parts():
    assert_reports("<scenario/>", "needs the attribute 'id'", "needs the attribute 'start'",
                   "needs at least one <screen>")


@pytest.mark.parametrize(("typed", "expected", "same"), [
    ("0912 000 123", "0912000123", True),
    ("0912-000-123", "0912000123", True),
    ("nguyen van an", "Nguyễn Văn An", True),
    ("ĐÀ NẴNG", "da nang", True),
    ("Nguyễn Văn Anh", "Nguyễn Văn An", False),
])
def test_normalised_ignores_case_accents_and_separators(typed, expected, same):
    assert (normalise(typed) == normalise(expected)) is same


@pytest.mark.parametrize(("text", "number"), [
    ("45.000", 45000), ("45000 đ", 45000), ("45.000₫", 45000), ("1.250.000 VND", 1250000),
    ("1,5", 1.5), ("-3", -3), ("abc", None), ("", None), ("4.5.6", None),
])
def test_numbers_are_read_the_vietnamese_way(text, number):
    assert parse_number(text) == number
