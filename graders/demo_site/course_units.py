"""Show the course in `course_content/` on the demo site: one workbench scenario per unit (vertical).

Open edX renders a course from its OLX; the workbench knows only scenarios. This module walks the
course the way Studio's importer does (course.xml -> course/<run>.xml -> chapter -> sequential ->
vertical -> blocks, following url_name pointers) and registers each unit as a scenario named
`course.<chapter>.<unit>`, its blocks inside the workbench's plain container. Lesson HTML is the
course team's own content (rendered as-is, as Open edX's HTML block does), made well-formed for the
workbench's XML parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

from xblocks.common.xml import parse_xml

COURSE_DIR = Path(__file__).resolve().parents[2] / "course_content"
PREFIX = "course"


@dataclass(frozen=True)
class Unit:
    """One unit of the course as a workbench scenario."""

    name: str
    title: str
    xml: str


def _load(kind: str, url_name: str, course_dir: Path) -> etree._Element:
    path = course_dir / kind / f"{url_name}.xml"
    return parse_xml(path.read_text(encoding="utf-8"), source=str(path.relative_to(course_dir)))


def _lesson_xml(pointer: etree._Element, course_dir: Path) -> str:
    node = _load("html", pointer.get("url_name"), course_dir)
    filename = node.get("filename") or pointer.get("url_name")
    source = (course_dir / "html" / f"{filename}.html").read_text(encoding="utf-8")
    parts = html.fragments_fromstring(source)
    body = "".join(
        etree.tostring(part, method="xml", encoding="unicode") if not isinstance(part, str) else _escape(part)
        for part in parts
    )
    # The workbench HTML block substitutes $NAMES; double any dollar sign so prices stay as written.
    return f"<html_demo>{body.replace('$', '$$')}</html_demo>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _block_xml(pointer: etree._Element, course_dir: Path) -> str:
    if pointer.tag == "html":
        return _lesson_xml(pointer, course_dir)
    node = _load(pointer.tag, pointer.get("url_name"), course_dir) if len(pointer) == 0 else pointer
    node.attrib.pop("url_name", None)
    return etree.tostring(node, encoding="unicode")


def course_units(course_dir: Path = COURSE_DIR) -> list[Unit]:
    """Every unit of the course, in course order."""
    course_file = course_dir / "course.xml"
    if not course_file.exists():
        return []
    pointer = parse_xml(course_file.read_text(encoding="utf-8"), source="course.xml")
    course = _load("course", pointer.get("url_name"), course_dir)
    units = []
    for chapter_number, chapter_ref in enumerate(course.iterchildren("chapter"), start=1):
        chapter = _load("chapter", chapter_ref.get("url_name"), course_dir)
        unit_number = 0
        for sequential_ref in chapter.iterchildren("sequential"):
            sequential = _load("sequential", sequential_ref.get("url_name"), course_dir)
            for vertical_ref in sequential.iterchildren("vertical"):
                unit_number += 1
                vertical = _load("vertical", vertical_ref.get("url_name"), course_dir)
                children = "".join(_block_xml(child, course_dir) for child in vertical if isinstance(child.tag, str))
                title = f"{chapter.get('display_name')} · {vertical.get('display_name')}"
                units.append(Unit(
                    name=f"{PREFIX}.{chapter_number:02d}.{unit_number:02d}",
                    title=title,
                    xml=f"<vertical_demo>{children}</vertical_demo>",
                ))
    return units


def install() -> None:
    """Make the workbench list the course's units after the blocks' own scenarios."""
    from workbench import scenarios

    if getattr(scenarios.init_scenarios, "with_course_units", False):
        return
    original = scenarios.init_scenarios

    def init_scenarios_with_course():
        original()
        for unit in course_units():
            scenarios.add_xml_scenario(unit.name, unit.title, unit.xml)

    init_scenarios_with_course.with_course_units = True
    scenarios.init_scenarios = init_scenarios_with_course
