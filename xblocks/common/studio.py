"""The Studio editors' handlers in both blocks: staff only, bounded bodies, bounded problem lists.

Studio handlers parse and check whole documents, so a learner must not reach them (in the demo a
learner once rewrote a quiz for everyone) and neither may a body of megabytes (2.4 MB cost 12 s of CPU
and a 110 MB reply). Both blocks declare their Studio handlers with `studio_handler`, which answers:
403 to anyone the runtime's user service does not flag as staff, 413 to a body over MAX_BODY_BYTES,
400 to a body that is not a JSON object, and otherwise the handler's reply with at most
MAX_PROBLEMS problems (plus `problems_omitted`, the count left out).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import NoSuchServiceError

from .text import _

MAX_BODY_BYTES = 256 * 1024
MAX_PROBLEMS = 50

MSG_STAFF_ONLY = _("Only course staff can edit this block.")
MSG_TOO_LARGE = _("The request is larger than {limit} KB. Shorten the text (split a long quiz into several blocks).")
MSG_NOT_JSON = _("The request was not a JSON object.")


def is_staff(block) -> bool:
    """Whether the current user is course staff, as the LMS's user service says (`user_is_staff`)."""
    try:
        service = block.runtime.service(block, "user")
    except NoSuchServiceError:
        return False
    user = service.get_current_user() if service else None
    return bool(user and user.opt_attrs.get("edx-platform.user_is_staff"))


def cap_problems(reply: dict) -> dict:
    """At most MAX_PROBLEMS problems in a reply, with the number left out."""
    problems = reply.get("problems")
    if isinstance(problems, list) and len(problems) > MAX_PROBLEMS:
        return {**reply, "problems": problems[:MAX_PROBLEMS], "problems_omitted": len(problems) - MAX_PROBLEMS}
    return reply


def _json(status: int, body: dict) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json",
                    charset="utf-8")


def studio_handler(method: Callable[..., dict]) -> Callable:
    """Make `method(self, data: dict, suffix) -> dict` a staff-only, size-capped JSON handler."""

    @XBlock.handler
    @functools.wraps(method)
    def handler(self, request, suffix=""):
        def say(text: str, **values) -> str:
            return self._gettext(text).format(**values)

        if not is_staff(self):
            return _json(403, {"error": say(MSG_STAFF_ONLY)})
        if (request.content_length or 0) > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
            return _json(413, {"error": say(MSG_TOO_LARGE, limit=MAX_BODY_BYTES // 1024)})
        try:
            data = json.loads(request.body)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return _json(400, {"error": say(MSG_NOT_JSON)})
        return _json(200, cap_problems(method(self, data, suffix)))

    return handler
