"""The engine: every action and check kind, branching, hints, scoring, refusals and robustness."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from xblocks.phone_sim import engine
from xblocks.phone_sim.engine import Action, SimState
from xblocks.phone_sim.scenario import load_scenario, parse_scenario
from xblocks.phone_sim.view_model import opaque_id, public_screen, walkthrough

from .scenario_samples import MINI, SHIPPED

SCENARIO = parse_scenario(MINI)


def w(screen: str, key: str) -> str:
    return opaque_id(SCENARIO.screens[screen], key)


def do(state, screen, key, kind="tap", value=None):
    return engine.act(SCENARIO, state, Action(state.seq, w(screen, key), kind, value))


def walk_right(mode="test", max_errors=None):
    state = engine.start(SCENARIO, mode, max_errors)
    for screen, key, kind, value in RIGHT_PATH:
        outcome = do(state, screen, key, kind, value)
        assert outcome.accepted and outcome.feedback.kind == "ok", (screen, outcome)
        state = outcome.state
    return outcome


RIGHT_PATH = [
    ("home", "go", "tap", None),
    ("form", "name", "type", "nguyen van an"),
    ("pin", "pad", "type", "1234"),
    ("amount", "money", "type", "45.000"),
    ("lock", "msg", "long-press", None),
    ("swipe", "top", "swipe", "down"),
    ("call", "ring.decline", "tap", None),
]


def test_right_path_covers_every_action_and_check_and_scores_full():
    outcome = walk_right()
    assert outcome.state.status == engine.SUCCESS
    assert outcome.score == 1.0
    assert outcome.state.errors == 0


def test_tap_moves_on_with_author_feedback():
    outcome = do(engine.start(SCENARIO, "practice"), "home", "go")
    assert outcome.state.screen == "form" and outcome.feedback.text == "Tốt." and outcome.state.seq == 1


def test_recognised_mistake_stays_with_its_feedback_and_unknown_gets_generic():
    state = engine.start(SCENARIO, "practice")
    outcome = do(state, "home", "bad")
    assert (outcome.state.screen, outcome.feedback.kind, outcome.feedback.text) == ("home", "miss",
                                                                                 "Không phải nút này.")
    moved = do(outcome.state, "home", "go")
    state = moved.state
    generic = do(state, "form", "name", "type", "Trần Thị B")
    assert generic.feedback.text == "" and generic.feedback.message == engine.MSG_MISS_PRACTICE


def test_value_checks_exact_normalised_pattern_range():
    state = do(engine.start(SCENARIO, "practice"), "home", "go").state
    assert do(state, "form", "name", "type", "12345").feedback.text == "Tên không phải số."  # pattern first
    assert do(state, "form", "name", "type", "NGUYỄN  VĂN AN ").state.screen == "pin"  # normalised
    state = do(state, "form", "name", "type", "Nguyễn Văn An").state
    assert do(state, "pin", "pad", "type", "12345").state.screen == "pin"  # exact: no
    state = do(state, "pin", "pad", "type", "1234").state
    assert do(state, "amount", "money", "type", "60000").state.screen == "amount"  # range: out
    assert do(state, "amount", "money", "type", "not a number").state.screen == "amount"
    assert do(state, "amount", "money", "type", "40000").state.screen == "lock"  # inclusive bound


def test_long_press_counts_as_tap_unless_long_press_is_expected():
    state = engine.start(SCENARIO, "practice")
    assert do(state, "home", "go", "long-press").state.screen == "form"  # only tap expected: a long tap
    state = engine.start(SCENARIO, "practice")
    for screen, key, kind, value in RIGHT_PATH[:4]:
        state = do(state, screen, key, kind, value).state
    tapped = do(state, "lock", "msg", "tap")
    assert tapped.state.screen == "lock" and tapped.feedback.text == "Hãy chạm và giữ lâu."


def test_swipe_and_scroll_directions():
    state = engine.start(SCENARIO, "practice")
    for screen, key, kind, value in RIGHT_PATH[:5]:
        state = do(state, screen, key, kind, value).state
    assert do(state, "swipe", "top", "swipe", "up").state.screen == "swipe"
    assert do(state, "swipe", "chat", "scroll", "up").feedback.text == "Ngược chiều."
    assert do(state, "swipe", "top", "swipe", "down").state.screen == "call"


def test_branch_plays_consequence_then_returns_and_costs_the_step_in_test_mode():
    state = engine.start(SCENARIO, "test")
    branched = do(state, "home", "trap")
    assert branched.state.screen == "consequence" and branched.feedback.kind == "miss"
    state = do(branched.state, "consequence", "back").state
    assert state.screen == "home"
    for screen, key, kind, value in RIGHT_PATH:
        state = do(state, screen, key, kind, value).state
    assert state.status == engine.SUCCESS
    # 7 scored steps met (consequence has 0 points); "home" was missed first: 6/7.
    assert engine.score(SCENARIO, state) == 6 / 7


def test_wrong_branch_to_failure_end_scores_zero():
    state = engine.start(SCENARIO, "test")
    for screen, key, kind, value in RIGHT_PATH[:-1]:
        state = do(state, screen, key, kind, value).state
    outcome = do(state, "call", "ring.accept")
    assert outcome.state.status == engine.FAILURE and outcome.score == 0.0


def test_pass_fail_rule_ignores_step_points():
    pass_fail = parse_scenario(MINI.replace('start="home"', 'start="home" scoring="pass-fail"'))
    state = engine.start(pass_fail, "test", max_errors=3)
    state = engine.act(pass_fail, state, Action(0, "w1", "tap")).state  # "bad": one miss
    for screen, key, kind, value in RIGHT_PATH:
        target = opaque_id(pass_fail.screens[screen], key)
        state = engine.act(pass_fail, state, Action(state.seq, target, kind, value)).state
    assert state.status == engine.SUCCESS and engine.score(pass_fail, state) == 1.0


def test_test_mode_error_limit_ends_the_attempt():
    state = engine.start(SCENARIO, "test", max_errors=2)
    for _ in range(2):
        state = do(state, "home", "bad").state
        assert not state.finished
    outcome = do(state, "home", "bad")
    assert outcome.state.status == engine.FAILURE and outcome.score == 0.0
    assert outcome.feedback.message == engine.MSG_TOO_MANY_ERRORS
    assert outcome.hint is None


def test_hints_escalate_in_practice_and_never_appear_in_test():
    state = engine.start(SCENARIO, "practice")
    hints = []
    for _ in range(4):
        outcome = do(state, "home", "bad")
        state = outcome.state
        hints.append(outcome.hint)
    assert [h.level for h in hints] == [1, 2, 3, 3]
    assert [h.text for h in hints] == ["h1", "h2", "h3", "h3"]
    assert hints[0].highlight is None and hints[1].highlight == w("home", "go")
    assert hints[2].demo == {"target": w("home", "go"), "action": "tap", "value": None}
    after = do(state, "home", "go")
    assert after.hint is None and after.state.misses == 0  # escalation restarts on the next step
    test_state = engine.start(SCENARIO, "test")
    for _ in range(3):
        outcome = do(test_state, "home", "bad")
        test_state = outcome.state
        assert outcome.hint is None
    assert engine.hint_for(SCENARIO, test_state) is None


def test_show_me_demonstrates_the_value_to_type():
    state = do(engine.start(SCENARIO, "practice"), "home", "go").state
    for _ in range(3):
        outcome = do(state, "form", "name", "type", "x")
        state = outcome.state
    assert outcome.hint.demo == {"target": w("form", "name"), "action": "type", "value": "Nguyễn Văn An"}


def test_practice_scores_full_even_after_misses():
    state = engine.start(SCENARIO, "practice")
    state = do(state, "home", "bad").state
    for screen, key, kind, value in RIGHT_PATH:
        outcome = do(state, screen, key, kind, value)
        state = outcome.state
    assert outcome.score == 1.0


def test_refusals_leave_the_state_unchanged():
    state = do(engine.start(SCENARIO, "test"), "home", "go").state
    stale = engine.act(SCENARIO, state, Action(0, w("form", "name"), "type", "Nguyễn Văn An"))
    assert not stale.accepted and stale.state == state and stale.feedback.message == engine.MSG_STALE
    future = engine.act(SCENARIO, state, Action(5, w("form", "name"), "type", "Nguyễn Văn An"))
    assert not future.accepted and future.state == state
    skipped = engine.act(SCENARIO, state, Action(1, "w99", "tap"))
    assert not skipped.accepted and skipped.state == state
    forged = engine.act(SCENARIO, state, Action(1, w("form", "name"), "grade", "1"))
    assert not forged.accepted and forged.state == state
    watch = engine.start(SCENARIO, "watch")
    assert not engine.act(SCENARIO, watch, Action(0, "w0", "tap")).accepted
    done = walk_right().state
    assert not engine.act(SCENARIO, done, Action(done.seq, "w0", "tap")).accepted


def test_state_round_trips_through_json_and_survives_scenario_edits():
    state = do(do(engine.start(SCENARIO, "test", 3), "home", "trap").state, "consequence", "back").state
    data = json.loads(json.dumps(state.to_dict()))
    assert SimState.from_dict(data, SCENARIO) == state
    assert SimState.from_dict({**data, "screen": "deleted"}, SCENARIO) is None
    assert SimState.from_dict({"mode": "test"}, SCENARIO) is None


def test_engine_is_deterministic():
    results = {json.dumps(walk_right().state.to_dict()) for _ in range(3)}
    assert len(results) == 1


def test_typed_values_are_not_kept_in_state():
    state = do(engine.start(SCENARIO, "test"), "home", "go").state
    state = do(state, "form", "name", "type", "Nguyễn Văn An").state
    state = do(state, "pin", "pad", "type", "1234").state
    stored = json.dumps(state.to_dict(), ensure_ascii=False)
    assert "1234" not in stored and "Nguyễn" not in stored


def test_public_screens_hold_no_rules_no_author_ids_no_expected_values():
    for path in SHIPPED:
        scenario = load_scenario(path.read_text(encoding="utf-8"))
        for screen in scenario.screens.values():
            model = json.dumps(public_screen(scenario, screen.id), ensure_ascii=False)
            for forbidden in ('"goto"', '"feedback"', '"check"', '"expect"', "hint"):
                assert forbidden not in model
            if screen.step:
                for rule in screen.step.rules:
                    assert f'"id": "{rule.target}"' not in model and rule.target not in model.replace(
                        f'"type": "{rule.target}"', '')
                    shown = json.dumps([(w.attrs, w.text) for w in screen.widgets], ensure_ascii=False)
                    if rule.value and rule.check in ("exact", "pattern") and rule.value not in shown:
                        assert rule.value not in model  # only what the author put on screen


def test_walkthrough_follows_the_first_expected_path_to_success():
    for path in SHIPPED:
        scenario = load_scenario(path.read_text(encoding="utf-8"))
        frames = walkthrough(scenario)
        assert frames[-1]["screen"]["end"] == "success"
        assert all(frame["do"] for frame in frames[:-1])


ACTION_KINDS = st.sampled_from(["tap", "long-press", "type", "swipe", "scroll", "grade", ""])
VALUES = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["1234", "45000", "up", "down",
                                                                      "Nguyễn Văn An", "nguyen van an"]))
ACTIONS = st.lists(st.tuples(st.integers(-1, 12), st.integers(-2, 3), ACTION_KINDS, VALUES), max_size=60)
ALL_SCENARIOS = [SCENARIO, *(load_scenario(p.read_text(encoding="utf-8")) for p in SHIPPED)]


@settings(max_examples=300, deadline=None)
@given(scenario_index=st.integers(0, len(ALL_SCENARIOS) - 1), mode=st.sampled_from(engine.MODES),
       max_errors=st.one_of(st.none(), st.integers(0, 5)), actions=ACTIONS)
def test_no_action_sequence_crashes_or_leaves_score_bounds(scenario_index, mode, max_errors, actions):
    scenario = ALL_SCENARIOS[scenario_index]
    state = engine.start(scenario, mode, max_errors)
    published = 0
    for target, seq_offset, kind, value in actions:
        outcome = engine.act(scenario, state, Action(state.seq + seq_offset, f"w{target}", kind, value))
        if not outcome.accepted:
            assert outcome.state == state
        if outcome.score is not None:
            published += 1
            assert 0.0 <= outcome.score <= 1.0
            assert outcome.state.finished
        assert 0.0 <= engine.score(scenario, outcome.state) <= 1.0
        assert outcome.state.screen in scenario.screens
        assert SimState.from_dict(json.loads(json.dumps(outcome.state.to_dict())), scenario) == outcome.state
        if mode == "test":
            assert outcome.hint is None
        state = outcome.state
    assert published <= 1
