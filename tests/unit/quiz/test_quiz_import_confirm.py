"""A GIFT/Aiken import asks before it replaces the editor's questions; replace and append lose nothing."""

from tests.conftest import json_request
from xblocks.quiz import QuizBlock
from xblocks.quiz.importing import plan_import
from xblocks.quiz.questions import parse_questions, questions_to_xml

EXISTING = """<questions>
  <question id="otp" type="single"><prompt>Ai được hỏi mã OTP?</prompt>
    <choice>Công an</choice><choice correct="true">Không ai cả</choice></question>
  <question id="sms-156" type="single"><prompt>Báo tin nhắn rác ở đâu?</prompt>
    <choice correct="true">156</choice><choice>113</choice></question>
</questions>"""
GIFT = """::sms-156::Gọi số nào để báo tin nhắn lừa đảo? {=156 ~113 ~115}

::wifi::Wi-Fi công cộng có an toàn để chuyển tiền không? {F}

::qr::Quét mã QR lạ dán trên cột điện có an toàn không? {F}
"""


def ids(xml):
    return [q.id for q in parse_questions(xml)]


def studio_block(make_block, xml=EXISTING):
    return make_block(QuizBlock, content={"questions_xml": xml}, is_staff=True)


def test_check_asks_in_vietnamese_and_changes_nothing(make_block):
    block = studio_block(make_block)
    status, body = json_request(block, "import_questions",
                                {"format": "gift", "text": GIFT, "questions_xml": EXISTING, "mode": "check"})
    assert status == 200 and body["problems"] == []
    assert body["ask"] == "Thay 2 câu hiện có bằng 3 câu mới?"
    assert (body["existing"], body["imported"], body["questions_xml"]) == (2, 3, "")
    assert block.questions_xml == EXISTING  # an import never saves: the author's Save does


def test_replace_and_append(make_block):
    block = studio_block(make_block)
    request = {"format": "gift", "text": GIFT, "questions_xml": EXISTING}
    _status, replaced = json_request(block, "import_questions", {**request, "mode": "replace"})
    assert ids(replaced["questions_xml"]) == ["sms-156", "wifi", "qr"] and replaced["ask"] == ""
    _status, appended = json_request(block, "import_questions", {**request, "mode": "append"})
    # Every existing question is kept as it was; a clashing id is renamed, not overwritten.
    assert ids(appended["questions_xml"]) == ["otp", "sms-156", "sms-156-2", "wifi", "qr"]
    assert parse_questions(appended["questions_xml"])[:2] == parse_questions(EXISTING)
    assert block.questions_xml == EXISTING


def test_an_empty_editor_takes_the_import_without_asking():
    result = plan_import(GIFT, "gift", "  ", "check")
    assert result.ask is None and ids(result.questions_xml) == ["sms-156", "wifi", "qr"]
    result = plan_import("Câu hỏi?\nA. Có\nB. Không\nANSWER: B\n", "aiken", "<questions/>", "check")
    assert result.ask is None and ids(result.questions_xml) == ["q1"]


def test_errors_leave_the_editor_as_it_is(make_block):
    block = studio_block(make_block)
    _status, body = json_request(block, "import_questions", {"format": "gift", "text": GIFT + "\n::e::Viết {}\n",
                                                             "questions_xml": EXISTING, "mode": "replace"})
    assert body["questions_xml"] == "" and body["ask"] == ""
    assert [p["text"] for p in body["problems"]] == [
        "dòng 7, câu GIFT số 4: câu hỏi tự luận ({}) không chấm tự động được"]
    broken = EXISTING.replace('<choice correct="true">156</choice>', "<choice>156</choice>")
    _status, body = json_request(block, "import_questions", {"format": "gift", "text": GIFT,
                                                             "questions_xml": broken, "mode": "check"})
    assert body["ask"] == "Các câu hỏi đang có trong trình soạn thảo bị lỗi. Thay chúng bằng 3 câu mới?"
    assert body["existing"] == 2
    _status, body = json_request(block, "import_questions", {"format": "gift", "text": GIFT,
                                                             "questions_xml": broken, "mode": "append"})
    assert body["questions_xml"] == "" and "hãy sửa lỗi trước" in body["problems"][0]["text"]
    not_xml = plan_import(GIFT, "gift", "<questions><question", "check")
    assert not_xml.existing is None and not_xml.ask is not None and not_xml.questions_xml == ""


def test_an_appended_quiz_round_trips():
    result = plan_import(GIFT, "gift", EXISTING, "append")
    assert questions_to_xml(parse_questions(result.questions_xml)) == result.questions_xml
