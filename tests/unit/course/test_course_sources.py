"""Every law, decree, decision or circular the course cites is listed, with its source, in SOURCES.md."""

from __future__ import annotations

import re

from .conftest import COURSE_ROOT

SOURCES = COURSE_ROOT / "SOURCES.md"
LEARNER_TEXT = sorted([*(p for sub in ("html", "auto_quiz", "phone_sim", "about")
                        for p in (COURSE_ROOT / sub).glob("*") if p.suffix in (".html", ".xml")),
                      COURSE_ROOT / "certificate_policy.json"])
_KIND = r"(?:Nghị định|Luật|Quyết định|Thông tư)"
# A document number: 356/2025/NĐ-CP, 91/2025/QH15, 2345/QĐ-NHNN, 17/2024/TT-NHNN.
_NUMBER = r"\d{1,5}(?:/\d{4})?/[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*"
_NUMBERED = re.compile(rf"{_KIND}[^<>\n]{{0,60}}?({_NUMBER})")
# A law named with its year and no number: "Luật Giao dịch điện tử 2023".
_NAMED_LAW = re.compile(r"(Luật(?: [A-ZĐ][\wÀ-ỹ]*| [a-zà-ỹ]+){1,8} (?:19|20)\d\d)\b")


def citations(text: str) -> set[str]:
    """The document numbers and year-named laws a text cites."""
    return set(_NUMBERED.findall(text)) | set(_NAMED_LAW.findall(text))


def test_citation_finder_sees_numbers_and_named_laws():
    text = ("Theo Nghị định 356/2025/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân (số 91/2025/QH15). "
            "Quyết định 2345/QĐ-NHNN. Theo Luật Giao dịch điện tử 2023, chữ ký số. Quyết định có cho phép không?")
    assert citations(text) == {"356/2025/NĐ-CP", "91/2025/QH15", "2345/QĐ-NHNN", "Luật Giao dịch điện tử 2023"}


def test_every_cited_document_is_in_sources():
    listed = SOURCES.read_text(encoding="utf-8")
    cited = {c: p.relative_to(COURSE_ROOT).as_posix()
             for p in LEARNER_TEXT for c in citations(p.read_text(encoding="utf-8"))}
    assert cited, "the course cites no law at all: the finder is broken"
    missing = {c: where for c, where in cited.items() if c not in listed}
    assert not missing, f"cited but not in SOURCES.md: {missing}"


def test_sources_keeps_the_unverified_list():
    text = SOURCES.read_text(encoding="utf-8")
    assert "## Unverified, not taught" in text
