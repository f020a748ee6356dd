"""The demo's officer account (scripts/demo_site/accounts.py) is an officer of the demo agency and of no
other, and is never site-wide staff."""

import pytest
from django.contrib.auth import get_user_model

from demo_site.accounts import DEMO_AGENCY, OFFICER, ensure_accounts
from graders import access
from graders.models import Agency

pytestmark = pytest.mark.django_db


def test_the_demo_officer_sees_the_demo_agency_only(mini_course):
    other = Agency.objects.create(name="Cơ quan khác")
    ensure_accounts()
    ensure_accounts()  # a second start changes nothing
    officer = get_user_model().objects.get(username=OFFICER)
    demo = Agency.objects.get(name=DEMO_AGENCY)
    assert not officer.is_staff and access.agencies_visible_to(officer) == {demo.pk}
    assert not access.may_see_agency(officer, other.pk)
