"""The auto_quiz block through its handlers: grading, attempts, feedback modes, security, Studio, OLX."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree
from xblock.fields import ScopeIds

from tests.conftest import json_request, page_data
from xblocks.quiz import QuizBlock, view_model
from xblocks.quiz.attempts import AttemptState
from xblocks.quiz.questions import parse_quiz, questions_to_xml, quiz_from_element

# The quiz appends item responses to graders' store (a real database) on start and submit.
pytestmark = pytest.mark.django_db

QUIZ = """<auto_quiz display_name="Thử" max_attempts="2" show_answer="after_final">
  <question id="qotp" type="single" points="2">
    <prompt>Ai được hỏi mã OTP?</prompt>
    <choice id="kpolice" feedback="FB-POLICE công an không hỏi">Công an</choice>
    <choice id="kbank" feedback="FB-BANK ngân hàng không hỏi">Ngân hàng</choice>
    <choice id="knobody" correct="true" feedback="FB-NOBODY chính xác">Không ai cả</choice>
    <hint>HINT-ONE mật khẩu một lần</hint><hint>HINT-TWO chỉ mình bạn</hint>
    <explanation>EXPLAIN-OTP chỉ dành cho bạn</explanation>
  </question>
  <question id="qline" type="text"><prompt>Gọi số nào để báo lừa đảo?</prompt><answer>156</answer>
    <explanation>EXPLAIN-LINE đầu số</explanation></question>
  <question id="qorder" type="ordering"><prompt>Sắp xếp</prompt>
    <item id="stepalpha">Mở ứng dụng</item><item id="stepbeta">Nhập số tài khoản</item>
    <item id="stepgamma">Kiểm tra tên</item></question>
  <question id="qmatch" type="matching"><prompt>Ghép</prompt>
    <pair><left>Căn cước điện tử</left><right>VNeID</right></pair>
    <pair><left>Nộp hồ sơ</left><right>Cổng Dịch vụ công</right></pair><distractor>Trò chơi</distractor></question>
  <question id="qspot" type="hotspot"><prompt>Chạm nút gửi</prompt>
    <image src="/static/x.png" alt="màn hình" width="100" height="200"/>
    <region shape="rect" coords="80,180,20,20" correct="true"/></question>
</auto_quiz>"""

SECRETS = ["FB-POLICE", "FB-BANK", "FB-NOBODY", "EXPLAIN-OTP", "EXPLAIN-LINE", "HINT-ONE", "HINT-TWO", "knobody",
           "kpolice", "kbank", "qotp", "qline", "stepalpha", "stepbeta", "stepgamma", "Đáp án", "coords",
           "correct"]


def build(make_block, olx=QUIZ, **kwargs):
    quiz = parse_quiz(olx)
    settings = {name: getattr(quiz.settings, name) for name in (
        "display_name", "pick", "max_attempts", "grading_method", "feedback_mode", "show_answer", "wait_seconds",
        "try_penalty", "max_tries", "shuffle")}
    return make_block(QuizBlock, content={"questions_xml": questions_to_xml(quiz.questions)},
                      settings=settings, **kwargs)


def layout(block):
    """The server's record of what the open attempt shows (page tokens -> authored ids)."""
    return view_model.layout(block._quiz(), AttemptState.from_dict(block.current))


def shown(body) -> str:
    """All a handler reply puts on the page: the whole body, or (closing an attempt) its parts."""
    if "html" in body:
        return body["html"]
    return body["status"] + "".join(body["results"].values()) + body["after"]


def served(block):
    """The page's questions: token, type and option tokens, read from the rendered HTML like a browser."""
    html = block.student_view().content if not block.current else block._body_html()
    result = []
    for match in re.finditer(r'<fieldset class="aq-question" data-token="([^"]+)" data-type="(\w+)"', html):
        result.append((match.group(1), match.group(2)))
    return result, html


