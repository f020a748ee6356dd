"""Scoring of every question type, including property tests that scores stay within [0, points]."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xblocks.quiz.normalise import normalise_text, parse_number, strip_diacritics
from xblocks.quiz.questions import parse_questions
from xblocks.quiz.scoring import (
    CORRECT,
    INCORRECT,
    PARTIAL,
    correct_response,
    distractor_id,
    point_in_region,
    score_response,
)

QUESTIONS = {
    q.id: q
    for q in parse_questions(
        """<questions>
  <question id="single" type="single" points="2">
    <prompt>p</prompt><choice id="a" feedback="A sai">A</choice>
    <choice id="b" correct="true" feedback="B đúng">B</choice>
  </question>
  <question id="multi" type="multiple" points="3">
    <prompt>p</prompt><choice id="a" correct="true">A</choice><choice id="b" correct="true">B</choice>
    <choice id="c">C</choice>
  </question>
  <question id="weights" type="multiple" scoring="weights" points="2">
    <prompt>p</prompt><choice id="a" correct="true">A</choice><choice id="b" correct="true">B</choice>
    <choice id="c">C</choice><choice id="d">D</choice>
  </question>
  <question id="explicit" type="multiple" scoring="weights">
    <prompt>p</prompt><choice id="a" correct="true" weight="0.75">A</choice>
    <choice id="b" correct="true" weight="0.25">B</choice><choice id="c" weight="-1">C</choice>
  </question>
  <question id="drop" type="dropdown"><prompt>p</prompt><choice id="x">X</choice>
    <choice id="y" correct="true">Y</choice></question>
  <question id="text" type="text" ignore_diacritics="true">
    <prompt>p</prompt><answer>Hà Nội</answer><answer regex="true">(tp\\.?|thành phố) hà nội</answer>
  </question>
  <question id="case" type="text" case_sensitive="true"><prompt>p</prompt><answer>VNeID</answer></question>
  <question id="num" type="number">
    <prompt>p</prompt><answer value="3.14" tolerance="0.01"/><answer value="200" tolerance="5%"/>
    <answer min="1000" max="2000"/>
  </question>
  <question id="order" type="ordering"><prompt>p</prompt>
    <item>A</item><item>B</item><item>C</item><item>D</item></question>
  <question id="order-pos" type="ordering" scoring="position"><prompt>p</prompt>
    <item>A</item><item>B</item><item>C</item><item>D</item></question>
  <question id="match" type="matching">
    <prompt>p</prompt><pair><left>L1</left><right>R1</right></pair><pair><left>L2</left><right>R2</right></pair>
    <pair><left>L3</left><right>R3</right></pair><pair><left>L4</left><right>R4</right></pair><distractor>R5</distractor>
  </question>
  <question id="match-all" type="matching" scoring="all_or_nothing">
    <prompt>p</prompt><pair><left>L1</left><right>R1</right></pair><pair><left>L2</left><right>R2</right></pair>
  </question>
  <question id="spot" type="hotspot">
    <prompt>p</prompt><image src="/static/x.png" alt="x" width="100" height="100"/>
    <region id="r" shape="rect" coords="10,10,20,20" correct="true"/>
    <region id="c" shape="circle" coords="80,20,10" feedback="Đây là nút khác"/>
    <region id="t" shape="polygon" coords="0,100,50,50,100,100" correct="true"/>
  </question>
