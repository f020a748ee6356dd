"""GIFT and Aiken import/export round trips over a Vietnamese corpus (>= 30 questions each)."""

from pathlib import Path

import pytest

from xblocks.quiz.aiken import export_aiken, import_aiken
from xblocks.quiz.gift import export_gift, import_gift
from xblocks.quiz.questions import QuizFormatError, parse_questions, questions_to_xml
from xblocks.quiz.scoring import correct_response, score_response

DATA = Path(__file__).parent / "data"
GIFT = (DATA / "corpus.gift").read_text(encoding="utf-8")
AIKEN = (DATA / "corpus.aiken").read_text(encoding="utf-8")


def test_gift_corpus_imports_every_supported_kind():
    questions = import_gift(GIFT)
    assert len(questions) >= 30
    by_id = {q.id: q for q in questions}
    assert {q.type for q in questions} == {"single", "multiple", "text", "number", "matching"}
    assert by_id["update-app"].choices[0].html == "Đúng" and by_id["update-app"].choices[0].correct
    assert by_id["wifi-public"].choices[1].correct
    assert by_id["wifi-public"].choices[0].feedback == "Sai: Wi-Fi công cộng có thể bị nghe lén."
    assert by_id["battery"].answers[0].bounds() == (15, 25)
    assert by_id["dvc-fee"].answers[0].bounds() == (49, 51)
    assert by_id["vneid-protect"].scoring == "weights"
    assert by_id["flashlight"].explanation.startswith("Đèn pin không cần")
    assert by_id["escaped"].prompt == "Ký hiệu { và } hay = trong tin nhắn lạ: có nên bấm link# không?"
    assert by_id["dvc-steps-word"].prompt == "Hồ sơ trực tuyến được nộp trên Cổng _____ quốc gia."
    assert by_id["level2"].tags == ("vneid",)
    assert [p.right for p in by_id["vneid-apps"].pairs] == ["VNeID", "Cổng Dịch vụ công quốc gia", "Gọi 156"]


def test_gift_round_trip_keeps_every_question():
    questions = import_gift(GIFT)
    assert import_gift(export_gift(questions)) == questions


def test_gift_import_becomes_valid_olx_that_round_trips():
    questions = tuple(import_gift(GIFT))
    assert parse_questions(questions_to_xml(questions)) == questions


def test_olx_to_gift_and_back_keeps_meaning():
    olx = parse_questions("""<questions>
      <question id="pct" type="number"><prompt>p</prompt><answer value="200" tolerance="5%"/></question>
      <question id="multi" type="multiple"><prompt>Chọn <b>hai</b></prompt><choice correct="true">A &amp; B</choice>
        <choice correct="true">C</choice><choice>D</choice></question>
      <question id="drop" type="dropdown"><prompt>p</prompt><choice>X</choice>
        <choice correct="true">Y</choice></question>
      <question id="order" type="ordering"><prompt>p</prompt><item>1</item><item>2</item></question>
    </questions>""")
    text = export_gift(olx)
    assert "Not exported (GIFT cannot hold these types): order (ordering)" in text
    back = {q.id: q for q in import_gift(text)}
    assert set(back) == {"pct", "multi", "drop"}
    assert back["pct"].answers[0].bounds() == olx[0].answers[0].bounds()
    assert back["multi"].prompt == "Chọn <b>hai</b>" and back["multi"].choices[0].html == "A &amp; B"
    samples = {"pct": ["189", "190", "210", "211"], "multi": [["a"], ["a", "b"], ["a", "b", "c"]],
               "drop": ["a", "b"]}
    for question in olx[:3]:
        for response in samples[question.id]:
            assert score_response(question, response).fraction == score_response(back[question.id], response).fraction


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("::e::Viết cảm nghĩ của bạn {}", "essay"),
        ("Chỉ là đoạn mô tả, không có câu hỏi", "description items cannot be imported"),
        ("::n::Bao nhiêu? {#abc}", "is not a number"),
        ("::n::Bao nhiêu? {#=3:0 =%50%4:0}", "partial credit are not supported"),
    ],
)
def test_gift_refuses_what_it_cannot_grade(text, message):
    with pytest.raises(QuizFormatError) as caught:
        import_gift(text)
    assert message in str(caught.value) and "line 1, GIFT item 1:" in str(caught.value)


def test_aiken_corpus_round_trips():
    questions = import_aiken(AIKEN)
    assert len(questions) >= 30
    assert questions[0].prompt == "Muốn quay lại màn hình chính, bạn làm gì?"
    assert [c.correct for c in questions[2].choices] == [False, True, False]
    assert import_aiken(export_aiken(questions)) == questions
    for question in questions:
        assert score_response(question, correct_response(question)).fraction == 1


def test_aiken_errors_name_the_question():
    with pytest.raises(QuizFormatError) as caught:
        import_aiken("Câu hỏi?\nA. Có\nB. Không\nANSWER: D\n\nCâu hai?\nA. X\n")
    text = str(caught.value)
    assert "line 1, Aiken question 1: ANSWER: D names no option" in text
    assert "line 6, Aiken question 2" in text and "ANSWER: B" in text


def test_aiken_export_refuses_other_types():
    questions = import_gift("::t::Thủ đô? {=Hà Nội}")
    with pytest.raises(QuizFormatError, match=r"t \(text\)"):
        export_aiken(questions)
