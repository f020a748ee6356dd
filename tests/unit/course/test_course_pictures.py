"""Lesson and quiz pictures stay readable on a 360 px phone: every label is at least 12 px once scaled."""

from __future__ import annotations

import pytest

from xblocks.common.xml import parse_xml

from .conftest import COURSE_ROOT

PICTURES = sorted((COURSE_ROOT / "static").glob("*.svg"))
# At 360 px the lesson column is about 320 px wide, so a picture is drawn at most that wide.
DRAWN_WIDTH = 320
MIN_LABEL_PX = 12
SVG = "{http://www.w3.org/2000/svg}"


def label_sizes(svg_text: str) -> list[tuple[str, float]]:
    """Each <text>'s words and its font size in picture units, inherited from its enclosing groups."""
    root = parse_xml(svg_text.encode("utf-8"), source="picture")
    found = []

    def walk(element, size):
        size = float(element.get("font-size", size) or size)
        if element.tag in (f"{SVG}text", "text"):
            found.append(("".join(element.itertext()).strip(), size))
        for child in element:
            walk(child, size)

    walk(root, 16.0)
    return found


def drawn_scale(svg_text: str) -> float:
    root = parse_xml(svg_text.encode("utf-8"), source="picture")
    width = float(root.get("viewBox").split()[2])
    return min(DRAWN_WIDTH, width) / width


def test_the_measure_inherits_group_sizes():
    text = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 100"><g font-size="20"><text>A</text>'
            '<text font-size="8">B</text></g></svg>')
    assert label_sizes(text) == [("A", 20.0), ("B", 8.0)]
    assert drawn_scale(text) == 0.5


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.stem)
def test_every_label_is_at_least_12_px_on_a_360_px_phone(path):
    text = path.read_text(encoding="utf-8")
    scale = drawn_scale(text)
    small = [(words, round(size * scale, 1)) for words, size in label_sizes(text) if size * scale < MIN_LABEL_PX]
    assert small == [], f"{path.name}: labels under {MIN_LABEL_PX} px at 360 px: {small}"


def test_the_course_card_image_is_ours_and_in_static():
    import json
    import struct

    policy = json.loads((COURSE_ROOT / "policies" / "2026" / "policy.json").read_text(encoding="utf-8"))
    image = COURSE_ROOT / "static" / policy["course/2026"]["course_image"]
    head = image.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "the course card is a PNG"
    width, height = struct.unpack(">II", head[16:24])
    assert width >= 378 and height >= 225 and abs(width / height - 378 / 225) < 0.01  # Open edX card ratio
    assert (COURSE_ROOT / "static" / "the_khoa_hoc.svg").is_file(), "keep the card's editable source"
