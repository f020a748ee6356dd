"""The phone_sim block: handlers, grading, resume, Studio validation, OLX round trip, translations."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from lxml import etree

from tests.conftest import page_data
from xblocks.phone_sim import PhoneSimBlock, engine
from xblocks.phone_sim.scenario import parse_scenario
from xblocks.phone_sim.strings import BLOCK_MESSAGES, PROJECTOR_STRINGS, UI_STRINGS
from xblocks.phone_sim.view_model import opaque_id

from .scenario_samples import MINI, SCENARIO_DIR

S3 = (SCENARIO_DIR / "s3_vneid_level2.xml").read_text(encoding="utf-8")
S8 = (SCENARIO_DIR / "s8_fake_police_call.xml").read_text(encoding="utf-8")
SCENARIO = parse_scenario(MINI)


@pytest.fixture
def block(make_block):
    return make_block(PhoneSimBlock, content={"scenario_xml": MINI},
                      settings={"modes": "watch practice test", "max_errors": 2, "max_attempts": 2})


@pytest.fixture
def staff_block(make_block):
    return make_block(PhoneSimBlock, content={"scenario_xml": MINI}, is_staff=True,
                      settings={"modes": "watch practice test", "max_errors": 2, "max_attempts": 2})


def w(block, screen, key):
    """The page id of a control in the block's current attempt (ids are keyed per attempt)."""
    return opaque_id(SCENARIO.screens[screen], key, block.sim_state.get("nonce", ""))


RIGHT = [("home", "go", "tap", None), ("form", "name", "type", "Nguyễn Văn An"), ("pin", "pad", "type", "1234"),
         ("amount", "money", "type", "45000"), ("lock", "msg", "long-press", None), ("swipe", "top", "swipe", "down"),
         ("call", "ring.decline", "tap", None)]


def play(block, json_request, steps, seq=0):
    body = None
    for screen, key, kind, value in steps:
        payload = {"seq": seq, "widget": w(block, screen, key), "action": kind}
        if value is not None:
            payload["value"] = value
        status, body = json_request(block, "act", payload)
        assert status == 200, body
        seq = body["seq"]
    return body


def grades(block):
    return [call.args[2] for call in block.runtime.publish.call_args_list if call.args[1] == "grade"]


def test_test_mode_publishes_the_grade_once_with_completion(block, json_request):
    status, body = json_request(block, "start", {"mode": "test", "confirmed": True})
    assert status == 200 and body["mode"] == "test" and body["seq"] == 0
    body = play(block, json_request, RIGHT)
    assert body["status"] == "success" and body["score"] == 100
    assert grades(block) == [{"value": 1.0, "max_value": 1.0, "only_if_higher": True}]
    kinds = [call.args[1] for call in block.runtime.publish.call_args_list]
    assert "completion" in kinds and kinds.count("grade") == 1
    status, _ = json_request(block, "act", {"seq": body["seq"], "widget": "w0", "action": "tap"})
    assert status == 400 and len(grades(block)) == 1


def test_practice_gives_hints_after_misses_and_no_grade_when_test_is_offered(block, json_request):
    json_request(block, "start", {"mode": "practice"})
    levels = []
    for seq in range(3):
        _, body = json_request(block, "act", {"seq": seq, "widget": w(block, "home", "bad"), "action": "tap"})
        levels.append(body["hint"]["level"])
        assert body["feedback"] == {"kind": "miss", "text": "Không phải nút này."}
    assert levels == [1, 2, 3] and body["hint"]["highlight"] == w(block, "home", "go")
    body = play(block, json_request, RIGHT, seq=3)
    assert body["status"] == "success" and grades(block) == []


def test_practice_grades_when_it_is_the_only_graded_mode(make_block, json_request):
    block = make_block(PhoneSimBlock, content={"scenario_xml": MINI}, settings={"modes": "watch practice"})
    json_request(block, "start", {"mode": "practice"})
    json_request(block, "act", {"seq": 0, "widget": w(block, "home", "bad"), "action": "tap"})
    play(block, json_request, RIGHT, seq=1)
    assert grades(block) == [{"value": 1.0, "max_value": 1.0, "only_if_higher": True}]