def correct_answers(block):
    """What a learner who knows the material would send (the test maps through the server record)."""
    answers = {}
    by_id = view_model.questions_by_id(block.questions_xml)
    for entry in layout(block):
        question = by_id[entry["id"]]
        tokens = {ident: token for token, ident in entry["options"]}
        if question.type == "single":
            answers[entry["token"]] = tokens[next(c.id for c in question.choices if c.correct)]
        elif question.type == "text":
            answers[entry["token"]] = " 156 "
        elif question.type == "ordering":
            answers[entry["token"]] = [tokens[i.id] for i in question.items]
        elif question.type == "matching":
            answers[entry["token"]] = {token: tokens[ident] for token, ident in entry["lefts"]}
        elif question.type == "hotspot":
            answers[entry["token"]] = {"x": 90, "y": 190}
    return answers


def start(block):
    status, body = json_request(block, "start", {"seq": block.attempt_seq})
    assert status == 200, body
    return body


def grades(block):
    return [call.args[2] for call in block.runtime.publish.call_args_list if call.args[1] == "grade"]


def test_learner_page_and_start_reply_hold_no_answers_feedback_or_explanations(make_block):
    block = build(make_block)
    page = block.student_view().content
    assert "Bắt đầu làm bài" in page
    body = start(block)
    for secret in SECRETS:
        assert secret not in body["html"], secret
        assert secret not in page, secret
    assert "Ai được hỏi mã OTP?" in body["html"] and "Công an" in body["html"]
    assert body["message"].startswith("Bắt đầu làm bài")


def test_full_marks_publish_the_grade_and_completion(make_block):
    block = build(make_block)
    start(block)
    status, body = json_request(block, "submit", {"seq": block.attempt_seq, "answers": correct_answers(block)})
    assert status == 200
    assert grades(block)[-1] == {"value": 6.0, "max_value": 6.0, "only_if_higher": False}
    assert ("completion" in [c.args[1] for c in block.runtime.publish.call_args_list])
    assert "html" not in body  # nothing to reveal: the page only receives the results
    assert "Điểm lần này: 6/6" in shown(body) and "✓" in shown(body) and "Đúng" in shown(body)


def test_chosen_feedback_shows_but_never_others_and_answers_wait_for_the_final_attempt(make_block):
    block = build(make_block)
    start(block)
    entry = layout(block)[0]
    police = next(token for token, ident in entry["options"] if ident == "kpolice")
    status, body = json_request(block, "submit", {"seq": block.attempt_seq, "answers": {entry["token"]: police}})
    html = shown(body)
    assert "FB-POLICE" in html and "Chưa đúng" in html and "✗" in html
    for hidden in ("FB-BANK", "FB-NOBODY", "EXPLAIN-OTP", "EXPLAIN-LINE", "Đáp án đúng", "đáp án đúng"):
        assert hidden not in html, hidden
    assert grades(block)[-1]["value"] == 0
    start(block)
    status, body = json_request(block, "submit", {"seq": block.attempt_seq, "answers": correct_answers(block)})
    assert status == 200
    html = shown(body)
    assert "EXPLAIN-OTP" in html and "Đáp án đúng: 156" in html and "FB-BANK" not in html
    assert grades(block)[-1]["value"] == 6  # highest of 0 and 6
    assert "Bạn đã dùng hết số lần làm bài." in html


