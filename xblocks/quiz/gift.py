"""GIFT (Moodle's plain-text question format): import into the quiz model, and export from it.

Course teams already hold question banks in GIFT; importing them saves retyping Vietnamese text, and
exporting lets questions go back to Moodle. Only meaning GIFT can hold survives an export: what cannot be
written is listed in a comment at the top rather than silently dropped.
"""

from __future__ import annotations

import html
import re
import unicodedata

from xblocks.common.problems import Message
from xblocks.common.text import _

from .questions import (
    Choice,
    NumberAnswer,
    Pair,
    Problem,
    Question,
    QuizFormatError,
    TextAnswer,
)

_ESCAPES = {"\\:": "\ue000", "\\#": "\ue001", "\\=": "\ue002", "\\{": "\ue003", "\\}": "\ue004",
            "\\~": "\ue005", "\\\\": "\ue006", "\\n": "\ue007"}
_RESTORE = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005",
            "\\": "\ue006"}
_UNPROTECT = {v: k for k, v in _RESTORE.items()} | {"\ue007": "\n"}
TRUE_TEXT, FALSE_TEXT = "Đúng", "Sai"


def _protect(text: str) -> str:
    for escape, mark in _ESCAPES.items():
        text = text.replace(escape, mark)
    return text


def _unprotect(text: str) -> str:
    return "".join(_UNPROTECT.get(ch, ch) for ch in text)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _unprotect(text)).strip()


def _as_html(text: str, is_html: bool) -> str:
    return text if is_html else html.escape(text, quote=False)


def safe_id(title: str, fallback: str) -> str:
    """A question id from a GIFT title: no diacritics, lower case, `-` for anything else."""
    bare = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", bare).strip("-").lower()[:64]
    return slug or fallback


def _items(text: str):
    """Yield (first line number, item text, category) for each blank-line-separated item."""
    category, lines, start = "", [], 0
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if stripped.startswith("$CATEGORY:") and not lines:
            category = stripped[len("$CATEGORY:"):].strip().split("/")[-1].strip()
            continue
        if stripped:
            if not lines:
                start = number
            lines.append(line)
        elif lines:
            yield start, "\n".join(lines), category
            lines = []


_ANSWER = re.compile(r"([=~])(%-?\d+(?:\.\d+)?%)?([^=~]*)")


def _split_feedback(text: str) -> tuple[str, str]:
    text, _hash, feedback = text.partition("#")
    return text, feedback


def _tag_of(category: str) -> tuple[str, ...]:
    tag = re.sub(r"[\s,]+", "-", category.strip())
    return (tag,) if tag else ()


