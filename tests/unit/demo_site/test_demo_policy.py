"""The demo's short track is added to the course's policy (an overlay) without changing the course's own tracks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from demo_site.settings import COURSE_DIR as REPO_COURSE_DIR
from graders.policy import BlockResult, PolicyError, evaluate, find_achievement, load_policies, load_policy
from graders.settings.common import setting

OVERLAY_PATH = Path(__file__).resolve().parents[3] / "scripts" / "demo_site" / "demo_policy.json"
POLICY_FILE = "certificate_policy.json"
DEMO_GROUP = "trai_nghiem"
DEMO_ACHIEVEMENT = "trai-nghiem-binh-dan-hoc-vu-so"


@pytest.fixture(scope="module")
def demo():
    """The course as the demo configures it (its settings, read the way graders reads them)."""
    return load_policies([Path(p) for p in setting("HOCVUSO_COURSE_DIRS")],
                         [Path(p) for p in setting("HOCVUSO_POLICY_OVERLAYS")])


def test_the_demo_reads_course_content_with_its_overlay_and_no_copy_of_the_course():
    from django.conf import settings

    assert [Path(p) for p in setting("HOCVUSO_COURSE_DIRS")] == [REPO_COURSE_DIR]
    assert [Path(p) for p in setting("HOCVUSO_POLICY_OVERLAYS")] == [OVERLAY_PATH]
    assert not (Path(settings.VAR_DIR) / "demo_course").exists()


def test_the_overlay_adds_the_short_track_and_keeps_the_course_tracks(demo):
    course = load_policy(REPO_COURSE_DIR)
    [policy] = demo.values()
    assert policy.course_id == course.course_id
    assert set(policy.groups) == {*course.groups, DEMO_GROUP}
    for name, rule in course.groups.items():
        assert policy.groups[name] == rule
    assert policy.default_group == course.default_group
    assert policy.default_achievement == course.default_achievement
    rule = policy.groups[DEMO_GROUP]
    assert {policy.structure.blocks[url].block_type for url in rule.required_blocks} == {"phone_sim", "auto_quiz"}
    assert policy.achievements[rule.achievement].name == "Trải nghiệm Bình dân học vụ số"


def test_the_short_track_is_earned_with_both_blocks_passed_and_not_with_one(demo):
    [policy] = demo.values()
    phone, quiz = policy.groups[DEMO_GROUP].required_blocks
    both = {phone: BlockResult(1, 1, True), quiz: BlockResult(4, 5, True)}
    verdict = evaluate(policy, DEMO_GROUP, both)
    assert verdict.completed and verdict.achievement_id == DEMO_ACHIEVEMENT
    assert not evaluate(policy, DEMO_GROUP, {phone: BlockResult(1, 1, True)}).completed
    assert not evaluate(policy, DEMO_GROUP, {**both, quiz: BlockResult(3, 5, True)}).completed  # 60% < 70%
    assert not evaluate(policy, "nguoi_dan", both).completed  # the real tracks still need their modules


def test_issuing_finds_the_demo_achievement_and_the_course_default(demo):
    [policy] = demo.values()
    assert find_achievement(demo, DEMO_ACHIEVEMENT)[1].name == "Trải nghiệm Bình dân học vụ số"
    course_id, default = find_achievement(demo)
    assert course_id == policy.course_id and default.key == load_policy(REPO_COURSE_DIR).default_achievement


def test_course_content_itself_is_untouched():
    course_policy = json.loads((REPO_COURSE_DIR / POLICY_FILE).read_text(encoding="utf-8"))
    assert DEMO_GROUP not in course_policy["groups"]
    assert DEMO_ACHIEVEMENT not in course_policy["achievements"]


@pytest.mark.parametrize("overlay, problem", [
    ({"groups": {"nguoi_dan": {"required_blocks": ["x"]}}}, "groups.nguoi_dan: already exists"),
    ({"achievements": {"ky-nang-so-co-ban": {"name": "x"}}}, "achievements.ky-nang-so-co-ban: already exists"),
    ({"default_group": "trai_nghiem"}, "only achievements, groups can be added"),
    ({"groups": ["trai_nghiem"]}, "groups: must be an object"),
    ({"course_id": "course-v1:Khac+X+1", "groups": {}}, "course_id: 'course-v1:Khac+X+1' is not this course"),
    ({"groups": {"g": {"achievement": "ky-nang-so-co-ban", "required_blocks": ["khong_co"],
                       "min_module_score": 0.7}}}, "groups.g.required_blocks: 'khong_co' is not a graded block"),
])
def test_an_overlay_that_would_change_the_course_policy_is_refused_naming_the_overlay(tmp_path, overlay, problem):
    path = tmp_path / "overlay.json"
    path.write_text(json.dumps(overlay), encoding="utf-8")
    with pytest.raises(PolicyError) as refused:
        load_policy(REPO_COURSE_DIR, [path])
    assert any(p.startswith(f"{path}: ") and problem in p for p in refused.value.problems), refused.value.problems