def test_watch_mode_sends_the_walkthrough_and_never_grades(block, json_request):
    _, body = json_request(block, "start", {"mode": "watch"})
    assert body["frames"][0]["do"]["target"] == w(block, "home", "go")
    status, _ = json_request(block, "act", {"seq": 0, "widget": w(block, "home", "go"), "action": "tap"})
    assert status == 400 and grades(block) == []


def test_attempts_are_limited_and_the_best_counts(block, json_request):
    json_request(block, "start", {"mode": "test", "confirmed": True})
    for seq in range(3):  # max_errors=2: the third mistake ends the attempt at 0
        _, body = json_request(block, "act", {"seq": seq, "widget": w(block, "home", "bad"), "action": "tap"})
    assert body["status"] == "failure" and body["score"] == 0
    assert grades(block)[-1]["value"] == 0.0
    status, body = json_request(block, "restart", {})
    assert status == 409 and "xác nhận" in body["error"] and block.test_attempts == 1  # costs one: asked first
    status, body = json_request(block, "restart", {"confirmed": True})
    assert status == 200 and body["attemptsLeft"] == 0 and body["canRestart"] is False
    play(block, json_request, RIGHT)
    assert grades(block)[-1] == {"value": 1.0, "max_value": 1.0, "only_if_higher": True}
    status, body = json_request(block, "start", {"mode": "test", "confirmed": True})
    assert status == 403 and "hết số lượt" in body["error"]
    assert block.raw_earned == 1.0


def test_a_test_attempt_starts_only_when_confirmed_and_says_what_is_left(block, json_request):
    status, body = json_request(block, "start", {"mode": "test"})
    assert status == 409 and "xác nhận" in body["error"]
    assert block.test_attempts == 0 and block.sim_state == {}  # nothing spent, nothing started
    status, body = json_request(block, "start", {"mode": "test", "confirmed": True})
    assert status == 200 and body["mode"] == "test" and body["attemptsLeft"] == 1 and body["restartCost"] == 1


def test_switching_to_practice_and_back_resumes_the_unfinished_test_for_free(block, json_request):
    json_request(block, "start", {"mode": "test", "confirmed": True})
    _, body = json_request(block, "act", {"seq": 0, "widget": w(block, "home", "bad"), "action": "tap"})
    assert body["errors"] == 1
    test_state = dict(block.sim_state)
    _, body = json_request(block, "start", {"mode": "practice"})
    assert body["mode"] == "practice" and body["testPaused"] is True and body["restartCost"] == 0
    status, body = json_request(block, "start", {"mode": "test"})  # no confirmation needed: nothing is spent
    assert status == 200 and body["mode"] == "test" and body["errors"] == 1 and body["seq"] == 1
    assert block.sim_state == test_state and block.test_attempts == 1 and body["testPaused"] is False
    assert body["attemptsLeft"] == 1


def test_reload_resumes_where_the_learner_was(block, json_request):
    json_request(block, "start", {"mode": "practice"})
    play(block, json_request, RIGHT[:2])
    _, body = json_request(block, "state", {})
    assert body["seq"] == 2 and body["screen"]["widgets"][0]["type"] == "pin-pad"
    init = _init_data(block)
    assert init["view"]["seq"] == 2 and init["view"]["mode"] == "practice"


def test_unknown_mode_and_malformed_actions_are_refused_in_vietnamese(block, json_request):
    status, body = json_request(block, "start", {"mode": "cheat"})
    assert status == 400 and body["error"] == "Bài này không có chế độ đó."
    status, body = json_request(block, "act", {"seq": 0, "widget": "w0", "action": "tap"})
    assert status == 400 and "chọn một chế độ" in body["error"]
    json_request(block, "start", {"mode": "test", "confirmed": True})
    for bad in ({"seq": "0", "widget": "w0", "action": "tap"}, {"seq": 0, "widget": 3, "action": "tap"},
                ["not", "an", "object"], {"seq": True, "widget": "w0", "action": "tap"}):
        status, body = json_request(block, "act", bad)
        assert status == 400 and "Yêu cầu không hợp lệ" in body["error"]


