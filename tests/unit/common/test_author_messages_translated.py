"""Authors read validation and import errors in their language: Vietnamese by default, English beside it.

The validators are pure and raise English-keyed problems; the Studio handlers render them through the
block's i18n service. These tests render broken scenarios and broken GIFT/Aiken/XML text through the real
bundled catalogues (compiled .mo files) and check every message is Vietnamese, with its line number kept.
"""

import re

import pytest

from xblocks.common.i18n import BundledI18nService, compile_catalogues
from xblocks.phone_sim.scenario import ScenarioError, parse_scenario
from xblocks.quiz.aiken import import_aiken
from xblocks.quiz.gift import import_gift
from xblocks.quiz.questions import QuizFormatError, parse_questions

from ..phone_sim.scenario_samples import MINI

VI = BundledI18nService("vi").gettext
EN = BundledI18nService("en").gettext

BROKEN_SCENARIO = (MINI.replace('goto="form"', 'goto="nowhere"').replace('<button id="bad"', '<buton id="bad"')
                   .replace("<screen ", '<screen colour="red" ', 1))
BROKEN_GIFT = """::ok::Gọi số nào để báo tin nhắn lừa đảo? {=156 ~113 ~115}

::essay::Viết cảm nghĩ của bạn {}

::so::Bao nhiêu? {#abc}
"""
BROKEN_QUESTIONS = """<questions>
  <question id="a" type="single" colour="x">
    <prompt>p</prompt>
    <choice>x</choice>
    <choice>x</choice>
  </question>
  <question type="number"><prompt>q</prompt><answer value="1,5" tolerance="x"/></question>
</questions>"""
# Words only the English messages use: a Vietnamese text must not contain them outside quoted tokens.
ENGLISH_WORDS = re.compile(r"\b(the|must|needs?|line|screen|widget|question|choice|answer|not|only|one of)\b")
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")


@pytest.fixture(scope="module", autouse=True)
def compiled():
    compile_catalogues()  # stale .mo files would show English


def problems_of(call, error):
    with pytest.raises(error) as caught:
        call()
    return caught.value.problems


def prose(text: str) -> str:
    """The words of a message outside quotes and <tags> (which stay as written: ids, XML tags, values)."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|<[^>]*>|\S+=\S+", " ", text)


def assert_vietnamese(problems):
    for problem in problems:
        text = problem.text(VI)
        assert VIETNAMESE.search(text), text
        assert not ENGLISH_WORDS.search(prose(text)), f"English left in: {text}"
        if problem.line:
            assert text.startswith(f"dòng {problem.line}"), text


def test_a_broken_scenario_is_explained_in_vietnamese_with_lines():
    problems = problems_of(lambda: parse_scenario(BROKEN_SCENARIO), ScenarioError)
    assert len(problems) >= 3
    assert_vietnamese(problems)
    texts = [p.text(VI) for p in problems]
    assert any("goto='nowhere' không trỏ tới màn hình nào" in t for t in texts), texts
    assert any("không có thành phần <buton>" in t for t in texts), texts
    assert any("thuộc tính lạ 'colour'" in t for t in texts), texts
    # English stays available, and is what the command line prints.
    assert [p.text(EN) for p in problems] == [str(p) for p in problems]
    assert any("goto='nowhere' names no screen" in str(p) for p in problems)


def test_broken_gift_is_explained_in_vietnamese_with_lines():
    problems = problems_of(lambda: import_gift(BROKEN_GIFT), QuizFormatError)
    texts = [p.text(VI) for p in problems]
    assert texts == [
        "dòng 3, câu GIFT số 2: câu hỏi tự luận ({}) không chấm tự động được",
        'dòng 5, câu GIFT số 3: "abc" không phải là một số, a:b hay a..b',
    ]
    assert str(problems[0]) == "line 3, GIFT item 2: essay questions ({}) cannot be graded automatically"


def test_broken_aiken_and_questions_xml_are_explained_in_vietnamese():
    aiken = problems_of(lambda: import_aiken("Câu hỏi?\nA. Có\nB. Không\nANSWER: D\n"), QuizFormatError)
    assert [p.text(VI) for p in aiken] == ["dòng 1, câu hỏi Aiken số 1: ANSWER: D không ứng với phương án nào"]
    questions = problems_of(lambda: parse_questions(BROKEN_QUESTIONS), QuizFormatError)
    assert_vietnamese(questions)
    texts = [p.text(VI) for p in questions]
    assert 'dòng 2, câu hỏi "a": <question> có thuộc tính lạ "colour"' in "\n".join(texts), texts
    assert any(t.startswith('dòng 5, câu hỏi "a": có hai lựa chọn giống nhau') for t in texts), texts
    assert any(t.startswith("dòng 7, câu hỏi số 2, đáp án 1: value \"1,5\" không phải là số") for t in texts), texts


def test_xml_syntax_errors_keep_their_line_in_vietnamese():
    problems = problems_of(lambda: parse_scenario("<scenario id='x'>\n<screen>\n</scenario>"), ScenarioError)
    assert problems[0].text(VI).startswith("dòng 3: XML viết chưa đúng cú pháp: ")
    doctype = problems_of(lambda: parse_questions('<!DOCTYPE x [<!ENTITY a "b">]>\n<questions/>'), QuizFormatError)
    assert doctype[0].text(VI).startswith("dòng 1: Không được dùng khai báo <!DOCTYPE>")


def test_a_broken_translation_falls_back_to_english_instead_of_failing():
    from xblocks.common.problems import Message

    message = Message.of("goto='{goto}' names no screen", goto="x")
    assert message.render(lambda msgid: "thiếu {placeholder}") == "goto='x' names no screen"
