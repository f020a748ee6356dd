"""The completion rule: per-group modules, blocks and thresholds, read from OLX + certificate_policy.json."""

from __future__ import annotations

import copy
import json

import pytest

from graders.policy import (
    BlockResult,
    PolicyError,
    UnknownAchievementError,
    evaluate,
    find_achievement,
    load_policies,
    load_policy,
    load_structure,
)

from .mini_course import COURSE_ID, POLICY, write_course


@pytest.fixture
def policy(tmp_path):
    return load_policy(write_course(tmp_path))


def full(possible=1.0):
    return BlockResult(possible, possible, True)


def test_structure_lists_graded_blocks_with_their_chapter_and_weight(tmp_path):
    structure = load_structure(write_course(tmp_path))
    assert structure.course_id == COURSE_ID
    assert structure.chapters == ("c1_thiet_bi", "c2_vneid", "c3_them")
    assert {b.url_name: (b.chapter, b.weight) for b in structure.blocks.values()} == {
        "s1_mo_khoa": ("c1_thiet_bi", 1.0), "q1_thiet_bi": ("c1_thiet_bi", 2.0),
        "s2_vneid": ("c2_vneid", 1.0), "q2_vneid": ("c2_vneid", 1.0), "q3_them": ("c3_them", 1.0),
    }
    assert structure.units[0].children == (("html", "c1_thiet_bi_h0"), ("phone_sim", "s1_mo_khoa"))


def test_a_citizen_completes_with_the_required_module_passed(policy):
    verdict = evaluate(policy, "nguoi_dan", {"s1_mo_khoa": full(), "q1_thiet_bi": full(10)})
    assert verdict.completed and verdict.achievement_id == "co-ban" and verdict.course_score == 1.0


def test_module_score_is_weighted_by_block_weight(policy):
    # phone_sim full (weight 1), quiz 5/10 (weight 2): (1 + 2*0.5) / 3 = 0.667 < 0.7
    results = {"s1_mo_khoa": full(), "q1_thiet_bi": BlockResult(5, 10, True)}
    verdict = evaluate(policy, "nguoi_dan", results)
    assert not verdict.completed
    assert verdict.module_scores["c1_thiet_bi"] == pytest.approx(2 / 3, abs=1e-6)
    # the heavier quiz at 8/10 carries it: (1 + 1.6) / 3 = 0.867
    results["q1_thiet_bi"] = BlockResult(8, 10, True)
    assert evaluate(policy, "nguoi_dan", results).completed


def test_a_block_not_attempted_counts_as_zero(policy):
    verdict = evaluate(policy, "nguoi_dan", {"q1_thiet_bi": full(10)})
    assert verdict.module_scores["c1_thiet_bi"] == pytest.approx(2 / 3, abs=1e-6)
    assert not verdict.completed and any("c1_thiet_bi" in reason for reason in verdict.unmet)


def test_civil_servants_need_more_modules_and_the_required_block(policy):
    results = {"s1_mo_khoa": full(), "q1_thiet_bi": full(), "s2_vneid": full(), "q2_vneid": full()}
    verdict = evaluate(policy, "can_bo_cong_chuc", results)
    assert not verdict.completed and any("q3_them" in reason for reason in verdict.unmet)
    results["q3_them"] = full()
    verdict = evaluate(policy, "can_bo_cong_chuc", results)
    assert verdict.completed and verdict.achievement_id == "can-bo"
    # the same results satisfy citizens too, with their own achievement
    assert evaluate(policy, "nguoi_dan", results).achievement_id == "co-ban"


def test_course_threshold_applies_over_all_required_blocks(policy):
    # every module >= 0.5 but the weighted course score is below 0.8
    results = {"s1_mo_khoa": full(), "q1_thiet_bi": BlockResult(6, 10, True), "s2_vneid": BlockResult(1, 2, True),
               "q2_vneid": full(), "q3_them": full()}
    verdict = evaluate(policy, "can_bo_cong_chuc", results)
    assert all(score >= 0.5 for score in verdict.module_scores.values())
    assert not verdict.completed and verdict.unmet == (f"course: {verdict.course_score:.0%} < 80%",)


