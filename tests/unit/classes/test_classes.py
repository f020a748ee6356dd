"""Classes end to end on the Django side: a teacher opens a class, learners join by code (no email), the
live view flags a learner stuck on one step and names it, a reset gives a phone exercise's test attempts
back (audited), rosters become login cards, and a learner gets 403 on every staff URL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from graders import access
from graders.classes import codes, live, roster
from graders.classes import service as classes
from graders.models import AttemptReset, BlockActivity, Class, ClassMembership, LearnerLink
from graders.service import GradersService, LearnerRef
from tests.unit.pipeline.mini_course import COURSE_ID
from xblocks.phone_sim import PhoneSimBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(django_user_model):
    user = django_user_model.objects.create_user("co_lan", password="x", first_name="Lan")
    user.groups.add(Group.objects.create(name=access.course_role_group(access.INSTRUCTOR, COURSE_ID)))
    return user


@pytest.fixture
def opened(client, teacher, mini_course, settings):
    settings.DEMO_LEARNER_GROUP = ""  # the demo's short track is not in the mini course
    client.force_login(teacher)
    response = client.post("/staff/classes/", {"name": "Lớp thôn Đông", "place": "Nhà văn hóa", "course": COURSE_ID})
    assert response.status_code == 302
    return Class.objects.get(name="Lớp thôn Đông")


def _join(client, code, name):
    client.logout()
    client.session.flush()
    return client.post("/vao-lop/", {"ma": code, "name": name})


def test_codes_are_short_unambiguous_and_forgiving():
    code = codes.new_code()
    assert len(code) == 6 and set(code) <= set(codes.ALPHABET)
    assert not set("0O1IL2Z5S8B6G") & set(codes.ALPHABET)
    assert codes.normalise(" " + codes.display(code).lower() + " ") == code
    assert codes.normalise("ＡＣＥ-ＦＨＫ") == "ACEFHK"  # full-width, as some phone keyboards type
    assert codes.normalise("O0O-1I1") == ""


def test_learners_join_by_code_and_the_code_can_be_changed(client, opened):
    page = client.get(f"/staff/classes/{opened.pk}/")
    assert codes.display(opened.join_code) in page.content.decode()
    response = _join(client, codes.display(opened.join_code).lower(), "Trần Thị Mai")
    assert response.status_code == 200 and "Bạn đã vào lớp" in response.content.decode()
    assert [m.learner.display_name for m in opened.memberships.all()] == ["Trần Thị Mai"]
    assert _join(client, "ACE-FHK", "Lê Văn Tư").status_code == 400  # no such class: nobody added
    old = opened.join_code
    client.force_login(opened.teacher)
    assert client.post(f"/staff/classes/{opened.pk}/code").status_code == 302
    opened.refresh_from_db()
    assert opened.join_code != old
    assert _join(client, old, "Lê Văn Tư").status_code == 400
    assert _join(client, opened.join_code, "Lê Văn Tư").status_code == 200
    assert opened.memberships.count() == 2


def test_the_poster_has_the_code_and_a_qr_code_of_the_join_page(client, opened):
    body = client.get(f"/staff/classes/{opened.pk}/poster").content.decode()
    assert codes.display(opened.join_code) in body and "<svg" in body and f"/vao-lop/?ma={opened.join_code}" in body


def _member(klass, name="Trần Thị Mai", user="workbench:hv-1"):
    return classes.join_class(klass, classes.LearnerInfo(user, display_name=name))


def _step(user, url_name, step, correct, step_mistakes, **extra):
    classes.record_step(user, COURSE_ID, url_name, classes.StepReport(
        mode=extra.get("mode", "test"), step=step, step_title=f"Bước {step}", correct=correct,
        step_mistakes=step_mistakes, hint_shown=extra.get("hint", False), finished=extra.get("finished", False),
        attempts_used=1, max_attempts=2))


def test_the_live_view_flags_three_mistakes_on_one_step_and_names_it(opened):
    _member(opened)
    _member(opened, "Lê Văn Tư", "workbench:hv-2")
    for mistakes in (1, 2):
        _step("workbench:hv-1", "s1_mo_khoa", "mo_khoa", False, mistakes)
    view = live.live_view(opened)
    assert [unit["url_name"] for unit in view["units"]] == ["c1_thiet_bi_v0", "c1_thiet_bi_v1"]  # nguoi_dan: c1
    assert view["needs_help"] == 0
    _step("workbench:hv-1", "s1_mo_khoa", "mo_khoa", False, 3)
    view = live.live_view(opened)
    mai = next(row for row in view["rows"] if row["name"] == "Trần Thị Mai")
    assert view["needs_help"] == 1 and mai["help"][0]["step"] == "Bước mo_khoa" and mai["help"][0]["mistakes"] == 3
    assert mai["cells"][0] == {**mai["cells"][0], "mistakes": 3, "attempts_left": 1, "status": live.IN_PROGRESS}
    _step("workbench:hv-1", "s1_mo_khoa", "bat_wifi", True, 0)  # got past it: no longer flagged
    assert live.live_view(opened)["needs_help"] == 0


def test_a_learner_idle_on_one_step_is_flagged_after_the_set_minutes(opened, settings):
    settings.HOCVUSO_STUCK_MINUTES = 5
    _member(opened)
    _step("workbench:hv-1", "s1_mo_khoa", "mo_khoa", True, 0, mode="practice")
    row = BlockActivity.objects.get()
    row.step_since = timezone.now() - timedelta(minutes=6)
    row.save()
    flag = live.live_view(opened)["rows"][0]["help"][0]
    assert flag["reason"] == "idle" and flag["minutes"] == 6


def test_the_live_json_needs_the_class_teacher_or_course_team(client, opened, django_user_model):
    url = f"/staff/classes/{opened.pk}/live.json"
    assert client.get(url).json()["class"]["name"] == "Lớp thôn Đông"
    other = django_user_model.objects.create_user("gv_khac", password="x")
    other.groups.add(Group.objects.create(name=access.course_role_group(access.INSTRUCTOR, "course-v1:X+Y+Z")))
    client.force_login(other)
    assert client.get(url).status_code == 403


class _Service(GradersService):
    """graders' real block service for a block on xblock's test runtime (which has no course key)."""

    def learner(self, block):
        return LearnerRef("workbench:hv-1", COURSE_ID)

    def url_name(self, block):
        return "s1_mo_khoa"


def test_a_reset_gives_the_phone_exercise_its_attempts_back_once_and_is_audited(client, opened, make_block,
                                                                                 json_request, monkeypatch):
    member = _member(opened)
    monkeypatch.setattr("xblocks.phone_sim.block.graders_service", lambda block: _Service())
    block = make_block(PhoneSimBlock, settings={"max_attempts": 1}, user_state={"test_attempts": 1})
    status, view = json_request(block, "state", {})
    assert view["attemptsLeft"] == 0
    response = client.post(f"/staff/classes/{opened.pk}/reset",
                           {"hv": member.pk, "bai_tap": "s1_mo_khoa", "ly_do": "Mất mạng giữa bài"})
    assert response.status_code == 302
    audit = AttemptReset.objects.get()
    assert (audit.reset_by, audit.reason, audit.learner.display_name) == (opened.teacher, "Mất mạng giữa bài",
                                                                          "Trần Thị Mai")
    status, view = json_request(block, "state", {})
    assert status == 200 and view["attemptsLeft"] == 1
    audit.refresh_from_db()
    assert audit.applied_at is not None
    status, view = json_request(block, "start", {"mode": "test", "confirmed": True})
    assert status == 200 and view["attemptsLeft"] == 0
    status, view = json_request(block, "state", {})
    assert view["attemptsLeft"] == 0  # applied once, not on every view
    assert client.post(f"/staff/classes/{opened.pk}/reset", {"hv": member.pk, "bai_tap": "s1_mo_khoa",
                                                             "ly_do": " "}).status_code == 400


def test_a_roster_becomes_login_cards_and_a_card_signs_its_learner_in_again(client, opened):
    data = "Họ và tên;Năm sinh;Số điện thoại\nNguyễn Văn Bảy;1956;0912 345 678\nTrần Thị Tám;;\n".encode()
    entries, problems = roster.read_roster(data)
    assert problems == [] and entries[0] == roster.RosterEntry("Nguyễn Văn Bảy", 1956, "0912 345 678")
    bad = roster.read_roster(b"Ho ten,Nam sinh\nAn,19xx\n,1950\n")
    assert bad[0] == [] and [p[:6] for p in bad[1]] == ["Dòng 2", "Dòng 3"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(f"/staff/classes/{opened.pk}/roster", {"file": SimpleUploadedFile("lop.csv", data)})
    assert response.status_code == 302
    cards = client.get(f"/staff/classes/{opened.pk}/cards").content.decode()
    card = ClassMembership.objects.get(learner__display_name="Nguyễn Văn Bảy").card_code
    assert codes.display(card) in cards and "1956" in cards and "0912" not in cards
    client.logout()
    first = client.post("/vao-lop/", {"ma": codes.display(card)})
    assert first.status_code == 200 and "Bạn đã vào lớp" in first.content.decode()
    learner_id = client.session["hocvuso_learner"]["id"]
    link = LearnerLink.objects.get(display_name="Nguyễn Văn Bảy")
    assert link.lms_user_id == "workbench:" + learner_id and link.subject_id
    client.session.flush()
    client.post("/vao-lop/", {"ma": card.lower()})
    assert client.session["hocvuso_learner"]["id"] == learner_id  # the same learner, their attempts kept


def _staff_urls(klass, member) -> list[str]:
    urls = []
    for pattern in get_resolver("graders.urls").url_patterns:
        if isinstance(pattern, URLPattern) and str(pattern.pattern).startswith("staff/"):
            path = re.sub(r"<int:class_id>", str(klass.pk), str(pattern.pattern))
            path = re.sub(r"<int:\w+>", "1", path).replace("<str:fmt>", "csv")
            urls.append("/" + path)
    return urls


def test_a_learner_gets_403_on_every_staff_url(client, opened, django_user_model):
    member = _member(opened)
    urls = _staff_urls(opened, member)
    assert len(urls) >= 8
    client.force_login(django_user_model.objects.create_user("hoc_vien", password="x"))
    form = {"hv": member.pk, "bai_tap": "s1_mo_khoa", "ly_do": "x"}
    for url in urls:
        statuses = {client.get(url, form).status_code, client.post(url, form).status_code}
        assert 403 in statuses and statuses <= {403, 405}, url  # 405: the other method, nothing done
    assert AttemptReset.objects.count() == 0 and opened.memberships.count() == 1
    client.logout()
    for url in urls:  # anonymous: sent to sign in, shown nothing
        statuses = {client.get(url).status_code, client.post(url).status_code}
        assert 302 in statuses and statuses <= {302, 405}, url


def test_an_xlsx_roster_is_read_like_a_csv():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["HỌ VÀ TÊN", "Năm sinh"])
    book.active.append(["Phạm Thị Chín", 1949])
    out = io.BytesIO()
    book.save(out)
    assert roster.read_roster(out.getvalue()) == ([roster.RosterEntry("Phạm Thị Chín", 1949, "")], [])
