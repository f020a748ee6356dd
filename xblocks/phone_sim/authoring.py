"""What the course team uses in the phone_sim block: the Studio editor and OLX.

A mixin of `PhoneSimBlock` (block.py keeps the learner's side); `quiz/authoring.py` is its twin.
"""

from __future__ import annotations

import hashlib
import html

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.utils.resources import ResourceLoader

from xblocks.common.page import add_assets, init_args
from xblocks.common.studio import studio_handler
from xblocks.common.xml import XMLError, parse_xml

from .engine import MODES
from .scenario import load_scenario, scenario_element_text
from .strings import STUDIO_STRINGS, UI_STRINGS
from .studio_form import read_form, scenario_problems
from .view_model import MOCK_MARK, preview_model

EDITABLE = ("display_name", "modes", "max_errors", "max_attempts", "weight")
SCENARIO_FILES = ("s3_vneid_level2.xml", "s6_vietqr.xml", "s8_fake_police_call.xml")


def package_text(*parts: str) -> str:
    from importlib import resources

    return resources.files(__package__).joinpath(*parts).read_text(encoding="utf-8")


class PhoneSimAuthoringMixin:
    """Studio handlers (`validate`, `studio_submit`) and OLX, as in the quiz."""

    # Studio ------------------------------------------------------------------------------------------
    def studio_view(self, context=None) -> Fragment:
        """The form, the scenario XML with line numbers, and a live preview phone (the learners' renderer)."""
        _t = self._gettext
        chosen = set(self.offered_modes())
        html = ResourceLoader(__name__).render_django_template("templates/studio.html", {
            "uid": "ps-" + hashlib.sha256(str(self.scope_ids.usage_id).encode()).hexdigest()[:10],
            "display_name": self.display_name, "scenario_xml": self.scenario_xml, "weight": self.weight,
            "max_errors": self.max_errors, "max_attempts": self.max_attempts,
            "modes": [(m, _t(UI_STRINGS[m]), m in chosen) for m in MODES],
            "t": {key: _t(msgid) for key, msgid in STUDIO_STRINGS.items()}})
        frag = Fragment(html)
        add_assets(self, frag, css=("phone_sim.css", "studio.css"), js=("common/net.js", "phone_sim.js", "studio.js"))
        frag.initialize_js("PhoneSimStudio", init_args({
            **{key: _t(msgid) for key, msgid in STUDIO_STRINGS.items()},
            "networkError": _t(UI_STRINGS["networkError"]), "mark": MOCK_MARK,
            "strings": {key: _t(text) for key, text in UI_STRINGS.items()}}))
        return frag

    @studio_handler
    def validate(self, data, suffix=""):
        """Check scenario XML without saving: {"scenario_xml"} -> {"valid", "problems": [{"line", "message"}]}."""
        text = data.get("scenario_xml", data.get("xml"))
        text = text if isinstance(text, str) else ""
        problems = scenario_problems(text, self._gettext)
        if problems:
            return {"valid": False, "problems": problems}
        return {"valid": True, "problems": [], "preview": preview_model(load_scenario(text), self._gettext)}

    validate_scenario = validate  # the name the editor used before both blocks said `validate`

    @studio_handler
    def studio_submit(self, data, suffix=""):
        """Save the Studio form; refuse (and change nothing) if anything is invalid."""
        current = {name: getattr(self, name) for name in EDITABLE}
        values, problems = read_form(data, current, self._gettext)
        if problems:
            return {"saved": False, "valid": False, "problems": problems}
        for name, value in values.items():
            setattr(self, name, value)
        return {"saved": True, "valid": True, "problems": []}

    # OLX -----------------------------------------------------------------------------------
    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """`<phone_sim attrs…><scenario>…</scenario></phone_sim>`: the scenario is kept as written."""
        block = runtime.construct_xblock_from_class(cls, keys)
        for name in EDITABLE:
            if name in node.attrib:
                field = cls.fields[name]
                setattr(block, name, field.from_string(node.get(name)) if name != "display_name"
                        else node.get(name))
        scenario = next((child for child in node if child.tag == "scenario"), None)
        if scenario is not None:
            block.scenario_xml = scenario_element_text(scenario)
        return block

    def add_xml_to_node(self, node):
        node.tag = self.xml_element_name()
        for name in EDITABLE:
            field = self.fields[name]
            if field.is_set_on(self):
                node.set(name, field.to_string(getattr(self, name)))
        try:
            node.append(parse_xml(self.scenario_xml, source="scenario XML"))
        except XMLError:
            # Keep a broken scenario visible to the author rather than losing it on export.
            node.append(etree.Comment(self.scenario_xml.replace("--", "- -")))

    # Workbench ------------------------------------------------------------------------------
    @staticmethod
    def workbench_scenarios():
        """The three catalogue scenarios (domain research S3, S6, S8) as workbench pages."""
        settings = {
            "s3_vneid_level2.xml": ("S3 Kích hoạt VNeID mức 2", "watch practice", 3, 0),
            "s6_vietqr.xml": ("S6 Chuyển tiền bằng VietQR", "watch practice test", 3, 2),
            "s8_fake_police_call.xml": ("S8 Cuộc gọi giả danh công an", "watch practice test", 2, 2),
        }
        pages = []
        for filename in SCENARIO_FILES:
            title, modes, max_errors, attempts = settings[filename]
            olx = (f'<phone_sim display_name="{html.escape(title)}" modes="{modes}" max_errors="{max_errors}" '
                   f'max_attempts="{attempts}">\n{package_text("scenarios", filename)}</phone_sim>')
            pages.append((title, olx))
        return pages