def test_unknown_or_missing_group_follows_the_default_group(policy):
    results = {"s1_mo_khoa": full(), "q1_thiet_bi": full()}
    assert evaluate(policy, "", results).group == "nguoi_dan"
    assert evaluate(policy, "khong_ro", results).completed


@pytest.mark.parametrize(("change", "message"), [
    (lambda p: p["groups"]["nguoi_dan"].update(required_modules=["m99"]), "'m99' is not a chapter"),
    (lambda p: p["groups"]["nguoi_dan"].update(min_module_score=1.5),
     r"min_module_score: must be a number in \(0, 1\], got 1.5"),
    (lambda p: p["groups"]["nguoi_dan"].update(min_course_score=0),
     r"min_course_score: must be a number in \(0, 1\], got 0"),
    (lambda p: p["groups"]["nguoi_dan"].pop("min_course_score"), "nguoi_dan.min_course_score: missing"),
    (lambda p: p["achievements"]["co-ban"].pop("criteria"), "achievements.co-ban.criteria: needs a non-empty text"),
    (lambda p: p["achievements"]["can-bo"].update(description=" "), "can-bo.description: needs a non-empty text"),
    (lambda p: p["groups"]["nguoi_dan"].pop("achievement"), "nguoi_dan.achievement: None is not in achievements"),
    (lambda p: p.update(default_group="khong_co"), "default_group: 'khong_co' is not in groups"),
    (lambda p: p["groups"]["nguoi_dan"].update(achievement="none"), "'none' is not in achievements"),
    (lambda p: p.update(course_id="course-v1:X+Y+Z"), "does not match the course tree"),
    (lambda p: p["groups"]["can_bo_cong_chuc"].update(required_blocks=["nope"]), "'nope' is not a graded block"),
    (lambda p: p["groups"]["nguoi_dan"].update(required_modules=[], required_blocks=[]), "required_modules"),
])
def test_a_broken_policy_is_refused_with_the_group_and_field_named(tmp_path, change, message):
    broken = copy.deepcopy(POLICY)
    change(broken)
    with pytest.raises(PolicyError, match=message):
        load_policy(write_course(tmp_path, broken))


def test_policy_that_is_not_json_names_the_file(tmp_path):
    course = write_course(tmp_path)
    (course / "certificate_policy.json").write_text("{not json")
    with pytest.raises(PolicyError, match=r"certificate_policy\.json: not valid JSON"):
        load_policy(course)


def test_every_problem_is_reported_at_once_with_its_file_and_field(tmp_path):
    broken = copy.deepcopy(POLICY)
    broken["achievements"]["co-ban"]["name"] = ""
    broken["groups"]["nguoi_dan"]["required_modules"] = ["m99"]
    broken["groups"]["can_bo_cong_chuc"]["min_module_score"] = True
    course = write_course(tmp_path, broken)
    with pytest.raises(PolicyError) as refused:
        load_policy(course)
    source = str(course / "certificate_policy.json")
    assert refused.value.problems == [
        f"{source}: achievements.co-ban.name: needs a non-empty text",
        f"{source}: groups.nguoi_dan.required_modules: 'm99' is not a chapter of the course",
        f"{source}: groups.can_bo_cong_chuc.min_module_score: must be a number in (0, 1], got True",
    ]
    assert str(refused.value).startswith("3 problems:")


def test_criteria_may_be_written_as_an_open_badges_narrative(tmp_path):
    policy = copy.deepcopy(POLICY)
    policy["achievements"]["co-ban"]["criteria"] = {"narrative": "Đạt bài 1"}
    assert load_policy(write_course(tmp_path, policy)).achievements["co-ban"].criteria == "Đạt bài 1"


def test_missing_chapter_file_is_named(tmp_path):
    course = write_course(tmp_path)
    (course / "chapter" / "c2_vneid.xml").unlink()
    with pytest.raises(PolicyError, match=r"c2_vneid\.xml: missing"):
        load_structure(course)