def _parse_item(start: int, raw: str, category: str, index: int) -> Question:
    where = Message.of(_("GIFT item {number}"), number=index)
    text = _protect(raw)
    title = ""
    match = re.match(r"\s*::(.*?)::", text, re.S)
    if match:
        title, text = _clean(match.group(1)), text[match.end():]
    is_html = False
    fmt = re.match(r"\s*\[(html|moodle|plain|markdown)\]", text)
    if fmt:
        is_html, text = fmt.group(1) == "html", text[fmt.end():]
    opening, closing = text.find("{"), text.rfind("}")
    if opening < 0 or closing < opening:
        raise QuizFormatError([Problem(start, where, Message.of(
            _("no {{answers}}: description items cannot be imported")))])
    before, body, after = _clean(text[:opening]), text[opening + 1:closing], _clean(text[closing + 1:])
    prompt = f"{before} _____ {after}" if before and after else before or after
    body, _sep, general = body.partition("####")
    base = {"id": safe_id(title, f"q{index}"), "prompt": _as_html(prompt, is_html), "tags": _tag_of(category),
            "explanation": _as_html(_clean(general), is_html) if _clean(general) else ""}
    stripped = _clean(body)
    if not stripped:
        raise QuizFormatError([Problem(start, where, Message.of(
            _("essay questions ({{}}) cannot be graded automatically")))])
    truth = re.match(r"^(T|TRUE|F|FALSE)\b(.*)$", stripped)
    if truth:
        is_true = truth.group(1) in ("T", "TRUE")
        feedbacks = [_clean(part) for part in truth.group(2).split("#")[1:]]
        wrong_feedback = feedbacks[0] if feedbacks else ""
        right_feedback = feedbacks[1] if len(feedbacks) > 1 else ""
        return Question(type="single", choices=(
            Choice("a", TRUE_TEXT, correct=is_true, feedback=right_feedback if is_true else wrong_feedback),
            Choice("b", FALSE_TEXT, correct=not is_true, feedback=wrong_feedback if is_true else right_feedback),
        ), **base)
    if stripped.startswith("#"):
        return Question(type="number", answers=_numeric(body.strip()[1:], start, where), **base)
    answers = _ANSWER.findall(body)
    if not answers or _clean(body.split("=")[0].split("~")[0]):
        raise QuizFormatError([Problem(start, where, Message.of(_("answers must start with = or ~")))])
    if any("->" in text for _mark, _w, text in answers):
        pairs = []
        for number, (_mark, _weight, text) in enumerate(answers, start=1):
            left, _arrow, right = text.partition("->")
            pairs.append(Pair(f"p{number}", _clean(left), _clean(right)))
        return Question(type="matching", pairs=tuple(pairs), scoring="partial", **base)
    if all(mark == "=" for mark, _w, _t in answers):
        return Question(type="text", answers=tuple(TextAnswer(_clean(_split_feedback(text)[0]))
                                                   for _m, _w, text in answers), **base)
    choices, weighted = [], False
    for number, (mark, weight, text) in enumerate(answers):
        label, feedback = _split_feedback(text)
        value = 1.0 if mark == "=" else 0.0
        if weight:
            value, weighted = float(weight.strip("%")) / 100, True
        choices.append(Choice(_letter(number), _as_html(_clean(label), is_html), correct=value > 0,
                              feedback=_clean(feedback), weight=value))
    if weighted or sum(1 for c in choices if c.correct) > 1:
        if not weighted:
            return Question(type="multiple", scoring="all_or_nothing",
                            choices=tuple(_unweighted(c) for c in choices), **base)
        return Question(type="multiple", scoring="weights", choices=tuple(choices), **base)
    return Question(type="single", choices=tuple(_unweighted(c) for c in choices), **base)


def _unweighted(choice: Choice) -> Choice:
    return Choice(choice.id, choice.html, choice.correct, choice.pinned, choice.feedback, None)


