"""Pools (selection, shuffles, opaque ids) and the attempt rules."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from xblocks.quiz import attempts
from xblocks.quiz.attempts import TryState, apply_try, final_grade
from xblocks.quiz.pool import (
    attempt_key,
    lay_out,
    ordering_start,
    pick_questions,
    serve_attempt,
    shuffle_keeping_pinned,
)
from xblocks.quiz.questions import Question, QuizSettings, parse_questions


def _pool(tags_per_question):
    body = "".join(
        f'<question id="q{i}" type="text" tags="{tags}"><prompt>p</prompt><answer>x</answer></question>'
        for i, tags in enumerate(tags_per_question)
    )
    return parse_questions(f"<questions>{body}</questions>")


def test_attempt_key_depends_on_learner_block_attempt_and_secret():
    keys = {attempt_key(b"k", "u1", "b", 1), attempt_key(b"k", "u2", "b", 1), attempt_key(b"k", "u1", "c", 1),
            attempt_key(b"k", "u1", "b", 2), attempt_key(b"other", "u1", "b", 1)}
    assert len(keys) == 5
    assert attempt_key(b"k", "u1", "b", 1) == attempt_key(b"k", "u1", "b", 1)


def test_pick_balances_tags_keeps_written_order_and_is_reproducible():
    pool = _pool(["otp"] * 6 + ["sms"] * 3 + ["vneid"] * 3)
    picked = pick_questions(pool, 6, random.Random(7))
    counts = Counter(question.tags[0] for question in picked)
    assert counts == {"otp": 2, "sms": 2, "vneid": 2}
    assert [q.id for q in picked] == sorted((q.id for q in picked), key=lambda ident: int(ident[1:]))
    assert picked == pick_questions(pool, 6, random.Random(7))


def test_pick_prefers_least_exposed_questions():
    pool = _pool(["t"] * 5)
    exposure = {"q0": 9, "q1": 9, "q2": 0, "q3": 1, "q4": 9}
    assert [q.id for q in pick_questions(pool, 2, random.Random(1), exposure)] == ["q2", "q3"]


def test_pick_varies_between_learners():
    pool = _pool([""] * 10)
    draws = {tuple(q.id for q in pick_questions(pool, 3, random.Random(seed))) for seed in range(20)}
    assert len(draws) > 5


@settings(max_examples=100, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=8), st.integers(0, 10_000))
def test_shuffle_is_a_permutation_with_pinned_ids_in_place(pins, seed):
    ids = [f"o{i}" for i in range(len(pins))]
    pinned = {ident for ident, pin in zip(ids, pins, strict=True) if pin}
    order = shuffle_keeping_pinned(ids, pinned, random.Random(seed))
    assert sorted(order) == sorted(ids)
    assert all(order[i] == ident for i, ident in enumerate(ids) if ident in pinned)


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 6), st.integers(0, 10_000))
def test_ordering_never_starts_solved(size, seed):
    ids = [str(i) for i in range(size)]
    start = ordering_start(ids, random.Random(seed))
    assert sorted(start) == ids and start != ids


def test_served_attempt_uses_unique_keyed_tokens_unrelated_to_ids():
    questions = parse_questions(
        '<questions><question id="q1" type="single"><prompt>p</prompt><choice id="a" correct="true">A</choice>'
        '<choice id="b">B</choice><choice id="z" pinned="true">Không có ý nào</choice></question>'
        '<question id="q2" type="matching"><prompt>p</prompt><pair><left>1</left><right>A</right></pair>'
        "<pair><left>2</left><right>B</right></pair><distractor>C</distractor></question></questions>"
    )
    served = serve_attempt(questions, QuizSettings(), b"key-3")
    tokens = [entry["token"] for entry in served]
    for entry in served:
        tokens += [token for token, _ident in entry["options"] + entry.get("lefts", [])]
    assert len(tokens) == len(set(tokens)) == 2 + 3 + 3 + 2
    assert not {"a", "b", "z", "q1", "q2", "p1", "p2"} & set(tokens)
    assert served[0]["options"][2][1] == "z"  # pinned stays last
    assert serve_attempt(questions, QuizSettings(), b"key-3") == served  # the server can lay it out again
    other = serve_attempt(questions, QuizSettings(), b"key-4")
    assert not {e["token"] for e in other} & {e["token"] for e in served}  # another attempt: other ids


def test_tokens_do_not_depend_on_the_display_order():
    questions = parse_questions(
        '<questions><question id="q1" type="single"><prompt>p</prompt><choice id="c0" correct="true">T0</choice>'
        + "".join(f'<choice id="c{i}">T{i}</choice>' for i in range(1, 6))
        + "</question></questions>"
    )
    shuffled, written = lay_out(questions, True, b"k")[0], lay_out(questions, False, b"k")[0]
    assert [ident for _t, ident in written["options"]] == [f"c{i}" for i in range(6)]
    assert [ident for _t, ident in shuffled["options"]] != [ident for _t, ident in written["options"]]
    assert dict(map(reversed, shuffled["options"])) == dict(map(reversed, written["options"]))


def test_question_shuffle_false_keeps_written_order():
    questions = parse_questions(
        '<questions><question id="q1" type="single" shuffle="false"><prompt>p</prompt>'
        + '<choice id="c0" correct="true">T0</choice>'
        + "".join(f'<choice id="c{i}">T{i}</choice>' for i in range(1, 6))
        + "</question></questions>"
    )
    for seed in range(5):
        served = serve_attempt(questions, QuizSettings(), bytes([seed]))
        assert [ident for _token, ident in served[0]["options"]] == [f"c{i}" for i in range(6)]


def test_grading_methods():
    totals = [2.0, 5.0, 3.0]
    assert final_grade(totals, "highest") == 5
    assert final_grade(totals, "last") == 3
    assert final_grade(totals, "first") == 2
    assert final_grade(totals, "average") == 10 / 3
    assert final_grade([], "highest") is None


NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def test_may_start_checks_due_attempts_and_wait():
    quiz = QuizSettings(max_attempts=2, wait_seconds=60)
    assert attempts.may_start(quiz, 0, None, NOW, None) is None
    assert attempts.may_start(quiz, 2, None, NOW, None).reason == attempts.NO_ATTEMPTS_LEFT
    assert attempts.may_start(quiz, 0, None, NOW, NOW - timedelta(seconds=1)).reason == attempts.PAST_DUE
    refusal = attempts.may_start(quiz, 1, NOW - timedelta(seconds=20), NOW, None)
    assert refusal.reason == attempts.WAIT and refusal.seconds == 40
    assert attempts.may_start(quiz, 1, NOW - timedelta(seconds=60), NOW, None) is None
    assert attempts.may_start(QuizSettings(max_attempts=0), 99, None, NOW, None) is None


def test_sequence_check_refuses_stale_replayed_and_forged_numbers():
    assert attempts.check_sequence(3, 3) is None
    for given_seq in (2, 4, "3", None, True, 3.0):
        assert attempts.check_sequence(3, given_seq).reason == attempts.STALE


def test_results_and_answers_follow_the_feedback_mode_and_policy():
    past = NOW - timedelta(days=1)
    future = NOW + timedelta(days=1)

    def visible(mode, policy, finished, due=None, max_attempts=2):
        quiz = QuizSettings(feedback_mode=mode, show_answer=policy, max_attempts=max_attempts)
        return (attempts.results_visible(quiz, finished, NOW, due), attempts.answers_visible(quiz, finished, NOW, due))

    assert visible("immediate", "after_each", 0) == (False, False)
    assert visible("immediate", "after_each", 1) == (True, True)
    assert visible("immediate", "after_final", 1) == (True, False)
    assert visible("immediate", "after_final", 2) == (True, True)
    assert visible("immediate", "after_final", 1, max_attempts=0) == (True, False)
    assert visible("immediate", "after_final", 1, due=past, max_attempts=0) == (True, True)
    assert visible("immediate", "never", 2) == (True, False)
    assert visible("immediate", "after_due", 2, due=future) == (True, False)
    assert visible("immediate", "after_due", 2, due=past) == (True, True)
    assert visible("immediate", "after_due", 2) == (True, False)
    assert visible("deferred", "after_each", 1) == (False, False)
    assert visible("deferred", "after_each", 2) == (True, True)
    assert visible("deferred", "after_each", 1, due=past) == (True, True)
    assert visible("tries", "after_final", 1) == (True, False)


def test_tries_cost_a_penalty_per_wrong_try_and_close_the_question():
    state = TryState()
    state = apply_try(state, 0.0, 0.25, 3)
    assert state == TryState(1, 0.0, False)
    state = apply_try(state, 1.0, 0.25, 3)
    assert state == TryState(2, 0.75, True)
    assert apply_try(state, 1.0, 0.25, 3) == state  # closed questions do not change
    state = TryState()
    for _ in range(3):
        state = apply_try(state, 0.0, 0.5, 3)
    assert state.closed and state.best == 0
    assert apply_try(TryState(tries=5), 1.0, 0.5, 9).best == 0  # never below zero


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=6), st.floats(0, 1), st.integers(1, 6))
def test_tries_value_stays_between_zero_and_one(fractions, penalty, max_tries):
    state = TryState()
    for fraction in fractions:
        state = apply_try(state, fraction, penalty, max_tries)
        assert 0 <= state.best <= 1
        assert state.tries <= max_tries


def test_question_defaults():
    assert Question(id="x", type="text", prompt="p").points == 1
