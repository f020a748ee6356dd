"""Who may see what in graders' staff area: the one place that answers it (docs/architecture.md, "Who may
see what").

- A course's data (its completion report, its classes' live views) is for the course team: the Open edX
  course roles *staff* and *instructor* (`common.djangoapps.student.roles`, asked lazily: only inside the
  LMS). Where edx-platform is absent (the demo, tests) the same two roles are Django groups named
  `course_staff:<course id>` and `course_instructor:<course id>` (`course_role_group`), which the demo's
  accounts belong to.
- A class's teacher sees that class (its live view, roster, login cards), even without a course role.
- An agency officer sees that agency's people: `agencies_visible_to`.
- Django's site-wide `is_staff` alone opens nothing here: in Open edX it is set for platform operators, not
  for a course's teachers, and it says nothing about which course. A superuser sees everything (they can
  grant themselves any role anyway).

Every staff view asks these functions and nothing else; a signed-in user with no role gets 403, an
anonymous one is sent to the sign-in page (`staff_area`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden

STAFF = "staff"
INSTRUCTOR = "instructor"
COURSE_ROLES = (STAFF, INSTRUCTOR)
_DEMO_GROUP_PREFIX = {STAFF: "course_staff:", INSTRUCTOR: "course_instructor:"}


def course_role_group(role: str, course_id: str) -> str:
    """The Django group standing for an Open edX course role where edx-platform is absent (the demo)."""
    return _DEMO_GROUP_PREFIX[role] + course_id


def _authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def _openedx_roles():
    """edx-platform's role classes and access-role model, or None outside the LMS."""
    try:
        from common.djangoapps.student.models import CourseAccessRole
        from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole
    except ImportError:
        return None
    return CourseStaffRole, CourseInstructorRole, CourseAccessRole


def course_roles(user: Any, course_id: str) -> set[str]:
    """The course roles ("staff", "instructor") the user holds in this course."""
    if not _authenticated(user) or not course_id:
        return set()
    openedx = _openedx_roles()
    if openedx is not None:
        staff_role, instructor_role, _model = openedx
        from opaque_keys import InvalidKeyError
        from opaque_keys.edx.keys import CourseKey

        try:
            key = CourseKey.from_string(course_id)
        except InvalidKeyError:
            return set()
        held = set()
        if staff_role(key).has_user(user):
            held.add(STAFF)
        if instructor_role(key).has_user(user):
            held.add(INSTRUCTOR)
        return held
    names = set(user.groups.filter(name__in=[course_role_group(role, course_id) for role in COURSE_ROLES])
                .values_list("name", flat=True))
    return {role for role in COURSE_ROLES if course_role_group(role, course_id) in names}


def may_see_course(user: Any, course_id: str) -> bool:
    """Course staff and instructors see their course's data; a superuser sees every course."""
    if not _authenticated(user):
        return False
    return bool(user.is_superuser or course_roles(user, course_id))


def courses_visible_to(user: Any) -> set[str] | None:
    """The course ids whose data the user may see; None means every course (a superuser)."""
    if not _authenticated(user):
        return set()
    if user.is_superuser:
        return None
    openedx = _openedx_roles()
    if openedx is not None:
        access_role = openedx[2]
        return {str(course) for course in access_role.objects.filter(user=user, role__in=COURSE_ROLES)
                .values_list("course_id", flat=True)}
    courses = set()
    for name in user.groups.values_list("name", flat=True):
        for prefix in _DEMO_GROUP_PREFIX.values():
            if name.startswith(prefix):
                courses.add(name[len(prefix):])
    return courses


def may_see_class(user: Any, klass: Any) -> bool:
    """A class's teacher sees it; so does its course's team (and a superuser)."""
    if not _authenticated(user):
        return False
    return bool(klass.teacher_id == user.pk or may_see_course(user, klass.course_id))


def may_create_class(user: Any, course_id: str) -> bool:
    """Teachers open classes in a course they teach: the course's staff or instructors."""
    return may_see_course(user, course_id)


def agencies_visible_to(user: Any) -> set[int] | None:
    """The ids of the agencies whose people the user may see (the ones they are an officer of:
    `AgencyOfficer` rows); None means every agency (a superuser)."""
    if not _authenticated(user):
        return set()
    if user.is_superuser:
        return None
    from graders.models import AgencyOfficer

    return set(AgencyOfficer.objects.filter(user=user).values_list("agency_id", flat=True))


def may_see_agency(user: Any, agency_id: int) -> bool:
    """An officer of this agency (or a superuser) sees its staff list, imports and exports it; an officer
    of another agency does not."""
    if not _authenticated(user):
        return False
    visible = agencies_visible_to(user)
    return visible is None or agency_id in visible


def may_use_staff_area(user: Any) -> bool:
    """Whether the staff area's front pages open at all: someone with a course, a class or an agency."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    if courses_visible_to(user) or agencies_visible_to(user):
        return True
    from graders.models import Class

    return Class.objects.filter(teacher=user).exists()


def staff_area(view: Callable) -> Callable:
    """A staff page: anonymous visitors are sent to sign in; signed-in users with no course, class or
    agency get 403. The view itself checks the one course, class or agency it shows."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _authenticated(request.user):
            return redirect_to_login(request.get_full_path())
        if not may_use_staff_area(request.user):
            return forbidden()
        return view(request, *args, **kwargs)

    return guarded


def forbidden() -> HttpResponse:
    """The one refusal of the staff area (Vietnamese first)."""
    return HttpResponseForbidden(
        "Bạn không có quyền xem trang này: trang dành cho giáo viên của lớp, cán bộ của khóa học hoặc cán bộ "
        "của cơ quan. / You may not see this page.".encode(), content_type="text/plain; charset=utf-8")
