"""The one reader of an OLX course folder (the layout of a Studio export), shared by every part of hocvuso.

The build script checks and packs the course, the graders list its scored blocks and weights, the demo
site shows its units: all three must see the same course Open edX would import, so they all read it
here. Pure: lxml through `xblocks.common.xml.parse_xml`, no Django, no XBlock.

What Open edX does, and so what this does:
- course.xml `<course url_name="RUN" org="ORG" course="NUMBER"/>` points to course/RUN.xml;
- a child element with only a `url_name` attribute (and nothing inside) is a pointer to
  <type>/<url_name>.xml; any other child element is defined inline, where it stands;
- the outline is course -> chapter -> sequential -> vertical -> blocks; a block below a vertical is a
  leaf: what it holds is its own content (a scenario, questions), not more blocks;
- an html block's page is html/<filename>.html when it names a filename, else its inline content;
- policies/RUN/policy.json `{"<type>/<url_name>": {setting: value}}` overrides the OLX attributes
  (that is where Studio keeps a weight changed after import).
Problems are collected, not raised, each starting with the file to fix, so an author sees all of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from lxml import etree

from xblocks.common.xml import XMLError, parse_xml

CONTAINER_CHILDREN = {"course": "chapter", "chapter": "sequential", "sequential": "vertical"}
LEAF_PARENT = "vertical"  # its children are the leaf blocks (html, phone_sim, auto_quiz, ...)
SETTINGS_CHILDREN = {"course": frozenset({"wiki"})}  # not blocks: Open edX reads them as course settings
URL_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass
class Block:
    """One block of the course tree, with its definition element and its policy.json settings."""

    type: str
    url_name: str
    element: etree._Element  # where it is defined: its own file's root, or the inline element
    path: Path  # the file that defines it (the parent's file for an inline block)
    policy: dict[str, Any] = field(default_factory=dict)
    children: list[Block] = field(default_factory=list)
    defined: bool = True  # False: a leaf pointer whose own file is absent (read with require_block_files=False)

    @property
    def attrs(self) -> dict[str, str]:
        """The OLX attributes as written (policy.json overrides are in `policy`; use `setting`)."""
        return dict(self.element.attrib)

    def setting(self, name: str, default: Any = None) -> Any:
        """A setting the way Open edX resolves it: policy.json first, then the OLX attribute."""
        if name in self.policy:
            return self.policy[name]
        return self.element.get(name, default)

    @property
    def display_name(self) -> str:
        return str(self.setting("display_name", "") or "")

    @property
    def weight(self) -> float | None:
        """The block's weight, or None when nobody set one (the caller's default applies)."""
        value = self.setting("weight")
        return None if value in (None, "", "null") else float(value)

    def walk(self) -> Iterator[Block]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Course:
    """A course folder as read: identity, the block tree and the Open edX policy files."""

    root: Path
    org: str
    number: str
    run: str
    top: Block
    policy: dict
    grading_policy: dict

    @property
    def course_id(self) -> str:
        return f"course-v1:{self.org}+{self.number}+{self.run}"

    def blocks(self, block_type: str | None = None) -> list[Block]:
        return [b for b in self.top.walk() if block_type is None or b.type == block_type]

    def chapter(self, url_name: str) -> Block | None:
        return next((c for c in self.top.children if c.url_name == url_name), None)

    def units(self) -> Iterator[tuple[Block, Block, Block]]:
        """(chapter, sequential, vertical) for every unit, in course order."""
        for chapter in self.top.children:
            for sequential in chapter.children:
                for vertical in sequential.children:
                    yield chapter, sequential, vertical

    def where(self, path: Path) -> str:
        """A file's name as an author sees it: relative to the course folder."""
        return path.relative_to(self.root).as_posix()


def html_page_path(course: Course, block: Block) -> Path | None:
    """The file holding an html block's page, or None when the page is inline."""
    filename = block.element.get("filename")
    if not filename:
        return None
    if not URL_NAME.match(filename):  # load_course reports it; never read outside html/
        raise ValueError(f"{course.where(block.path)}: filename '{filename}' is not a plain file name")
    return course.root / "html" / f"{filename}.html"


def html_source(course: Course, block: Block) -> str:
    """The lesson page of an html block: html/<filename>.html if named, else the inline content."""
    page = html_page_path(course, block)
    if page is not None:
        return page.read_text(encoding="utf-8")
    inner = escape(block.element.text or "", quote=False)
    return inner + "".join(etree.tostring(child, encoding="unicode") for child in block.element)


def is_pointer(element: etree._Element) -> bool:
    """Open edX's rule: only a url_name (course.xml: also org and course), no children, no text."""
    expected = {"url_name", "org", "course"} if element.tag == "course" else {"url_name"}
    return len(element) == 0 and set(element.attrib) == expected and not (element.text or "").strip()


