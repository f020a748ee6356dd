"""In the LMS a class is a cohort: a user who joins by code or login card is put in the class's cohort, made on
first use, the course turned cohorted; joining again changes nothing; the platform refusing never undoes the join.

edx-platform's cohorts API is outside our control and cannot be installed here: a stand-in with the behaviour
its functions document (get_cohort_by_name raises DoesNotExist, add_cohort refuses a duplicate name,
add_user_to_cohort raises ValueError for a member) keeps the platform's state so the tests can read it."""

from __future__ import annotations

import sys
import types

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from opaque_keys.edx.keys import CourseKey

from graders import access
from graders.classes import codes, lms_cohort, roster
from graders.classes import service as classes
from graders.classes import views as class_views
from graders.models import ClassMembership
from tests.unit.pipeline.mini_course import COURSE_ID

pytestmark = pytest.mark.django_db


class Platform:
    """The LMS's cohorts, as edx-platform keeps them: course key -> {cohort name: set of user ids}."""

    def __init__(self, refuse: bool = False):
        self.cohorted: set = set()
        self.cohorts: dict = {}
        self.refuse = refuse

    def install(self, monkeypatch) -> None:
        class DoesNotExist(Exception):
            pass

        models = types.SimpleNamespace(CourseCohort=types.SimpleNamespace(MANUAL="manual"),
                                       CourseUserGroup=types.SimpleNamespace(DoesNotExist=DoesNotExist))
        platform = self

        def get_cohort_by_name(course_key, name):
            if name not in platform.cohorts.get(course_key, {}):
                raise DoesNotExist(name)
            return (course_key, name)

        def add_cohort(course_key, name, assignment_type):
            assert assignment_type == "manual"
            if platform.refuse:
                raise ValueError("Invalid course_key")
            if name in platform.cohorts.setdefault(course_key, {}):
                raise ValueError("You cannot create two cohorts with the same name")
            platform.cohorts[course_key][name] = set()
            return (course_key, name)

        def add_user_to_cohort(cohort, user):
            members = platform.cohorts[cohort[0]][cohort[1]]
            if user.pk in members:
                raise ValueError("User is already present in this cohort")
            members.add(user.pk)

        cohorts = types.SimpleNamespace(
            is_course_cohorted=lambda key: key in platform.cohorted,
            set_course_cohorted=lambda key, on: platform.cohorted.add(key) if on else platform.cohorted.discard(key),
            get_cohort_by_name=get_cohort_by_name, add_cohort=add_cohort, add_user_to_cohort=add_user_to_cohort)
        package = types.ModuleType("openedx.core.djangoapps.course_groups")
        package.cohorts = cohorts
        for name in ("openedx", "openedx.core", "openedx.core.djangoapps"):
            monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
        monkeypatch.setitem(sys.modules, "openedx.core.djangoapps.course_groups", package)
        monkeypatch.setitem(sys.modules, "openedx.core.djangoapps.course_groups.cohorts", cohorts)
        monkeypatch.setitem(sys.modules, "openedx.core.djangoapps.course_groups.models", models)


@pytest.fixture
def klass(django_user_model, mini_course):
    teacher = django_user_model.objects.create_user("co_lan")
    teacher.groups.add(Group.objects.create(name=access.course_role_group(access.INSTRUCTOR, COURSE_ID)))
    return classes.create_class(teacher=teacher, course_id=COURSE_ID, name="Lớp thôn Đông")


def _join(user, code):
    request = RequestFactory().post("/vao-lop/", {"ma": code})
    request.user = user
    return class_views.join(request)


def test_joining_by_code_puts_the_user_in_the_class_cohort_once(klass, django_user_model, monkeypatch):
    platform = Platform()
    platform.install(monkeypatch)
    mai = django_user_model.objects.create_user("mai")
    for _ in range(2):  # joining again changes nothing
        assert _join(mai, codes.display(klass.join_code)).status_code == 200
    key = CourseKey.from_string(COURSE_ID)
    assert key in platform.cohorted
    assert platform.cohorts[key] == {lms_cohort.cohort_name(klass): {mai.pk}}
    assert ClassMembership.objects.filter(klass=klass).count() == 1


def test_claiming_a_login_card_puts_the_user_in_the_cohort(klass, django_user_model, monkeypatch):
    platform = Platform()
    platform.install(monkeypatch)
    entries, _problems = roster.read_roster("Họ và tên,Năm sinh\nNguyễn Văn Tư,1958\n".encode())
    card = classes.import_roster(klass, entries)[0].card_code
    tu = django_user_model.objects.create_user("tu")
    assert _join(tu, codes.display(card)).status_code == 200
    assert platform.cohorts[CourseKey.from_string(COURSE_ID)][lms_cohort.cohort_name(klass)] == {tu.pk}


def test_two_classes_of_one_name_get_two_cohorts(klass, django_user_model, monkeypatch):
    platform = Platform()
    platform.install(monkeypatch)
    twin = classes.create_class(teacher=klass.teacher, course_id=COURSE_ID, name=klass.name)
    _join(django_user_model.objects.create_user("a"), klass.join_code)
    _join(django_user_model.objects.create_user("b"), twin.join_code)
    assert len(platform.cohorts[CourseKey.from_string(COURSE_ID)]) == 2


def test_the_platform_refusing_does_not_undo_the_join(klass, django_user_model, monkeypatch, caplog):
    Platform(refuse=True).install(monkeypatch)
    assert _join(django_user_model.objects.create_user("mai"), klass.join_code).status_code == 200
    assert ClassMembership.objects.filter(klass=klass).count() == 1
    assert "did not put user" in caplog.text


def test_outside_the_lms_nothing_is_asked_of_a_platform(klass, django_user_model):
    assert "openedx.core.djangoapps.course_groups" not in sys.modules
    assert lms_cohort.add_to_class_cohort(klass, django_user_model.objects.create_user("mai")) is False
