"""The progress page as a learner reads it (Vietnamese by default), from what graders answers."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from xblocks.common.i18n import BundledI18nService
from xblocks.progress.render import qr_svg, render_progress
from xblocks.progress.strings import STRINGS

VI = BundledI18nService("vi").gettext
EN = BundledI18nService("en").gettext
VERIFY_URL = "http://demo.test/verify/8b7c?name=Tr%E1%BA%A7n+Th%E1%BB%8B+Mai&salt=00ff"
VIEW = {
    "course_id": "course-v1:HocVuSo+KNS01+2026",
    "learner_name": "Trần Thị Mai",
    "group": {"key": "trai_nghiem", "label": "Trải nghiệm", "self_declared": True, "assigned": False},
    "choices": [{"key": "trai_nghiem", "label": "Trải nghiệm"}, {"key": "nguoi_dan", "label": "Người dân"}],
    "requirements": [
        {"kind": "block", "key": "s08", "title": "Cuộc gọi giả danh công an", "score": 1.0, "threshold": 0.7,
         "met": True},
        {"kind": "block", "key": "q5", "title": "Nhận diện lừa đảo", "score": 0.4, "threshold": 0.7, "met": False},
    ],
    "completed": False, "course_score": 0.7, "min_course_score": 0.0, "certificates": [],
}


def text_of(markup: str) -> str:
    return " ".join(" ".join(lxml_html.fromstring(f"<div>{markup}</div>").itertext()).split())


def test_each_required_lesson_with_its_score_against_the_threshold_and_what_is_left():
    page = render_progress(VIEW, VI, STRINGS)
    text = text_of(page)
    assert "Tiến độ của tôi" in text and "Tên trên giấy chứng nhận: Trần Thị Mai" in text
    assert "Nhóm của bạn: Trải nghiệm" in text
    assert "Cuộc gọi giả danh công an Đạt 100%, cần 70% ✓ Đã đạt" in text
    assert "Nhận diện lừa đảo Đạt 40%, cần 70% ○ Chưa đạt" in text
    left = re.findall(
        r'<ul class="lp-left" data-field="left">(.*?)</ul>', page)
    assert left == ["<li>Nhận diện lừa đảo</li>"]
    # a self-declared group can be changed; the page says civil servants' groups come from their agency
    assert 'value="nguoi_dan"' in page and "cơ quan" in text
    assert "Giấy chứng nhận" not in text.replace("Tên trên giấy chứng nhận", "")


def test_english_through_the_same_catalogue():
    text = text_of(render_progress(VIEW, EN, STRINGS))
    assert "My progress" in text and "40% reached, 70% needed" in text and "Not yet" in text


def test_finished_but_not_yet_issued_says_so():
    view = {**VIEW, "completed": True, "requirements": [{**r, "met": True} for r in VIEW["requirements"]]}
    text = text_of(render_progress(view, VI, STRINGS))
    assert "Bạn đã đạt tất cả các bài bắt buộc." in text and "đang được cấp" in text


def test_an_issued_certificate_with_links_qr_delivery_and_vneid_steps():
    certificate = {"id": "8b7c", "achievement": "Trải nghiệm Bình dân học vụ số",
                   "issued_at": "2026-12-05T09:00:00+00:00",
                   "verify_url": VERIFY_URL, "pdf_url": "http://demo.test/certificates/8b7c/tok.pdf",
                   "pdf_expires_at": "2027-01-04T09:00:00+00:00", "revoked_at": None, "revocation_reason": "",
                   "delivery": {"state": "delivered", "at": "2026-12-05T09:00:02+00:00"}}
    view = {**VIEW, "completed": True, "certificates": [certificate],
            "requirements": [{**r, "met": True} for r in VIEW["requirements"]]}
    page = render_progress(view, VI, STRINGS)
    text = text_of(page)
    assert "Giấy chứng nhận: Trải nghiệm Bình dân học vụ số" in text and "Ngày cấp: 05/12/2026" in text
    assert f'href="{VERIFY_URL.replace("&", "&amp;")}"' in page
    assert 'href="http://demo.test/certificates/8b7c/tok.pdf" download' in page
    assert "dùng được đến ngày 04/01/2027" in text
    assert "nền tảng định danh đã xác nhận nhận được ngày 05/12/2026" in text
    assert "Mở ứng dụng VNeID" in text and '"Trải nghiệm Bình dân học vụ số"' in text
    assert "<svg" in page and "<script" not in page and "style=" not in page  # CSP-safe: no inline script/style

    revoked = {**certificate, "revoked_at": "2026-12-06T10:00:00+00:00", "revocation_reason": "Cấp nhầm người",
               "delivery": {"state": "pending", "at": None}}
    text = text_of(render_progress({**view, "certificates": [revoked]}, VI, STRINGS))
    assert "đã bị thu hồi ngày 06/12/2026. Lý do: Cấp nhầm người" in text and "Đang chờ gửi" in text


def test_author_or_learner_text_is_escaped():
    view = {**VIEW, "learner_name": "<img src=x onerror=alert(1)>"}
    page = render_progress(view, VI, STRINGS)
    assert "<img" not in page and "&lt;img" in page


def test_qr_code_is_an_svg_path():
    svg = qr_svg(VERIFY_URL)
    assert svg.startswith("<svg") and "<path" in svg and "aria-hidden" in svg


def test_anonymous_and_unavailable():
    assert "đăng nhập" in text_of(render_progress(None, VI, STRINGS, anonymous=True))
    assert "Chưa xem được tiến độ" in text_of(render_progress(None, VI, STRINGS))


def test_the_heading_is_left_out_where_the_unit_title_already_says_it():
    assert text_of(render_progress(VIEW, VI, STRINGS)).startswith("Tiến độ của tôi")
    page = render_progress(VIEW, VI, STRINGS, heading=False)
    assert "lp-title" not in page and "Tiến độ của tôi" not in text_of(page)
    assert "Nhận diện lừa đảo" in text_of(page)  # the rest is all there
