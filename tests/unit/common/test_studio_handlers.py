"""Studio handlers of both blocks: staff only, bodies capped at 256 KB, at most 50 problems listed."""

import json

import pytest
from webob import Request

from tests.unit.phone_sim.scenario_samples import MINI
from xblocks.common.studio import MAX_BODY_BYTES, MAX_PROBLEMS
from xblocks.phone_sim import PhoneSimBlock
from xblocks.quiz import QuizBlock

HANDLERS = {PhoneSimBlock: ("validate", "validate_scenario", "studio_submit"),
            QuizBlock: ("validate", "import_questions", "studio_submit")}


def post(block, handler: str, body: bytes):
    request = Request.blank("/", method="POST", body=body)
    request.content_type = "application/json"
    response = block.handle(handler, request)
    return response.status_code, json.loads(response.body)


def make(make_block, block_class, is_staff):
    content = {"scenario_xml": MINI} if block_class is PhoneSimBlock else {}
    return make_block(block_class, content=content, is_staff=is_staff)


@pytest.mark.parametrize("block_class", list(HANDLERS))
def test_learners_are_refused_by_every_studio_handler_and_nothing_changes(make_block, block_class):
    block = make(make_block, block_class, is_staff=False)
    before = {name: getattr(block, name) for name in ("display_name", "weight")}
    for handler in HANDLERS[block_class]:
        status, body = post(block, handler, json.dumps({"display_name": "Hacked", "weight": 9,
                                                        "settings": {"display_name": "Hacked"}}).encode())
        assert status == 403 and "nhân viên khóa học" in body["error"], handler
    assert {name: getattr(block, name) for name in ("display_name", "weight")} == before


@pytest.mark.parametrize("block_class", list(HANDLERS))
def test_a_body_over_the_cap_is_refused_with_413_before_it_is_read(make_block, block_class):
    block = make(make_block, block_class, is_staff=True)
    huge = json.dumps({"scenario_xml": "x" * MAX_BODY_BYTES, "questions_xml": "x"}).encode()
    for handler in HANDLERS[block_class]:
        status, body = post(block, handler, huge)
        assert status == 413 and "256 KB" in body["error"], handler


def test_problem_lists_are_capped_with_a_count_of_the_rest(make_block):
    block = make(make_block, QuizBlock, is_staff=True)
    broken = "<questions>" + "".join(f'<question id="q{i}" type="single"><prompt>p</prompt></question>'
                                     for i in range(80)) + "</questions>"
    status, body = post(block, "validate", json.dumps({"settings": {}, "questions_xml": broken}).encode())
    assert status == 200 and body["valid"] is False
    assert len(body["problems"]) == MAX_PROBLEMS and body["problems_omitted"] >= 30


def test_a_body_that_is_not_a_json_object_is_refused(make_block):
    block = make(make_block, PhoneSimBlock, is_staff=True)
    assert post(block, "validate", b"[1, 2]")[0] == 400
    assert post(block, "validate", b"{not json")[0] == 400
