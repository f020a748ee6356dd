"""A national ID or phone number never becomes a certificate's subject, however it is dressed up.

The guard (graders.credentials.credential.check_pseudonymous_subject_id) once matched only bare digit
strings; `vn-001099001234`, `CCCD001099001234`, `tel:+84912345678` and `(091) 234-5678` went through.
"""

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders.credentials.credential import CredentialInputError, check_pseudonymous_subject_id

REPORTED_BYPASSES = ["vn-001099001234", "CCCD001099001234", "tel:+84912345678", "(091) 234-5678"]


@pytest.mark.parametrize("subject_id", REPORTED_BYPASSES)
def test_reported_bypasses_are_refused(subject_id):
    with pytest.raises(CredentialInputError, match="ID card or phone"):
        check_pseudonymous_subject_id(subject_id)


_digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
_cccd = st.lists(_digits, min_size=12, max_size=12).map("".join)  # 12-digit citizen ID
_cmnd = st.lists(_digits, min_size=9, max_size=9).map("".join)  # 9-digit old ID card
_mobile = st.lists(_digits, min_size=9, max_size=9).map(lambda ds: "0" + "".join(ds))  # 0 + 9 digits
_international = _mobile.map(lambda number: "+84" + number[1:])
_personal_number = st.one_of(_cccd, _cmnd, _mobile, _international)
_prefix = st.sampled_from(["", "tel:", "TEL:", "sms:", "vn-", "VN_", "cccd", "CCCD", "cmnd:", "so-", "id ",
                           "sdt ", "phone=", "#", "so cccd: "])
_suffix = st.sampled_from(["", "-vn", " ", ".", "_"])
_separator = st.sampled_from(["", " ", "-", ".", "/", "(", ")", "_", "\u00a0", "\u2011"])  # incl. nbsp, nb-hyphen


def _dress(number: str, prefix: str, suffix: str, separators: list[str], fullwidth: bool) -> str:
    if fullwidth:  # digits typed on a CJK/Vietnamese keyboard in full-width mode
        number = number.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    out = []
    for index, char in enumerate(number):
        out.append(char)
        if index < len(number) - 1:
            out.append(separators[index % len(separators)])
    return prefix + "".join(out) + suffix


@settings(max_examples=400, deadline=None)
@given(_personal_number, _prefix, _suffix, st.lists(_separator, min_size=1, max_size=4), st.booleans())
def test_dressed_up_personal_numbers_are_refused(number, prefix, suffix, separators, fullwidth):
    subject_id = _dress(number, prefix, suffix, separators, fullwidth)
    with pytest.raises(CredentialInputError, match="ID card or phone"):
        check_pseudonymous_subject_id(subject_id)


@settings(max_examples=200, deadline=None)
@given(st.one_of(
    st.uuids().map(str),
    st.integers(min_value=0, max_value=2**32 - 1).map(lambda n: f"vneid-sub-{n:08x}"),
    st.integers(min_value=0, max_value=999_999).map(lambda n: f"sub-{n:06d}"),
    st.binary(min_size=12, max_size=12).map(lambda b: "demo-" + b.hex()),
))
def test_pseudonymous_ids_are_accepted(subject_id):
    assert check_pseudonymous_subject_id(subject_id) == subject_id


def test_uuid_made_of_digits_is_still_a_pseudonym():
    """A UUID whose hex happens to hold only digits is not a phone number: its groups give it away."""
    subject_id = str(uuid.UUID("12345678-1234-4234-8234-123456789012"))
    assert check_pseudonymous_subject_id(subject_id) == subject_id
