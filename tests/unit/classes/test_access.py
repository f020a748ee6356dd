"""Who may see what (graders.access): course roles decide, never the site-wide `is_staff` alone.

Outside the LMS the Open edX course roles are the Django groups `course_staff:<id>` /
`course_instructor:<id>` (the demo's teacher account holds one); inside it, edx-platform's role API."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from graders import access
from graders.pipeline.intake import ProgressEvent, record_progress
from tests.unit.pipeline.mini_course import COURSE_ID

pytestmark = pytest.mark.django_db
OTHER_COURSE = "course-v1:Khac+K01+2026"


@pytest.fixture
def users(django_user_model):
    def make(name, role=None, course=COURSE_ID, **flags):
        user = django_user_model.objects.create_user(name, password="x", **flags)
        if role:
            user.groups.add(Group.objects.get_or_create(name=access.course_role_group(role, course))[0])
        return user

    return make


def test_course_roles_decide_and_is_staff_alone_does_not(users):
    instructor, staff = users("gv", access.INSTRUCTOR), users("tro_giang", access.STAFF)
    site_staff, learner = users("van_hanh", is_staff=True), users("hoc_vien")
    superuser = users("quan_tri", is_superuser=True)
    assert access.course_roles(instructor, COURSE_ID) == {access.INSTRUCTOR}
    assert access.may_see_course(instructor, COURSE_ID) and access.may_see_course(staff, COURSE_ID)
    assert not access.may_see_course(instructor, OTHER_COURSE)
    assert not access.may_see_course(site_staff, COURSE_ID)
    assert not access.may_see_course(learner, COURSE_ID)
    assert access.may_see_course(superuser, OTHER_COURSE)
    assert access.courses_visible_to(instructor) == {COURSE_ID}
    assert access.courses_visible_to(site_staff) == set()
    assert access.courses_visible_to(superuser) is None


def test_the_openedx_role_api_is_used_when_edx_platform_is_there(users, monkeypatch):
    """Inside the LMS the platform's roles answer (stood in here by classes of the same shape: edx-platform
    is not installed in this suite); the Django groups are then not consulted."""
    asked = []

    class Role:
        def __init__(self, key):
            self.key = key

        def has_user(self, user):
            asked.append((type(self).__name__, str(self.key), user.username))
            return type(self).__name__ == "CourseInstructorRole" and user.username == "gv_lms"

    staff_role = type("CourseStaffRole", (Role,), {})
    instructor_role = type("CourseInstructorRole", (Role,), {})
    monkeypatch.setattr(access, "_openedx_roles", lambda: (staff_role, instructor_role, None))
    teacher, grouped = users("gv_lms"), users("gv_nhom", access.INSTRUCTOR)
    assert access.may_see_course(teacher, COURSE_ID)
    assert not access.may_see_course(grouped, COURSE_ID)  # the demo's groups mean nothing in the LMS
    assert ("CourseInstructorRole", COURSE_ID, "gv_lms") in asked


def test_the_report_opens_for_an_instructor_only_with_their_course(client, users, mini_course, learner_info):
    record_progress([ProgressEvent(learner_info("u1", "sub-1"), COURSE_ID, "s1_mo_khoa", earned=1, possible=1,
                                   completed=True)])
    url = "/staff/reports/completions"
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    for name, flags in (("hoc_vien", {}), ("van_hanh", {"is_staff": True})):
        client.force_login(users(name, **flags))
        assert client.get(url).status_code == 403, name
    client.force_login(users("gv", access.INSTRUCTOR))
    page = client.get(url)
    assert page.status_code == 200 and COURSE_ID in page.content.decode()
    assert client.get(url, {"course": OTHER_COURSE}).status_code == 403
    client.force_login(users("gv_khac", access.INSTRUCTOR, course=OTHER_COURSE))
    other = client.get(url)
    assert other.status_code == 200 and COURSE_ID not in other.content.decode()