def test_the_project_course_policy_loads_when_present():
    from demo_site.settings import COURSE_DIR as REPO_COURSE_DIR

    if not (REPO_COURSE_DIR / "certificate_policy.json").exists():
        pytest.skip("course_content/certificate_policy.json not written yet")
    policy = load_policy(REPO_COURSE_DIR)
    assert policy.course_id == json.loads((REPO_COURSE_DIR / "certificate_policy.json").read_text())["course_id"]
    assert set(policy.groups) >= {"nguoi_dan", "hoc_sinh_sinh_vien", "can_bo_cong_chuc", "nguoi_lao_dong"}


# Several courses and overlays ---------------------------------------------------------------------------
def test_several_courses_each_get_the_overlays_that_name_them(tmp_path):
    from demo_site.settings import COURSE_DIR as REPO_COURSE_DIR

    overlay = tmp_path / "them.json"
    overlay.write_text(json.dumps({"course_id": COURSE_ID, "groups": {"thu": {
        "achievement": "co-ban", "required_blocks": ["q3_them"], "min_module_score": 0.5}}}))
    policies = load_policies([write_course(tmp_path), REPO_COURSE_DIR], [overlay])
    assert "thu" in policies[COURSE_ID].groups
    assert not any("thu" in policy.groups for course_id, policy in policies.items() if course_id != COURSE_ID)
    assert evaluate(policies[COURSE_ID], "thu", {"q3_them": BlockResult(1, 2, True)}).completed
    # issuing: an achievement id finds its course; the default needs the course named when there are several
    assert find_achievement(policies, "can-bo")[0] == COURSE_ID
    assert find_achievement(policies, course_id=COURSE_ID)[1].key == "co-ban"
    with pytest.raises(UnknownAchievementError, match="name the achievement or the course"):
        find_achievement(policies)
    with pytest.raises(UnknownAchievementError, match="unknown achievement 'khong-co'"):
        find_achievement(policies, "khong-co")
    with pytest.raises(UnknownAchievementError, match="no course has a certificate policy"):
        find_achievement({}, "co-ban")


def test_configuration_problems_across_courses_are_all_reported(tmp_path):
    from demo_site.settings import COURSE_DIR as REPO_COURSE_DIR

    clashing = copy.deepcopy(POLICY)
    clashing["achievements"]["ky-nang-so-co-ban"] = clashing["achievements"].pop("can-bo")
    clashing["groups"]["can_bo_cong_chuc"]["achievement"] = "ky-nang-so-co-ban"
    nameless = tmp_path / "nameless.json"
    nameless.write_text(json.dumps({"groups": {}}))
    with pytest.raises(PolicyError) as refused:
        load_policies([write_course(tmp_path, clashing), REPO_COURSE_DIR, REPO_COURSE_DIR], [nameless])
    problems = refused.value.problems
    assert len(problems) == 3, problems
    assert any("is configured twice" in p for p in problems)
    assert any(p.startswith(f"{nameless}: course_id: missing") for p in problems)
    assert any("achievement 'ky-nang-so-co-ban' is defined by both" in p for p in problems)


def test_requirements_list_each_module_with_score_threshold_and_title(policy):
    from graders.policy import requirements

    rows = requirements(policy, "nguoi_dan", {"s1_mo_khoa": full(), "q1_thiet_bi": BlockResult(5, 10, True)})
    [row] = rows
    assert (row.kind, row.key, row.title, row.met) == ("module", "c1_thiet_bi", "c1_thiet_bi", False)
    assert row.score == pytest.approx(2 / 3, abs=1e-6) and row.threshold == 0.7
    assert evaluate(policy, "nguoi_dan", {"s1_mo_khoa": full(), "q1_thiet_bi": full(10)}).completed
    assert [r.met for r in requirements(policy, "nguoi_dan", {"s1_mo_khoa": full(), "q1_thiet_bi": full(10)})] == [True]


def test_only_groups_marked_self_declared_can_be_chosen_by_learners(tmp_path):
    data = copy.deepcopy(POLICY)
    data["groups"]["nguoi_dan"]["self_declared"] = True
    course = write_course(tmp_path, data)
    policy = load_policy(course)
    assert [rule.group for rule in policy.self_declared_groups()] == ["nguoi_dan"]
    data["groups"]["nguoi_dan"]["self_declared"] = "yes"
    (course / "certificate_policy.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PolicyError, match="self_declared: must be true or false"):
        load_policy(course)