def test_stale_replayed_and_over_limit_submissions_change_nothing(make_block):
    block = build(make_block, olx=QUIZ.replace('max_attempts="2"', 'max_attempts="1"'))
    start(block)
    stale_seq = block.attempt_seq
    status, first_reply = json_request(block, "submit", {"seq": stale_seq, "answers": {}})
    assert status == 200
    before = (block.attempt_seq, list(block.attempt_log), dict(block.current), len(grades(block)))
    # A replay (or the page's retry after a lost reply) gets the first reply again and is not graded again.
    status, body = json_request(block, "submit", {"seq": stale_seq, "answers": correct_answers(block)})
    assert (status, body) == (200, first_reply)
    for payload in ({"seq": block.attempt_seq, "answers": correct_answers(block)},  # over the limit
                    {"seq": "1"}, {"answers": {}}, [1, 2]):
        status, body = json_request(block, "submit", payload)
        assert status in (400, 409)
        assert body["error"]
    status, body = json_request(block, "submit", {"seq": block.attempt_seq + 3, "answers": {}})
    assert body["error"] == "Bài làm này đã được nộp hoặc trang đã cũ. Hãy tải lại trang."
    status, body = json_request(block, "start", {"seq": block.attempt_seq})
    assert status == 409 and body["error"] == "Bạn đã dùng hết số lần làm bài."
    assert (block.attempt_seq, list(block.attempt_log), dict(block.current), len(grades(block))) == before
    assert [entry["seq"] for entry in block.attempt_log] == list(range(len(block.attempt_log)))


def test_two_racing_submissions_built_on_the_same_state_count_once(make_block):
    first = build(make_block)
    start(first)
    second = make_block(QuizBlock, runtime=first.runtime)  # same stored state, another request
    assert second.attempt_seq == first.attempt_seq and layout(second) == layout(first)
    answers = correct_answers(first)
    seq = first.attempt_seq
    status_a, body_a = json_request(first, "submit", {"seq": seq, "answers": {}})
    status_b, body_b = json_request(second, "submit", {"seq": seq, "answers": answers})
    assert (status_a, status_b) == (200, 200) and body_b == body_a  # the second is answered, not graded
    fresh = make_block(QuizBlock, runtime=first.runtime)
    assert len([e for e in fresh.attempt_log if e["event"] == "submit"]) == 1
    assert fresh.raw_earned == 0


def test_forged_answers_earn_nothing(make_block):
    block = build(make_block)
    start(block)
    entry = layout(block)[0]
    forged = {entry["token"]: "knobody", "made-up": "x",
              layout(block)[3]["token"]: {"nope": "nope"}}
    status, _ = json_request(block, "submit", {"seq": block.attempt_seq, "answers": forged, "score": 99})
    assert status == 200 and grades(block)[-1]["value"] == 0


def test_opaque_ids_change_per_attempt(make_block):
    block = build(make_block)
    start(block)
    first = [entry["token"] for entry in layout(block)]
    json_request(block, "submit", {"seq": block.attempt_seq, "answers": {}})
    start(block)
    assert not set(first) & {entry["token"] for entry in layout(block)}


def test_hints_come_in_order_one_at_a_time(make_block):
    block = build(make_block)
    start(block)
    token = layout(block)[0]["token"]
    status, body = json_request(block, "hint", {"seq": block.attempt_seq, "question": token})
    assert status == 200 and "HINT-ONE" in body["html"] and "HINT-TWO" not in body["html"]
    assert body["message"].startswith("Gợi ý 1: HINT-ONE")
    status, body = json_request(block, "hint", {"seq": block.attempt_seq, "question": token, "index": 0})
    assert "HINT-TWO" in body["html"]
    status, body = json_request(block, "hint", {"seq": block.attempt_seq, "question": token})
    assert status == 409


def test_drafts_survive_a_hint_request(make_block):
    block = build(make_block)
    start(block)
    text_token = layout(block)[1]["token"]
    _, body = json_request(block, "hint", {"seq": block.attempt_seq, "question": layout(block)[0]["token"],
                                           "answers": {text_token: "một năm sáu"}})
    assert 'value="một năm sáu"' in body["html"]


TRIES = """<auto_quiz max_attempts="0" feedback_mode="tries" try_penalty="0.5" max_tries="2" show_answer="after_each">
  <question id="t1" type="single"><prompt>p1</prompt><choice id="w">Sai</choice>
    <choice id="r" correct="true">Đúng</choice>
    <hint>HINT-T1</hint></question>
  <question id="t2" type="text"><prompt>p2</prompt><answer>có</answer></question>
</auto_quiz>"""


