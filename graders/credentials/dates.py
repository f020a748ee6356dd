"""Dates in credentials: XML Schema dateTimeStamp, the only form VC 2.0 allows (a timezone is required).

Written as `2026-01-01T00:00:00Z` (UTC, whole seconds). Read strictly by the XSD lexical form
`[-]YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm)`: ISO 8601 variants that Python's `fromisoformat` also takes
(basic format `20260101T000000Z`, week dates `2026-W01-1`, ordinal dates, a space instead of `T`, hours
without seconds) are not XSD date-times, and a verifier must not accept what other verifiers refuse.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_XSD_DATETIME = re.compile(
    r"(?P<year>-?\d{4,})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"T(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?",
    re.ASCII,
)


def format_datetime(moment: datetime) -> str:
    """XML Schema dateTimeStamp in UTC with a Z, whole seconds (what VC 2.0 requires: a timezone)."""
    if moment.tzinfo is None:
        raise ValueError("datetimes in credentials must carry a timezone")
    utc = moment.astimezone(UTC)
    # the fields formatted directly: half the cost of isoformat() and string replacements, same text
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def _zone(text: str, value: str) -> timezone:
    if text == "Z":
        return UTC
    hours, minutes = int(text[1:3]), int(text[4:6])
    if minutes > 59 or hours * 60 + minutes > 14 * 60:
        raise ValueError(f"{value!r} has a timezone offset outside -14:00..+14:00")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if text[0] == "-" else offset)


def parse_datetime(value: object) -> datetime:
    """Parse an XML Schema dateTimeStamp (refusing any other ISO 8601 form, and a value without timezone)."""
    if not isinstance(value, str):
        raise ValueError("not a date-time string")
    match = _XSD_DATETIME.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not an XML Schema date-time (YYYY-MM-DDThh:mm:ss with Z or ±hh:mm)")
    if match["zone"] is None:
        raise ValueError(f"{value!r} has no timezone (dateTimeStamp requires one)")
    fraction = match["fraction"] or "0"
    hour = int(match["hour"])
    end_of_day = hour == 24 and match["minute"] == match["second"] == "00" and int(fraction) == 0
    try:
        moment = datetime(int(match["year"]), int(match["month"]), int(match["day"]), 0 if end_of_day else hour,
                          int(match["minute"]), int(match["second"]), int(fraction[:6].ljust(6, "0")),
                          tzinfo=_zone(match["zone"], value))
    except ValueError as error:  # month 13, 30 February, minute 60, a year Python cannot hold...
        raise ValueError(f"{value!r} is not a valid date-time: {error}") from None
    return moment + timedelta(days=1) if end_of_day else moment
