"""Show the course in `course_content/` on the demo site: one workbench scenario per unit (vertical).

Open edX renders a course from its OLX; the workbench knows only scenarios. The course is read by
graders.course_olx (the one OLX reader) and each unit is registered as a scenario named
`course.<chapter number>.<unit number>`, its blocks inside the workbench's plain container. Lesson HTML
is the course team's own content (rendered as-is, as Open edX's HTML block does), made well-formed for
the workbench's XML parser.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

from graders.course_olx import Block, Course, html_source, load_course

COURSE_DIR = Path(__file__).resolve().parents[2] / "course_content"
PREFIX = "course"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unit:
    """One unit of the course as a workbench scenario."""

    name: str
    title: str
    xml: str
    course_id: str = ""
    blocks: tuple[str, ...] = ()  # url_names of the unit's blocks, in the order of the scenario's children
    chapter_title: str = ""
    unit_title: str = ""


# The LMS scales course images to the width of the page; the bare workbench does not, so on a 320 px
# phone a 330 px picture would stick out. The demo gives each lesson image that one rule.
FIT_TO_PAGE = "max-width:100%;height:auto"


def _lesson_xml(course: Course, block: Block) -> str:
    parts = html.fragments_fromstring(html_source(course, block))
    for part in parts:
        if not isinstance(part, str):
            for image in part.iter("img"):
                image.set("style", FIT_TO_PAGE)
    body = "".join(
        etree.tostring(part, method="xml", encoding="unicode") if not isinstance(part, str) else _escape(part)
        for part in parts
    )
    # The workbench HTML block substitutes $NAMES; double any dollar sign so prices stay as written.
    return f"<html_demo>{body.replace('$', '$$')}</html_demo>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _block_xml(course: Course, block: Block) -> str:
    """The block's definition with its policy.json settings applied, as the LMS would see its fields."""
    if block.type == "html":
        return _lesson_xml(course, block)
    node = copy.deepcopy(block.element)
    node.attrib.pop("url_name", None)
    for name, value in block.policy.items():
        node.set(name, value if isinstance(value, str) else json.dumps(value))
    return etree.tostring(node, encoding="unicode")


def _shown_block_xml(course: Course, block: Block) -> str:
    try:
        return _block_xml(course, block)
    except (OSError, ValueError) as exc:  # e.g. a lesson page that is missing: show the rest of the unit
        log.warning("course_content: %s/%s left out of the demo: %s", block.type, block.url_name, exc)
        return ""


def course_units(course_dir: Path = COURSE_DIR) -> list[Unit]:
    """Every unit of the course, in course order; a unit's unreadable blocks are left out and logged."""
    if not (Path(course_dir) / "course.xml").exists():
        return []
    course, problems = load_course(course_dir)
    for problem in problems:
        log.warning("course_content: %s", problem)
    if course is None:
        return []
    units = []
    for chapter_number, chapter in enumerate(course.top.children, start=1):
        unit_number = 0
        for sequential in chapter.children:
            for vertical in sequential.children:
                unit_number += 1
                shown = [(block, _shown_block_xml(course, block)) for block in vertical.children]
                shown = [(block, xml) for block, xml in shown if xml]
                children = "".join(xml for _block, xml in shown)
                units.append(Unit(
                    name=f"{PREFIX}.{chapter_number:02d}.{unit_number:02d}",
                    title=f"{chapter.display_name} · {vertical.display_name}",
                    xml=f"<vertical_demo>{children}</vertical_demo>",
                    course_id=course.course_id,
                    blocks=tuple(block.url_name for block, _xml in shown),
                    chapter_title=chapter.display_name,
                    unit_title=vertical.display_name,
                ))
    return units


def install(on_unit: Callable[[Unit, str], None] | None = None) -> None:
    """Make the workbench list the course's units after the blocks' own scenarios.

    `on_unit(unit, usage_id)` is called after each unit is registered (the workbench bridge maps
    the scenario's blocks back to their course url_names with it)."""
    from workbench import scenarios

    if getattr(scenarios.init_scenarios, "with_course_units", False):
        return
    original = scenarios.init_scenarios

    def init_scenarios_with_course():
        original()
        for unit in course_units():
            scenarios.add_xml_scenario(unit.name, unit.title, unit.xml)
            if on_unit is not None:
                on_unit(unit, scenarios.SCENARIOS[unit.name].usage_id)

    init_scenarios_with_course.with_course_units = True
    scenarios.init_scenarios = init_scenarios_with_course
