"""GIFT/Aiken import into the Studio editor: what it would do, then replace or append (pure).

An import used to overwrite the editor's questions at once; an author who pasted 12 questions into a quiz
of 9 lost the 9. Now the first call only counts (`mode="check"`): when the editor already holds questions
the author is asked ("Replace the 9 existing questions with 12 new ones?") and the second call says
`replace` or `append`. Nothing is changed on a refusal: a broken import, or appending to questions that
do not parse, returns problems and no XML, so the editor keeps what it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from xblocks.common.problems import Message, Problem
from xblocks.common.text import _
from xblocks.common.xml import XMLError, parse_xml

from .aiken import import_aiken
from .gift import import_gift
from .questions import Question, QuizFormatError, parse_questions, questions_to_xml

MODES = ("check", "replace", "append")
MSG_CONFIRM = _("Replace the {existing} existing questions with {imported} new ones?")
MSG_CONFIRM_BROKEN = _("The questions now in the editor have errors. Replace them with {imported} new questions?")
MSG_APPEND_BROKEN = _("The questions now in the editor have errors, so nothing can be added after them: fix them "
                      "first, or replace them.")


@dataclass(frozen=True)
class ImportResult:
    """The reply of one import call: either problems, a question to ask, or the editor's new XML."""

    problems: list[Problem] = field(default_factory=list)
    questions_xml: str = ""  # the editor's new content ("" = leave the editor as it is)
    imported: int = 0
    existing: int | None = 0  # None: the editor's XML cannot be read
    ask: Message | None = None  # the question to put to the author before anything changes


def count_existing(questions_xml: str) -> tuple[tuple[Question, ...] | None, int | None]:
    """(the editor's questions if they parse, how many `<question>` elements it holds; None if unreadable)."""
    if not questions_xml.strip():
        return (), 0
    try:
        questions = parse_questions(questions_xml)
        return questions, len(questions)
    except QuizFormatError:
        pass
    try:
        root = parse_xml(questions_xml)
    except XMLError:
        return None, None
    return None, sum(1 for child in root if child.tag == "question")


def _unique(existing: tuple[Question, ...], imported: list[Question]) -> list[Question]:
    """Imported questions whose ids clash with the editor's get `-2`, `-3`…: appending never overwrites."""
    taken, renamed = {q.id for q in existing}, []
    for question in imported:
        ident, suffix = question.id, 2
        while ident in taken:
            ident, suffix = f"{question.id[:60]}-{suffix}", suffix + 1
        taken.add(ident)
        renamed.append(replace(question, id=ident))
    return renamed


def plan_import(text: str, fmt: str, questions_xml: str, mode: str) -> ImportResult:
    """Read the pasted `text` (GIFT, or Aiken when `fmt == "aiken"`) against the editor's `questions_xml`."""
    try:
        imported = import_aiken(text) if fmt == "aiken" else import_gift(text)
    except QuizFormatError as exc:
        return ImportResult(problems=exc.problems)
    current, existing = count_existing(questions_xml)
    mode = mode if mode in MODES else "check"
    if mode == "check" and existing == 0:
        mode = "replace"  # nothing to lose: no need to ask
    if mode == "check":
        ask = (Message.of(MSG_CONFIRM, existing=existing, imported=len(imported)) if current is not None
               else Message.of(MSG_CONFIRM_BROKEN, imported=len(imported)))
        return ImportResult(imported=len(imported), existing=existing, ask=ask)
    if mode == "append":
        if current is None:
            return ImportResult(problems=[Problem(None, "", Message.of(MSG_APPEND_BROKEN))], imported=len(imported),
                                existing=existing)
        merged = (*current, *_unique(current, imported))
        return ImportResult(questions_xml=questions_to_xml(merged), imported=len(imported), existing=existing)
    return ImportResult(questions_xml=questions_to_xml(imported), imported=len(imported), existing=existing)
