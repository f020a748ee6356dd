"""Every fragment both blocks render, for every course file and workbench scenario, passes a strict CSP.

A Content-Security-Policy without 'unsafe-inline' (as a hardened LMS sets) refuses inline <script> and
<style> elements, `style=` and `on…=` attributes, and scripts or styles added as text. So a block's HTML
has none, and its JavaScript and CSS are referenced as files by URL. The learner's page, the page
during and after an attempt (the quiz's answer key with hotspot regions included), and the Studio
editor are all parsed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds

from tests.conftest import LearnerService, LmsTestRuntime, json_request
from xblocks.common.i18n import BundledI18nService
from xblocks.common.xml import parse_xml
from xblocks.phone_sim import PhoneSimBlock
from xblocks.quiz import QuizBlock

from .conftest import COURSE_ROOT

pytestmark = pytest.mark.django_db

REPO = COURSE_ROOT.parent
SOURCES = [
    *((PhoneSimBlock, path) for path in sorted((COURSE_ROOT / "phone_sim").glob("*.xml"))),
    *((QuizBlock, path) for path in sorted((COURSE_ROOT / "auto_quiz").glob("*.xml"))),
    *((QuizBlock, path) for path in sorted((REPO / "xblocks" / "quiz" / "scenarios").glob("*.xml"))),
]


def _block(block_class, olx: bytes, path: Path):
    runtime = LmsTestRuntime(services={"field-data": DictFieldData({}), "i18n": BundledI18nService("vi"),
                                       "user": LearnerService("staff-1", is_staff=True)})
    runtime.publish = lambda *args: None
    node = parse_xml(olx, source=str(path))
    if node.tag != block_class.block_type_name:  # a workbench scenario wraps the block in a <vertical>
        node = next(child for child in node.iter(block_class.block_type_name))
    keys = ScopeIds("staff-1", block_class.block_type_name, f"def-{path.stem}", f"usage-{path.stem}")
    return block_class.parse_xml(node, runtime, keys)


def csp_violations(fragment) -> list[str]:
    found = [f"inline {r.mimetype} resource" for r in fragment.resources if r.kind != "url"]
    document = lxml_html.fragment_fromstring(fragment.content, create_parent="div")
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "style"):
            found.append(f"<{element.tag}> element")
        for name in element.attrib:
            if name == "style" or name.startswith("on"):
                found.append(f"{name}= on <{element.tag}>")
    return found


def _fragments(block):
    yield "student_view", block.student_view()
    yield "studio_view", block.studio_view()
    if isinstance(block, PhoneSimBlock):
        for mode in block.offered_modes():
            assert json_request(block, "start", {"mode": mode, "confirmed": True})[0] == 200
            yield f"student_view in {mode}", block.student_view()
        return
    block.show_answer, block.max_attempts = "after_each", 0
    assert json_request(block, "start", {"seq": block.attempt_seq})[0] == 200
    yield "student_view during an attempt", block.student_view()
    assert json_request(block, "submit", {"seq": block.attempt_seq, "answers": {}})[0] == 200
    yield "student_view with the answers shown", block.student_view()


@pytest.mark.parametrize(("block_class", "path"), SOURCES, ids=lambda v: getattr(v, "name", ""))
def test_no_inline_script_style_or_handler_in_any_fragment(block_class, path):
    block = _block(block_class, path.read_bytes(), path)
    for view, fragment in _fragments(block):
        assert csp_violations(fragment) == [], f"{path.name}, {view}"
        assert {r.kind for r in fragment.resources} == {"url"}, f"{path.name}, {view}"


def test_the_check_finds_what_a_strict_csp_refuses():
    from web_fragments.fragment import Fragment

    bad = Fragment('<div style="color:red"><script>x()</script><img src="a" onerror="x()"></div>')
    bad.add_javascript("x()")
    assert len(csp_violations(bad)) == 4
