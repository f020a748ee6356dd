"""search_key: what people type on a phone without tone marks finds the name written with them."""

import unicodedata

import pytest

from xblocks.common.text import search_key


@pytest.mark.parametrize(("typed", "stored"), [
    ("UBND phuong Tan Dinh", "UBND phường Tân Định"),
    ("ubnd  PHƯỜNG   tân định ", "UBND phường Tân Định"),
    ("dak lak", "Đắk Lắk"),
    ("nguyen van an", unicodedata.normalize("NFD", "Nguyễn Văn An")),  # decomposed marks, as some phones send
])
def test_typed_without_marks_or_case_matches_the_written_name(typed, stored):
    assert search_key(typed) == search_key(stored)


def test_different_words_stay_different():
    assert search_key("Tân Định") != search_key("Tân Đình Phong")
    assert search_key("") == "" and search_key(None) == ""
