"""The demo's short track is added to the course's policy without changing the course's own tracks."""

from __future__ import annotations

import json

import pytest

from graders.achievements import load_achievements
from graders.demo_site.demo_policy import (
    COURSE_DIR,
    OVERLAY_PATH,
    POLICY_FILE,
    DemoPolicyError,
    demo_course_dir,
    merged_policy,
)
from graders.policy import BlockResult, evaluate, load_policy

OVERLAY = json.loads(OVERLAY_PATH.read_text(encoding="utf-8"))
DEMO_GROUP = "trai_nghiem"


@pytest.fixture(scope="module")
def demo_view(tmp_path_factory):
    return demo_course_dir(tmp_path_factory.mktemp("var"))


def test_the_demo_view_adds_the_short_track_and_keeps_the_course_tracks(demo_view):
    course = load_policy(COURSE_DIR)
    demo = load_policy(demo_view)
    assert demo.course_id == course.course_id
    assert set(demo.groups) == {*course.groups, DEMO_GROUP}
    for name, rule in course.groups.items():
        assert demo.groups[name] == rule
    assert demo.default_group == course.default_group
    rule = demo.groups[DEMO_GROUP]
    assert {demo.structure.blocks[url].block_type for url in rule.required_blocks} == {"phone_sim", "auto_quiz"}
    assert demo.achievements[rule.achievement].name == "Trải nghiệm Bình dân học vụ số"


def test_the_short_track_is_earned_with_both_blocks_passed_and_not_with_one(demo_view):
    policy = load_policy(demo_view)
    phone, quiz = policy.groups[DEMO_GROUP].required_blocks
    both = {phone: BlockResult(1, 1, True), quiz: BlockResult(4, 5, True)}
    verdict = evaluate(policy, DEMO_GROUP, both)
    assert verdict.completed and verdict.achievement_id == "trai-nghiem-binh-dan-hoc-vu-so"
    assert not evaluate(policy, DEMO_GROUP, {phone: BlockResult(1, 1, True)}).completed
    assert not evaluate(policy, DEMO_GROUP, {**both, quiz: BlockResult(3, 5, True)}).completed  # 60% < 70%
    assert not evaluate(policy, "nguoi_dan", both).completed  # the real tracks still need their modules


def test_issuing_finds_the_demo_achievement_and_the_course_default(demo_view):
    catalogue = load_achievements(demo_view / POLICY_FILE)
    assert catalogue.get("trai-nghiem-binh-dan-hoc-vu-so").name == "Trải nghiệm Bình dân học vụ số"
    assert catalogue.get(None).key == load_achievements(COURSE_DIR / POLICY_FILE).default_key


def test_course_content_itself_is_untouched(demo_view):
    course_policy = json.loads((COURSE_DIR / POLICY_FILE).read_text(encoding="utf-8"))
    assert DEMO_GROUP not in course_policy["groups"]
    assert (demo_view / "course.xml").resolve() == (COURSE_DIR / "course.xml").resolve()


def test_building_the_view_again_is_harmless(demo_view):
    before = (demo_view / POLICY_FILE).read_text(encoding="utf-8")
    assert demo_course_dir(demo_view.parent) == demo_view
    assert (demo_view / POLICY_FILE).read_text(encoding="utf-8") == before


@pytest.mark.parametrize("overlay, problem", [
    ({"groups": {"nguoi_dan": {"required_blocks": ["x"]}}}, "already exist"),
    ({"achievements": {"ky-nang-so-co-ban": {"name": "x"}}}, "already exist"),
    ({"default_group": "trai_nghiem"}, "only achievements, groups can be added"),
    ({"groups": ["trai_nghiem"]}, "must be an object"),
])
def test_an_overlay_that_would_change_the_course_policy_is_refused(overlay, problem):
    course_policy = json.loads((COURSE_DIR / POLICY_FILE).read_text(encoding="utf-8"))
    with pytest.raises(DemoPolicyError, match=problem):
        merged_policy(course_policy, overlay)