def _letter(number: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[number] if number < 26 else f"c{number + 1}"


def _numeric(body: str, start: int, where: str) -> tuple[NumberAnswer, ...]:
    parts = [part for part in re.split(r"=", body) if part.strip()] if "=" in body else [body]
    answers = []
    for part in parts:
        spec = _clean(_split_feedback(part)[0])
        weight = re.match(r"^%(-?\d+(?:\.\d+)?)%", spec)
        if weight:
            if float(weight.group(1)) != 100:
                raise QuizFormatError([Problem(start, where, Message.of(
                    _("numeric answers with partial credit are not supported")))])
            spec = spec[weight.end():]
        try:
            if ".." in spec:
                low, high = (float(x) for x in spec.split(".."))
                answers.append(NumberAnswer(low=min(low, high), high=max(low, high)))
            elif ":" in spec:
                value, tolerance = (float(x) for x in spec.split(":"))
                answers.append(NumberAnswer(value=value, tolerance=abs(tolerance)))
            else:
                answers.append(NumberAnswer(value=float(spec)))
        except ValueError:
            raise QuizFormatError([Problem(start, where, Message.of(
                _('"{answer}" is not a number, a:b or a..b'), answer=spec))]) from None
    return tuple(answers)


def import_gift(text: str) -> list[Question]:
    """Read GIFT text into questions; ids come from titles (made unique). Refuses with every problem."""
    questions, problems, seen = [], [], set()
    for index, (start, raw, category) in enumerate(_items(text), start=1):
        try:
            question = _parse_item(start, raw, category, index)
        except QuizFormatError as exc:
            problems.extend(exc.problems)
            continue
        ident, suffix = question.id, 2
        while ident in seen:
            ident, suffix = f"{question.id[:60]}-{suffix}", suffix + 1
        seen.add(ident)
        questions.append(_replace_id(question, ident))
    if problems:
        raise QuizFormatError(problems)
    if not questions:
        raise QuizFormatError([Problem(None, "GIFT", Message.of(_("no questions found")))])
    return questions


def _replace_id(question: Question, ident: str) -> Question:
    from dataclasses import replace

    return replace(question, id=ident)


# Export ----------------------------------------------------------------------------------------------
def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in ":#={}~":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", "\\n")


def _needs_html(html_text: str) -> bool:
    return bool(re.search(r"<[a-zA-Z/]", html_text))


def _text_of(html_text: str, as_html: bool) -> str:
    """GIFT text for an HTML fragment: kept as HTML in an [html] item, else plain text."""
    return html_text if as_html else html.unescape(html_text)


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _export_body(question: Question, as_html: bool) -> str | None:
    if question.type in ("single", "dropdown", "multiple"):
        weights = question.choice_weights() if question.scoring == "weights" else None
        parts = []
        for choice in question.choices:
            label = _escape(_text_of(choice.html, as_html))
            feedback = f"#{_escape(choice.feedback)}" if choice.feedback else ""
            if weights is not None:
                parts.append(f"~%{_fmt(round(weights[choice.id] * 100, 5))}%{label}{feedback}")
            else:
                parts.append(f"{'=' if choice.correct else '~'}{label}{feedback}")
        return " ".join(parts)
    if question.type == "text":
        plain = [answer.text for answer in question.answers if not answer.regex]
        return " ".join(f"={_escape(text)}" for text in plain) if plain else None
    if question.type == "number":
        parts = []
        for answer in question.answers:
            if answer.value is None:
                parts.append(f"={_fmt(answer.low)}..{_fmt(answer.high)}")
            else:
                spread = abs(answer.value) * answer.tolerance / 100 if answer.relative else answer.tolerance
                parts.append(f"={_fmt(answer.value)}:{_fmt(spread)}")
        return "#" + " ".join(parts)
    if question.type == "matching" and not question.distractors:
        return " ".join(f"={_escape(pair.left)} -> {_escape(pair.right)}" for pair in question.pairs)
    return None


def export_gift(questions: list[Question] | tuple[Question, ...]) -> str:
    """GIFT text for the questions GIFT can hold; the rest, and lost settings, named in a comment."""
    blocks, skipped, lost = [], [], []
    category = ""
    for question in questions:
        as_html = _needs_html(question.prompt + question.explanation) or any(
            _needs_html(choice.html) for choice in question.choices)
        body = _export_body(question, as_html)
        if body is None:
            skipped.append(f"{question.id} ({question.type})")
            continue
        dropped = [name for name, on in (
            ("points", question.points != 1), ("hints", bool(question.hints)),
            ("pinned", any(c.pinned for c in question.choices)), ("regex", any(
                getattr(a, "regex", False) for a in question.answers)),
            ("ignore_diacritics", question.ignore_diacritics), ("case_sensitive", question.case_sensitive),
            ("dropdown", question.type == "dropdown"), ("extra tags", len(question.tags) > 1),
            ("all_or_nothing scoring", question.scoring == "all_or_nothing" and question.type == "matching"),
        ) if on]
        if dropped:
            lost.append(f"{question.id}: {', '.join(dropped)}")
        lines = []
        tag = question.tags[0] if question.tags else ""
        if tag != category:
            lines.append(f"$CATEGORY: {tag}")
            category = tag
        prefix = "[html]" if as_html else ""
        explanation = ""
        if question.explanation:
            explanation = f" ####{_escape(_text_of(question.explanation, as_html))}"
        prompt = _escape(_text_of(question.prompt, as_html))
        lines.append(f"::{_escape(question.id)}::{prefix}{prompt} {{{body}{explanation}}}")
        blocks.append("\n".join(lines))
    header = []
    if skipped:
        header.append(f"// Not exported (GIFT cannot hold these types): {', '.join(skipped)}")
    if lost:
        header.append(f"// Settings GIFT cannot hold, left out: {'; '.join(lost)}")
    return "\n\n".join(["\n".join(header), *blocks] if header else blocks) + "\n"
