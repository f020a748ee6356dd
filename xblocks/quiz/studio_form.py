"""The auto_quiz Studio form, checked (pure: no XBlock, no Django); beside phone_sim/studio_form.py.

Every problem is collected as {"line", "message", ...}; nothing is saved unless all is valid.
"""

from __future__ import annotations

from xblocks.common.problems import Gettext

from .questions import Question, QuizFormatError, QuizSettings, check_pool, parse_questions, parse_settings

SETTING_FIELDS = ("display_name", "pick", "max_attempts", "grading_method", "feedback_mode", "show_answer",
                  "wait_seconds", "try_penalty", "max_tries", "shuffle", "weight")


def read_form(data: dict, translate: Gettext = str) -> tuple[QuizSettings | None, tuple[Question, ...] | None,
                                                            list[dict]]:
    """(settings, questions, problems) from {"settings": {...}, "questions_xml": "..."}; problems in the
    language of `translate` (the block's gettext)."""
    problems: list[dict] = []
    settings = questions = None
    raw = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    attributes = {k: str(v) for k, v in raw.items() if k in SETTING_FIELDS and v not in (None, "")}
    try:
        settings = parse_settings(attributes)
    except QuizFormatError as exc:
        problems += [p.as_dict(translate) for p in exc.problems]
    try:
        questions = parse_questions(str(data.get("questions_xml", "")))
    except QuizFormatError as exc:
        problems += [p.as_dict(translate) for p in exc.problems]
    if settings and questions:
        problems += [p.as_dict(translate) for p in check_pool(settings, questions)]
    return settings, questions, problems
