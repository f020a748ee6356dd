"""Intake (b): what our blocks publish in the demo's workbench is recorded by graders for the right block."""

from __future__ import annotations

import logging

import pytest
from workbench import scenarios
from workbench.runtime import WorkbenchRuntime

from demo_site import workbench_bridge
from demo_site.course_units import course_units
from graders.models import BlockProgress, LearnerLink
from xblocks.quiz import QuizBlock

pytestmark = pytest.mark.django_db

PHONE, QUIZ, LESSON = "s08_cuoc_goi_gia_cong_an", "q5_lua_dao", "m5_bai_hoc"


@pytest.fixture
def bridge(monkeypatch):
    """The bridge installed on the workbench runtime, for this test only."""
    monkeypatch.setattr(WorkbenchRuntime, "publish", WorkbenchRuntime.publish)
    workbench_bridge.install()
    return workbench_bridge


@pytest.fixture
def unit_blocks(bridge):
    """Register the course's chapter-5 units as the demo does; return {url_name: usage id}."""
    units = [unit for unit in course_units() if {PHONE, QUIZ, LESSON} & set(unit.blocks)]
    usages = {}
    for unit in units:
        name = f"bridge-test-{unit.name}"
        scenarios.add_xml_scenario(name, name, unit.xml)
        vertical = scenarios.SCENARIOS[name].usage_id
        bridge.map_unit(unit, vertical)
        usages.update(zip(unit.blocks, WorkbenchRuntime().get_block(vertical).children, strict=True))
    yield usages
    for unit in units:
        scenarios.SCENARIOS.pop(f"bridge-test-{unit.name}", None)


def publish(usage_id, student, event_type, data):
    """What a block does on the server when a learner (?student=...) finishes it."""
    runtime = WorkbenchRuntime(student)
    runtime.publish(runtime.get_block(usage_id), event_type, data)


def test_every_demo_unit_maps_its_blocks_to_their_course_url_names(bridge, db):
    """The scenario's children line up with the unit's url_names, for every unit of the course."""
    from graders.course_policies import course_policy

    checked = 0
    for unit in course_units():
        scenarios.add_xml_scenario(f"map-{unit.name}", f"map-{unit.name}", unit.xml)
        vertical = scenarios.SCENARIOS.pop(f"map-{unit.name}").usage_id
        bridge.map_unit(unit, vertical)
        runtime = WorkbenchRuntime()
        for usage_id in runtime.get_block(vertical).children:
            course_id, url_name = bridge.course_block(usage_id)
            graded = course_policy(course_id).structure.blocks.get(url_name)
            block_type = runtime.id_reader.get_block_type(runtime.id_reader.get_definition_id(usage_id))
            if graded is not None:
                assert graded.block_type == block_type, (unit.name, url_name)
                checked += 1
    assert checked == 37  # 21 phone exercises and 16 quizzes


def test_a_grade_and_completion_are_recorded_for_the_block_and_learner(unit_blocks):
    publish(unit_blocks[QUIZ], "student_7", "grade", {"value": 4, "max_value": 5, "only_if_higher": False})
    publish(unit_blocks[QUIZ], "student_7", "completion", {"completion": 1.0})
    row = BlockProgress.objects.get()
    assert (row.url_name, row.block_type, row.earned, row.possible, row.completed) == (QUIZ, "auto_quiz", 4, 5, True)
    link = LearnerLink.objects.get()
    assert link.lms_user_id == "workbench:student_7" and link.username == "student_7"
    assert link.group == "trai_nghiem"
    assert link.subject_id == workbench_bridge.demo_subject_id("student_7")
    assert link.subject_id.startswith("demo-") and "student_7" not in link.subject_id
    assert link.progress_version == 2  # due for evaluation


def test_students_are_different_learners_with_stable_pseudonyms(unit_blocks):
    publish(unit_blocks[PHONE], "an", "grade", {"value": 1.0, "max_value": 1.0, "only_if_higher": True})
    publish(unit_blocks[PHONE], "binh", "grade", {"value": 0.5, "max_value": 1.0, "only_if_higher": True})
    publish(unit_blocks[PHONE], "an", "grade", {"value": 0.2, "max_value": 1.0, "only_if_higher": True})
    earned = {row.learner.username: row.earned for row in BlockProgress.objects.select_related("learner")}
    assert earned == {"an": 1.0, "binh": 0.5}  # only_if_higher kept An's better test score
    assert len({link.subject_id for link in LearnerLink.objects.all()}) == 2


def test_the_group_is_set_on_first_event_and_then_left_alone(unit_blocks, settings):
    publish(unit_blocks[PHONE], "chi", "completion", {"completion": 1.0})
    settings.DEMO_LEARNER_GROUP = "nguoi_dan"
    publish(unit_blocks[QUIZ], "chi", "completion", {"completion": 1.0})
    publish(unit_blocks[QUIZ], "dung", "completion", {"completion": 1.0})
    groups = dict(LearnerLink.objects.values_list("username", "group"))
    assert groups == {"chi": "trai_nghiem", "dung": "nguoi_dan"}


def test_an_unknown_demo_group_falls_back_to_the_course_default(unit_blocks, settings, caplog):
    settings.DEMO_LEARNER_GROUP = "khong_co"
    with caplog.at_level(logging.WARNING, logger="demo_site.workbench_bridge"):
        publish(unit_blocks[QUIZ], "em", "completion", {"completion": 1.0})
    assert LearnerLink.objects.get().group == ""  # evaluated with the course's default group
    assert "DEMO_LEARNER_GROUP" in caplog.text


@pytest.mark.parametrize("event_type, data", [
    ("completion", {"completion": 0.5}),  # not finished yet
    ("grade", "4 of 5"),  # not the block's event shape
    ("hocvuso.phone_sim.started", {"mode": "test"}),  # analytics, not progress
])
def test_what_is_not_progress_stores_nothing(unit_blocks, event_type, data):
    publish(unit_blocks[PHONE], "giang", event_type, data)
    assert not BlockProgress.objects.exists() and not LearnerLink.objects.exists()


def test_lessons_and_blocks_outside_the_course_store_nothing(unit_blocks):
    publish(unit_blocks[LESSON], "ha", "completion", {"completion": 1.0})
    scenarios.add_xml_scenario("bridge-free", "bridge-free", QuizBlock.workbench_scenarios()[0][1])
    try:
        publish(scenarios.SCENARIOS["bridge-free"].usage_id, "ha", "grade", {"value": 1, "max_value": 1})
    finally:
        scenarios.SCENARIOS.pop("bridge-free")
    assert not BlockProgress.objects.exists()


def test_a_refused_event_is_logged_and_the_learner_carries_on(unit_blocks, caplog):
    with caplog.at_level(logging.WARNING, logger="demo_site.workbench_bridge"):
        publish(unit_blocks[QUIZ], "khanh", "grade", {"value": 7, "max_value": 5})  # more than possible
        publish(unit_blocks[QUIZ], "x" * 101, "grade", {"value": 1, "max_value": 5})  # not a usable id
    assert not BlockProgress.objects.exists()
    assert "not recorded" in caplog.text and "earned <= possible" in caplog.text