def test_tries_mode_penalises_wrong_tries_and_reveals_hints(make_block):
    block = build(make_block, olx=TRIES)
    start(block)
    first, second = layout(block)
    options = {ident: token for token, ident in first["options"]}
    status, body = json_request(block, "check", {"seq": block.attempt_seq, "question": first["token"],
                                                 "answers": {first["token"]: options["w"]}})
    assert status == 200 and "HINT-T1" in body["html"] and "Chưa đúng" in body["html"]
    assert body["message"] == "Chưa đúng. Còn 1 lần thử."
    status, body = json_request(block, "check", {"seq": block.attempt_seq, "question": first["token"],
                                                 "answers": {first["token"]: options["r"]}})
    assert "0,5" not in body["message"] and "Đúng" in body["html"]
    status, body = json_request(block, "check", {"seq": block.attempt_seq, "question": first["token"],
                                                 "answers": {first["token"]: options["r"]}})
    assert status == 409 and body["error"] == "Câu hỏi này đã đóng."
    status, body = json_request(block, "submit", {"seq": block.attempt_seq, "answers": {second["token"]: "Có"}})
    assert grades(block)[-1]["value"] == 1.5  # 0.5 (one wrong try first) + 1


def test_check_is_refused_outside_tries_mode(make_block):
    block = build(make_block)
    start(block)
    status, body = json_request(block, "check", {"seq": block.attempt_seq,
                                                 "question": layout(block)[0]["token"]})
    assert status == 409 and body["error"] == "Bài này không có chức năng đó."


DEFERRED = QUIZ.replace('show_answer="after_final"', 'show_answer="after_each" feedback_mode="deferred"')


def test_deferred_mode_hides_results_until_attempts_end_or_due(make_block):
    block = build(make_block, olx=DEFERRED)
    block.due = datetime(2030, 1, 1, tzinfo=UTC)
    block.clock = lambda: datetime(2029, 12, 31, tzinfo=UTC)
    start(block)
    _, body = json_request(block, "submit", {"seq": block.attempt_seq, "answers": correct_answers(block)})
    html = shown(body)
    assert "Đã ghi nhận bài làm" in html
    for hidden in ("Đúng", "✓", "EXPLAIN-OTP", "Điểm lần này"):
        assert hidden not in html, hidden
    assert grades(block)[-1]["value"] == 6  # the gradebook still gets the grade
    block.clock = lambda: datetime(2030, 1, 2, tzinfo=UTC)
    html = block._body_html()
    assert "Điểm lần này: 6/6" in html and "EXPLAIN-OTP" in html
    status, body = json_request(block, "start", {"seq": block.attempt_seq})
    assert status == 409 and body["error"] == "Đã quá hạn nộp; không nhận thêm bài làm."


def test_wait_between_attempts(make_block):
    block = build(make_block, olx=QUIZ.replace('max_attempts="2"', 'max_attempts="3" wait_seconds="60"'))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    block.clock = lambda: now
    start(block)
    json_request(block, "submit", {"seq": block.attempt_seq, "answers": {}})
    block.clock = lambda: now + timedelta(seconds=15)
    status, body = json_request(block, "start", {"seq": block.attempt_seq})
    assert status == 409 and body["error"] == "Bạn có thể làm lại sau 45 giây."
    block.clock = lambda: now + timedelta(seconds=61)
    assert json_request(block, "start", {"seq": block.attempt_seq})[0] == 200


@pytest.mark.parametrize(("method", "expected"), [("highest", 6), ("last", 0), ("first", 2), ("average", 8 / 3)])
def test_grading_methods_over_the_log(make_block, method, expected):
    block = build(make_block, olx=QUIZ.replace('max_attempts="2"', f'max_attempts="3" grading_method="{method}"'))
    for kind in ("otp-only", "all", "none"):
        start(block)
        answers = correct_answers(block)
        if kind == "otp-only":
            answers = {layout(block)[0]["token"]: answers[layout(block)[0]["token"]]}
        elif kind == "none":
            answers = {}
        json_request(block, "submit", {"seq": block.attempt_seq, "answers": answers})
    assert grades(block)[-1]["value"] == pytest.approx(expected)