def test_broken_scenario_shows_a_message_not_a_trace(make_block, json_request):
    block = make_block(PhoneSimBlock, content={"scenario_xml": "<scenario id='x'>"})
    content = block.student_view().content
    status, body = json_request(block, "start", {"mode": "practice"})
    assert status == 503 and "chưa sẵn sàng" in body["error"]
    assert "Traceback" not in content


def _init_data(block):
    frag = block.student_view()
    return page_data(frag)


def test_student_view_is_vietnamese_with_the_mock_mark_and_assets_served_as_files(block):
    frag = block.student_view()
    data = page_data(frag)
    assert data["strings"]["practice"] == "Thử" and data["strings"]["test"] == "Kiểm tra"
    assert data["mark"] == "MÔ PHỎNG"
    assert frag.js_init_fn == "PhoneSimBlock"
    urls = {(r.mimetype, r.data) for r in frag.resources if r.kind == "url"}
    assert urls == {("application/javascript", "/xblock/resource/phone_sim/public/common/net.js"),
                    ("application/javascript", "/xblock/resource/phone_sim/public/phone_sim.js"),
                    ("text/css", "/xblock/resource/phone_sim/public/phone_sim.css")}
    scripts = [r.data for r in frag.resources if r.mimetype == "application/javascript"]
    assert scripts.index("/xblock/resource/phone_sim/public/common/net.js") == 0  # HocvusoNet before its user
    assert not [r for r in frag.resources if r.kind == "text"]  # nothing inline: a strict CSP allows the page


def test_typed_secrets_are_not_stored(block, json_request):
    json_request(block, "start", {"mode": "test", "confirmed": True})
    play(block, json_request, RIGHT[:3])
    stored = json.dumps({"state": block.sim_state, "earned": block.raw_earned}, ensure_ascii=False)
    assert "1234" not in stored and "Nguyễn" not in stored


# Studio --------------------------------------------------------------------------------------
def test_validate_handler_lists_every_problem_with_lines(staff_block, json_request):
    block = staff_block
    broken = MINI.replace('goto="form"', 'goto="nowhere"').replace('<button id="bad"', '<buton id="bad"')
    status, body = json_request(block, "validate_scenario", {"xml": broken})
    assert status == 200 and body["valid"] is False
    messages = " ".join(p["message"] for p in body["problems"])  # Studio speaks Vietnamese by default
    assert "goto='nowhere' không trỏ tới màn hình nào" in messages and "không có thành phần <buton>" in messages
    assert all(p["line"] and re.match(rf"dòng {p['line']}[,:] ", p["message"]) for p in body["problems"])
    valid = json_request(block, "validate_scenario", {"xml": S3})[1]
    assert valid["valid"] is True and valid["problems"] == []


def test_validate_handler_previews_every_screen_without_the_answer_key(staff_block, json_request):
    _, body = json_request(staff_block, "validate", {"scenario_xml": MINI})
    preview = body["preview"]
    assert body["valid"] is True and preview["start"] == "home"
    labels = [s["label"] for s in preview["screens"]]
    assert labels[:3] == ["Bước 1: Đi tiếp", "Bước 2: Quay lại", "Bước 3: Gõ tên"]  # Vietnamese, for the picker
    assert any(label.startswith("Kết thúc, thành công: ") for label in labels)
    home = preview["screens"][0]
    assert home["id"] == "home" and home["line"] == 3 and home["screen"]["task"] == "Đi tiếp"
    assert [w.get("label") for w in home["screen"]["widgets"]] == [None, "Tiếp", "Sai", "Bẫy"]
    text = json.dumps(preview, ensure_ascii=False)  # the learners' answer-free model: no rule, id or value
    for secret in ('"go"', '"bad"', "goto", "expect", "Nguyễn Văn An", "Không phải nút này", "Gõ Nguyễn"):
        assert secret not in text, secret


