"""A class's certificates as one A4 PDF: the class list (who has a certificate, who not yet), then each
certificate earned, one per page with a QR code a phone reads back; from the class's page (teacher and
course team only) and from `hocvuso class-pdf`. Certificates are really issued by the pipeline."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from graders import access, cli
from graders.certificates.issuing import named_verify_url, revoke_certificate
from graders.models import Certificate, Class, ClassMembership, LearnerLink
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.intake import LearnerInfo, ProgressEvent, link_learner, record_progress
from tests.unit.pipeline.conftest import mini_course  # noqa: F401
from tests.unit.pipeline.mini_course import COURSE_ID

pytestmark = pytest.mark.django_db


def finish(user: str, name: str) -> LearnerLink:
    info = LearnerInfo(user, display_name=name, subject_id=f"sub-{user}", group="nguoi_dan")
    record_progress([ProgressEvent(info, COURSE_ID, url, earned=earned, possible=possible, completed=True)
                     for url, earned, possible in (("s1_mo_khoa", 1, 1), ("q1_thiet_bi", 9, 10))])
    link = LearnerLink.objects.get(lms_user_id=user)
    evaluate_learners([link.pk])
    return link


@pytest.fixture
def klass(mini_course):  # noqa: F811
    teacher = get_user_model().objects.create_user("co_giao")
    klass = Class.objects.create(name="Lớp thôn Đông", place="Nhà văn hóa", teacher=teacher, course_id=COURSE_ID,
                                 join_code="ABC123")
    for link in (finish("u1", "Trần Thị Mai"), finish("u2", "Lê Văn Hùng"),
                 link_learner(LearnerInfo("u3", display_name="Phạm Văn Chưa", subject_id="sub-u3"))):
        ClassMembership.objects.create(klass=klass, learner=link)
    return klass


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_codes(pdf: bytes) -> list[str]:
    return [result.text for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images
            for result in zxingcpp.read_barcodes(image.image)]


def test_the_teacher_gets_the_list_then_one_page_per_certificate_with_its_qr_code(klass):
    revoke_certificate(Certificate.objects.get(display_name="Lê Văn Hùng").pk, "Cấp nhầm")
    client = Client()
    client.force_login(klass.teacher)
    live = client.get(reverse("graders:class-live", args=[klass.pk])).content.decode()
    link = reverse("graders:class-certificates-pdf", args=[klass.pk])
    assert f'href="{link}"' in live  # the class view links to it
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    first, *certificates = pages_text(response.content)
    assert "Lớp thôn Đông" in first and "1/3 người đã có chứng nhận" in first
    lines = first.splitlines()
    status = {name: lines[lines.index(name) + 1] for name in ("Trần Thị Mai", "Lê Văn Hùng", "Phạm Văn Chưa")}
    assert status == {"Trần Thị Mai": "Đã có", "Lê Văn Hùng": "Chưa có", "Phạm Văn Chưa": "Chưa có"}  # revoked: not
    assert len(certificates) == 1 and "Trần Thị Mai" in certificates[0] and "GIẤY CHỨNG NHẬN" in certificates[0]
    assert qr_codes(response.content) == [named_verify_url(Certificate.objects.get(display_name="Trần Thị Mai"))]


def test_only_the_teacher_and_the_course_team_get_it(klass):
    users = get_user_model().objects
    staff = users.create_user("to_truong")
    staff.groups.add(Group.objects.create(name=access.course_role_group(access.STAFF, COURSE_ID)))
    url = reverse("graders:class-certificates-pdf", args=[klass.pk])
    for user, status in ((staff, 200), (users.create_user("giao_vien_khac"), 403),
                         (users.create_user("nhan_vien", is_staff=True), 403), (None, 302)):
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_command_writes_the_same_bundle(klass, tmp_path, capsys):
    out = tmp_path / "lop.pdf"
    assert cli.main(["class-pdf", str(klass.pk), "--out", str(out)]) == 0
    assert "3 learners" in capsys.readouterr().out
    text = pages_text(out.read_bytes())
    assert len(text) == 3 and "2/3 người đã có chứng nhận" in text[0]
    assert sorted(name for page in text[1:] for name in ("Lê Văn Hùng", "Trần Thị Mai") if name in page) == [
        "Lê Văn Hùng", "Trần Thị Mai"]


def test_the_bundle_reads_the_certificates_in_queries_that_do_not_grow_with_the_class(klass):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from graders.certificates.views import class_pdf_bytes

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            class_pdf_bytes(klass)
        return len(captured.captured_queries)

    three = queries()
    for n in range(4, 8):
        ClassMembership.objects.create(klass=klass, learner=finish(f"u{n}", f"Học viên {n}"))
    assert queries() == three
