"""The `learner_progress` XBlock ("Tiến độ của tôi"): a thin view over what graders holds for the learner.

It stores nothing of its own about the learner: each view asks graders (through the one service lookup in
xblocks.common.services) for the learner's group, required lessons, scores and certificate, so it shows
exactly what the certificate pipeline holds. The only write is a self-declared group, which graders checks
against the course policy.
"""

from __future__ import annotations

import logging

from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Scope, String

try:  # XBlock 6 keeps Fragment in web_fragments
    from web_fragments.fragment import Fragment
except ImportError:  # pragma: no cover
    from xblock.fragment import Fragment

from xblocks.common.services import graders_service

from .render import render_progress
from .strings import STRINGS

log = logging.getLogger(__name__)


@XBlock.needs("i18n")
@XBlock.wants("hocvuso")
@XBlock.wants("user")
class LearnerProgressBlock(XBlock):
    """The learner's target group and track, each required lesson against its threshold, what is left,
    and once issued the certificate: verify page, PDF, QR code, how to find it in VNeID, delivery state."""

    display_name = String(display_name="Display name", default="Tiến độ của tôi", scope=Scope.settings)
    show_title = Boolean(
        display_name="Show the block's heading", default=True, scope=Scope.settings,
        help="Turn off when the unit's own title already says 'Tiến độ của tôi' (a screen reader would hear the "
             "same heading twice).")

    has_author_view = False

    def _gettext(self, text: str) -> str:
        return self.runtime.service(self, "i18n").gettext(text)

    def _view(self) -> dict | None:
        service = graders_service(self)
        if service is None:
            return None
        try:
            return service.learner_progress(self)
        except Exception:  # graders unreachable or misconfigured: say so to the learner, log for operators
            log.exception("learner_progress could not read graders for %s", self.scope_ids.usage_id)
            return None

    def _heading_needed(self) -> bool:
        """No heading of its own when the author turned it off or the unit around it bears the same title."""
        parent = self.get_parent() if self.parent else None
        unit_title = str(getattr(parent, "display_name", "") or "").strip().casefold()
        own = self._gettext(STRINGS["title"]).strip().casefold()
        return bool(self.show_title) and unit_title not in (own, str(self.display_name).strip().casefold())

    def _anonymous(self) -> bool:
        user_id = self.scope_ids.user_id
        return user_id is None or str(user_id) in ("", "None", "none")

    def student_view(self, context=None):
        """Server-rendered; the JavaScript only sends a self-declared group choice."""
        anonymous = self._anonymous()
        view = None if anonymous else self._view()
        html = render_progress(view, self._gettext, STRINGS, anonymous=anonymous, heading=self._heading_needed())
        fragment = Fragment(f'<div class="lp-root">{html}</div>')
        try:  # files, not inline code: the page works under a strict Content-Security-Policy
            fragment.add_css_url(self.runtime.local_resource_url(self, "public/progress.css"))
            fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/progress.js"))
        except NotImplementedError:  # test runtimes serve no files
            pass
        fragment.initialize_js("LearnerProgressBlock", {
            "strings": {key: self._gettext(STRINGS[key]) for key in ("group_saved", "error", "refused_group")}})
        return fragment

    @XBlock.json_handler
    def choose_group(self, data, suffix=""):
        """Save a self-declared group (graders refuses groups the policy does not let learners choose)."""
        group = data.get("group") if isinstance(data, dict) else None
        service = graders_service(self)
        if self._anonymous() or service is None or not isinstance(group, str):
            raise JsonHandlerError(400, self._gettext(STRINGS["refused_group"]))
        try:
            service.choose_group(self, group)
        except ValueError:
            raise JsonHandlerError(400, self._gettext(STRINGS["refused_group"])) from None
        return {"ok": True, "message": self._gettext(STRINGS["group_saved"])}

    @staticmethod
    def workbench_scenarios():
        return [("Tiến độ của tôi", "<learner_progress/>")]
