"""Projector mode ("Làm theo tôi"): the view model, and the block's staff-only views that never grade."""

import json
from pathlib import Path

import pytest

from tests.conftest import page_data
from xblocks.common.xml import parse_xml
from xblocks.phone_sim import PhoneSimBlock
from xblocks.phone_sim.scenario import load_scenario, parse_scenario, scenario_element_text
from xblocks.phone_sim.view_model import projector_model, walkthrough

from .scenario_samples import MINI, SHIPPED

COURSE_SCENARIOS = sorted((Path(__file__).resolve().parents[3] / "course_content/phone_sim").glob("*.xml"))
SCENARIO = parse_scenario(MINI)


# View model ------------------------------------------------------------------------------------------
def test_steps_are_the_watch_mode_walkthrough_with_the_end_captioned_by_the_last_feedback():
    model = projector_model(SCENARIO, "n1")
    frames = walkthrough(SCENARIO, "n1")
    assert model["title"] == "Mini" and len(model["steps"]) == len(frames) == 8
    assert model["steps"][:-1] == frames[:-1]  # the same frames as watch mode: one source of steps
    assert [step["caption"] for step in model["steps"][:3]] == ["h1", "Gõ Nguyễn Văn An", "1234"]
    end = model["steps"][-1]
    assert end["screen"]["end"] == "success" and end["do"] is None
    assert end["caption"] == frames[-2]["feedback"]  # "" in MINI: the page then says "Done…"
    assert frames[-1]["caption"] == ""  # the cached watch-mode frame itself is left as it was


@pytest.mark.parametrize("path", [*SHIPPED, *COURSE_SCENARIOS], ids=lambda p: p.stem)
def test_every_step_of_every_scenario_has_a_caption_and_a_screen(path):
    text = path.read_text(encoding="utf-8")
    if text.startswith("<phone_sim"):  # a course block: the scenario inside it
        text = scenario_element_text(parse_xml(text, source=str(path)).find("scenario"))
    scenario = load_scenario(text)
    steps = projector_model(scenario, "nonce")["steps"]
    assert len(steps) >= 2 and steps[-1]["screen"]["end"] == "success"
    for step in steps[:-1]:
        assert step["caption"].strip() and step["do"]["target"]
    assert steps[0]["screen"] == walkthrough(scenario, "nonce")[0]["screen"]


def test_control_ids_depend_on_the_page_nonce_so_a_projector_is_no_key_to_an_attempt():
    one, two = projector_model(SCENARIO, "a"), projector_model(SCENARIO, "b")
    assert one["steps"][0]["do"]["target"] != two["steps"][0]["do"]["target"]
    text = json.dumps(one, ensure_ascii=False)
    assert not [author_id for author_id in ("go", "bad", "trap") if f'"{author_id}"' in text]  # never on the page


# Block -----------------------------------------------------------------------------------------------
@pytest.fixture
def blocks(make_block):
    def build(is_staff):
        return make_block(PhoneSimBlock, content={"scenario_xml": MINI}, is_staff=is_staff,
                          settings={"modes": "watch practice test", "max_errors": 2, "max_attempts": 2})
    return build


def test_staff_projector_view_carries_the_steps_and_no_learner_view(blocks):
    block = blocks(True)
    data = page_data(block.projector_view())
    assert data["projectorOnly"] is True and "view" not in data
    assert [step["caption"] for step in data["projector"]["steps"]] == [
        step["caption"] for step in projector_model(SCENARIO, "x")["steps"]]
    assert data["strings"]["projector"] == "Làm theo tôi" and data["strings"]["stepCount"] == "Bước {number}/{total}"


def test_projector_view_neither_grades_nor_stores_nor_spends(blocks):
    block = blocks(True)
    block.projector_view()
    block.student_view()
    block.runtime.publish.assert_not_called()
    assert block.sim_state == {} and block.test_attempts == 0 and block.paused_test == {}


def test_a_learner_gets_a_plain_notice_and_no_walkthrough(blocks):
    block = blocks(False)
    fragment = block.projector_view()
    assert "chỉ dành cho giáo viên" in fragment.content
    assert fragment.js_init_fn is None and page_data(fragment) == {}  # no script, no data
    student = page_data(block.student_view())
    assert "projector" not in student and student["projectorOnly"] is False
    assert "stepCount" not in student["strings"]  # the projector's words go to staff pages only
    assert "Tốt." not in json.dumps(student, ensure_ascii=False)  # no expected path reaches a learner


def test_staff_student_view_offers_the_projector_beside_the_exercise(blocks):
    data = page_data(blocks(True).student_view())
    assert data["view"]["mode"] is None and data["projectorOnly"] is False
    assert len(data["projector"]["steps"]) == 8


def _asset_names(fragment) -> list[str]:
    return [r.data.rsplit("/", 1)[-1] for r in fragment.resources if r.kind == "url"]


def test_only_staff_pages_load_the_projector_files_after_the_learner_view(blocks):
    for fragment in (blocks(True).student_view(), blocks(True).projector_view()):
        names = _asset_names(fragment)
        assert names.index("phone_sim_projector.js") > names.index("phone_sim.js")  # it registers, phone_sim.js calls
        assert "phone_sim_projector.css" in names
    assert not [name for name in _asset_names(blocks(False).student_view()) if "projector" in name]


def test_a_broken_scenario_shows_the_broken_notice_in_the_projector(make_block):
    block = make_block(PhoneSimBlock, content={"scenario_xml": "<scenario"}, is_staff=True)
    data = page_data(block.projector_view())
    assert data["broken"] and "projector" not in data
