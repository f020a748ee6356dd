"""Issue 12 item 8: the learner_progress block shows exactly what graders holds (real database, the
real graders service through the one lookup in xblocks/common/services.py, the real pipeline code)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from graders.models import Certificate, LearnerLink, Outbox
from graders.pipeline.completion import evaluate_learners
from graders.pipeline.intake import LearnerInfo, ProgressEvent, course_policies, link_learner, record_progress
from xblocks.common.services import graders_service
from xblocks.progress import LearnerProgressBlock

pytestmark = pytest.mark.django_db
COURSE_ID = "course-v1:HocVuSo+KNS01+2026"
PHONE, QUIZ = "s08_cuoc_goi_gia_cong_an", "q5_lua_dao"
NAME = "Trần Thị Mai"


def page_text(fragment) -> str:
    return " ".join(" ".join(lxml_html.fromstring(fragment.body_html()).itertext()).split())


def learner(user_id: str = "learner-1", group: str = "trai_nghiem") -> LearnerInfo:
    return LearnerInfo(user_id, username=user_id, display_name=NAME, subject_id=f"demo-{user_id}", group=group)


def grade(info: LearnerInfo, url_name: str, earned: float, possible: float) -> None:
    record_progress([ProgressEvent(info, COURSE_ID, url_name, earned=earned, possible=possible, completed=True)],
                    )


def test_the_block_reaches_graders_through_the_one_lookup(make_block):
    block = make_block(LearnerProgressBlock)
    from graders.service import GradersService

    assert isinstance(graders_service(block), GradersService)


def test_progress_then_the_issued_certificate_as_the_pipeline_holds_them(make_block, client):
    info = learner()
    grade(info, PHONE, 1, 1)
    grade(info, QUIZ, 2, 5)
    block = make_block(LearnerProgressBlock)
    text = page_text(block.render("student_view"))
    assert "Tên trên giấy chứng nhận: Trần Thị Mai" in text and "Nhóm của bạn: Trải nghiệm" in text
    assert "Đạt 100%, cần 70% ✓ Đã đạt" in text and "Đạt 40%, cần 70% ○ Chưa đạt" in text
    assert re.search(r"Còn lại Hãy đạt các bài sau để nhận giấy chứng nhận: \S", text)
    assert "Giấy chứng nhận của bạn" not in text

    grade(info, QUIZ, 5, 5)
    text = page_text(block.render("student_view"))
    assert "Bạn đã đạt tất cả các bài bắt buộc." in text and "đang được cấp" in text  # finished, not yet issued

    evaluate_learners([LearnerLink.objects.get(lms_user_id="learner-1").id])  # what the Celery worker runs
    certificate = Certificate.objects.get()
    fragment = block.render("student_view")
    text, body = page_text(fragment), fragment.body_html()
    assert "Giấy chứng nhận của bạn" in text and "Đang chờ gửi sang nền tảng định danh (VNeID)" in text
    assert "Cách tìm trong ứng dụng VNeID" in text
    [verify_href] = re.findall(r'data-action="verify" href="([^"]+)"', body)
    [pdf_href] = re.findall(r'data-action="pdf" href="([^"]+)"', body)
    verify = client.get(urlsplit(verify_href.replace("&amp;", "&")).path + "?" +
                        urlsplit(verify_href.replace("&amp;", "&")).query)
    assert "Hợp lệ" in verify.text and f"Tên trên giấy chứng nhận: {NAME} — khớp" in verify.text
    pdf = client.get(urlsplit(pdf_href).path)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "<svg" in body and 'class="lp-qr-box"' in body

    Outbox.objects.filter(certificate=certificate).update(state="delivered", delivered_at=certificate.issued_at)
    assert "nền tảng định danh đã xác nhận nhận được ngày" in page_text(block.render("student_view"))
    # nothing secret reaches the page: no subject id, hash or salt
    body = block.render("student_view").body_html()
    assert "demo-learner-1" not in body and certificate.subject_hash not in body
    assert json.loads(certificate.credential_json)["credentialSubject"]["identifier"][0]["identityHash"] not in body


def test_self_declared_groups_can_be_chosen_agency_groups_cannot(make_block, json_request):
    info = learner(group="trai_nghiem")
    grade(info, PHONE, 1, 1)
    block = make_block(LearnerProgressBlock)
    assert 'value="nguoi_dan"' in block.render("student_view").body_html()
    status, reply = json_request(block, "choose_group", {"group": "nguoi_dan"})
    assert status == 200 and reply["ok"]
    assert LearnerLink.objects.get(lms_user_id="learner-1").group == "nguoi_dan"
    page = block.render("student_view").body_html()
    assert "Nhóm của bạn: Người dân" in page_text(block.render("student_view"))
    assert 'data-key="m1_thiet_bi"' in page and 'data-key="s08_cuoc_goi_gia_cong_an"' not in page  # its track
    for refused in ("can_bo_cong_chuc", "no-such-group", 7):
        status, reply = json_request(block, "choose_group", {"group": refused})
        assert status == 400 and "Không chọn được nhóm này" in reply["error"]
    assert LearnerLink.objects.get(lms_user_id="learner-1").group == "nguoi_dan"

    # a civil servant registered by their agency: their group is shown, not choosable
    link_learner(learner("officer-1", group="can_bo_cong_chuc"))
    officer = make_block(LearnerProgressBlock, user_id="officer-1")
    page = officer.render("student_view").body_html()
    assert 'name="lp-group"' not in page and "do cơ quan hoặc doanh nghiệp đăng ký" in page_text(
        officer.render("student_view"))
    status, _reply = json_request(officer, "choose_group", {"group": "nguoi_dan"})
    assert status == 400 and LearnerLink.objects.get(lms_user_id="officer-1").group == "can_bo_cong_chuc"
    assert course_policies()[COURSE_ID].groups["can_bo_cong_chuc"].self_declared is False


def test_the_certificate_date_is_the_one_the_verify_page_and_the_pdf_print(make_block, client, settings):
    """A certificate issued at 20:00 UTC on 5 December is dated 6 December in Vietnam (UTC+7): the block
    says the date the learner's verify page and PDF say (the site's time zone), not the server's UTC date."""
    from datetime import UTC, datetime

    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    info = learner()
    grade(info, PHONE, 1, 1)
    grade(info, QUIZ, 5, 5)
    evaluate_learners([LearnerLink.objects.get(lms_user_id="learner-1").id])
    Certificate.objects.update(issued_at=datetime(2026, 12, 5, 20, 0, tzinfo=UTC))
    text = page_text(make_block(LearnerProgressBlock).render("student_view"))
    assert "06/12/2026" in text and "05/12/2026" not in text
    verify = client.get(f"/verify/{Certificate.objects.get().pk}")
    assert 'data-field="date">06/12/2026<' in verify.text
