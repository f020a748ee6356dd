"""What the course team uses in the auto_quiz block: item statistics, the Studio editor, and OLX.

A mixin of `QuizBlock` (block.py keeps the learner's side); `phone_sim/authoring.py` is its twin.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from webob import Response
from xblock.core import XBlock
from xblock.utils.resources import ResourceLoader

try:  # XBlock 6 keeps Fragment in web_fragments
    from web_fragments.fragment import Fragment
except ImportError:  # pragma: no cover
    from xblock.fragment import Fragment

from xblocks.common.page import add_assets, init_args
from xblocks.common.services import hocvuso_services
from xblocks.common.studio import is_staff, studio_handler

from .importing import plan_import
from .questions import (
    FEEDBACK_MODES,
    GRADING_METHODS,
    SHOW_ANSWER,
    question_element,
    questions_to_xml,
    quiz_from_element,
    settings_attributes,
)
from .render import render_body, render_stats_table
from .stats import item_statistics, to_csv
from .strings import REFUSALS, SETTING_CHOICES, STATS_STRINGS, STUDIO_STRINGS
from .studio_form import SETTING_FIELDS, read_form
from .view_model import preview_view


class QuizAuthoringMixin:
    """Staff statistics, Studio handlers (`validate`, `studio_submit`, `import_questions`) and OLX."""

    # Staff --------------------------------------------------------------------------------------------
    def _statistics(self):
        """Item statistics aggregated from the stored rows; None where no store keeps them."""
        services = hocvuso_services(self)
        if not services.statistics_available:
            return None
        questions = self.questions()
        rows = [{qid: (value[0], value[1]) for qid, value in row.items()}
                for row in services.first_responses(self._block_key())]
        options = {q.id: [c.id for c in q.choices] for q in questions if q.choices}
        keyed = {q.id: {c.id for c in q.choices if c.correct} for q in questions if q.choices}
        return item_statistics(rows, [q.id for q in questions], options, keyed, services.exposure(self._block_key()))

    @XBlock.json_handler
    def item_stats(self, data, suffix=""):
        """Item analysis for staff, as an HTML table; learners are refused."""
        if not is_staff(self):
            self._refuse("staff_only", 403)
        statistics = self._statistics()
        if statistics is None:
            return {"html": f'<p class="aq-notice">{escape(self._gettext(REFUSALS["no_statistics"]))}</p>'}
        return {"html": render_stats_table(statistics, {k: self._gettext(m) for k, m in STATS_STRINGS.items()})}

    @XBlock.handler
    def item_stats_csv(self, request, suffix=""):
        """The item analysis as CSV for staff; learners are refused."""
        statistics = self._statistics() if is_staff(self) else None
        if statistics is None:
            reason = "no_statistics" if is_staff(self) else "staff_only"
            return Response(self._gettext(REFUSALS[reason]), status=403 if reason == "staff_only" else 404,
                            content_type="text/plain", charset="utf-8")
        response = Response(to_csv(statistics), content_type="text/csv", charset="utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="auto_quiz_item_statistics.csv"'
        return response

    # Studio -------------------------------------------------------------------------------------------
    def studio_view(self, context=None):
        """Settings, the questions' XML with live checking and preview, and a GIFT/Aiken paste box."""
        values = {name: getattr(self, name) for name in SETTING_FIELDS}
        html = ResourceLoader(__name__).render_django_template(
            "templates/studio.html",
            {"values": values, "questions_xml": self.questions_xml,
             "grading_methods": self._choices("grading_method", GRADING_METHODS),
             "feedback_modes": self._choices("feedback_mode", FEEDBACK_MODES),
             "show_answers": self._choices("show_answer", SHOW_ANSWER),
             "t": {key: self._gettext(msgid) for key, msgid in STUDIO_STRINGS.items()}},
        )
        fragment = Fragment(html)
        add_assets(self, fragment, css=("quiz.css", "studio.css"), js=("common/net.js", "studio.js"))
        fragment.initialize_js("AutoQuizStudio", init_args({"strings": self._strings()}))
        return fragment

    def _choices(self, setting: str, values: tuple[str, ...]) -> list[tuple[str, str]]:
        """(stored value, translated label) pairs for one of Studio's select boxes."""
        return [(value, self._gettext(SETTING_CHOICES[setting][value])) for value in values]

    @studio_handler
    def validate(self, data, suffix=""):
        """Every problem in the edited settings and questions, plus the learner preview when valid."""
        settings, questions, problems = read_form(data, self._gettext)
        preview = render_body(preview_view(settings, questions), self._strings()) if not problems else ""
        return {"valid": not problems, "problems": problems, "preview": preview}

    @studio_handler
    def import_questions(self, data, suffix=""):
        """Pasted GIFT or Aiken text into the editor, asking first when it already holds questions.

        {"format", "text", "questions_xml" (the editor's now), "mode": "check"|"replace"|"append"} ->
        {"problems", "questions_xml" ("" = leave the editor as it is), "imported", "existing", "ask"}.
        Nothing is saved until the author saves (importing.py).
        """
        result = plan_import(str(data.get("text", "")), str(data.get("format", "gift")),
                             str(data.get("questions_xml", "")), str(data.get("mode", "check")))
        return {"problems": [p.as_dict(self._gettext) for p in result.problems],
                "questions_xml": result.questions_xml, "imported": result.imported, "existing": result.existing,
                "ask": result.ask.render(self._gettext) if result.ask else ""}

    @studio_handler
    def studio_submit(self, data, suffix=""):
        """Save settings and questions, only when everything is valid (nothing half-written)."""
        settings, questions, problems = read_form(data, self._gettext)
        if problems:
            return {"saved": False, "valid": False, "problems": problems}
        for name in SETTING_FIELDS:
            setattr(self, name, getattr(settings, name))
        self.questions_xml = questions_to_xml(questions)
        return {"saved": True, "valid": True, "problems": []}

    # OLX ----------------------------------------------------------------------------------------------
    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """Read `<auto_quiz>` OLX: attributes are settings, `<question>` children the questions."""
        quiz = quiz_from_element(node)
        block = runtime.construct_xblock_from_class(cls, keys)
        for name in SETTING_FIELDS:
            if node.get(name) is not None:
                setattr(block, name, getattr(quiz.settings, name))
        if node.get("due"):
            block.due = block.fields["due"].from_json(node.get("due"))
        block.questions_xml = questions_to_xml(quiz.questions)
        return block

    def add_xml_to_node(self, node):
        """Write the block back as readable OLX (the inverse of parse_xml)."""
        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        for name, value in settings_attributes(self.quiz_settings()).items():
            node.set(name, value)
        if self.fields["due"].is_set_on(self) and self.due is not None:
            node.set("due", self.due.isoformat())
        for question in self.questions():
            node.append(question_element(question))

    @staticmethod
    def workbench_scenarios():
        folder = resources.files(__package__).joinpath("scenarios")
        return [(f"auto_quiz: {path.name[:-4]}", path.read_text(encoding="utf-8"))
                for path in sorted(folder.iterdir(), key=lambda p: p.name) if path.name.endswith(".xml")]
