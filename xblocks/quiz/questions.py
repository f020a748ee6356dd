"""The quiz model, read from and written back to the OLX format of docs/authoring/auto_quiz.md.

Authors write XML by hand, so parsing collects *every* problem with its line before refusing, and
serialising gives back XML that parses to an equal model (the Studio editor round-trips through it).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from xblocks.common.problems import Message, Problem, ProblemCollector
from xblocks.common.regex import PatternError, compile_pattern
from xblocks.common.sanitize import sanitize_html
from xblocks.common.text import _
from xblocks.common.xml import XMLError, parse_xml

from .normalise import normalise_text, strip_diacritics

QUESTION_TYPES = ("single", "multiple", "dropdown", "text", "number", "ordering", "matching", "hotspot")
SCORING = {
    "multiple": ("all_or_nothing", "weights"),
    "ordering": ("all_or_nothing", "position"),
    "matching": ("partial", "all_or_nothing"),
}
GRADING_METHODS = ("highest", "last", "average", "first")
FEEDBACK_MODES = ("immediate", "deferred", "tries")
SHOW_ANSWER = ("never", "after_each", "after_final", "after_due")
SHAPES = ("rect", "circle", "polygon")
MAX_REGEX_CHARS = 200

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")
# Attributes Open edX itself may write on the block's root element; accepted and ignored.
_PLATFORM_ATTRIBUTES = {
    "url_name", "xblock-family", "filename", "graded", "format", "start", "graceperiod",
    "showanswer", "rerandomize", "show_correctness", "days_early_for_beta", "visible_to_staff_only",
    "group_access", "hide_after_due", "course_edit_method", "markdown", "tabs",
}


# Model ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    id: str
    html: str
    correct: bool = False
    pinned: bool = False
    feedback: str = ""
    weight: float | None = None


@dataclass(frozen=True)
class TextAnswer:
    text: str
    regex: bool = False


@dataclass(frozen=True)
class NumberAnswer:
    """Either `value` ± `tolerance` (relative when `relative`), or the closed range `low`..`high`."""

    value: float | None = None
    tolerance: float = 0.0
    relative: bool = False
    low: float | None = None
    high: float | None = None

    def bounds(self) -> tuple[float, float]:
        if self.value is None:
            return float(self.low), float(self.high)
        spread = abs(self.value) * self.tolerance / 100 if self.relative else self.tolerance
        return self.value - spread, self.value + spread


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass(frozen=True)
class Pair:
    id: str
    left: str
    right: str


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class Region:
    id: str
    shape: str
    coords: tuple[float, ...]
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    points: float = 1.0
    tags: tuple[str, ...] = ()
    shuffle: bool | None = None
    scoring: str = ""
    case_sensitive: bool = False
    ignore_diacritics: bool = False
    choices: tuple[Choice, ...] = ()
    answers: tuple[TextAnswer | NumberAnswer, ...] = ()
    items: tuple[Item, ...] = ()
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    image: Image | None = None
    regions: tuple[Region, ...] = ()
    hints: tuple[str, ...] = ()
    explanation: str = ""
    line: int | None = field(default=None, compare=False)

    def choice_weights(self) -> dict[str, float]:
        """Per-choice share of the points in `weights` scoring (explicit, or ±1/k by default)."""
        if all(choice.weight is not None for choice in self.choices):
            return {choice.id: float(choice.weight) for choice in self.choices}
        k = sum(1 for choice in self.choices if choice.correct) or 1
        return {choice.id: (1.0 / k if choice.correct else -1.0 / k) for choice in self.choices}


@dataclass(frozen=True)
class QuizSettings:
    display_name: str = "Bài kiểm tra"
    pick: int | None = None
    max_attempts: int = 2
    grading_method: str = "highest"
    feedback_mode: str = "immediate"
    show_answer: str = "after_final"
    wait_seconds: int = 0
    try_penalty: float = 0.25
    max_tries: int = 3
    shuffle: bool = True
    weight: float = 1.0
    due: str | None = None


@dataclass(frozen=True)
class Quiz:
    settings: QuizSettings
    questions: tuple[Question, ...]


# Problems ------------------------------------------------------------------------------------------
class QuizFormatError(ValueError):
    """The quiz was refused; `problems` lists every reason with where it is."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = "1 problem in the quiz:" if count == 1 else f"{count} problems in the quiz:"
        super().__init__("\n".join([head, *(f"- {problem}" for problem in self.problems)]))


