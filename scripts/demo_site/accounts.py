"""The demo's staff accounts: a teacher (an instructor of the demo course) and an agency officer (of the
demo's agency, DEMO_AGENCY, whose staff list they import on /staff/agencies/).

Passwords are never in the repository: each comes from the environment (HOCVUSO_DEMO_TEACHER_PASSWORD,
HOCVUSO_DEMO_OFFICER_PASSWORD) or is generated once into var/ (0600) by the demo settings' `_secret`, and
`scripts/demo` prints them at start (`python -m demo_site.accounts`). Where edx-platform runs, these roles
are the platform's own (graders.access); here the teacher's course role is the Django group graders.access
reads outside the LMS.
"""

from __future__ import annotations

from dataclasses import dataclass

TEACHER, OFFICER = "giaovien", "canbo"
DEMO_AGENCY = "UBND phường Tân Định (mô phỏng)"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    password_setting: str
    role: str


ACCOUNTS = (
    DemoAccount(TEACHER, "Lan", "Nguyễn Thị", "HOCVUSO_DEMO_TEACHER_PASSWORD", "giáo viên / teacher"),
    DemoAccount(OFFICER, "Minh", "Trần Văn", "HOCVUSO_DEMO_OFFICER_PASSWORD", "cán bộ cơ quan / agency officer"),
)


def password_for(account: DemoAccount) -> str:
    from demo_site.settings import _secret

    return _secret(account.password_setting)


def ensure_accounts() -> list[tuple[DemoAccount, str]]:
    """Create (or bring up to date) the demo's staff accounts; returns each with its password."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from graders.access import INSTRUCTOR, course_role_group
    from graders.course_policies import course_policies
    from graders.models import Agency, AgencyOfficer

    users = get_user_model()
    made = []
    for account in ACCOUNTS:
        password = password_for(account)
        user, _created = users.objects.get_or_create(username=account.username)
        user.first_name, user.last_name = account.first_name, account.last_name
        user.is_staff = user.is_superuser = False  # roles below, never the site-wide flags
        user.set_password(password)
        user.save()
        if account.username == TEACHER:
            for course_id in course_policies():
                user.groups.add(Group.objects.get_or_create(name=course_role_group(INSTRUCTOR, course_id))[0])
        if account.username == OFFICER:
            courses = list(course_policies())
            agency, _ = Agency.objects.get_or_create(
                name=DEMO_AGENCY, defaults={"course_id": courses[0] if len(courses) == 1 else ""})
            AgencyOfficer.objects.get_or_create(agency=agency, user=user)
        made.append((account, password))
    return made


def main() -> None:
    import django

    django.setup()
    for account, password in ensure_accounts():
        print(f"  tài khoản {account.role}: {account.username} / {password}")


if __name__ == "__main__":
    main()