</questions>"""
    )
}


def score(qid, response):
    outcome = score_response(QUESTIONS[qid], response)
    return outcome.earned, outcome.verdict


def test_single_choice_and_dropdown():
    assert score("single", "b") == (2, CORRECT)
    assert score("single", "a") == (0, INCORRECT)
    assert score("single", ["a", "b"]) == (0, INCORRECT)  # a forged double answer earns nothing
    assert score("drop", "y") == (1, CORRECT)
    assert score_response(QUESTIONS["single"], "a").feedback == ("A sai",)


def test_multiple_all_or_nothing():
    assert score("multi", ["b", "a"]) == (3, CORRECT)
    assert score("multi", ["a"]) == (0, INCORRECT)
    assert score("multi", ["a", "b", "c"]) == (0, INCORRECT)
    assert score("multi", []) == (0, INCORRECT)


def test_multiple_default_weights_make_ticking_everything_worthless():
    assert score("weights", ["a"]) == (1, PARTIAL)
    assert score("weights", ["a", "b"]) == (2, CORRECT)
    assert score("weights", ["a", "c"]) == (0, INCORRECT)
    assert score("weights", ["a", "b", "c", "d"]) == (0, INCORRECT)
    assert score("weights", ["c", "d"]) == (0, INCORRECT)  # floored, never negative
    assert score("weights", ["a", "a", "a"]) == (1, PARTIAL)  # repeats count once


def test_multiple_explicit_weights():
    assert score("explicit", ["a"]) == (0.75, PARTIAL)
    assert score("explicit", ["b", "c"]) == (0, INCORRECT)


def test_text_normalises_case_space_and_optionally_diacritics():
    for answer in ("Hà Nội", "  hà   nội ", "HA NOI", "ha noi", "TP. Hà Nội", "thanh pho ha noi"):
        assert score("text", answer) == (1, CORRECT), answer
    assert score("text", "Hải Phòng") == (0, INCORRECT)
    assert score("text", "xx tp ha noi") == (0, INCORRECT)  # regex is anchored
    assert score("case", "VNeID") == (1, CORRECT)
    assert score("case", "vneid") == (0, INCORRECT)


def test_numbers_with_tolerance_relative_range_and_vietnamese_decimal_comma():
    for typed in ("3.14", "3,14", "3.15", "3,13", "190", "210", " 2 1 0 ", "1.500", "1000", "1.234,5",
                  "1.500 đ"):
        # Vietnamese reading (xblocks/common/text.py): "1.500" is 1500, a dot grouping thousands
        assert score("num", typed)[0] == 1, typed
    assert score("num", "3.16") == (0, INCORRECT)
    assert score("num", "189.9") == (0, INCORRECT)
    assert score("num", "1.000.000") == (0, INCORRECT)
    assert score("num", "abc") == (0, INCORRECT)
    assert score("num", "nan") == (0, INCORRECT)


def test_ordering_all_or_nothing_and_by_position():
    assert score("order", ["1", "2", "3", "4"]) == (1, CORRECT)
    assert score("order", ["2", "1", "3", "4"]) == (0, INCORRECT)
    assert score("order-pos", ["2", "1", "3", "4"]) == (0.5, PARTIAL)
    assert score("order-pos", ["1", "2", "3"]) == (0, INCORRECT)  # not a permutation
    assert score("order-pos", ["1", "1", "3", "4"]) == (0, INCORRECT)


def test_matching_partial_and_all_or_nothing():
    assert score("match", {"p1": "p1", "p2": "p2", "p3": "p3", "p4": "p4"}) == (1, CORRECT)
    assert score("match", {"p1": "p1", "p2": "p3", "p3": "p2", "p4": distractor_id(0)}) == (0.25, PARTIAL)
    assert score("match-all", {"p1": "p1", "p2": "p1"}) == (0, INCORRECT)
    assert score("match", ["p1"]) == (0, INCORRECT)


def test_hotspot_regions():
    assert score("spot", {"x": 15, "y": 29}) == (1, CORRECT)
    assert score("spot", {"x": 50, "y": 90}) == (1, CORRECT)  # inside the triangle
    assert score("spot", [50, 40]) == (0, INCORRECT)
    outcome = score_response(QUESTIONS["spot"], {"x": 80, "y": 25})
    assert outcome.verdict == INCORRECT and outcome.feedback == ("Đây là nút khác",)
    assert score("spot", {"x": "inf", "y": 1}) == (0, INCORRECT)


def test_point_in_region_shapes():
    assert point_in_region("rect", (0, 0, 10, 5), 10, 5)
    assert not point_in_region("rect", (0, 0, 10, 5), 10.1, 5)
    assert point_in_region("circle", (0, 0, 5), 3, 4)
    assert not point_in_region("circle", (0, 0, 5), 4, 4)
    assert point_in_region("polygon", (0, 0, 10, 0, 10, 10, 0, 10), 5, 5)
    assert not point_in_region("polygon", (0, 0, 10, 0, 0, 10), 9, 9)


def test_correct_response_earns_full_points_for_every_type_but_hotspot():
    for question in QUESTIONS.values():
        if question.type != "hotspot":
            assert score_response(question, correct_response(question)).fraction == 1, question.id


def test_normalisation_helpers():
    assert strip_diacritics("Đường Hồ Chí Minh") == "Duong Ho Chi Minh"
    assert normalise_text(" Ả  B\u0300 ") == "ả b\u0300".replace("b\u0300", "b\u0300")
    assert parse_number("10.000.000") == 10_000_000
    assert parse_number("−5") == -5
    assert parse_number("") is None


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children, max_size=5),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(QUESTIONS)), _json)
def test_any_response_scores_within_zero_and_the_points(qid, response):
    outcome = score_response(QUESTIONS[qid], response)
    assert 0 <= outcome.earned <= QUESTIONS[qid].points


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=6))
def test_weights_scores_never_exceed_points_and_only_full_set_earns_all(chosen):
    outcome = score_response(QUESTIONS["weights"], chosen)
    assert 0 <= outcome.earned <= 2
    assert (outcome.verdict == CORRECT) == (set(chosen) == {"a", "b"})


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["Hà Nội", "Thành phố Hà Nội"]), st.lists(st.sampled_from([" ", "\t", "  "]), min_size=0,
       max_size=3), st.booleans())
def test_text_answers_survive_case_and_spacing_changes(answer, padding, upper):
    typed = "".join(padding) + (answer.upper() if upper else answer).replace(" ", "  ") + "".join(padding)
    assert score_response(QUESTIONS["text"], typed).verdict == CORRECT


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=190, max_value=210))
def test_relative_tolerance_accepts_everything_inside(value):
    assert score_response(QUESTIONS["num"], repr(value)).verdict == CORRECT


@pytest.mark.parametrize("value", ["189.99", "210.01", "2000.0001"])
def test_relative_tolerance_refuses_just_outside(value):
    assert score_response(QUESTIONS["num"], value).verdict == INCORRECT
