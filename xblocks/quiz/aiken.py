"""Aiken (one-line question, lettered options, `ANSWER: X`): import and export of single-choice questions.

Aiken is the simplest format teachers produce in a word processor, so it is accepted as is; it can hold
nothing but single-choice questions, and export refuses anything else by name.
"""

from __future__ import annotations

import html
import re

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
        where = f"Aiken question {index} (line {start})"
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
                problems.append(Problem(start, where, f'"{line}" is neither an option like "A. ..." nor "ANSWER: A"'))
        letters = [letter for letter, _text in options]
        if not stem:
            problems.append(Problem(start, where, "the question text is missing"))
        if len(options) < 2:
            problems.append(Problem(start, where, "needs at least 2 options like \"A. ...\""))
        if answer is None:
            problems.append(Problem(start, where, 'needs a last line like "ANSWER: B"'))
        elif answer not in letters:
            problems.append(Problem(start, where, f"ANSWER: {answer} names no option"))
        if len(set(letters)) != len(letters):
            problems.append(Problem(start, where, "two options have the same letter"))
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
        raise QuizFormatError([Problem(None, "Aiken", "no questions found")])
    return questions


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def export_aiken(questions: list[Question] | tuple[Question, ...]) -> str:
    """Aiken text for single-choice questions; any other type is refused by id."""
    others = [f"{q.id} ({q.type})" for q in questions if q.type != "single" or len(q.choices) > 26]
    if others:
        raise QuizFormatError([Problem(None, "Aiken export", "Aiken holds only single-choice questions "
                                       f"(at most 26 options); remove: {', '.join(others)}")])
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
