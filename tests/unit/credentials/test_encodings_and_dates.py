"""The small pure parts of credentials, checked by properties: our base58 against the `base58` package, the
strict XSD date-time reader, and the keyed status-index permutation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import base58
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders.credentials.dates import format_datetime, parse_datetime
from graders.credentials.multibase import MultibaseError, decode_base58btc, encode_base58btc
from graders.credentials.status_list import status_index_at

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# non-empty bytes (keys and signatures; a bare "z" is refused), with runs of leading zero bytes (base58's
# '1's) as often as any other value
DATA = st.one_of(st.binary(min_size=1, max_size=80), st.tuples(st.integers(1, 5), st.binary(max_size=40)).map(
    lambda pair: b"\0" * pair[0] + pair[1]))


# -- base58 ------------------------------------------------------------------------------------------
@given(DATA)
def test_base58_encodes_as_the_base58_package_and_round_trips(data):
    encoded = encode_base58btc(data)
    assert encoded == "z" + base58.b58encode(data).decode()
    assert decode_base58btc(encoded) == data


@given(st.text(alphabet=ALPHABET, min_size=1, max_size=60))
def test_base58_decodes_any_text_as_the_base58_package(text):
    assert decode_base58btc("z" + text) == base58.b58decode(text)


@pytest.mark.parametrize("value", ["", "z", "zO0Il", "m3q", "z12+", 58])
def test_base58_refuses_what_is_not_base58btc(value):
    with pytest.raises(MultibaseError):
        decode_base58btc(value)


# -- XSD dateTimeStamp -------------------------------------------------------------------------------
MOMENTS = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=7)),
                                                  timezone(-timedelta(hours=9, minutes=30))]))


@given(MOMENTS)
def test_a_formatted_date_time_reads_back_as_the_same_second(moment):
    assert parse_datetime(format_datetime(moment)) == moment.replace(microsecond=0)


@given(MOMENTS)
def test_every_xsd_form_of_a_moment_reads_as_that_moment(moment):
    offset = moment.utcoffset()
    sign, minutes = ("-" if offset < timedelta(0) else "+"), abs(int(offset.total_seconds())) // 60
    zone = "Z" if offset == timedelta(0) else f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    text = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
            f"{moment.second:02d}.{moment.microsecond:06d}{zone}")
    assert parse_datetime(text) == moment


@pytest.mark.parametrize("value, moment", [
    ("2026-01-01T00:00:00Z", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2026-01-01T07:00:00+07:00", datetime(2026, 1, 1, tzinfo=UTC)),
    ("2025-12-31T24:00:00Z", datetime(2026, 1, 1, tzinfo=UTC)),  # XSD's end of day
    ("2026-01-01T00:00:00.1234567Z", datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)),
])
def test_xsd_date_times_are_read(value, moment):
    assert parse_datetime(value) == moment


@pytest.mark.parametrize("value", [
    "20260101T000000Z",            # ISO 8601 basic format
    "2026-W01-1T00:00Z",           # ISO week date
    "2026-001T00:00:00Z",          # ISO ordinal date
    "2026-01-01 00:00:00Z",        # a space for the T
    "2026-01-01T00:00Z",           # no seconds
    "2026-01-01T00:00:00",         # no timezone (dateTimeStamp needs one)
    "2026-01-01T00:00:00+0700",    # offset without its colon
    "2026-01-01T00:00:00+15:00",   # offset beyond ±14:00
    "2026-02-30T00:00:00Z",        # no such day
    "2026-01-01T24:00:01Z",        # only 24:00:00 exactly
    "2026-01-01T00:00:00Z ",       # trailing text
    "２０２６-01-01T00:00:00Z",      # digits that are not ASCII
    "0000-01-01T00:00:00Z",        # a year Python cannot hold
    20260101,
])
def test_other_iso_8601_forms_are_refused(value):
    with pytest.raises(ValueError):
        parse_datetime(value)


def test_a_naive_datetime_is_not_written():
    with pytest.raises(ValueError):
        format_datetime(datetime(2026, 1, 1))


# -- status-list index permutation -------------------------------------------------------------------
def test_status_positions_map_to_distinct_scattered_indexes():
    key = bytes(range(16))
    for size in (64, 1000):  # a power of two, and a size the permutation has to walk inside
        indexes = [status_index_at(key, size, position) for position in range(size)]
        assert sorted(indexes) == list(range(size))
    first = [status_index_at(key, 131_072, position) for position in range(20)]
    assert first != sorted(first) and max(first) - min(first) > 1000  # issuing order is not visible
    assert first != [status_index_at(bytes(16), 131_072, position) for position in range(20)]  # keyed