class _Reader:
    def __init__(self, root: Path, require_block_files: bool):
        self.root = root
        self.require_block_files = require_block_files
        self.problems: list[str] = []
        self.seen: set[tuple[str, str]] = set()
        self.block_policies: dict[str, dict] = {}

    def where(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read_xml(self, path: Path) -> etree._Element | None:
        if not path.is_file():
            self.problems.append(f"{self.where(path)}: missing")
            return None
        try:
            return parse_xml(path.read_bytes(), source=self.where(path))
        except XMLError as exc:
            self.problems.append(str(exc))
            return None

    def read_json(self, path: Path) -> dict:
        """An Open edX policy file; a missing one means the defaults, as in Open edX."""
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            self.problems.append(f"{self.where(path)}: not valid JSON ({exc})")
            return {}
        if not isinstance(data, dict):
            self.problems.append(f"{self.where(path)}: must hold a JSON object")
            return {}
        return data

    def block(self, element: etree._Element, parent_path: Path, leaf: bool) -> Block | None:
        """Read the block `element` stands for: follow a pointer, or take an inline definition."""
        block_type, url_name = element.tag, element.get("url_name") or ""
        at = f"{self.where(parent_path)}, line {element.sourceline}"
        if not url_name:
            self.problems.append(f"{at}: <{block_type}> needs a url_name (certificates and reports name blocks by it)")
            return None
        if not URL_NAME.match(url_name):
            self.problems.append(f"{at}: {block_type} url_name '{url_name}' may only use letters, digits, "
                                 "'_', '-' and '.'")
            return None
        if (block_type, url_name) in self.seen:
            self.problems.append(f"{at}: {block_type}/{url_name} is used twice; each block must appear once")
            return None
        self.seen.add((block_type, url_name))
        policy = self.block_policies.get(f"{block_type}/{url_name}", {})
        if not is_pointer(element):
            return self.with_children(Block(block_type, url_name, element, parent_path, policy), leaf)
        path = self.root / block_type / f"{url_name}.xml"
        if not path.is_file():
            if leaf and not self.require_block_files:
                return Block(block_type, url_name, element, path, policy, defined=False)
            self.problems.append(f"{self.where(path)}: missing ({at} points to it with "
                                 f"<{block_type} url_name=\"{url_name}\"/>)")
            return None
        definition = self.read_xml(path)
        if definition is None:
            return None
        if definition.tag != block_type:
            self.problems.append(f"{self.where(path)}: the root element is <{definition.tag}>, "
                                 f"expected <{block_type}>")
            return None
        return self.with_children(Block(block_type, url_name, definition, path, policy), leaf)

    def with_children(self, block: Block, leaf: bool) -> Block:
        if leaf:
            return block
        expected = CONTAINER_CHILDREN.get(block.type)
        for child in block.element:
            if not isinstance(child.tag, str) or child.tag in SETTINGS_CHILDREN.get(block.type, ()):
                continue
            if expected is not None and child.tag != expected:
                self.problems.append(f"{self.where(block.path)}, line {child.sourceline}: <{child.tag}> cannot "
                                     f"sit in a {block.type} (expected <{expected}>)")
                continue
            loaded = self.block(child, block.path, leaf=block.type == LEAF_PARENT)
            if loaded is not None:
                block.children.append(loaded)
        return block


def load_course(root: Path, *, require_block_files: bool = True) -> tuple[Course | None, list[str]]:
    """Read the course folder `root`; returns the course (None if its outline is unreadable) and the problems.

    require_block_files=False lets a leaf block pointer stand without its own file (it keeps the
    defaults and policy.json settings): enough for the graders, who need only the outline and weights.
    """
    reader = _Reader(Path(root), require_block_files)
    pointer = reader.read_xml(reader.root / "course.xml")
    if pointer is None:
        return None, reader.problems
    org, number, run = (pointer.get(name, "") for name in ("org", "course", "url_name"))
    if pointer.tag != "course" or not (org and number and run):
        reader.problems.append('course.xml: must be <course url_name="RUN" org="ORG" course="NUMBER"/>')
        return None, reader.problems
    policy = reader.read_json(reader.root / "policies" / run / "policy.json")
    grading_policy = reader.read_json(reader.root / "policies" / run / "grading_policy.json")
    reader.block_policies = {key: value for key, value in policy.items() if isinstance(value, dict)}
    top = reader.block(pointer, reader.root / "course.xml", leaf=False)
    if top is None:
        return None, reader.problems
    course = Course(reader.root, org, number, run, top, policy, grading_policy)
    for block in course.blocks():
        try:
            weight_is_valid = block.weight is None or block.weight >= 0
        except (TypeError, ValueError):
            weight_is_valid = False
        if not weight_is_valid:
            reader.problems.append(f"{course.where(block.path)}: {block.type}/{block.url_name} has weight "
                                   f"{block.setting('weight')!r}; a weight is a number, 0 or more")
        filename = block.element.get("filename") if block.type == "html" else None
        if filename is not None and not URL_NAME.match(filename):
            reader.problems.append(f"{course.where(block.path)}: html/{block.url_name} filename '{filename}' may "
                                   "only use letters, digits, '_', '-' and '.' (its page is html/<filename>.html)")
    return course, reader.problems
