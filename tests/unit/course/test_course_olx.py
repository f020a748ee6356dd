"""graders.course_olx: the one OLX reader reads the course as Open edX would, and says what is wrong where."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graders.course_olx import html_source, is_pointer, load_course
from graders.policy import GRADED_BLOCK_TYPES, PolicyError, course_structure, load_structure
from xblocks.common.xml import parse_xml

from .conftest import COURSE_ROOT


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# A small course: a pointer chapter, an inline sequential, an inline vertical holding an inline quiz and a
# pointer phone_sim, and an html block with inline content.
SMALL = {
    "course.xml": '<course url_name="R1" org="Org" course="C1"/>',
    "course/R1.xml": '<course display_name="Nhỏ"><chapter url_name="ch1"/><wiki slug="x"/></course>',
    "chapter/ch1.xml": (
        '<chapter display_name="Chương 1">\n'
        '  <sequential url_name="seq1" display_name="Phần 1" format="Bài kiểm tra" graded="true">\n'
        '    <vertical url_name="v1" display_name="Đơn vị 1">\n'
        '      <html url_name="h1" display_name="Bài">A &amp; B <p>Xin chào</p></html>\n'
        '      <auto_quiz url_name="q1" weight="3"><question/></auto_quiz>\n'
        '      <phone_sim url_name="s1"/>\n'
        "    </vertical>\n"
        "  </sequential>\n"
        "</chapter>\n"
    ),
    "phone_sim/s1.xml": '<phone_sim display_name="Mô phỏng" weight="2"><scenario/></phone_sim>',
    "policies/R1/policy.json": json.dumps({"course/R1": {"language": "vi"}, "phone_sim/s1": {"weight": 5},
                                           "auto_quiz/q1": {"display_name": "Đổi tên"}}),
}


@pytest.fixture
def small(tmp_path) -> Path:
    return write(tmp_path / "small", SMALL)


def test_pointer_rule_is_open_edx_s():
    assert is_pointer(parse_xml('<vertical url_name="v"/>'))
    assert is_pointer(parse_xml('<course url_name="R" org="O" course="C"/>'))
    assert not is_pointer(parse_xml('<vertical url_name="v" display_name="x"/>'))
    assert not is_pointer(parse_xml('<html url_name="h">text</html>'))
    assert not is_pointer(parse_xml('<vertical url_name="v"><html url_name="h"/></vertical>'))


def test_inline_and_pointer_children_make_one_tree(small):
    course, problems = load_course(small)
    assert problems == []
    assert course.course_id == "course-v1:Org+C1+R1"
    assert [(b.type, b.url_name) for b in course.blocks()] == [
        ("course", "R1"), ("chapter", "ch1"), ("sequential", "seq1"), ("vertical", "v1"),
        ("html", "h1"), ("auto_quiz", "q1"), ("phone_sim", "s1")]
    [(chapter, sequential, vertical)] = list(course.units())
    assert (chapter.display_name, sequential.setting("format"), vertical.display_name) == (
        "Chương 1", "Bài kiểm tra", "Đơn vị 1")
    quiz, sim = course.blocks("auto_quiz")[0], course.blocks("phone_sim")[0]
    assert sim.path == small / "phone_sim" / "s1.xml" and quiz.path == small / "chapter" / "ch1.xml"
    assert [child.tag for child in quiz.element] == ["question"]  # a leaf's content is not read as blocks
    assert html_source(course, course.blocks("html")[0]) == "A &amp; B <p>Xin chào</p>"  # still HTML


def test_policy_json_overrides_the_olx_attributes(small):
    course, _ = load_course(small)
    sim, quiz = course.blocks("phone_sim")[0], course.blocks("auto_quiz")[0]
    assert sim.attrs["weight"] == "2" and sim.weight == 5.0  # Studio keeps changed settings in policy.json
    assert quiz.weight == 3.0 and quiz.display_name == "Đổi tên"
    assert course.blocks("html")[0].weight is None


def test_every_problem_names_the_file_to_fix(small):
    write(small, {
        "course/R1.xml": '<course><chapter url_name="ch1"/><chapter url_name="ch2"/><chapter url_name="ch3"/>'
                         '<sequential url_name="stray"/><chapter url_name="ch1"/><chapter url_name="bad name"/>'
                         "</course>",
        "chapter/ch2.xml": "<chapter>\n<sequential url_name='s2'>\n</chapter>",
        "policies/R1/policy.json": json.dumps({"phone_sim/s1": {"weight": "nặng"}, "auto_quiz/q1": {"weight": -1}}),
        "html/h9.xml": '<html filename="../../secret"/>',
        "vertical/v9.xml": '<vertical><html url_name="h9"/></vertical>',
        "chapter/ch1.xml": SMALL["chapter/ch1.xml"].replace("</sequential>", '<vertical url_name="v9"/></sequential>'),
    })
    course, problems = load_course(small)
    assert course is not None
    expected = [
        "phone_sim/s1.xml: phone_sim/s1 has weight 'nặng'; a weight is a number, 0 or more",
        "chapter/ch1.xml: auto_quiz/q1 has weight -1; a weight is a number, 0 or more",
        "html/h9.xml: html/h9 filename '../../secret' may only use letters",
        "chapter/ch2.xml, line 3: the XML is not well formed",
        'chapter/ch3.xml: missing (course/R1.xml, line 1 points to it with <chapter url_name="ch3"/>)',
        "course/R1.xml, line 1: <sequential> cannot sit in a course (expected <chapter>)",
        "course/R1.xml, line 1: chapter/ch1 is used twice",
        "course/R1.xml, line 1: chapter url_name 'bad name' may only use letters",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), (start, problems)
    assert len(problems) == len(expected)


def test_an_unreadable_course_pointer_gives_no_course(tmp_path):
    course, problems = load_course(write(tmp_path, {"course.xml": '<course url_name="R1"/>'}))
    assert course is None and problems == ['course.xml: must be <course url_name="RUN" org="ORG" course="NUMBER"/>']
    course, problems = load_course(tmp_path / "nothing")
    assert course is None and problems == ["course.xml: missing"]


def test_a_leaf_without_its_file_is_a_problem_unless_only_the_outline_is_wanted(small):
    (small / "phone_sim" / "s1.xml").unlink()
    _course, problems = load_course(small)
    assert [p.split(" (")[0] for p in problems] == ["phone_sim/s1.xml: missing"]
    course, problems = load_course(small, require_block_files=False)
    sim = course.blocks("phone_sim")[0]
    assert problems == [] and not sim.defined and sim.weight == 5.0  # the policy.json weight still applies


def test_graders_read_the_same_tree_and_weights(small):
    structure = load_structure(small)
    assert structure.course_id == "course-v1:Org+C1+R1"
    assert {b.url_name: (b.block_type, b.chapter, b.weight) for b in structure.blocks.values()} == {
        "q1": ("auto_quiz", "ch1", 3.0), "s1": ("phone_sim", "ch1", 5.0)}
    assert structure.units[0].children == (("html", "h1"), ("auto_quiz", "q1"), ("phone_sim", "s1"))
    (small / "chapter" / "ch1.xml").write_text("<chapter><sequential url_name='gone'/></chapter>")
    with pytest.raises(PolicyError, match=r"sequential/gone\.xml: missing"):
        load_structure(small)


def test_the_real_course_reads_the_same_for_the_build_script_and_the_graders(build_course):
    course, problems = load_course(COURSE_ROOT)
    assert problems == []
    structure = load_structure(COURSE_ROOT)
    assert structure.chapters == tuple(chapter.url_name for chapter in course.top.children)
    assert len(structure.units) == len(list(course.units())) == len(course.blocks("vertical")) == 55
    assert course_structure(course) == structure  # the build script checks the policy on this course object
    for chapter in course.top.children:
        in_chapter = [b.url_name for b in chapter.walk() if b.type in GRADED_BLOCK_TYPES]
        assert [b.url_name for b in structure.chapter_blocks(chapter.url_name)] == in_chapter
    assert len(structure.blocks) == 21 + 16  # phones and quizzes


def test_the_build_script_refuses_a_block_type_this_course_does_not_use(build_course, tmp_path):
    copy = tmp_path / "course_content"
    shutil.copytree(COURSE_ROOT, copy)
    vertical = copy / "vertical" / "m1_v_bai_hoc.xml"
    vertical.write_text(vertical.read_text(encoding="utf-8").replace(
        "</vertical>", '<video url_name="v1" display_name="Phim"/></vertical>'), encoding="utf-8")
    _course, problems = build_course.check_course(copy)
    assert problems == ["vertical/m1_v_bai_hoc.xml: <video> cannot sit in a unit of this course "
                        "(allowed: html, phone_sim, auto_quiz, learner_progress)"]


def test_the_build_script_flags_a_unit_left_empty_by_an_attribute_on_its_pointer(build_course, tmp_path):
    copy = tmp_path / "course_content"
    shutil.copytree(COURSE_ROOT, copy)
    sequential = copy / "sequential" / "m1_hoc.xml"
    sequential.write_text(sequential.read_text(encoding="utf-8").replace(
        '<vertical url_name="m1_v_bai_hoc"/>', '<vertical url_name="m1_v_bai_hoc" display_name="Bài học"/>'),
        encoding="utf-8")
    _course, problems = build_course.check_course(copy)
    assert problems[0].startswith("sequential/m1_hoc.xml: unit 'm1_v_bai_hoc' holds no block")
    assert problems[1:] == ["html/m1_bai_hoc.xml is not used by any parent block (Studio would ignore it)"]
