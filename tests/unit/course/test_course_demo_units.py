"""The demo site shows every unit of the course as a workbench scenario the workbench can load."""

from __future__ import annotations

import pytest
from lxml import etree
from workbench.runtime import WorkbenchRuntime

from demo_site.course_units import course_units
from graders.course_olx import html_source, load_course
from xblocks.common.xml import parse_xml
from xblocks.phone_sim.scenario import parse_scenario
from xblocks.quiz.questions import parse_quiz

from .conftest import COURSE_ROOT

DEMO_TYPE = {"html": "html_demo", "phone_sim": "phone_sim", "auto_quiz": "auto_quiz",
             "learner_progress": "learner_progress"}


@pytest.fixture(scope="module")
def units():
    return course_units(COURSE_ROOT)


def test_one_scenario_per_unit_in_course_order(units):
    course, _ = load_course(COURSE_ROOT)
    verticals = [vertical for _chapter, _sequential, vertical in course.units()]
    assert len(units) == len(verticals) == 55  # 53 units, the glossary and "Tiến độ của tôi"
    assert [unit.title.split(" · ")[1] for unit in units] == [v.display_name for v in verticals]
    assert len({unit.name for unit in units}) == len(units)
    assert units[0].name == "course.01.01" and units[-1].name.startswith("course.17.")


@pytest.mark.django_db
def test_every_unit_loads_in_the_workbench_runtime_with_its_blocks(units):
    course, _ = load_course(COURSE_ROOT)
    for unit, (_chapter, _sequential, vertical) in zip(units, course.units(), strict=True):
        runtime = WorkbenchRuntime("student_1")
        runtime.id_generator.set_scenario(unit.name.replace(".", "-"))
        page = runtime.get_block(runtime.parse_xml_string(unit.xml))
        blocks = [runtime.get_block(child) for child in page.children]
        assert [b.scope_ids.block_type for b in blocks] == [DEMO_TYPE[b.type] for b in vertical.children], unit.name
        for block, source in zip(blocks, vertical.children, strict=True):
            if source.type == "phone_sim":
                assert parse_scenario(block.scenario_xml, source=unit.name).steps, unit.name
                assert block.display_name == source.display_name
            elif source.type == "auto_quiz":
                written = parse_quiz(etree.tostring(source.element, encoding="unicode"), source=unit.name)
                assert block.max_score() == written.settings.pick, unit.name
            elif source.type == "learner_progress":
                assert block.display_name == "Tiến độ của tôi", unit.name
            else:  # the lesson shows exactly the words the course team wrote, prices with "$" included
                shown = block.fallback_view("student_view", {}).content
                assert _words(shown) == _words(html_source(course, source)), unit.name


def _words(html: str) -> list[str]:
    return "".join(parse_xml(f"<div>{html}</div>", source="lesson").itertext()).split()


def test_a_missing_course_folder_gives_no_units(tmp_path):
    assert course_units(tmp_path) == []


@pytest.mark.django_db
def test_a_lesson_keeps_its_dollar_signs_and_a_block_gets_its_policy_settings(tmp_path):
    files = {
        "course.xml": '<course url_name="R" org="O" course="C"/>',
        "course/R.xml": '<course><chapter url_name="c"/></course>',
        "chapter/c.xml": '<chapter display_name="Chương"><sequential url_name="s"/></chapter>',
        "sequential/s.xml": '<sequential><vertical url_name="v"/></sequential>',
        "vertical/v.xml": '<vertical display_name="Đơn vị"><html url_name="h"/><auto_quiz url_name="q"/></vertical>',
        "html/h.xml": '<html filename="trang"/>',
        "html/trang.html": "<p>Giá 5$ một gói, $NAME không phải biến</p>",
        "auto_quiz/q.xml": (COURSE_ROOT / "auto_quiz" / "q1_thiet_bi.xml").read_text(encoding="utf-8"),
        "policies/R/policy.json": '{"auto_quiz/q": {"display_name": "Tên mới", "pick": 3}}',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    [unit] = course_units(tmp_path)
    assert unit.title == "Chương · Đơn vị"
    runtime = WorkbenchRuntime("student_1")
    runtime.id_generator.set_scenario("dollar")
    page = runtime.get_block(runtime.parse_xml_string(unit.xml))
    lesson, quiz = (runtime.get_block(child) for child in page.children)
    assert lesson.fallback_view("student_view", {}).content == "<p>Giá 5$ một gói, $NAME không phải biến</p>"
    assert (quiz.display_name, quiz.max_score()) == ("Tên mới", 3)