def test_studio_save_refuses_invalid_input_and_changes_nothing(staff_block, json_request):
    block = staff_block
    before = block.scenario_xml
    form = {"display_name": "Mới", "modes": ["practice"], "weight": "2", "max_errors": "1", "max_attempts": "0",
            "scenario_xml": MINI.replace('end="success"', "")}
    _, body = json_request(block, "studio_submit", form)
    assert body["valid"] is False and block.scenario_xml == before and block.display_name != "Mới"
    _, body = json_request(block, "studio_submit", {**form, "scenario_xml": S8, "max_errors": "-1"})
    assert body["valid"] is False and block.scenario_xml == before
    _, body = json_request(block, "studio_submit", {**form, "scenario_xml": S8})
    assert body["valid"] is True
    assert (block.display_name, block.modes, block.weight, block.max_errors, block.max_attempts) == (
        "Mới", "practice", 2.0, 1, 0)
    assert block.scenario_xml == S8


def test_studio_view_renders_the_form(block):
    content = block.studio_view().content
    assert 'name="scenario_xml"' in content and "Kiểm tra kịch bản" in content


# OLX -----------------------------------------------------------------------------------------
def test_olx_round_trip_keeps_settings_and_scenario(block, make_block):
    block.display_name = "Bài S8"
    block.scenario_xml = S8
    node = etree.Element("unused")
    block.add_xml_to_node(node)
    assert node.tag == "phonesimblock" or node.tag == block.scope_ids.block_type
    olx = etree.tostring(node, encoding="unicode")
    assert "<scenario" in olx and 'display_name="Bài S8"' in olx and "max_errors=" in olx
    parsed = PhoneSimBlock.parse_xml(etree.fromstring(olx), block.runtime, block.scope_ids)
    assert parsed.scenario_xml == S8.strip()
    assert (parsed.display_name, parsed.max_errors, parsed.max_attempts, parsed.modes) == (
        "Bài S8", 2, 2, "watch practice test")
    again = etree.Element("unused")
    parsed.add_xml_to_node(again)
    assert etree.tostring(again, encoding="unicode") == olx


def test_workbench_scenarios_are_the_three_catalogue_scenarios():
    pages = PhoneSimBlock.workbench_scenarios()
    assert len(pages) == 3
    for _title, olx in pages:
        root = etree.fromstring(olx.encode("utf-8"))
        parse_scenario(etree.tostring(root.find("scenario"), encoding="unicode"))


# Translations --------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["vi", "en"])
def test_catalogues_cover_every_learner_string(language):
    path = Path(__file__).resolve().parents[3] / "xblocks/phone_sim/translations" / language / "LC_MESSAGES/text.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    needed = (set(UI_STRINGS.values()) | set(PROJECTOR_STRINGS.values()) | set(BLOCK_MESSAGES)
              | set(engine.ENGINE_MESSAGES))
    missing = {msgid for msgid in needed if msgid not in catalog}
    assert not missing
    if language == "vi":
        untranslated = {m for m in needed if not catalog[m].string}
        assert not untranslated


@pytest.mark.parametrize(("language", "shown"), [("vi", "Thử"), ("en", "Practice")])
def test_the_page_is_in_the_learners_language_so_its_numbers_are_written_that_way(block, language, shown):
    """The browser formats numbers (battery 80 %, mistakes, attempts left) for the block's `lang`: it must be
    the active language of the runtime's i18n service, not a fixed 'vi'."""
    from xblocks.common.i18n import BundledI18nService

    block.runtime._services["i18n"] = BundledI18nService(language)
    page = block.student_view()
    root = etree.fromstring(page.content.encode(), etree.HTMLParser()).find(".//div[@class='phone-sim']")
    assert root.get("lang") == language
    assert page_data(page)["strings"]["practice"] == shown


def test_studio_says_a_lost_connection_in_the_authors_language(staff_block):
    """The Studio editor's message when the server cannot be reached comes translated from the server (the
    JavaScript has no English fallback of its own)."""
    assert page_data(staff_block.studio_view())["networkError"].startswith("Không kết nối được")
