"""The course OLX: every file readable by our blocks, every reference resolvable, every policy real."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graders.policy import course_structure
from xblocks.common.xml import parse_xml
from xblocks.phone_sim import PhoneSimBlock, engine
from xblocks.phone_sim.scenario import parse_scenario, scenario_element_text
from xblocks.phone_sim.view_model import opaque_id
from xblocks.quiz import QuizBlock
from xblocks.quiz.questions import parse_quiz

from .conftest import COURSE_ROOT, REPO

MODULES = ("m1_thiet_bi", "m2_vneid", "m3_dich_vu_cong", "m4_thanh_toan", "m5_lua_dao", "m6_giao_tiep",
           "m7_ban_hang", "m8_chu_ky_so", "m9_ai", "m10_tich_hop_giay_to", "m11_ngan_hang_an_toan", "m12_nhan_tin",
           "m13_hoa_don", "m14_hoc_sinh", "m15_nguoi_lao_dong", "m16_can_bo")
CLOSING_CHAPTER = "ket_thuc"  # "Tiến độ của tôi và giấy chứng nhận": scores nothing, comes last
PHONE_SIM_FILES = sorted((COURSE_ROOT / "phone_sim").glob("*.xml"))
QUIZ_FILES = sorted((COURSE_ROOT / "auto_quiz").glob("*.xml"))


def test_the_course_passes_every_check(build_course):
    _course, problems = build_course.check_course(COURSE_ROOT)
    assert problems == []


def test_course_identity_matches_the_issue(course):
    assert course.course_id == "course-v1:HocVuSo+KNS01+2026"
    assert course.top.attrs["display_name"] == "Bình dân học vụ số: Kỹ năng số cơ bản trên điện thoại"
    assert course.policy["course/2026"]["language"] == "vi"
    assert {"phone_sim", "auto_quiz"} <= set(course.policy["course/2026"]["advanced_modules"])


def test_sixteen_modules_each_with_lesson_practice_and_quiz_then_the_progress_page(course):
    assert [chapter.url_name for chapter in course.top.children] == [*MODULES, CLOSING_CHAPTER]
    assert [b.type for b in course.chapter(CLOSING_CHAPTER).walk()
            if b.type not in ("chapter", "sequential", "vertical")] == ["learner_progress"]
    for module in MODULES:
        blocks = list(course.chapter(module).walk())
        kinds = [b.type for b in blocks]
        assert kinds.count("html") >= 1, module
        assert 1 <= kinds.count("phone_sim") <= 2, module
        assert kinds.count("auto_quiz") == 1, module


@pytest.mark.parametrize("path", PHONE_SIM_FILES, ids=lambda p: p.stem)
def test_phone_sim_olx_imports_into_the_block_with_a_valid_scenario(block_from_olx, path):
    block = block_from_olx(PhoneSimBlock, path, "phone_sim")
    scenario = parse_scenario(block.scenario_xml, source=path.name)
    assert block.display_name and block.display_name != PhoneSimBlock.display_name.default
    assert set(block.offered_modes()) == {"watch", "practice", "test"}
    assert block.weight > 0
    assert scenario.steps, "a scenario without steps gives the learner nothing to do"
    assert any(screen.end == "success" for screen in scenario.screens.values())


@pytest.mark.parametrize("path", PHONE_SIM_FILES, ids=lambda p: p.stem)
def test_each_scenario_is_tagged_with_757_digcomp_and_dlgf_codes(path, course):
    scenario = parse_scenario(_scenario_text(path), source=path.name)
    frameworks = {tag.split(":")[0] for tag in scenario.skills}
    assert {"VN", "DC", "DL"} <= frameworks, scenario.skills


def test_the_thirteen_catalogue_scenarios_and_the_eight_of_the_new_modules_are_in_the_course(course):
    used = [b.url_name for b in course.blocks("phone_sim")]
    assert len(used) == len(set(used)) == 21
    numbers = sorted(int(name[1:3]) for name in used)
    assert numbers == list(range(1, 22))


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_quiz_olx_imports_into_the_block_with_a_pool_of_at_least_eight(block_from_olx, path):
    quiz = parse_quiz(path.read_text(encoding="utf-8"), source=path.name)
    assert len(quiz.questions) >= 8
    assert quiz.settings.pick is not None and quiz.settings.pick < len(quiz.questions)
    block = block_from_olx(QuizBlock, path, "auto_quiz")
    assert block.max_score() == quiz.settings.pick


def test_graded_subsections_match_the_grading_policy(course):
    graders = {g["type"]: g for g in course.grading_policy["GRADER"]}
    assert set(graders) == {"Thực hành điện thoại", "Bài kiểm tra"}
    assert sum(g["weight"] for g in graders.values()) == pytest.approx(1.0)
    for sequential in course.blocks("sequential"):
        inside = {b.type for b in sequential.walk()}
        if sequential.attrs.get("graded") != "true":  # the closing "Tiến độ của tôi" page scores nothing
            assert not inside & {"phone_sim", "auto_quiz"}, sequential.url_name
            continue
        if sequential.attrs["format"] == "Thực hành điện thoại":
            assert "phone_sim" in inside and "auto_quiz" not in inside
        else:
            assert inside & {"phone_sim", "auto_quiz"} == {"auto_quiz"}


def test_every_target_group_has_a_track_over_real_modules(build_course, course):
    policy = json.loads((COURSE_ROOT / "certificate_policy.json").read_text(encoding="utf-8"))
    assert set(policy["groups"]) == {"nguoi_dan", "hoc_sinh_sinh_vien", "can_bo_cong_chuc", "nguoi_lao_dong"}
    structure = course_structure(course)
    for key, group in policy["groups"].items():
        assert group["achievement"] in policy["achievements"], key
        for module in group["required_modules"]:
            assert structure.chapter_blocks(module), f"{key}: {module} has no scored block"
    # The civil-servant track is the only one that requires digital signatures (module 8).
    requiring_signatures = {k for k, g in policy["groups"].items() if "m8_chu_ky_so" in g["required_modules"]}
    assert requiring_signatures == {"can_bo_cong_chuc"}
    # Each group learns its own module, and everyone the bank-safety one.
    required = {key: set(group["required_modules"]) for key, group in policy["groups"].items()}
    assert {"m7_ban_hang", "m15_nguoi_lao_dong"} <= required["nguoi_lao_dong"]
    assert "m14_hoc_sinh" in required["hoc_sinh_sinh_vien"]
    assert "m16_can_bo" in required["can_bo_cong_chuc"]
    assert all("m11_ngan_hang_an_toan" in modules for modules in required.values())
    group_modules = {"m14_hoc_sinh", "m15_nguoi_lao_dong", "m16_can_bo"}
    assert not required["nguoi_dan"] & group_modules


# The checker itself must catch what it claims to catch -------------------------------------------------
@pytest.fixture
def course_copy(tmp_path) -> Path:
    target = tmp_path / "course_content"
    shutil.copytree(COURSE_ROOT, target)
    return target


def test_checker_reports_a_dangling_url_name(build_course, course_copy):
    vertical = course_copy / "vertical" / "m4_v_thuc_hanh_1.xml"
    vertical.write_text(vertical.read_text(encoding="utf-8").replace("s06_chuyen_tien_qr", "s06_khong_co"),
                        encoding="utf-8")
    _course, problems = build_course.check_course(course_copy)
    assert any(p.startswith("phone_sim/s06_khong_co.xml: missing (vertical/m4_v_thuc_hanh_1.xml, line ")
               for p in problems), problems
    assert any("phone_sim/s06_chuyen_tien_qr.xml is not used" in p for p in problems)


def test_checker_reports_a_policy_naming_a_missing_module(build_course, course_copy):
    path = course_copy / "certificate_policy.json"
    policy = json.loads(path.read_text(encoding="utf-8"))
    policy["groups"]["nguoi_dan"]["required_modules"].append("m10_khong_co")
    path.write_text(json.dumps(policy, ensure_ascii=False), encoding="utf-8")
    _course, problems = build_course.check_course(course_copy)
    assert problems == ["certificate_policy.json: groups.nguoi_dan.required_modules: 'm10_khong_co' is not a "
                        "chapter of the course"]


def test_checker_reports_every_policy_problem_at_once_and_a_missing_target_group(build_course, course_copy):
    path = course_copy / "certificate_policy.json"
    policy = json.loads(path.read_text(encoding="utf-8"))
    del policy["achievements"]["ky-nang-so-co-ban"]["description"]
    policy["groups"]["hoc_sinh_sinh_vien"]["min_course_score"] = 0
    del policy["groups"]["nguoi_lao_dong"]
    path.write_text(json.dumps(policy, ensure_ascii=False), encoding="utf-8")
    _course, problems = build_course.check_course(course_copy)
    assert problems == [
        "certificate_policy.json: achievements.ky-nang-so-co-ban.description: needs a non-empty text",
        "certificate_policy.json: groups.hoc_sinh_sinh_vien.min_course_score: must be a number in (0, 1], got 0",
        "certificate_policy.json: groups: no track for the target group 'nguoi_lao_dong'",
    ]


def test_checker_reports_an_invalid_scenario_and_quiz_with_their_files(build_course, course_copy):
    sim = course_copy / "phone_sim" / "s13_tro_ly_ai.xml"
    sim.write_text(sim.read_text(encoding="utf-8").replace('goto="draft"', 'goto="nowhere"'), encoding="utf-8")
    quiz = course_copy / "auto_quiz" / "q9_ai.xml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('pick="5"', 'pick="50"'), encoding="utf-8")
    _course, problems = build_course.check_course(course_copy)
    assert any(p.startswith("phone_sim/s13_tro_ly_ai.xml") and "nowhere" in p for p in problems)
    assert any(p.startswith("auto_quiz/q9_ai.xml") for p in problems)


def test_checker_reports_a_graded_format_missing_from_the_grading_policy(build_course, course_copy):
    sequential = course_copy / "sequential" / "m1_kiem_tra.xml"
    sequential.write_text(sequential.read_text(encoding="utf-8").replace("Bài kiểm tra", "Thi cuối khóa"),
                          encoding="utf-8")
    _course, problems = build_course.check_course(course_copy)
    assert any("format 'Thi cuối khóa' is not a GRADER type" in p for p in problems)


def _scenario_text(path: Path) -> str:
    element = parse_xml(path.read_bytes(), source=path.name)
    return scenario_element_text(next(child for child in element if child.tag == "scenario"))


@pytest.mark.parametrize("path", PHONE_SIM_FILES, ids=lambda p: p.stem)
def test_following_the_shown_actions_passes_the_test_mode_with_full_marks(path):
    """What "show me" demonstrates must be accepted: otherwise a learner following the hints is stuck."""
    scenario = parse_scenario(_scenario_text(path), source=path.name)
    state = engine.start(scenario, "test", max_errors=0)
    for _ in range(len(scenario.screens) + 1):
        if state.finished:
            break
        screen = scenario.screens[state.screen]
        rule = screen.step.expected
        action = engine.Action(state.seq, opaque_id(screen, rule.target), rule.action, rule.demo_value,
                               rule.demo_fields)
        outcome = engine.act(scenario, state, action)
        assert outcome.feedback.kind == "ok", (screen.id, outcome.feedback)
        state = outcome.state
    assert state.status == engine.SUCCESS
    assert engine.score(scenario, state) == 1.0


@pytest.mark.parametrize("path", PHONE_SIM_FILES, ids=lambda p: p.stem)
def test_every_wrong_branch_gives_feedback(path):
    scenario = parse_scenario(_scenario_text(path), source=path.name)
    for screen in scenario.screens.values():
        for rule in screen.step.rules if screen.step else ():
            if not rule.correct and not rule.neutral and rule.goto:  # a <go> is no mistake
                assert rule.feedback, f"{screen.id}: a branch to '{rule.goto}' needs feedback"


@pytest.mark.parametrize(("url_name", "shipped"), [("s03_kich_hoat_vneid", "s3_vneid_level2.xml"),
                                                    ("s06_chuyen_tien_qr", "s6_vietqr.xml"),
                                                    ("s08_cuoc_goi_gia_cong_an", "s8_fake_police_call.xml")])
def test_course_copies_of_the_shipped_scenarios_are_current(url_name, shipped):
    """S3, S6 and S8 ship with the block; the course carries copies that must not drift from them."""
    shipped_text = (REPO / "xblocks" / "phone_sim" / "scenarios" / shipped).read_text(encoding="utf-8")
    copied_text = _scenario_text(COURSE_ROOT / "phone_sim" / f"{url_name}.xml")
    assert copied_text.strip() == shipped_text.strip(), f"copy {shipped} again into phone_sim/{url_name}.xml"
