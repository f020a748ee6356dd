"""Intake, evaluation and issuing: the rows a user (learner, operator) relies on."""

from __future__ import annotations

import pytest

from graders.models import BlockProgress, LearnerLink, Outbox
from graders.pipeline.completion import evaluate_learners, learners_due_for_evaluation
from graders.pipeline.intake import IntakeError, LearnerInfo, ProgressEvent, link_learner, record_progress

from .mini_course import COURSE_ID

pytestmark = pytest.mark.django_db


def passing_events(learner, quiz=(9, 10)):
    return [
        ProgressEvent(learner, COURSE_ID, "s1_mo_khoa", earned=1, possible=1, completed=True),
        ProgressEvent(learner, COURSE_ID, "q1_thiet_bi", earned=quiz[0], possible=quiz[1], completed=True),
    ]


def test_progress_is_stored_per_block_and_the_learner_is_due(mini_course, learner_info):
    result = record_progress(passing_events(learner_info()))
    assert result.stored == 2
    rows = {row.url_name: row for row in BlockProgress.objects.all()}
    assert rows["q1_thiet_bi"].earned == 9 and rows["q1_thiet_bi"].block_type == "auto_quiz"
    link = LearnerLink.objects.get(lms_user_id="u1")
    assert link.subject_id == "sub-u1" and link.group == "nguoi_dan" and link.progress_version == 1
    assert learners_due_for_evaluation(-1, 10) == [link.id]


def test_a_later_grade_replaces_the_earlier_one_unless_only_if_higher(mini_course, learner_info):
    learner = learner_info()
    record_progress([ProgressEvent(learner, COURSE_ID, "q1_thiet_bi", earned=8, possible=10)])
    record_progress([ProgressEvent(learner, COURSE_ID, "q1_thiet_bi", earned=3, possible=10, only_if_higher=True)])
    assert BlockProgress.objects.get().earned == 8
    record_progress([ProgressEvent(learner, COURSE_ID, "q1_thiet_bi", earned=3, possible=10)])
    assert BlockProgress.objects.get().earned == 3
    assert BlockProgress.objects.count() == 1


@pytest.mark.parametrize(("event", "message"), [
    (dict(course_id="course-v1:X+Y+Z"), "unknown course"),
    (dict(url_name="khong_co"), "is not a graded block"),
    (dict(earned=11), "0 <= earned <= possible"),
    (dict(earned=None, possible=None, completed=None), "neither a grade"),
    (dict(possible=None), "needs both earned and possible"),
])
def test_one_bad_event_refuses_the_whole_call_and_stores_nothing(mini_course, learner_info, event, message):
    good = ProgressEvent(learner_info(), COURSE_ID, "s1_mo_khoa", earned=1, possible=1)
    bad = ProgressEvent(**{**dict(learner=learner_info("u2", "sub-u2"), course_id=COURSE_ID, url_name="q1_thiet_bi",
                                  earned=5, possible=10), **event})
    with pytest.raises(IntakeError, match=message):
        record_progress([good, bad])
    assert not BlockProgress.objects.exists() and not LearnerLink.objects.exists()


def test_a_subject_id_cannot_be_taken_by_a_second_learner(mini_course, learner_info):
    record_progress(passing_events(learner_info()))
    with pytest.raises(IntakeError, match="already linked") as caught:
        record_progress(passing_events(learner_info("u2", subject="sub-u1")))
    assert caught.value.status == 409
    assert not LearnerLink.objects.filter(lms_user_id="u2").exists()


def test_completing_issues_one_certificate_with_one_outbox_row(mini_course, learner_info):
    record_progress(passing_events(learner_info()))
    link = LearnerLink.objects.get()
    first = evaluate_learners([link.id])
    assert len(first) == 1
    outbox = Outbox.objects.select_related("certificate").get()
    assert outbox.state == Outbox.State.PENDING and outbox.learner == link
    assert outbox.certificate.achievement_id == "co-ban" and outbox.certificate.course_id == COURSE_ID
    assert outbox.idempotency_key == f"hocvuso-{outbox.certificate.id}"
    # evaluated again (a retried task, a later grade): still one certificate, the same outbox row
    assert evaluate_learners([link.id]) == first
    assert Outbox.objects.count() == 1
    assert learners_due_for_evaluation(-1, 10) == []


def test_not_yet_passing_issues_nothing(mini_course, learner_info):
    record_progress(passing_events(learner_info(), quiz=(4, 10)))
    assert evaluate_learners([LearnerLink.objects.get().id]) == []
    assert not Outbox.objects.exists()


def test_an_unlinked_learner_gets_the_certificate_once_linked(mini_course):
    anonymous = LearnerInfo("u9")
    record_progress(passing_events(anonymous))
    link = LearnerLink.objects.get()
    assert evaluate_learners([link.id]) == [] and not Outbox.objects.exists()
    link = link_learner(LearnerInfo("u9", subject_id="sub-u9", group="nguoi_dan", display_name="Trần Thị B"))
    assert len(evaluate_learners([link.id])) == 1
    assert Outbox.objects.get().certificate.display_name == "Trần Thị B"


def test_the_group_decides_which_achievement(mini_course, learner_info):
    record_progress(passing_events(learner_info(group="can_bo_cong_chuc")))
    assert evaluate_learners([LearnerLink.objects.get().id]) == []  # civil servants need more
    learner = learner_info(group="can_bo_cong_chuc")
    record_progress([ProgressEvent(learner, COURSE_ID, name, earned=1, possible=1, completed=True)
                     for name in ("s2_vneid", "q2_vneid", "q3_them")])
    evaluate_learners([LearnerLink.objects.get().id])
    assert Outbox.objects.get().certificate.achievement_id == "can-bo"


def test_an_unknown_group_is_refused(mini_course, learner_info):
    with pytest.raises(IntakeError, match="unknown group 'khong_co'"):
        record_progress(passing_events(learner_info(group="khong_co")))


def test_learners_not_yet_linked_are_stored_side_by_side_without_a_subject_id(mini_course):
    events = [ProgressEvent(LearnerInfo(f"u{n}", display_name=f"Học viên {n}"), COURSE_ID, "s1_mo_khoa",
                            earned=1, possible=1, completed=True) for n in range(3)]
    assert record_progress(events).stored == 3
    links = LearnerLink.objects.order_by("lms_user_id")
    assert [(link.subject_id, link.display_name, link.progress_version) for link in links] == [
        (None, f"Học viên {n}", 1) for n in range(3)]
    assert evaluate_learners([link.id for link in links]) == []  # nothing is issued before linking
    assert not Outbox.objects.exists()


def test_new_learners_are_stored_where_bulk_inserts_return_no_keys(mini_course, learner_info, monkeypatch):
    # MySQL 8 (Tutor's database) is not on the test machine; what differs for this code is the Django
    # backend's flag that bulk inserts return the new keys (MySQL: no), so the flag is switched off.
    from django.db import connection

    monkeypatch.delitem(connection.features.__dict__, "can_return_rows_from_bulk_insert", raising=False)
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    result = record_progress(passing_events(learner_info("u1", "sub-1")) + passing_events(learner_info("u2", "sub-2")))
    links = {link.id: link.lms_user_id for link in LearnerLink.objects.all()}
    assert sorted(links.values()) == ["u1", "u2"] and sorted(result.learner_ids) == sorted(links)
    assert {(links[row.learner_id], row.url_name) for row in BlockProgress.objects.all()} == {
        (user, block) for user in ("u1", "u2") for block in ("s1_mo_khoa", "q1_thiet_bi")}
