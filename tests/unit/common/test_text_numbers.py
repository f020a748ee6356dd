"""One Vietnamese number reader and one formatter for both blocks (xblocks/common/text.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xblocks.common.text import format_number, html_to_text, parse_vietnamese_number
from xblocks.phone_sim.scenario import parse_number as phone_reads
from xblocks.quiz.normalise import parse_number as quiz_reads


@pytest.mark.parametrize(("typed", "value"), [
    ("45.000", 45000), ("45.000 đ", 45000), ("45.000đ", 45000), ("2 500 000 VNĐ", 2500000), ("1.234,5", 1234.5),
    ("0,25", 0.25), ("0.25", 0.25), ("3,14", 3.14), ("10.000.000", 10_000_000), ("−3", -3), ("-1,5", -1.5),
    ("1.500", 1500), ("150.000 ₫", 150000),
])
def test_numbers_as_vietnamese_write_them(typed, value):
    assert parse_vietnamese_number(typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["", "abc", "1,000,000", "1,234.5", "1.23.4", "--5", "1e3", "nan", "inf", "1.2.3,4"])
def test_what_is_not_a_number_or_is_ambiguous_is_refused(typed):
    assert parse_vietnamese_number(typed) is None


def test_both_blocks_read_numbers_the_same_way():
    for typed in ("45.000", "45.000 đ", "0,25", "1.234,5"):
        assert phone_reads(typed) == quiz_reads(typed) == parse_vietnamese_number(typed)


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_a_whole_number_written_in_vietnamese_reads_back(number):
    assert parse_vietnamese_number(format_number(number, "vi")) == number
    assert parse_vietnamese_number(format_number(number, "vi") + " đ") == number


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimals_with_a_comma_read_back(whole, cents):
    written = format_number(whole + cents / 100, "vi")
    assert "," in written
    assert parse_vietnamese_number(written) == pytest.approx(whole + cents / 100)


def test_the_formatter_writes_each_language_its_way():
    assert (format_number(0.25, "vi"), format_number(45000, "vi"), format_number(2, "vi")) == ("0,25", "45.000", "2")
    assert (format_number(0.25, "en"), format_number(45000, "en")) == ("0.25", "45,000")


def test_html_to_text_keeps_only_the_words():
    assert html_to_text("<p>Mã <b>OTP</b> &amp; mật khẩu</p>\n<p>chỉ  mình bạn</p>") == "Mã OTP & mật khẩu chỉ mình bạn"
    assert html_to_text("") == ""
