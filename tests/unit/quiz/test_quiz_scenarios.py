"""The workbench scenarios parse, and the hotspot picture exists with regions drawn where they are tapped."""

from pathlib import Path

import pytest
from lxml import etree

from xblocks.quiz import QuizBlock
from xblocks.quiz.questions import parse_quiz
from xblocks.quiz.scoring import point_in_region, score_response

# The quiz appends item responses to graders' store (a real database) on start and submit.
pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[3] / "course_content" / "static"
SVG = "{http://www.w3.org/2000/svg}"


def hotspots():
    for _name, olx in QuizBlock.workbench_scenarios():
        yield from (q for q in parse_quiz(olx).questions if q.type == "hotspot")


def test_every_scenario_parses():
    assert len([parse_quiz(olx) for _name, olx in QuizBlock.workbench_scenarios()]) >= 3


def test_hotspot_pictures_are_course_assets_marked_as_simulations():
    questions = list(hotspots())
    assert questions
    for question in questions:
        assert question.image.src.startswith("/static/")
        picture = STATIC / question.image.src.removeprefix("/static/")
        root = etree.parse(str(picture)).getroot()
        assert (root.get("width"), root.get("height")) == (str(question.image.width), str(question.image.height))
        assert "MÔ PHỎNG" in "".join(root.itertext())


def test_the_send_region_is_where_the_send_button_is_drawn():
    question = next(q for q in hotspots() if q.id == "find-send")
    root = etree.parse(str(STATIC / question.image.src.removeprefix("/static/"))).getroot()
    button = next(c for c in root.iter(f"{SVG}circle") if float(c.get("r")) >= 20 and float(c.get("cy")) > 560)
    cx, cy, r = (float(button.get(name)) for name in ("cx", "cy", "r"))
    for x, y in ((cx, cy), (cx - r + 2, cy), (cx, cy + r - 2)):  # the middle and the edges of the button
        assert score_response(question, {"x": x, "y": y}).fraction == 1
    attach = next(region for region in question.regions if region.id == "attach")
    box = next(e for e in root.iter(f"{SVG}rect") if e.get("x") == "10" and e.get("y") == "585")
    assert attach.coords == tuple(float(box.get(name)) for name in ("x", "y", "width", "height"))
    assert not point_in_region("circle", next(r for r in question.regions if r.correct).coords,
                               attach.coords[0] + 20, attach.coords[1] + 20)
    assert score_response(question, {"x": 30, "y": 607}).feedback  # a tap on "attach" says what it is