POOL = """<auto_quiz pick="3" max_attempts="1">""" + "".join(
    f'<question id="p{i}" type="text" tags="{tag}"><prompt>Câu {i}</prompt><answer>x{i}</answer></question>'
    for i, tag in enumerate(["a", "a", "b", "b", "c", "c"])) + "</auto_quiz>"


def test_pool_serves_pick_questions_balanced_by_tag_and_counts_exposure(make_block):
    block = build(make_block, olx=POOL)
    assert block.max_score() == 3
    start(block)
    ids = [entry["id"] for entry in layout(block)]
    assert len(ids) == 3 and len({int(i[1:]) // 2 for i in ids}) == 3
    from xblocks.common.services import hocvuso_services

    exposure = hocvuso_services(block).exposure(str(block.scope_ids.usage_id))
    assert sorted(exposure) == sorted(ids) and sum(exposure.values()) == 3


def test_pool_balancing_reads_exposure_from_the_shared_store(make_block):
    """Learners after the first get the less-served question of each tag: exposure is shared, not per learner."""
    served = []
    for learner in ("pool-1", "pool-2", "pool-3", "pool-4"):
        block = build(make_block, olx=POOL, user_id=learner)
        start(block)
        served.append({entry["id"] for entry in layout(block)})
    assert served[0] | served[1] == {f"p{i}" for i in range(6)}  # the second learner got the other half
    assert served[2] | served[3] == {f"p{i}" for i in range(6)}


def test_without_graders_the_quiz_works_and_says_statistics_are_unavailable(make_block):
    from xblocks.common.services import ProcessLocalServices

    learner = build(make_block)
    learner.runtime._services["hocvuso"] = ProcessLocalServices()  # a runtime offering no item store
    start(learner)
    status, body = json_request(learner, "submit", {"seq": learner.attempt_seq, "answers": correct_answers(learner)})
    assert status == 200 and grades(learner)[-1]["value"] == pytest.approx(learner.max_score())
    staff = build(make_block, is_staff=True, user_id="staff-1")
    staff.runtime._services["hocvuso"] = ProcessLocalServices()
    status, body = json_request(staff, "item_stats", {})
    assert status == 200 and "không có thống kê" in body["html"].lower()


def test_staff_handlers_refuse_learners_and_serve_staff(make_block):
    learner = build(make_block)
    status, body = json_request(learner, "item_stats", {})
    assert status == 403 and body["error"] == "Chỉ cán bộ phụ trách khóa học mới xem được."
    from webob import Request

    assert learner.handle("item_stats_csv", Request.blank("/")).status_code == 403
    assert "aq-staff" not in learner.student_view().content
    start(learner)
    json_request(learner, "submit", {"seq": learner.attempt_seq, "answers": correct_answers(learner)})
    # Same block (usage id), another user: the staff member reads the rows the learner's submit appended.
    staff = make_block(QuizBlock, runtime=None, is_staff=True, user_id="staff-1",
                       content={"questions_xml": learner.questions_xml})
    status, body = json_request(staff, "item_stats", {})
    assert status == 200 and "<table" in body["html"] and "qotp" in body["html"]
    response = staff.handle("item_stats_csv", Request.blank("/"))
    assert response.status_code == 200 and response.content_type == "text/csv"
    assert response.text.splitlines()[0].startswith("item,option,keyed")
    assert "aq-staff" in staff.student_view().content


def _asset_names(fragment) -> list[str]:
    return [r.data.rsplit("/", 1)[-1] for r in fragment.resources if r.kind == "url"]


def test_only_staff_pages_load_the_item_statistics_files_after_quiz_js(make_block):
    learner = _asset_names(build(make_block).student_view())
    assert learner == ["quiz.css", "net.js", "quiz.js"]  # learners download no staff code
    staff = _asset_names(build(make_block, is_staff=True, user_id="staff-1").student_view())
    assert staff.index("quiz_staff.js") > staff.index("quiz.js") and "quiz_staff.css" in staff


def test_studio_validate_lists_every_problem_and_previews_valid_questions(make_block):
    block = build(make_block, is_staff=True)
    _status, body = json_request(block, "validate", {
        "settings": {"max_attempts": "-1", "grading_method": "best"},
        "questions_xml": "<questions><question id='a' type='single'><prompt>p</prompt><choice>x</choice>"
                         "</question></questions>"})
    texts = [problem["text"] for problem in body["problems"]]
    assert any("max_attempts" in t for t in texts) and any("grading_method" in t for t in texts)
    # Studio speaks the author's language (Vietnamese by default), with the line and the place named.
    assert any(t.startswith("dòng 1, câu hỏi \"a\"") and "cần ít nhất 2 thẻ <choice>" in t for t in texts), texts
    assert any("cần đúng một lựa chọn có correct=\"true\"" in t for t in texts), texts
    assert body["preview"] == ""
    _status, body = json_request(block, "validate", {"settings": {"display_name": "Xem"},
                                                    "questions_xml": block.questions_xml})
    assert body["problems"] == [] and "Ai được hỏi mã OTP?" in body["preview"]
    for secret in ("FB-", "EXPLAIN", "knobody"):
        assert secret not in body["preview"]


def test_studio_submit_saves_only_valid_quizzes(make_block):
    block = build(make_block, is_staff=True)
    before = block.questions_xml
    _status, body = json_request(block, "studio_submit", {"settings": {}, "questions_xml": "<questions/>"})
    assert body["saved"] is False and "ngân hàng câu hỏi trống" in body["problems"][0]["text"]
    assert block.questions_xml == before
    _status, body = json_request(block, "import_questions", {"format": "gift", "text": "::q::Thủ đô? {=Hà Nội}"})
    xml = body["questions_xml"]
    _status, body = json_request(block, "studio_submit", {"settings": {"max_attempts": "5"}, "questions_xml": xml})
    assert body["saved"] is True and block.max_attempts == 5 and "Thủ đô?" in block.questions_xml


def test_studio_view_renders_the_editor(make_block):
    html = build(make_block).studio_view().content
    assert "questions_xml" in html and "Nhập câu hỏi GIFT hoặc Aiken" in html


def test_olx_round_trip_through_parse_xml_and_add_xml_to_node(make_block):
    holder = build(make_block)
    node = etree.fromstring(QUIZ.replace("<auto_quiz ", '<auto_quiz due="2030-01-01T00:00:00+07:00" weight="2" '))
    block = QuizBlock.parse_xml(node, holder.runtime, ScopeIds("u", "auto_quiz", "d2", "u2"))
    assert block.max_attempts == 2 and block.weight == 2
    assert block.due == datetime(2029, 12, 31, 17, tzinfo=UTC)
    out = etree.Element("x")
    block.add_xml_to_node(out)
    assert out.tag == "auto_quiz" and out.get("due", "").startswith("2029-12-31T17:00")
    assert quiz_from_element(out).questions == parse_quiz(QUIZ).questions


def test_bad_olx_is_refused_with_every_problem(make_block):
    holder = build(make_block)
    node = etree.fromstring('<auto_quiz><question id="x" type="nope"/></auto_quiz>')
    with pytest.raises(ValueError, match='type="nope"'):
        QuizBlock.parse_xml(node, holder.runtime, ScopeIds("u", "auto_quiz", "d3", "u3"))


def test_english_catalogue_gives_english(make_block):
    from xblocks.common.i18n import BundledI18nService

    block = build(make_block)
    block.runtime._services["i18n"] = BundledI18nService("en")
    assert "Start the quiz" in block.student_view().content


def test_closing_reply_shows_what_a_reload_shows(make_block):
    block = build(make_block)
    start(block)
    _, body = json_request(block, "submit", {"seq": block.attempt_seq, "answers": correct_answers(block)})
    assert set(body) == {"seq", "message", "status", "results", "after", "attempts_left"}
    tokens = [token for token, _type in served(block)[0]]
    assert sorted(body["results"]) == sorted(tokens)
    reloaded = block._body_html()
    assert body["after"] in reloaded and body["status"] in reloaded
    for token, result in body["results"].items():
        assert result and result in reloaded, token
    text = json.dumps(body, ensure_ascii=False)
    assert "FB-NOBODY" in text  # the feedback of the chosen option
    for secret in ("FB-POLICE", "FB-BANK", "EXPLAIN-OTP", "EXPLAIN-LINE", "knobody", "qotp", "stepalpha"):
        assert secret not in text, secret


def test_the_attempt_state_stays_small_and_the_layout_is_re_derived(make_block):
    block = build(make_block)
    start(block)
    before = layout(block)
    again = make_block(QuizBlock, runtime=block.runtime)  # a later request, fresh from storage
    assert layout(again) == before
    assert set(block.current) == {"number", "key", "questions", "started_at"}
    json_request(block, "submit", {"seq": block.attempt_seq, "answers": correct_answers(block)})
    assert set(block.current) == {"number", "key", "questions", "started_at", "responses", "results", "finished_at"}
    assert all(isinstance(value, float) for value in block.current["results"].values())
    assert [set(entry) for entry in block.attempt_log] == [
        {"seq", "event", "at", "attempt"}, {"seq", "event", "at", "attempt", "total"}]
    assert len(json.dumps([block.current, block.attempt_log])) < 1200


NUMBER = """<auto_quiz max_attempts="1" show_answer="after_final">
  <question id="n1" type="number"><prompt>Bao nhiêu?</prompt><answer value="156"/></question>
  <question id="n2" type="number"><prompt>Khoảng?</prompt><answer min="10" max="20"/></question>
</auto_quiz>"""


def test_number_answers_are_shown_after_the_final_attempt(make_block):
    block = build(make_block, olx=NUMBER)
    start(block)
    status, body = json_request(block, "submit", {"seq": block.attempt_seq, "answers": {}})
    assert status == 200
    assert "Đáp án đúng: 156" in body["html"] and "Đáp án đúng: 10 – 20" in body["html"]


def test_tries_mode_shows_the_points_after_the_penalty(make_block):
    block = build(make_block, olx=TRIES)
    start(block)
    first = layout(block)[0]
    options = {ident: token for token, ident in first["options"]}
    for choice in ("w", "r"):
        _status, body = json_request(block, "check", {"seq": block.attempt_seq, "question": first["token"],
                                                     "answers": {first["token"]: options[choice]}})
    assert "0,5/1 điểm" in body["html"]  # Vietnamese writes a decimal comma
    assert "1/1 điểm" not in body["html"]


def test_student_view_data_is_answer_free(make_block):
    block = build(make_block)
    before = block.student_view_data()
    assert before["available"] and before["questions"] == [] and before["max_score"] == 6
    start(block)
    data = block.student_view_data()
    text = json.dumps(data, ensure_ascii=False)
    assert data["open"] and [q["token"] for q in data["questions"]] == [e["token"] for e in layout(block)]
    assert "Công an" in text and "Ai được hỏi mã OTP?" in text
    for secret in SECRETS:
        assert secret not in text, secret
    assert {key for q in data["questions"] for key in q} <= {"token", "type", "prompt", "points", "options",
                                                              "hint_count", "lefts", "image"}


def test_studio_says_a_lost_connection_in_the_authors_language(make_block):
    assert page_data(build(make_block).studio_view())["strings"]["network_error"].startswith("Không kết nối được")
