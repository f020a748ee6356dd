"""Read an Open edX problem grade report (CSV) into block scores. Pure: no Django.

The report has one row per learner ("Student ID", "Username", ...) and, per graded block, a pair of
columns "<block> (Earned)" and "<block> (Possible)". A block column is matched to the course by the
block's url_name: the column name is the url_name, a usage key ending in "block@<url_name>", or any
title ending in "<url_name>" or "(<usage key>)". Optional columns "Subject ID", "Group", "Unit" link
learners. Cells such as "Not Attempted" or empty are skipped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

_PAIR = re.compile(r"^(?P<name>.+?)\s*\((?P<kind>Earned|Possible)\)\s*$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9_.\-]+")


class GradeReportError(ValueError):
    """The file is not a usable grade report; the message names the row or column."""


@dataclass(frozen=True)
class ReportRow:
    line: int
    user_id: str
    username: str
    subject_id: str | None
    group: str | None
    unit: str | None
    scores: tuple[tuple[str, float, float], ...]  # (url_name, earned, possible)


def _url_name(column: str, known: set[str]) -> str | None:
    candidates = [column.strip(), column.rsplit("@", 1)[-1].strip(" )")]
    candidates += _TOKEN.findall(column)[-1:]
    for candidate in candidates:
        if candidate in known:
            return candidate
    return None


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except (TypeError, ValueError):
        return None


def count_rows(lines: Iterable[str]) -> int:
    return max(0, sum(1 for _ in csv.reader(lines)) - 1)


def read_grade_report(stream: TextIO, known_blocks: Iterable[str]) -> Iterator[ReportRow]:
    """Yield each learner row's scores for the known blocks; raise on a header we cannot use."""
    known = set(known_blocks)
    reader = csv.DictReader(stream)
    header = reader.fieldnames or []
    if "Student ID" not in header:
        raise GradeReportError('the first row must be the header, with a "Student ID" column')
    pairs: dict[str, dict[str, str]] = {}
    for column in header:
        match = _PAIR.match(column or "")
        if not match:
            continue
        url_name = _url_name(match.group("name"), known)
        if url_name:
            pairs.setdefault(url_name, {})[match.group("kind").lower()] = column
    usable = {name: cols for name, cols in pairs.items() if {"earned", "possible"} <= cols.keys()}
    if not usable:
        raise GradeReportError(
            "no column pair '<block> (Earned)' / '<block> (Possible)' names a graded block of this course "
            "(use the block's url_name or usage key in the column title)")
    for line, record in enumerate(reader, start=2):
        user_id = (record.get("Student ID") or "").strip()
        if not user_id:
            raise GradeReportError(f"row {line}: Student ID is empty")
        scores = []
        for url_name, columns in usable.items():
            earned, possible = _number(record.get(columns["earned"])), _number(record.get(columns["possible"]))
            if earned is None or not possible or possible <= 0:
                continue
            if not 0 <= earned <= possible:
                raise GradeReportError(f"row {line}, {url_name}: earned {earned} is not between 0 and {possible}")
            scores.append((url_name, earned, possible))
        yield ReportRow(line, user_id, (record.get("Username") or "").strip(),
                        (record.get("Subject ID") or "").strip() or None, (record.get("Group") or "").strip() or None,
                        (record.get("Unit") or "").strip() or None, tuple(scores))
