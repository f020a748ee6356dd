"""Aiken (one-line question, lettered options, `ANSWER: X`): import and export of single-choice questions.

Aiken is the simplest format teachers produce in a word processor, so it is accepted as is; it can hold
nothing but single-choice questions, and export refuses anything else by name.
"""

from __future__ import annotations

import html
import re

from xblocks.common.problems import Message
from xblocks.common.text import _

from .questions import Choice, Problem, Question, QuizFormatError

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.+)$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")


def _blocks(text: str):
    lines, start = [], 0
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line.strip())
        elif lines:
            yield start, lines
            lines = []


def import_aiken(text: str) -> list[Question]:
    """Read Aiken text into single-choice questions with ids q1, q2, ...; refuses with every problem."""
    questions, problems = [], []
    for index, (start, lines) in enumerate(_blocks(text), start=1):
        where = Message.of(_("Aiken question {number}"), number=index)
        stem, options, answer = [], [], None
        for line in lines:
            option, key = _OPTION.match(line), _ANSWER.match(line)
            if key:
                answer = key.group(1)
            elif option and (options or stem):
                options.append((option.group(1), option.group(2).strip()))
            elif not options:
                stem.append(line)
            else:
                problems.append(Problem(start, where, Message.of(
                    _('"{text}" is neither an option like "A. ..." nor "ANSWER: A"'), text=line)))
        letters = [letter for letter, _text in options]
        if not stem:
            problems.append(Problem(start, where, Message.of(_("the question text is missing"))))
        if len(options) < 2:
            problems.append(Problem(start, where, Message.of(_('needs at least 2 options like "A. ..."'))))
        if answer is None:
            problems.append(Problem(start, where, Message.of(_('needs a last line like "ANSWER: B"'))))
        elif answer not in letters:
            problems.append(Problem(start, where, Message.of(_("ANSWER: {letter} names no option"), letter=answer)))
        if len(set(letters)) != len(letters):
            problems.append(Problem(start, where, Message.of(_("two options have the same letter"))))
        if problems and problems[-1].where == where:
            continue
        questions.append(Question(
            id=f"q{index}", type="single", prompt=html.escape(" ".join(stem), quote=False),
            choices=tuple(Choice(letter.lower(), html.escape(text, quote=False), correct=letter == answer)
                          for letter, text in options),
        ))
    if problems:
        raise QuizFormatError(problems)
    if not questions:
        raise QuizFormatError([Problem(None, "Aiken", Message.of(_("no questions found")))])
    return questions


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def export_aiken(questions: list[Question] | tuple[Question, ...]) -> str:
    """Aiken text for single-choice questions; any other type is refused by id."""
    others = [f"{q.id} ({q.type})" for q in questions if q.type != "single" or len(q.choices) > 26]
    if others:
        raise QuizFormatError([Problem(None, "Aiken export", Message.of(
            _("Aiken holds only single-choice questions (at most 26 options); remove: {questions}"),
            questions=", ".join(others)))])
    blocks = []
    for question in questions:
        lines = [_plain(question.prompt)]
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for letter, choice in zip(letters, question.choices, strict=False):
            lines.append(f"{letter}. {_plain(choice.html)}")
        right = next(i for i, choice in enumerate(question.choices) if choice.correct)
        lines.append(f"ANSWER: {letters[right]}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
