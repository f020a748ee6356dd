"""Parsing, validation and serialisation of the quiz OLX format (docs/authoring/auto_quiz.md)."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xblocks.quiz.questions import (
    Choice,
    NumberAnswer,
    Question,
    QuizFormatError,
    parse_questions,
    parse_quiz,
    questions_to_xml,
    quiz_to_xml,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "authoring" / "auto_quiz.md"


def _questions(body: str):
    return parse_questions(f"<questions>{body}</questions>")


def _problems(text: str) -> list[str]:
    with pytest.raises(QuizFormatError) as caught:
        parse_quiz(text)
    return [str(problem) for problem in caught.value.problems]


def test_every_example_in_the_authoring_doc_parses_and_round_trips():
    blocks = re.findall(r"```xml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 8
    quiz = parse_quiz(blocks[0])
    assert quiz.settings.pick == 3 and len(quiz.questions) == 3
    assert parse_quiz(quiz_to_xml(quiz)) == quiz
    types = set()
    for block in blocks[1:]:
        questions = _questions(block)
        types.update(question.type for question in questions)
        assert parse_questions(questions_to_xml(questions)) == questions
    assert types >= {"single", "multiple", "text", "number", "ordering", "matching", "hotspot"}


def test_single_choice_reads_ids_correctness_feedback_and_pins():
    (question,) = _questions(
        '<question id="q1" type="single" points="2" tags="otp, sms">'
        "<prompt>Ai được hỏi <b>OTP</b>?</prompt>"
        '<choice feedback="Sai rồi">Công an</choice>'
        '<choice id="none" correct="true" pinned="true">Không ai</choice>'
        "<hint>Gợi ý 1</hint><hint>Gợi ý 2</hint><explanation>Vì...</explanation></question>"
    )
    assert question.points == 2 and question.tags == ("otp", "sms")
    assert question.prompt == "Ai được hỏi <b>OTP</b>?"
    assert question.choices == (
        Choice(id="a", html="Công an", feedback="Sai rồi"),
        Choice(id="none", html="Không ai", correct=True, pinned=True),
    )
    assert question.hints == ("Gợi ý 1", "Gợi ý 2") and question.explanation == "Vì..."


def test_author_html_is_sanitised_on_read():
    (question,) = _questions(
        '<question id="q1" type="single"><prompt>Hỏi <script>alert(1)</script>'
        '<a href="javascript:alert(1)" onclick="x()">link</a></prompt>'
        '<choice correct="true">A</choice><choice>B</choice></question>'
    )
    assert "script" not in question.prompt and "alert" not in question.prompt
    assert "onclick" not in question.prompt and "javascript" not in question.prompt


def test_number_answers_with_tolerance_percent_and_range():
    (question,) = _questions(
        '<question id="n" type="number"><prompt>?</prompt><answer value="200" tolerance="5%"/>'
        '<answer value="3.14" tolerance="0.01"/><answer min="5" max="7"/></question>'
    )
    assert question.answers == (
        NumberAnswer(value=200, tolerance=5, relative=True), NumberAnswer(value=3.14, tolerance=0.01),
        NumberAnswer(low=5, high=7),
    )
    assert question.answers[0].bounds() == (190, 210)


def test_every_problem_is_reported_at_once_with_its_line():
    problems = _problems(
        '<auto_quiz pick="9" grading_method="best">\n'
        '<question id="a" type="single"><prompt>x</prompt><choice>Có</choice><choice>có </choice></question>\n'
        '<question id="a" type="text"><prompt>x</prompt><answer regex="true">(ha noi</answer></question>\n'
        '<question type="number"><prompt>x</prompt><answer value="1" tolerance="abc"/></question>\n'
        '<question id="e" type="essay"><prompt>x</prompt></question>\n'
        "</auto_quiz>"
    )
    text = "\n".join(problems)
    assert 'grading_method="best" must be one of' in text
    assert 'line 2, question "a": two choices say the same thing' in text
    assert "exactly one choice with correct=\"true\" (found 0)" in text
    assert 'line 3, question "a", answer 1: regex "(ha noi" is not valid' in text
    assert "line 3, question \"a\": another question already has this id" in text
    assert "line 4, question 3: every question needs an id" in text
    assert 'tolerance "abc" is not a number' in text
    assert 'type="essay" must be one of' in text
    assert "pick=9 but the quiz has only" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "the quiz has no questions (the pool is empty)"),
        ('<question id="q" type="single"><choice correct="true">A</choice><choice>B</choice></question>',
         "needs exactly one <prompt>"),
        ('<question id="q" type="multiple"><prompt>p</prompt><choice>A</choice><choice>B</choice></question>',
         "at least one choice with correct"),
        ('<question id="q" type="multiple" scoring="weights"><prompt>p</prompt>'
         '<choice correct="true" weight="0.5">A</choice><choice weight="-1">B</choice></question>',
         "positive weights must add up to 1"),
        ('<question id="q" type="text"><prompt>p</prompt></question>', "needs at least one <answer>"),
        ('<question id="q" type="text"><prompt>p</prompt><answer>Hà Nội</answer><answer>hà  nội</answer></question>',
         "is written twice"),
        ('<question id="q" type="number"><prompt>p</prompt><answer min="7" max="5"/></question>',
         "min (7) is larger than max (5)"),
        ('<question id="q" type="ordering"><prompt>p</prompt><item>A</item></question>', "at least 2 <item>"),
        ('<question id="q" type="matching"><prompt>p</prompt><pair><left>A</left><right>1</right></pair>'
         "<pair><left>B</left><right>1</right></pair></question>", "two right-hand options say the same thing"),
        ('<question id="q" type="hotspot"><prompt>p</prompt><image src="http://x/y.png" width="10" height="10"/>'
         '<region shape="rect" coords="1,2,3"/></question>', 'src must start with "https://"'),
        ('<question id="q" type="hotspot"><prompt>p</prompt><image src="/static/a.png" alt="a" width="9" '
         'height="9"/><region shape="star" coords="1"/></question>', 'shape="star" must be one of'),
        ('<question id="q bad" type="single" colour="red"><prompt>p</prompt>'
         '<choice correct="true">A</choice><choice>B</choice></question>', 'unknown attribute "colour"'),
        ('<question id="q" type="single"><prompt>p</prompt><choice correct="yes please">A</choice>'
         "<choice>B</choice></question>", 'correct="yes please" must be "true" or "false"'),
    ],
)
def test_invalid_questions_are_refused_with_a_clear_message(body, message):
    text = "\n".join(_problems(f"<auto_quiz>{body}</auto_quiz>"))
    assert message in text


def test_a_pool_needs_equal_points():
    text = "\n".join(_problems(
        '<auto_quiz pick="1"><question id="a" type="text" points="2"><prompt>p</prompt><answer>x</answer>'
        '</question><question id="b" type="text"><prompt>p</prompt><answer>y</answer></question></auto_quiz>'
    ))
    assert "must all have the same points" in text


def test_malformed_xml_and_doctype_are_refused_with_the_line():
    assert "line 2" in _problems("<auto_quiz>\n<question></auto_quiz>")[0]
    assert "DOCTYPE" in _problems('<!DOCTYPE x [<!ENTITY e "x">]><auto_quiz/>')[0]


def test_parsed_questions_are_cached_by_text():
    text = '<questions><question id="q" type="text"><prompt>p</prompt><answer>x</answer></question></questions>'
    assert parse_questions(text) is parse_questions(text)


# Property: any valid choice question survives serialise -> parse unchanged ---------------------------
_words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặấầẩẫậéèẻẽẹóòỏõọớờởỡợ ", min_size=1,
                 max_size=20).map(str.strip).filter(bool)


@st.composite
def choice_questions(draw):
    texts = draw(st.lists(_words, min_size=2, max_size=6, unique_by=lambda w: " ".join(w.split()).casefold()))
    texts = [" ".join(text.split()) for text in texts]
    qtype = draw(st.sampled_from(["single", "multiple", "dropdown"]))
    right = draw(st.integers(0, len(texts) - 1))
    choices = tuple(
        Choice(id=f"c{i}", html=text, correct=(i == right), pinned=draw(st.booleans()),
               feedback=draw(st.sampled_from(["", "Sai rồi & xem lại", "Đúng <đó>"])))
        for i, text in enumerate(texts)
    )
    return Question(id="q1", type=qtype, prompt=draw(_words), points=draw(st.sampled_from([1.0, 2.0, 0.5])),
                    tags=tuple(draw(st.lists(st.sampled_from(["otp", "sms", "vneid"]), unique=True))),
                    scoring="all_or_nothing" if qtype == "multiple" else "", choices=choices,
                    hints=tuple(draw(st.lists(_words, max_size=2))))


@settings(max_examples=60, deadline=None)
@given(choice_questions())
def test_choice_questions_round_trip_through_xml(question):
    assert parse_questions(questions_to_xml([question])) == (question,)
