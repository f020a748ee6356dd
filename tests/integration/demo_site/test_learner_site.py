"""Issue 12 item 10: the demo is a small learner site (real demo URLconf, real sessions and database).

With the developer flag off: learners sign in by name and never share attempts, `?student=` is ignored,
pages are phone pages in Vietnamese with an outline and previous/next, no debug panel (the OLX holds the
answers), no Reset State, no workbench jQuery, and responses are gzip-compressed."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client, override_settings

from demo_site.learners import site_units
from graders.models import LearnerLink

pytestmark = pytest.mark.django_db
NAME = "Trần Thị Mai"


def unit_named(url_name: str):
    return next(unit for unit in site_units() if url_name in unit.blocks)


def signed_in(name: str = NAME) -> Client:
    client = Client()
    response = client.post("/dang-nhap/", {"name": name, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    return client


@override_settings(DEMO_DEVELOPER=False)
def test_pages_ask_for_a_name_and_bad_names_get_a_clear_message():
    unit = unit_named("q5_lua_dao")
    response = Client().get(f"/scenario/{unit.name}/?student=student_1")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=%2Fscenario%2F")
    page = Client().get("/dang-nhap/")
    assert page.status_code == 200 and 'name="viewport"' in page.text and "Họ và tên" in page.text
    for bad in ("", "   ", "a\x00b", "x" * 201):
        refused = Client().post("/dang-nhap/", {"name": bad})
        assert refused.status_code == 400 and "Hãy gõ họ và tên của bạn" in refused.text
    call = Client().post("/handler/some-usage/submit/", "{}", content_type="application/json")
    assert call.status_code == 403 and "đăng nhập lại" in call.json()["error"]


@override_settings(DEMO_DEVELOPER=False)
def test_two_learners_with_the_same_name_never_share_attempts():
    first, second = signed_in(), signed_in()
    unit = unit_named("q5_lua_dao")
    students = []
    for client in (first, second):
        page = client.get(f"/scenario/{unit.name}/?student=student_1")  # a shared link: ignored
        assert page.status_code == 200
        [student] = re.findall(r'data-student="([^"]+)"', page.text)
        students.append(student)
    assert students[0] != students[1] and "student_1" not in students
    links = LearnerLink.objects.filter(lms_user_id__in=[f"workbench:{s}" for s in students])
    assert sorted(link.display_name for link in links) == [NAME, NAME]  # the name for the certificate
    assert {link.group for link in links} == {"trai_nghiem"}


@override_settings(DEMO_DEVELOPER=False)
def test_a_unit_page_is_a_learner_page_not_a_developer_page():
    client = signed_in()
    units = site_units()
    unit = units[1]
    page = client.get(f"/scenario/{unit.name}/")
    text = page.text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert f"<title>{unit.unit_title} — Bình dân học vụ số</title>" in text
    assert "XBlock" not in text.split("<body")[0]
    assert "Reset State" not in text and "<vertical_demo" not in text and "Scenario State" not in text
    assert "workbench/js/vendor/jquery" not in text  # blocks get demo_site/runtime.js (the browser tests use it)
    assert f'href="/scenario/{units[0].name}/"' in text and f'href="/scenario/{units[2].name}/"' in text
    assert 'rel="prev"' in text and 'rel="next"' in text
    progress = unit_named("tien_do_cua_toi")
    assert f'class="progress-link" href="/scenario/{progress.name}/">Tiến độ của tôi</a>' in text
    index = client.get("/")
    assert "XBlock scenarios" not in index.text and "Mục lục khóa học" in index.text
    assert all(f"/scenario/{u.name}/" in index.text for u in units)
    assert "Reset State" not in index.text


@override_settings(DEMO_DEVELOPER=True)
def test_the_developer_flag_brings_back_the_workbench_tools():
    page = Client().get(f"/scenario/{site_units()[1].name}/?student=dev-1")
    assert page.status_code == 200 and 'data-student="dev-1"' in page.text
    assert "Reset State" in page.text and "Scenario OLX" in page.text


@override_settings(DEMO_DEVELOPER=False)
def test_responses_are_compressed():
    client = signed_in()
    plain = client.get("/")
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Mục lục khóa học" in gzip.decompress(packed.content).decode()
    assert len(packed.content) * 3 < len(plain.content)