# Reading helpers -----------------------------------------------------------------------------------
def _inner_xml(element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def _html_of(element) -> str:
    return sanitize_html(_inner_xml(element)).strip()


def _plain_of(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _bool(element, name: str, default: bool | None, problems: ProblemCollector, where: str) -> bool | None:
    raw = element.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    problems.add(element, where, _('{name}="{raw}" must be "true" or "false"'), name=name, raw=raw)
    return default


def _number(raw: str | None) -> float | None:
    try:
        value = float(raw.strip())
    except (AttributeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _int(raw: str | None) -> int | None:
    value = _number(raw)
    return int(value) if value is not None and value == int(value) else None


def _check_attributes(element, allowed: set[str], problems: ProblemCollector, where: str) -> None:
    for name in element.attrib:
        if name not in allowed:
            if allowed:
                problems.add(element, where, _('unknown attribute "{name}" on <{tag}> (allowed: {choices})'),
                             name=name, tag=element.tag, choices=", ".join(sorted(allowed)))
            else:
                problems.add(element, where, _('<{tag}> takes no attributes; remove "{name}"'), name=name,
                             tag=element.tag)


def _children(element, tag: str) -> list:
    return [child for child in element if isinstance(child.tag, str) and child.tag == tag]


def _element_id(element, default: str, problems: ProblemCollector, where: str) -> str:
    raw = element.get("id")
    if raw is None:
        return default
    if not _ID.match(raw):
        problems.add(element, where, _('id "{raw}" may only use letters, digits, "-" and "_" (at most 64)'), raw=raw)
    return raw


# Settings ------------------------------------------------------------------------------------------
_SETTING_ATTRIBUTES = {
    "display_name", "pick", "max_attempts", "grading_method", "feedback_mode", "show_answer",
    "wait_seconds", "try_penalty", "max_tries", "shuffle", "weight", "due",
}


def settings_from_element(root, problems: ProblemCollector) -> QuizSettings:
    """Read the quiz settings from `<auto_quiz>` attributes, reporting bad values."""
    where = "<auto_quiz>"
    defaults = QuizSettings()
    values: dict = {}
    for name in root.attrib:
        if name not in _SETTING_ATTRIBUTES and name not in _PLATFORM_ATTRIBUTES and not name.startswith("{"):
            problems.add(root, where, _('unknown attribute "{name}" (allowed: {choices})'), name=name,
                         choices=", ".join(sorted(_SETTING_ATTRIBUTES)))
    if root.get("display_name") is not None:
        values["display_name"] = root.get("display_name").strip() or defaults.display_name
    for name, minimum in (("pick", 1), ("max_attempts", 0), ("wait_seconds", 0), ("max_tries", 1)):
        raw = root.get(name)
        if raw is None:
            continue
        number = _int(raw)
        if number is None or number < minimum:
            problems.add(root, where, _('{name}="{raw}" must be a whole number of at least {minimum}'), name=name,
                         raw=raw, minimum=minimum)
        else:
            values[name] = number
    for name, low, high in (("try_penalty", 0.0, 1.0), ("weight", 0.0, math.inf)):
        raw = root.get(name)
        if raw is None:
            continue
        number = _number(raw)
        if number is None or not low <= number <= high:
            if high != math.inf:
                problems.add(root, where, _('{name}="{raw}" must be a number from {low:g} to {high:g}'), name=name,
                             raw=raw, low=low, high=high)
            else:
                problems.add(root, where, _('{name}="{raw}" must be a number of at least {low:g}'), name=name,
                             raw=raw, low=low)
        else:
            values[name] = number
    for name, allowed in (("grading_method", GRADING_METHODS), ("feedback_mode", FEEDBACK_MODES),
                          ("show_answer", SHOW_ANSWER)):
        raw = root.get(name)
        if raw is None:
            continue
        if raw not in allowed:
            problems.add(root, where, _('{name}="{raw}" must be one of: {choices}'), name=name, raw=raw,
                         choices=", ".join(allowed))
        else:
            values[name] = raw
    shuffle = _bool(root, "shuffle", None, problems, where)
    if shuffle is not None:
        values["shuffle"] = shuffle
    if root.get("due"):
        values["due"] = root.get("due").strip()
    return QuizSettings(**values)


# Questions -----------------------------------------------------------------------------------------
_QUESTION_ATTRIBUTES = {"id", "type", "points", "tags", "shuffle", "scoring", "case_sensitive",
                        "ignore_diacritics"}
_BODY_TAGS = {
    "single": {"choice"}, "multiple": {"choice"}, "dropdown": {"choice"}, "text": {"answer"},
    "number": {"answer"}, "ordering": {"item"}, "matching": {"pair", "distractor"},
    "hotspot": {"image", "region"},
}


def _parse_question(element, index: int, problems: ProblemCollector) -> Question | None:
    raw_id = element.get("id")
    where = Message.of(_('question "{id}"'), id=raw_id) if raw_id else Message.of(_("question {number}"), number=index)
    _check_attributes(element, _QUESTION_ATTRIBUTES, problems, where)
    if raw_id is None:
        problems.add(element, where, _('every question needs an id, e.g. id="q1"'))
        qid = f"q{index}"
    else:
        qid = _element_id(element, raw_id, problems, where)
    qtype = element.get("type")
    if qtype not in QUESTION_TYPES:
        problems.add(element, where, _('type="{type}" must be one of: {choices}'), type=qtype or "",
                     choices=", ".join(QUESTION_TYPES))
        return None
    points = 1.0
    if element.get("points") is not None:
        parsed = _number(element.get("points"))
        if parsed is None or parsed <= 0:
            problems.add(element, where, _('points="{points}" must be a number above 0'), points=element.get("points"))
        else:
            points = parsed
    tags = tuple(tag.strip() for tag in (element.get("tags") or "").split(",") if tag.strip())
    scoring = element.get("scoring")
    if scoring is not None and scoring not in SCORING.get(qtype, ()):
        allowed = SCORING.get(qtype)
        if allowed:
            problems.add(element, where, _('scoring="{scoring}" is not one of: {choices}'), scoring=scoring,
                         choices=", ".join(allowed))
        else:
            problems.add(element, where, _('scoring="{scoring}" is not used by {type} questions; remove it'),
                         scoring=scoring, type=qtype)
        scoring = None
    scoring = scoring or (SCORING[qtype][0] if qtype in SCORING else "")
    for text_only in ("case_sensitive", "ignore_diacritics"):
        if element.get(text_only) is not None and qtype != "text":
            problems.add(element, where, _("{name} is only used by text questions"), name=text_only)

    known = {"prompt", "hint", "explanation"} | _BODY_TAGS[qtype]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in known:
            problems.add(child, where, _("<{tag}> is not allowed in a {type} question (allowed: {choices})"),
                         tag=child.tag, type=qtype, choices=", ".join(sorted(known)))
        elif not isinstance(child.tag, str):
            continue
    prompts = _children(element, "prompt")
    prompt = ""
    if len(prompts) != 1:
        problems.add(element, where, _("needs exactly one <prompt> (found {count})"), count=len(prompts))
    if prompts:
        _check_attributes(prompts[0], set(), problems, where)
        prompt = _html_of(prompts[0])
        if len(prompts) == 1 and not prompt:
            problems.add(prompts[0], where, _("the <prompt> is empty"))
    hints = []
    for hint in _children(element, "hint"):
        _check_attributes(hint, set(), problems, where)
        text = _html_of(hint)
        if not text:
            problems.add(hint, where, _("a <hint> is empty"))
        hints.append(text)
    explanations = _children(element, "explanation")
    if len(explanations) > 1:
        problems.add(explanations[1], where, _("only one <explanation> is allowed"))
    explanation = _html_of(explanations[0]) if explanations else ""

    fields: dict = {
        "id": qid, "type": qtype, "prompt": prompt, "points": points, "tags": tags,
        "shuffle": _bool(element, "shuffle", None, problems, where), "scoring": scoring,
        "case_sensitive": bool(_bool(element, "case_sensitive", False, problems, where)),
        "ignore_diacritics": bool(_bool(element, "ignore_diacritics", False, problems, where)),
        "hints": tuple(hints), "explanation": explanation, "line": element.sourceline,
    }
    body = {
        "single": _parse_choices, "multiple": _parse_choices, "dropdown": _parse_choices,
        "text": _parse_text, "number": _parse_number, "ordering": _parse_ordering,
        "matching": _parse_matching, "hotspot": _parse_hotspot,
    }[qtype]
    fields.update(body(element, qtype, scoring, problems, where))
    return Question(**fields)


def _letter(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < len(letters) else f"c{index + 1}"


# What `_unique_ids` and `_unique_texts` name, in the plural ("two choices have the id ...").
_KINDS = {"choice": _("choices"), "item": _("items"), "pair": _("pairs"), "region": _("regions"),
          "left item": _("left items"), "right-hand option": _("right-hand options")}


def _unique_ids(elements_ids: list[tuple[object, str]], kind: str, problems: ProblemCollector, where) -> None:
    seen = set()
    for element, ident in elements_ids:
        if ident in seen:
            problems.add(element, where, _('two {kinds} have the id "{id}"'), kinds=Message.of(_KINDS[kind]),
                         id=ident)
        seen.add(ident)


def _unique_texts(elements_texts: list[tuple[object, str]], kind: str, problems: ProblemCollector, where) -> None:
    seen: dict[str, str] = {}
    for element, text in elements_texts:
        key = normalise_text(re.sub(r"<[^>]+>", "", text))
        if key in seen:
            problems.add(element, where, _('two {kinds} say the same thing: "{text}"'),
                         kinds=Message.of(_KINDS[kind]), text=text)
        seen[key] = text


def _parse_choices(element, qtype, scoring, problems, where) -> dict:
    choices, raw = [], _children(element, "choice")
    for index, child in enumerate(raw):
        cwhere = Message.of(_("{where}, choice {number}"), where=where, number=index + 1)
        _check_attributes(child, {"id", "correct", "pinned", "feedback", "weight"}, problems, cwhere)
        weight = None
        if child.get("weight") is not None:
            weight = _number(child.get("weight"))
            if qtype != "multiple" or scoring != "weights":
                problems.add(child, cwhere, _('weight is only used by multiple questions with scoring="weights"'))
                weight = None
            elif weight is None or not -1 <= weight <= 1:
                problems.add(child, cwhere, _('weight="{weight}" must be a number from -1 to 1'),
                             weight=child.get("weight"))
                weight = None
        text = _plain_of(child) if qtype == "dropdown" else _html_of(child)
        if not text:
            problems.add(child, cwhere, _("the choice is empty"))
        choices.append(Choice(
            id=_element_id(child, _letter(index), problems, cwhere), html=text,
            correct=bool(_bool(child, "correct", False, problems, cwhere)),
            pinned=bool(_bool(child, "pinned", False, problems, cwhere)),
            feedback=(child.get("feedback") or "").strip(), weight=weight,
        ))
    if len(choices) < 2:
        problems.add(element, where, _("a {type} question needs at least 2 <choice> elements (found {count})"),
                     type=qtype, count=len(choices))
    _unique_ids([(el, c.id) for el, c in zip(raw, choices, strict=True)], "choice", problems, where)
    _unique_texts([(el, c.html) for el, c in zip(raw, choices, strict=True)], "choice", problems, where)
    correct = sum(1 for choice in choices if choice.correct)
    if qtype in ("single", "dropdown") and correct != 1:
        problems.add(element, where,
                     _('a {type} question needs exactly one choice with correct="true" (found {count})'),
                     type=qtype, count=correct)
    if qtype == "multiple" and correct == 0:
        problems.add(element, where, _('a multiple question needs at least one choice with correct="true"'))
    if qtype == "multiple" and scoring == "weights" and choices:
        given = [c for c in choices if c.weight is not None]
        if given and len(given) != len(choices):
            problems.add(element, where, _("write a weight on every choice, or on none"))
        elif given:
            positive = sum(c.weight for c in choices if c.weight > 0)
            if abs(positive - 1) > 0.005:  # 3 × 33.333% is close enough
                problems.add(element, where, _("the positive weights must add up to 1 (they add up to {total:g})"),
                             total=positive)
            for el, choice in zip(raw, choices, strict=True):
                if choice.correct != (choice.weight > 0):
                    problems.add(el, where, _('choice "{id}": correct choices need a weight above 0 and wrong '
                                              "choices 0 or below"), id=choice.id)
    return {"choices": tuple(choices)}


def _parse_text(element, qtype, scoring, problems, where) -> dict:
    answers, raw = [], _children(element, "answer")
    case_sensitive = element.get("case_sensitive", "false").lower() in _TRUE
    ignore_diacritics = element.get("ignore_diacritics", "false").lower() in _TRUE
    for index, child in enumerate(raw):
        awhere = Message.of(_("{where}, answer {number}"), where=where, number=index + 1)
        _check_attributes(child, {"regex"}, problems, awhere)
        text = "".join(child.itertext()).strip()
        is_regex = bool(_bool(child, "regex", False, problems, awhere))
        if not text:
            problems.add(child, awhere, _("the answer is empty"))
        elif is_regex:
            if len(text) > MAX_REGEX_CHARS:
                problems.add(child, awhere, _("the regex is longer than {most} characters"), most=MAX_REGEX_CHARS)
            try:
                compile_answer_regex(text, case_sensitive, ignore_diacritics)
            except PatternError as exc:
                problems.add(child, awhere, _('regex "{pattern}" is not valid: {detail}'), pattern=text,
                             detail=str(exc))
        answers.append(TextAnswer(text=text if is_regex else re.sub(r"\s+", " ", text), regex=is_regex))
    if not answers:
        problems.add(element, where, _("a text question needs at least one <answer>"))
    plain = [(el, a.text) for el, a in zip(raw, answers, strict=True) if not a.regex]
    seen = set()
    for el, text in plain:
        key = normalise_text(text, case_sensitive=case_sensitive, ignore_diacritics=ignore_diacritics)
        if key in seen:
            problems.add(el, where, _('the answer "{text}" is written twice'), text=text)
        seen.add(key)
    return {"answers": tuple(answers)}


def compile_answer_regex(pattern: str, case_sensitive: bool, ignore_diacritics: bool):
    """The compiled (linear-time, RE2) form of an author's regex answer, as the scorer applies it."""
    source = strip_diacritics(pattern) if ignore_diacritics else pattern
    return compile_pattern(source, ignore_case=not case_sensitive)


def _parse_number(element, qtype, scoring, problems, where) -> dict:
    answers, raw = [], _children(element, "answer")
    for index, child in enumerate(raw):
        awhere = Message.of(_("{where}, answer {number}"), where=where, number=index + 1)
        _check_attributes(child, {"value", "tolerance", "min", "max"}, problems, awhere)
        if "".join(child.itertext()).strip():
            problems.add(child, awhere, _('write the number in value="..." (or min/max), not as text'))
        if child.get("value") is not None:
            if child.get("min") is not None or child.get("max") is not None:
                problems.add(child, awhere, _("use either value (with tolerance) or min and max, not both"))
            value = _number(child.get("value"))
            if value is None:
                problems.add(child, awhere, _('value "{value}" is not a number (use a "." decimal point)'),
                             value=child.get("value"))
                continue
            raw_tol = (child.get("tolerance") or "0").strip()
            relative = raw_tol.endswith("%")
            tolerance = _number(raw_tol[:-1] if relative else raw_tol)
            if tolerance is None or tolerance < 0:
                problems.add(child, awhere, _('tolerance "{tolerance}" is not a number or a percentage like "5%"'),
                             tolerance=raw_tol)
                continue
            answers.append(NumberAnswer(value=value, tolerance=tolerance, relative=relative))
        elif child.get("min") is not None and child.get("max") is not None:
            if child.get("tolerance") is not None:
                problems.add(child, awhere, _("tolerance is only used with value"))
            low, high = _number(child.get("min")), _number(child.get("max"))
            if low is None or high is None:
                problems.add(child, awhere, _('min and max must be numbers (use a "." decimal point)'))
            elif low > high:
                problems.add(child, awhere, _("min ({low:g}) is larger than max ({high:g})"), low=low, high=high)
            else:
                answers.append(NumberAnswer(low=low, high=high))
        else:
            problems.add(child, awhere, _('an answer needs value="..." or both min="..." and max="..."'))
    if not raw:
        problems.add(element, where, _("a number question needs at least one <answer>"))
    return {"answers": tuple(answers)}


def _parse_ordering(element, qtype, scoring, problems, where) -> dict:
    items, raw = [], _children(element, "item")
    for index, child in enumerate(raw):
        iwhere = Message.of(_("{where}, item {number}"), where=where, number=index + 1)
        _check_attributes(child, {"id"}, problems, iwhere)
        text = _plain_of(child)
        if not text:
            problems.add(child, iwhere, _("the item is empty"))
        items.append(Item(id=_element_id(child, str(index + 1), problems, iwhere), text=text))
    if len(items) < 2:
        problems.add(element, where, _("an ordering question needs at least 2 <item> elements (found {count})"),
                     count=len(items))
    _unique_ids([(el, i.id) for el, i in zip(raw, items, strict=True)], "item", problems, where)
    _unique_texts([(el, i.text) for el, i in zip(raw, items, strict=True)], "item", problems, where)
    return {"items": tuple(items)}


def _parse_matching(element, qtype, scoring, problems, where) -> dict:
    pairs, raw = [], _children(element, "pair")
    for index, child in enumerate(raw):
        pwhere = Message.of(_("{where}, pair {number}"), where=where, number=index + 1)
        _check_attributes(child, {"id"}, problems, pwhere)
        lefts, rights = _children(child, "left"), _children(child, "right")
        others = [c for c in child if isinstance(c.tag, str) and c.tag not in ("left", "right")]
        for other in others:
            problems.add(other, pwhere, _("<{tag}> is not allowed in a <pair> (use <left> and <right>)"), tag=other.tag)
        if len(lefts) != 1 or len(rights) != 1:
            problems.add(child, pwhere, _("a <pair> needs exactly one <left> and one <right>"))
            continue
        left, right = _plain_of(lefts[0]), _plain_of(rights[0])
        if not left or not right:
            problems.add(child, pwhere, _("<left> and <right> must not be empty"))
        pairs.append((child, Pair(id=_element_id(child, f"p{index + 1}", problems, pwhere), left=left, right=right)))
    distractors = []
    for child in _children(element, "distractor"):
        _check_attributes(child, set(), problems, where)
        text = _plain_of(child)
        if not text:
            problems.add(child, where, _("a <distractor> is empty"))
        distractors.append((child, text))
    if len(pairs) < 2:
        problems.add(element, where, _("a matching question needs at least 2 <pair> elements (found {count})"),
                     count=len(pairs))
    _unique_ids([(el, p.id) for el, p in pairs], "pair", problems, where)
    _unique_texts([(el, p.left) for el, p in pairs], "left item", problems, where)
    _unique_texts([(el, p.right) for el, p in pairs] + distractors, "right-hand option", problems, where)
    return {"pairs": tuple(p for _el, p in pairs), "distractors": tuple(text for _el, text in distractors)}


def _parse_hotspot(element, qtype, scoring, problems, where) -> dict:
    images = _children(element, "image")
    image = None
    if len(images) != 1:
        problems.add(element, where, _("a hotspot question needs exactly one <image> (found {count})"),
                     count=len(images))
    if images:
        child = images[0]
        _check_attributes(child, {"src", "alt", "width", "height"}, problems, where)
        src, alt = (child.get("src") or "").strip(), (child.get("alt") or "").strip()
        width, height = _int(child.get("width")), _int(child.get("height"))
        if not src.lower().startswith(("https://", "/static/")):
            problems.add(child, where, _('the image src must start with "https://" or "/static/"'))
        if not alt:
            problems.add(child, where, _("the image needs alt text describing it for learners who cannot see it"))
        if not width or width <= 0 or not height or height <= 0:
            problems.add(child, where, _("the image needs width and height in pixels (whole numbers above 0)"))
        image = Image(src=src, alt=alt, width=width or 0, height=height or 0)
    regions = []
    for index, child in enumerate(_children(element, "region")):
        rwhere = Message.of(_("{where}, region {number}"), where=where, number=index + 1)
        _check_attributes(child, {"id", "shape", "coords", "correct", "feedback"}, problems, rwhere)
        shape = child.get("shape")
        try:
            coords = tuple(float(part) for part in (child.get("coords") or "").split(","))
        except ValueError:
            coords = ()
        if shape not in SHAPES:
            problems.add(child, rwhere, _('shape="{shape}" must be one of: {choices}'), shape=shape or "",
                         choices=", ".join(SHAPES))
        elif not _coords_fit(shape, coords):
            expected = {"rect": "x,y,width,height", "circle": "cx,cy,r", "polygon": "x1,y1,x2,y2,x3,y3,..."}
            problems.add(child, rwhere, _('coords="{coords}" must be "{expected}" (numbers; sizes above 0)'),
                         coords=child.get("coords") or "", expected=expected[shape])
        regions.append(Region(id=_element_id(child, f"r{index + 1}", problems, rwhere), shape=shape or "",
                              coords=coords, correct=bool(_bool(child, "correct", False, problems, rwhere)),
                              feedback=(child.get("feedback") or "").strip()))
    if not any(region.correct for region in regions):
        problems.add(element, where, _('a hotspot question needs at least one <region correct="true">'))
    _unique_ids([(element, r.id) for r in regions], "region", problems, where)
    return {"image": image, "regions": tuple(regions)}


def _coords_fit(shape: str, coords: tuple[float, ...]) -> bool:
    if not all(math.isfinite(c) for c in coords):
        return False
    if shape == "rect":
        return len(coords) == 4 and coords[2] > 0 and coords[3] > 0
    if shape == "circle":
        return len(coords) == 3 and coords[2] > 0
    return len(coords) >= 6 and len(coords) % 2 == 0


# Whole documents -----------------------------------------------------------------------------------
def _questions_from(root, problems: ProblemCollector) -> tuple[Question, ...]:
    questions = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag != "question":
            problems.add(child, f"<{root.tag}>", _("<{tag}> is not allowed here; only <question> elements"),
                         tag=child.tag)
            continue
        question = _parse_question(child, len(questions) + 1, problems)
        if question is not None:
            questions.append(question)
    if not questions and not problems.problems:
        problems.add(root, f"<{root.tag}>", _("the quiz has no questions (the pool is empty)"))
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            problems.problems.append(Problem(question.line, Message.of(_('question "{id}"'), id=question.id),
                                             Message.of(_("another question already has this id"))))
        seen.add(question.id)
    return tuple(questions)


def check_pool(settings: QuizSettings, questions: tuple[Question, ...]) -> list[Problem]:
    """Cross-checks between the settings and the questions (pool size, equal points in a pool)."""
    problems = []
    if settings.pick is not None and questions:
        if settings.pick > len(questions):
            problems.append(Problem(None, "<auto_quiz>", Message.of(
                _("pick={pick} but the quiz has only {count} questions"), pick=settings.pick, count=len(questions))))
        elif settings.pick < len(questions) and len({q.points for q in questions}) > 1:
            listed = ", ".join(f"{q.id}={q.points:g}" for q in questions)
            problems.append(Problem(None, "<auto_quiz>", Message.of(
                _("questions drawn from a pool must all have the same points, so every learner's maximum is the "
                  "same ({points})"), points=listed)))
    return problems


def parse_settings(attributes: dict[str, str]) -> QuizSettings:
    """Quiz settings from attribute strings (Studio's form sends these); refuses with every problem."""
    problems = ProblemCollector()
    settings = settings_from_element(etree.Element("auto_quiz", attributes), problems)
    if problems.problems:
        raise QuizFormatError([Problem(None, Message.of(_("settings")), p.message) for p in problems.problems])
    return settings


def _parse_root(text: str, source: str):
    try:
        return parse_xml(text, source=source)
    except XMLError as exc:
        raise QuizFormatError([Problem(exc.line, "", exc.reason)]) from None


def quiz_from_element(root) -> Quiz:
    """Read a parsed `<auto_quiz>` element; raise QuizFormatError listing every problem."""
    problems = ProblemCollector()
    if root.tag != "auto_quiz":
        problems.add(root, "", _("the root element must be <auto_quiz>, not <{tag}>"), tag=root.tag)
    settings = settings_from_element(root, problems)
    questions = _questions_from(root, problems)
    problems.problems.extend(check_pool(settings, questions))
    if problems.problems:
        raise QuizFormatError(problems.problems)
    return Quiz(settings=settings, questions=questions)


def parse_quiz(text: str, source: str = "quiz XML") -> Quiz:
    """Parse a whole `<auto_quiz>` document (an OLX file)."""
    return quiz_from_element(_parse_root(text, source))


@lru_cache(maxsize=64)
def parse_questions(text: str, source: str = "questions XML") -> tuple[Question, ...]:
    """Parse the Studio form of the questions (`<questions>` holding `<question>`s); cached by text."""
    root = _parse_root(text, source)
    problems = ProblemCollector()
    if root.tag != "questions":
        problems.add(root, "", _("the questions must be inside <questions>, not <{tag}>"), tag=root.tag)
    questions = _questions_from(root, problems)
    if problems.problems:
        raise QuizFormatError(problems.problems)
    return questions


# Writing -------------------------------------------------------------------------------------------
def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() and abs(number) < 1e15 else repr(float(number))


def _set_html(element, html: str) -> None:
    if not html:
        return
    wrapper = lxml_html.fragment_fromstring(html, create_parent="div")
    as_xml = etree.fromstring(etree.tostring(wrapper, method="xml", encoding="unicode"))
    element.text = as_xml.text
    for child in as_xml:
        element.append(child)


def _sub(parent, tag: str, text: str = "", **attrs) -> etree._Element:
    child = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text:
        child.text = text
    return child


def question_element(question: Question) -> etree._Element:
    """The `<question>` element for a model question (the inverse of parsing)."""
    attrs = {"id": question.id, "type": question.type}
    if question.points != 1:
        attrs["points"] = _fmt(question.points)
    if question.tags:
        attrs["tags"] = ",".join(question.tags)
    if question.shuffle is not None:
        attrs["shuffle"] = "true" if question.shuffle else "false"
    if question.type in SCORING and question.scoring != SCORING[question.type][0]:
        attrs["scoring"] = question.scoring
    if question.case_sensitive:
        attrs["case_sensitive"] = "true"
    if question.ignore_diacritics:
        attrs["ignore_diacritics"] = "true"
    element = etree.Element("question", attrs)
    _set_html(_sub(element, "prompt"), question.prompt)
    for choice in question.choices:
        child = _sub(element, "choice", id=choice.id, correct="true" if choice.correct else None,
                     pinned="true" if choice.pinned else None, feedback=choice.feedback or None,
                     weight=_fmt(choice.weight) if choice.weight is not None else None)
        if question.type == "dropdown":
            child.text = choice.html
        else:
            _set_html(child, choice.html)
    for answer in question.answers:
        if isinstance(answer, TextAnswer):
            _sub(element, "answer", answer.text, regex="true" if answer.regex else None)
        elif answer.value is not None:
            tolerance = None
            if answer.tolerance:
                tolerance = f"{_fmt(answer.tolerance)}%" if answer.relative else _fmt(answer.tolerance)
            _sub(element, "answer", value=_fmt(answer.value), tolerance=tolerance)
        else:
            _sub(element, "answer", min=_fmt(answer.low), max=_fmt(answer.high))
    for item in question.items:
        _sub(element, "item", item.text, id=item.id)
    for pair in question.pairs:
        child = _sub(element, "pair", id=pair.id)
        _sub(child, "left", pair.left)
        _sub(child, "right", pair.right)
    for distractor in question.distractors:
        _sub(element, "distractor", distractor)
    if question.image is not None:
        image = question.image
        _sub(element, "image", src=image.src, alt=image.alt, width=str(image.width), height=str(image.height))
    for region in question.regions:
        _sub(element, "region", id=region.id, shape=region.shape, coords=",".join(_fmt(c) for c in region.coords),
             correct="true" if region.correct else None, feedback=region.feedback or None)
    for hint in question.hints:
        _set_html(_sub(element, "hint"), hint)
    if question.explanation:
        _set_html(_sub(element, "explanation"), question.explanation)
    return element


def _pretty(element) -> str:
    etree.indent(element, space="  ")
    return etree.tostring(element, encoding="unicode")


def questions_to_xml(questions: tuple[Question, ...] | list[Question]) -> str:
    """The Studio form: `<questions>` holding every question, indented for people."""
    root = etree.Element("questions")
    for question in questions:
        root.append(question_element(question))
    return _pretty(root)


def settings_attributes(settings: QuizSettings) -> dict[str, str]:
    """Settings that differ from the defaults, as `<auto_quiz>` attribute strings."""
    defaults, attrs = QuizSettings(), {}
    for name in _SETTING_ATTRIBUTES:
        value = getattr(settings, name)
        if value == getattr(defaults, name) or value is None:
            continue
        if isinstance(value, bool):
            attrs[name] = "true" if value else "false"
        elif isinstance(value, float):
            attrs[name] = _fmt(value)
        else:
            attrs[name] = str(value)
    return dict(sorted(attrs.items()))


def quiz_to_xml(quiz: Quiz) -> str:
    """A whole `<auto_quiz>` OLX document for the quiz."""
    root = etree.Element("auto_quiz", settings_attributes(quiz.settings))
    for question in quiz.questions:
        root.append(question_element(question))
    return _pretty(root)


# A new block's one sample question (authors replace it in Studio).
DEFAULT_QUESTIONS_XML = """<questions>
  <question id="otp-who" type="single">
    <prompt>Ai được phép hỏi mã OTP của bạn?</prompt>
    <choice id="police">Công an</choice>
    <choice id="bank">Ngân hàng</choice>
    <choice id="nobody" correct="true">Không ai cả</choice>
    <explanation>Mã OTP chỉ dành cho bạn. Ai hỏi mã OTP đều là lừa đảo.</explanation>
  </question>
</questions>"""
