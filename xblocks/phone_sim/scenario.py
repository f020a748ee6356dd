"""The phone-simulation scenario format: model, parser and validator (pure: no XBlock, no Django).

Authors write scenarios by hand (docs/authoring/phone_sim.md), so parsing collects EVERY problem it
finds, each with its line, screen and widget, and raises them together in one `ScenarioError`.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from xblocks.common.problems import Message, Problem, ProblemCollector
from xblocks.common.regex import PatternError, compile_pattern
from xblocks.common.text import _
from xblocks.common.text import parse_vietnamese_number as parse_number
from xblocks.common.xml import XMLError, parse_xml

from .forms import (
    CHECKS,
    FORM_FIELD_KINDS,
    MAX_FIELDS,
    MAX_VALUE_LENGTH,
    FieldCheck,
    FieldSpec,
    format_number,
    normalise,
    placeholders,
    value_matches,
)

__all__ = ["ACTIONS", "CHECKS", "MAX_VALUE_LENGTH", "Rule", "Scenario", "ScenarioError", "Screen", "Step",
           "load_scenario", "normalise", "parse_scenario"]

ACTIONS = ("tap", "long-press", "type", "swipe", "scroll", "submit")
DIRECTIONS = ("up", "down", "left", "right")
END_STATES = ("success", "failure")
SCORING_RULES = ("steps", "pass-fail")
SKILL_FRAMEWORKS = ("VN", "DC", "DL", "TT02")
MAX_HINTS = 3

# Commercial brands learners would recognise: simulations must use fictional look-alikes instead.
# Public services (VNeID, Cổng Dịch vụ công quốc gia, 156) keep their real names and are not listed.
REAL_BRANDS = (
    "Vietcombank", "VietinBank", "BIDV", "Agribank", "Techcombank", "VPBank", "MB Bank", "MBBank",
    "TPBank", "Sacombank", "ACB", "HDBank", "SHB", "VIB", "MoMo", "ZaloPay", "VNPay", "ViettelPay",
    "Zalo", "Facebook", "Messenger", "TikTok", "Shopee", "Lazada", "Tiki", "Grab", "Viettel",
    "Vinaphone", "MobiFone", "SmartCA", "VNPT", "FPT", "Gmail", "WhatsApp", "Telegram",
)
_BRAND_PATTERN = re.compile(r"(?<!\w)(" + "|".join(re.escape(b) for b in REAL_BRANDS) + r")(?!\w)",
                            re.IGNORECASE)
_ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_SKILL_PATTERN = re.compile(r"^(VN|DC|DL|TT02):[0-9]+(\.[0-9]+)*$")


@dataclass(frozen=True)
class WidgetSpec:
    """What one widget element may carry and which learner actions it takes."""

    attrs: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    text: bool = False  # the element's text is its content
    children: frozenset[str] = frozenset()  # widget elements allowed inside
    parts: tuple[tuple[str, frozenset[str]], ...] = ()  # named sub-targets "<id>.<part>"


def _spec(attrs="", required="", actions="", text=False, children=frozenset(), parts=()):
    return WidgetSpec(frozenset(attrs.split()), frozenset(required.split()), frozenset(actions.split()),
                      text, frozenset(children), tuple((name, frozenset(acts.split())) for name, acts in parts))


_CONTENT = frozenset({"text", "list-item", "button", "text-field", "pin-pad", "toggle", "slider", "qr",
                      "thread"})

WIDGETS: dict[str, WidgetSpec] = {
    "status-bar": _spec("time battery network operator", "", "swipe"),
    "app-bar": _spec("title back", "", "tap"),
    "text": _spec("style", "", "tap long-press", text=True),
    "list-item": _spec("label detail icon badge", "label", "tap long-press swipe"),
    "button": _spec("label style", "label", "tap long-press"),
    "text-field": _spec("label kind placeholder value submit", "label", "type"),
    "pin-pad": _spec("label length secret", "label", "type"),
    "toggle": _spec("label on", "label", "tap"),
    "slider": _spec("label min max step value unit", "label min max", "type"),
    "thread": _spec("contact number", "", "scroll", children={"message"}),
    "message": _spec("from time", "", "tap long-press", text=True),
    "incoming-call": _spec("caller number label", "caller", "", parts=(("accept", "tap"), ("decline", "tap"))),
    "notification": _spec("app title", "title", "tap swipe", text=True),
    "dialog": _spec("title", "", "", children=_CONTENT),
    "qr": _spec("label payee bank account amount", "", "tap long-press"),
    "camera": _spec("label", "", "tap", children={"qr", "text"}),
    "web-page": _spec("url title secure", "url", "scroll", children=_CONTENT | {"form"},
                      parts=(("address", "type"),)),
    "form": _spec("title submit", "", "submit", children={"field", "text"}),
    "field": _spec("name label kind value readonly options placeholder", "name label"),
}
SCREEN_WIDGETS = frozenset(WIDGETS) - {"message", "field"}
STYLE_VALUES = {
    "text": ("title", "body", "small", "warning", "success", "danger"),
    "button": ("primary", "secondary", "danger"),
    "text-field": None,
}
FIELD_KINDS = ("text", "number", "phone", "password", "email", "url")


class ScenarioError(ValueError):
    """The scenario cannot be used; `problems` lists every fix needed, `str()` says them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = "The scenario has 1 problem:" if count == 1 else f"The scenario has {count} problems:"
        super().__init__("\n".join([head, *(f"- {p}" for p in self.problems)]))


@dataclass(frozen=True)
class Widget:
    kind: str
    id: str | None
    attrs: dict[str, str]
    text: str = ""
    children: tuple[Widget, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Target:
    """Something the learner can act on: a widget with an id, or one of its parts (`call.accept`)."""

    key: str
    kind: str
    actions: frozenset[str]


@dataclass(frozen=True)
class Rule:
    """One `<expect>` (the step's right action), `<wrong>` (a recognised mistake) or `<go>` (a neutral move)."""

    correct: bool
    target: str
    action: str
    check: str | None = None
    value: str | None = None
    low: float | None = None
    high: float | None = None
    direction: str | None = None
    goto: str | None = None
    feedback: str = ""
    show: str | None = None
    line: int | None = None
    fields: tuple[FieldCheck, ...] = ()  # action="submit": every field check must pass
    neutral: bool = False  # <go>: moves without passing or failing the step (Back, Home, help)

    def matches_value(self, value: str | None, lookup=None) -> bool:
        """Whether a learner's value (typed text, slider value, swipe direction) satisfies this rule.

        A submit rule reads the form's values through `lookup` (name -> current value) instead.
        """
        if self.action in ("swipe", "scroll"):
            return self.direction is None or value == self.direction
        if self.action == "submit":
            return all(check.matches(lookup(check.name) if lookup else "") for check in self.fields)
        return value_matches(self.check, self.value, self.low, self.high, value)

    @property
    def demo_fields(self) -> dict[str, str]:
        """What "show me" fills into a form before a submit: field name -> value."""
        return {check.name: check.demo_value for check in self.fields if check.demo_value is not None}

    @property
    def demo_value(self) -> str | None:
        """The value "show me" types for this rule."""
        if self.show is not None:
            return self.show
        if self.action in ("swipe", "scroll"):
            return self.direction
        if self.check in ("exact", "normalised"):
            return self.value
        if self.check == "range":
            return format_number(self.low)
        return None


@dataclass(frozen=True)
class Step:
    id: str
    task: str
    skills: tuple[str, ...]
    points: float
    hints: tuple[str, ...]
    rules: tuple[Rule, ...]
    line: int | None = None

    @property
    def expected(self) -> Rule:
        """The rule hints point at and the walk-through follows: the first `<expect>`."""
        return next(rule for rule in self.rules if rule.correct)

    def hint(self, level: int) -> str:
        if not self.hints:
            return ""
        return self.hints[min(level, len(self.hints)) - 1]


@dataclass(frozen=True)
class App:
    id: str
    name: str
    public: bool
    color: str


@dataclass(frozen=True)
class Screen:
    id: str
    app: str | None
    title: str
    end: str | None
    widgets: tuple[Widget, ...]
    step: Step | None
    targets: tuple[Target, ...]
    line: int | None = None
    editable: frozenset[str] = frozenset()  # names of the fields the learner can fill here
    uses_values: bool = False  # has a form or a {{placeholder}}: the page model is filled per learner

    def target(self, key: str) -> Target | None:
        return next((t for t in self.targets if t.key == key), None)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: parsed once per text, then cached
class Scenario:
    id: str
    title: str
    skills: tuple[str, ...]
    start: str
    scoring: str
    intro: str
    apps: dict[str, App]
    screens: dict[str, Screen] = field(default_factory=dict)
    fields: dict[str, FieldSpec] = field(default_factory=dict)  # every form field, by name

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s.step for s in self.screens.values() if s.step is not None)


# Parsing ---------------------------------------------------------------------------------------------
class _Collector(ProblemCollector):
    """The scenario's places are a screen and a widget; `message` is a `_`-marked msgid with named values."""

    def __init__(self):
        super().__init__()
        self.screens: set[str] = set()  # screens some problem is about

    def add(self, message: str, node=None, screen=None, widget=None, /, **values) -> None:
        if screen and widget:
            where = Message.of(_("screen '{screen}', widget '{widget}'"), screen=screen, widget=widget)
        elif screen:
            where = Message.of(_("screen '{screen}'"), screen=screen)
        else:
            where = Message.of(_("widget '{widget}'"), widget=widget) if widget else ""
        if screen:
            self.screens.add(screen)
        super().add(node, where, message, **values)


def _clean_text(text: str | None) -> str:
    return " ".join((text or "").split())


def _tag(node) -> str | None:
    return node.tag if isinstance(node.tag, str) else None


def _check_attrs(node, allowed: set[str] | frozenset[str], required, out: _Collector, screen=None, widget=None):
    tag = _tag(node)
    for name in node.attrib:
        if name not in allowed:
            if allowed:
                out.add(_("<{tag}> has an unknown attribute '{name}' (allowed: {choices})"), node, screen, widget,
                        tag=tag, name=name, choices=", ".join(sorted(allowed)))
            else:
                out.add(_("<{tag}> takes no attributes; remove '{name}'"), node, screen, widget, tag=tag, name=name)
    for name in sorted(required):
        if not (node.get(name) or "").strip():
            out.add(_("<{tag}> needs the attribute '{name}'"), node, screen, widget, tag=tag, name=name)


_ID_OWNERS = {"widget": _("widget"), "screen": _("screen"), "app": _("app"), "scenario": _("scenario")}


def _parse_id(node, out: _Collector, what: str, screen=None) -> str | None:
    value = node.get("id")
    if value is None:
        return None
    if not _ID_PATTERN.match(value):
        out.add(_("{what} id '{value}' must start with a letter and use only letters, digits, '-' and '_'"),
                node, screen, what=Message.of(_ID_OWNERS[what]), value=value)
    return value


def _parse_skills(text: str | None, node, out: _Collector, screen=None) -> tuple[str, ...]:
    tokens = tuple((text or "").split())
    for token in tokens:
        if not _SKILL_PATTERN.match(token):
            out.add(_("skill tag '{token}' is not FRAMEWORK:CODE with FRAMEWORK one of {frameworks} (for example "
                      "VN:2 DC:2.6 DL:0.2)"), node, screen, token=token, frameworks=", ".join(SKILL_FRAMEWORKS))
    return tokens


def _parse_widget(node, out: _Collector, screen_id: str, allowed: frozenset[str]) -> Widget | None:
    tag = _tag(node)
    if tag not in allowed:
        if tag in WIDGETS:
            out.add(_("<{tag}> is not allowed here"), node, screen_id, tag=tag)
        else:
            out.add(_("unknown widget <{tag}> (widgets: {widgets})"), node, screen_id, tag=tag,
                    widgets=", ".join(sorted(SCREEN_WIDGETS)))
        return None
    spec = WIDGETS[tag]
    widget_id = _parse_id(node, out, "widget", screen_id)
    _check_attrs(node, spec.attrs | {"id"}, spec.required, out, screen_id, widget_id)
    attrs = {k: v for k, v in node.attrib.items() if k != "id"}
    _check_widget_values(tag, attrs, node, out, screen_id, widget_id)
    if spec.parts and widget_id is None:
        out.add(_("<{tag}> needs an id so its parts ({parts}) can be used"), node, screen_id, tag=tag,
                parts=", ".join(part for part, _actions in spec.parts))
    children = []
    for child in node:
        if _tag(child) is None:
            continue
        if not spec.children:
            out.add(_("<{tag}> takes text only, not <{child}>"), child, screen_id, widget_id, tag=tag,
                    child=_tag(child))
            continue
        parsed = _parse_widget(child, out, screen_id, spec.children)
        if parsed is not None:
            children.append(parsed)
    text = _clean_text(node.text) if spec.text else ""
    if spec.text and not text and tag != "notification":
        out.add(_("<{tag}> is empty: write its text between the tags"), node, screen_id, widget_id, tag=tag)
    if not spec.text and _clean_text(node.text):
        out.add(_("<{tag}> does not show text between its tags; use its attributes"), node, screen_id, widget_id,
                tag=tag)
    return Widget(tag, widget_id, attrs, text, tuple(children), node.sourceline)


def _check_widget_values(tag, attrs, node, out, screen_id, widget_id):
    styles = STYLE_VALUES.get(tag)
    if styles and "style" in attrs and attrs["style"] not in styles:
        out.add(_("<{tag} style='{style}'> must be one of {choices}"), node, screen_id, widget_id, tag=tag,
                style=attrs["style"], choices=", ".join(styles))
    if tag == "text-field" and attrs.get("kind", "text") not in FIELD_KINDS:
        out.add(_("text-field kind '{kind}' must be one of {choices}"), node, screen_id, widget_id,
                kind=attrs["kind"], choices=", ".join(FIELD_KINDS))
    if tag == "message" and attrs.get("from", "them") not in ("them", "me"):
        out.add(_("<message from> must be 'them' or 'me'"), node, screen_id, widget_id)
    if tag == "field":
        _check_field_values(attrs, node, out, screen_id)
    for name in ("on", "secret", "secure", "back", "readonly"):
        if name in attrs and attrs[name] not in ("true", "false"):
            out.add(_("<{tag} {name}> must be 'true' or 'false'"), node, screen_id, widget_id, tag=tag, name=name)
    numeric = {"slider": ("min", "max", "step", "value"), "pin-pad": ("length",), "status-bar": ("battery",)}
    for name in numeric.get(tag, ()):
        if name in attrs and parse_number(attrs[name]) is None:
            out.add(_("<{tag} {name}='{value}'> must be a number"), node, screen_id, widget_id, tag=tag, name=name,
                    value=attrs[name])


def _check_field_values(attrs, node, out, screen_id):
    name, kind = attrs.get("name", ""), attrs.get("kind", "text")
    if name and not _ID_PATTERN.match(name):
        out.add(_("field name '{name}' must start with a letter and use only letters, digits, '-' and '_'"),
                node, screen_id, name, name=name)
    if kind not in FORM_FIELD_KINDS:
        out.add(_("field kind '{kind}' must be one of {choices}"), node, screen_id, name, kind=kind,
                choices=", ".join(FORM_FIELD_KINDS))
    options = [o.strip() for o in attrs.get("options", "").split("|") if o.strip()]
    if kind == "choice" and len(options) < 2:
        out.add(_("a choice field needs options='first | second | …' (two or more)"), node, screen_id, name)
    elif kind != "choice" and "options" in attrs:
        out.add(_("options only apply to kind='choice'"), node, screen_id, name)
    if kind == "choice" and attrs.get("value") and attrs["value"] not in options:
        out.add(_("value='{value}' is not one of the options"), node, screen_id, name, value=attrs["value"])
    if kind == "number" and attrs.get("value") and parse_number(attrs["value"]) is None:
        out.add(_("value='{value}' must be a number (kind='number')"), node, screen_id, name, value=attrs["value"])
    if attrs.get("readonly") == "true" and not attrs.get("value"):
        out.add(_("a read-only field shows its value='...': write it"), node, screen_id, name)


def _targets(widgets: tuple[Widget, ...]) -> list[Target]:
    found = []
    for widget in widgets:
        spec = WIDGETS[widget.kind]
        if widget.id is not None:
            if spec.actions:
                found.append(Target(widget.id, widget.kind, spec.actions))
            for part, actions in spec.parts:
                found.append(Target(f"{widget.id}.{part}", widget.kind, actions))
        found.extend(_targets(widget.children))
    return found


def all_widgets(widgets: tuple[Widget, ...]) -> Iterator[Widget]:
    """Every widget, nested ones included, in document order."""
    for widget in widgets:
        yield widget
        yield from all_widgets(widget.children)


_RULE_ATTRS = frozenset({"widget", "action", "check", "value", "min", "max", "direction", "goto", "feedback",
                         "show"})
_FIELD_CHECK_ATTRS = frozenset({"name", "check", "value", "min", "max", "show", "feedback"})
_RULE_TAGS = {"expect": "the action that moves the learner on", "wrong": "a recognised mistake",
              "go": "a neutral move"}


def _parse_check(node, out: _Collector, screen_id: str, key: str):
    """The value check on `node` (a typed rule or a form field's check): (ok, check, value, low, high)."""
    check, value = node.get("check"), node.get("value")
    low = high = None
    ok = True
    if check is None:
        if value is not None or node.get("min") is not None or node.get("max") is not None:
            out.add(_("value/min/max need a check='{checks}'"), node, screen_id, key, checks="|".join(CHECKS))
            ok = False
        return ok, None, None, None, None
    if check not in CHECKS:
        out.add(_("check '{check}' is not one of {choices}"), node, screen_id, key, check=check,
                choices=", ".join(CHECKS))
        return False, None, None, None, None
    if check in ("exact", "normalised", "pattern") and not value:
        out.add(_("check='{check}' needs a value='...'"), node, screen_id, key, check=check)
        ok = False
    elif check in ("required", "number", "range") and value is not None:
        out.add(_("check='{check}' takes no value='...'"), node, screen_id, key, check=check)
        ok = False
    elif check == "pattern":
        try:
            compile_pattern(value)
        except PatternError as exc:
            out.add(_("pattern '{pattern}' is not a valid regular expression: {detail}"), node, screen_id, key,
                    pattern=value, detail=str(exc))
            ok = False
    if check == "range":
        low, high = parse_number(node.get("min", "")), parse_number(node.get("max", ""))
        if low is None or high is None:
            out.add(_("check='range' needs numeric min='...' and max='...'"), node, screen_id, key)
            ok = False
        elif low > high:
            out.add(_("check='range' has min {low} above max {high}"), node, screen_id, key, low=node.get("min"),
                    high=node.get("max"))
            ok = False
    elif node.get("min") is not None or node.get("max") is not None:
        out.add(_("min/max only apply to check='range'"), node, screen_id, key)
        ok = False
    return ok, check, value, low, high


def _parse_field_checks(node, out: _Collector, screen_id: str, key: str, form: dict[str, FieldSpec] | None,
                        correct: bool) -> tuple[bool, tuple[FieldCheck, ...]]:
    """The `<field>` checks of a submit rule on the form `key`."""
    ok, checks, seen = True, [], set()
    for child in node:
        tag = _tag(child)
        if tag is None:
            continue
        if tag != "field" or form is None:
            out.add(_("<{rule}> holds <field> checks only with action='submit' on a form, not <{tag}>"),
                    child, screen_id, key, rule=_tag(node), tag=tag)
            ok = False
            continue
        _check_attrs(child, _FIELD_CHECK_ATTRS, {"name", "check"}, out, screen_id, key)
        name = child.get("name", "")
        spec = form.get(name)
        if name and spec is None:
            out.add(_("<field name='{name}'> is not a field of form '{form}' (its fields: {fields})"), child,
                    screen_id, key, name=name, form=key, fields=", ".join(sorted(form)) or "-")
            ok = False
            continue
        if spec is not None and spec.readonly:
            out.add(_("field '{name}' is read-only: the learner cannot change it, so there is nothing to check"),
                    child, screen_id, key, name=name)
            ok = False
            continue
        if name in seen:
            out.add(_("field '{name}' is checked twice in one rule; write one check per field"), child, screen_id,
                    key, name=name)
            ok = False
            continue
        seen.add(name)
        good, check, value, low, high = _parse_check(child, out, screen_id, key)
        if not (good and name and check):
            ok = False
            continue
        if spec.kind == "choice" and check == "exact" and value not in spec.options:
            out.add(_("field '{name}': value='{value}' is not one of its options ({options})"), child, screen_id,
                    key, name=name, value=value, options=" | ".join(spec.options))
            ok = False
            continue
        parsed = FieldCheck(name, check, value, low, high, child.get("show"), _clean_text(child.get("feedback")),
                            child.sourceline)
        if correct and parsed.demo_value is None:
            out.add(_("field '{name}': check='{check}' needs show='...' (what \"show me\" fills in)"),
                    child, screen_id, key, name=name, check=check)
            ok = False
        elif correct and not parsed.matches(parsed.demo_value):
            out.add(_("field '{name}': show='{show}' does not pass its own check"), child, screen_id, key,
                    name=name, show=parsed.demo_value)
            ok = False
        checks.append(parsed)
    return ok, tuple(checks)


def _parse_rule(node, out: _Collector, screen_id: str, targets: dict[str, Target],
                forms: dict[str, dict[str, FieldSpec]]) -> Rule | None:
    tag = _tag(node)
    correct = tag == "expect"
    required = {"widget", "action"} if tag == "wrong" else {"widget", "action", "goto"}
    _check_attrs(node, _RULE_ATTRS, required, out, screen_id)
    key, action = node.get("widget", ""), node.get("action", "")
    ok = True
    target = targets.get(key)
    if key and target is None:
        known = ", ".join(sorted(targets)) or Message.of(_("none (give a widget an id)"))
        out.add(_("<{tag}> refers to widget '{widget}', which is not on this screen (widgets with ids here: "
                  "{known})"), node, screen_id, key, tag=tag, widget=key, known=known)
        ok = False
    if action and action not in ACTIONS:
        out.add(_("action '{action}' is not one of {choices}"), node, screen_id, key, action=action,
                choices=", ".join(ACTIONS))
        ok = False
    elif target is not None and action and action not in target.actions:
        out.add(_("a {kind} does not take '{action}' (it takes {actions})"), node, screen_id, key,
                kind=target.kind, action=action, actions=", ".join(sorted(target.actions)))
        ok = False
    direction = node.get("direction")
    if direction is not None and (action not in ("swipe", "scroll") or direction not in DIRECTIONS):
        out.add(_("direction='{direction}' needs action swipe or scroll and one of {choices}"), node, screen_id,
                key, direction=direction, choices=", ".join(DIRECTIONS))
        ok = False
    low = high = None
    check, value = node.get("check"), node.get("value")
    if check is not None and action != "type":
        if action == "submit":
            out.add(_("check='{check}' only applies to action='type' (a submit rule checks each field with a "
                      "<field> child)"), node, screen_id, key, check=check)
        else:
            out.add(_("check='{check}' only applies to action='type'"), node, screen_id, key, check=check)
        ok = False
    else:
        good, check, value, low, high = _parse_check(node, out, screen_id, key)
        ok = ok and good
    good, fields = _parse_field_checks(node, out, screen_id, key, forms.get(key) if action == "submit" else None,
                                       correct)
    ok = ok and good
    if not (ok and key and action):
        return None
    return Rule(correct, key, action, check, value, low, high, direction, node.get("goto"),
                _clean_text(node.get("feedback")), node.get("show"), node.sourceline, fields, tag == "go")


def _parse_step(node, out: _Collector, screen_id: str, targets: dict[str, Target],
                forms: dict[str, dict[str, FieldSpec]]) -> Step | None:
    _check_attrs(node, {"id", "task", "skills", "points"}, {"task"}, out, screen_id)
    points = parse_number(node.get("points", "1"))
    if points is None or points < 0:
        out.add(_("points='{points}' must be a number of 0 or more"), node, screen_id, points=node.get("points"))
        points = 0.0
    skills = _parse_skills(node.get("skills"), node, out, screen_id)
    hints, rules = [], []
    expect_seen = False
    for child in node:
        tag = _tag(child)
        if tag is None:
            continue
        if tag == "hint":
            _check_attrs(child, set(), set(), out, screen_id)
            text = _clean_text(child.text)
            if not text:
                out.add(_("<hint> is empty"), child, screen_id)
            hints.append(text)
        elif tag in _RULE_TAGS:
            expect_seen = expect_seen or tag == "expect"
            rule = _parse_rule(child, out, screen_id, targets, forms)
            if rule is not None:
                rules.append(rule)
        else:
            out.add(_("<step> holds <hint>, <expect>, <wrong> and <go>, not <{tag}>"), child, screen_id, tag=tag)
    if not hints:
        out.add(_("<step> needs at least one <hint> (practice mode shows it after a miss)"), node, screen_id)
    if len(hints) > MAX_HINTS:
        out.add(_("<step> has {count} hints; the most is {most} (text, highlight, show me)"), node, screen_id,
                count=len(hints), most=MAX_HINTS)
    if not expect_seen:
        out.add(_("<step> needs at least one <expect> (the action that moves the learner on)"), node, screen_id)
    if not any(rule.correct for rule in rules):
        return None
    step_id = node.get("id") or screen_id
    return Step(step_id, _clean_text(node.get("task")), skills, float(points), tuple(hints), tuple(rules),
                node.sourceline)


def _parse_screen(node, out: _Collector, apps: dict[str, App]) -> Screen | None:
    screen_id = _parse_id(node, out, "screen")
    _check_attrs(node, {"id", "app", "title", "end"}, {"id"}, out, screen_id)
    if not screen_id:
        return None
    end = node.get("end")
    if end is not None and end not in END_STATES:
        out.add(_("end='{end}' must be 'success' or 'failure'"), node, screen_id, end=end)
    app = node.get("app")
    if app is not None and app not in apps:
        out.add(_("app '{app}' is not declared; add <app id=\"{app}\" name=\"...\"/>"), node, screen_id, app=app)
    widgets, step_nodes = [], []
    for child in node:
        tag = _tag(child)
        if tag is None:
            continue
        if tag == "step":
            step_nodes.append(child)
            continue
        widget = _parse_widget(child, out, screen_id, SCREEN_WIDGETS)
        if widget is not None:
            widgets.append(widget)
    widgets_t = tuple(widgets)
    seen: dict[str, int | None] = {}
    for widget in all_widgets(widgets_t):
        if widget.id is None:
            continue
        if widget.id in seen:
            out.add(_("duplicate widget id '{widget}' (first used on line {line})"), _Line(widget.line), screen_id,
                    widget.id, widget=widget.id, line=seen[widget.id])
        else:
            seen[widget.id] = widget.line
    targets = _targets(widgets_t)
    target_map = {t.key: t for t in targets}
    forms = {w.id: {f.attrs.get("name", ""): field_spec(f) for f in w.children if f.kind == "field"}
             for w in all_widgets(widgets_t) if w.kind == "form" and w.id is not None}
    editable = frozenset(name for form in forms.values() for name, spec in form.items() if not spec.readonly)
    uses_values = any(w.kind == "form" or _widget_placeholders(w) for w in all_widgets(widgets_t))
    step = None
    if len(step_nodes) > 1:
        out.add(_("a screen has at most one <step>; split the work over more screens"), step_nodes[1], screen_id)
    if step_nodes:
        if end is not None:
            out.add(_("an end screen (end='{end}') cannot have a <step>"), step_nodes[0], screen_id, end=end)
        step = _parse_step(step_nodes[0], out, screen_id, target_map, forms)
    return Screen(screen_id, app, _clean_text(node.get("title")), end if end in END_STATES else None,
                  widgets_t, step, tuple(targets), node.sourceline, editable, uses_values)


def field_spec(widget: Widget) -> FieldSpec:
    """The page's view of one `<field>` widget."""
    attrs = widget.attrs
    options = tuple(o.strip() for o in attrs.get("options", "").split("|") if o.strip())
    return FieldSpec(attrs.get("name", ""), attrs.get("label", ""), attrs.get("kind", "text"), options,
                     attrs.get("value", ""), attrs.get("readonly") == "true", attrs.get("placeholder", ""),
                     widget.line)


def _widget_placeholders(widget: Widget) -> list[str]:
    return [name for text in (widget.text, *widget.attrs.values()) for name in placeholders(text)]


def _check_fields(screens: dict[str, Screen], out: _Collector) -> dict[str, FieldSpec]:
    """Every field of the scenario by name; one name is one value, so its kind and options must agree."""
    fields: dict[str, FieldSpec] = {}
    for screen in screens.values():
        here: set[str] = set()
        for widget in all_widgets(screen.widgets):
            if widget.kind != "field":
                continue
            spec = field_spec(widget)
            if spec.name in here:
                out.add(_("field '{name}' appears twice on this screen"), _Line(widget.line), screen.id, spec.name,
                        name=spec.name)
            here.add(spec.name)
            first = fields.setdefault(spec.name, spec)
            if (first.kind, first.options) != (spec.kind, spec.options):
                out.add(_("field '{name}' is a {kind} here but a {first} on line {line} (one name is one value: "
                          "give it the same kind and options)"), _Line(widget.line), screen.id, spec.name,
                        name=spec.name, kind=spec.kind, first=first.kind, line=first.line)
    if len(fields) > MAX_FIELDS:
        out.add(_("the scenario has {count} form fields; the most is {most}"), count=len(fields), most=MAX_FIELDS)
    for screen in screens.values():
        for widget in all_widgets(screen.widgets):
            for name in _widget_placeholders(widget):
                if name not in fields:
                    out.add(_("{{{{{name}}}}} names no form field (fields: {fields})"), _Line(widget.line),
                            screen.id, widget.id, name=name, fields=", ".join(sorted(fields)) or "-")
    return fields


@dataclass(frozen=True)
class _Line:
    sourceline: int | None


def _parse_app(node, out: _Collector) -> App | None:
    app_id = _parse_id(node, out, "app")
    _check_attrs(node, {"id", "name", "public", "color"}, {"id", "name"}, out)
    public = node.get("public", "false")
    if public not in ("true", "false"):
        out.add(_("<app public> must be 'true' (a real public service) or 'false'"), node)
    color = node.get("color", "#1f5fa8")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        out.add(_("<app color='{color}'> must be a colour like #1f5fa8"), node, color=color)
        color = "#1f5fa8"
    if not app_id or not node.get("name"):
        return None
    return App(app_id, node.get("name").strip(), public == "true", color)


def _check_graph(scenario: Scenario, out: _Collector) -> None:
    edges: dict[str, list[tuple[Rule, str]]] = {sid: [] for sid in scenario.screens}
    for screen in scenario.screens.values():
        if screen.step is None:
            continue
        for rule in screen.step.rules:
            if rule.goto is None:
                continue
            if rule.goto not in scenario.screens:
                out.add(_("goto='{goto}' names no screen"), _Line(rule.line), screen.id, rule.target, goto=rule.goto)
            else:
                edges[screen.id].append((rule, rule.goto))
    for screen in scenario.screens.values():
        if screen.end is None and screen.step is None:
            out.add(_("dead end: this screen has no <step> and is not an end state (add end='success' or "
                      "end='failure', or a <step> with an <expect>)"), _Line(screen.line), screen.id)
    if scenario.start not in scenario.screens:
        return
    reachable = _reach(scenario.start, lambda sid: [dst for _rule, dst in edges[sid]])
    for screen in scenario.screens.values():
        if screen.id not in reachable:
            out.add(_("unreachable: no <expect> or <wrong> leads here from the start screen '{start}'"),
                    _Line(screen.line), screen.id, start=scenario.start)
    reverse: dict[str, list[str]] = {sid: [] for sid in scenario.screens}
    for src, outs in edges.items():
        for _rule, dst in outs:
            reverse[dst].append(src)
    ends = [sid for sid, s in scenario.screens.items() if s.end is not None]
    finishing = _reach_many(ends, lambda sid: reverse[sid])
    for sid in sorted(reachable - finishing, key=lambda s: scenario.screens[s].line or 0):
        screen = scenario.screens[sid]
        if screen.end is None and screen.step is not None:
            out.add(_("no end state can be reached from this screen (its paths loop forever)"),
                    _Line(screen.line), sid)
    successes = [sid for sid, s in scenario.screens.items() if s.end == "success"]
    succeeding = _reach_many(successes, lambda sid: reverse[sid])
    if scenario.start not in succeeding:
        out.add(_("no screen with end='success' can be reached from the start screen"))


def _reach(start: str, nexts) -> set[str]:
    return _reach_many([start], nexts)


def _reach_many(starts, nexts) -> set[str]:
    seen, queue = set(starts), deque(starts)
    while queue:
        for nxt in nexts(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _check_brands(root, out: _Collector) -> None:
    for node in root.iter():
        if _tag(node) is None:
            continue
        texts = [node.text or "", *(v for k, v in node.attrib.items() if k not in ("id", "widget", "goto"))]
        for text in texts:
            match = _BRAND_PATTERN.search(text)
            if match:
                out.add(_("'{brand}' is a real commercial brand; use a fictional name (public services such as "
                          "VNeID keep their real names)"), node, brand=match.group(1))


def parse_scenario(text: str | bytes, source: str = "scenario XML") -> Scenario:
    """Parse and validate scenario XML; raises ScenarioError listing every problem with its location."""
    try:
        root = parse_xml(text, source=source)
    except XMLError as exc:
        raise ScenarioError([Problem(exc.line, "", exc.reason)]) from None
    return scenario_from_element(root)


def scenario_from_element(root) -> Scenario:
    """Build a Scenario from an already parsed `<scenario>` element (e.g. a child of the block's OLX)."""
    out = _Collector()
    if _tag(root) != "scenario":
        raise ScenarioError([Problem(root.sourceline, "", Message.of(
            _("the root element must be <scenario>, not <{tag}>"), tag=_tag(root)))])
    _check_attrs(root, {"id", "title", "skills", "start", "scoring"}, {"id", "title", "skills", "start"}, out)
    scenario_id = _parse_id(root, out, "scenario") or ""
    skills = _parse_skills(root.get("skills"), root, out)
    scoring = root.get("scoring", "steps")
    if scoring not in SCORING_RULES:
        out.add(_("scoring='{scoring}' must be one of {choices}"), root, scoring=scoring,
                choices=", ".join(SCORING_RULES))
    apps: dict[str, App] = {}
    screen_nodes, intro = [], ""
    for child in root:
        tag = _tag(child)
        if tag is None:
            continue
        if tag == "app":
            app = _parse_app(child, out)
            if app is None:
                continue
            if app.id in apps:
                out.add(_("duplicate app id '{app}'"), child, app=app.id)
            apps[app.id] = app
        elif tag == "intro":
            _check_attrs(child, set(), set(), out)
            intro = _clean_text(child.text)
        elif tag == "screen":
            screen_nodes.append(child)
        else:
            out.add(_("<scenario> holds <intro>, <app> and <screen>, not <{tag}>"), child, tag=tag)
    screens: dict[str, Screen] = {}
    for node in screen_nodes:
        screen = _parse_screen(node, out, apps)
        if screen is None:
            continue
        if screen.id in screens:
            out.add(_("duplicate screen id '{screen}' (first on line {line})"), node, screen.id, screen=screen.id,
                    line=screens[screen.id].line)
            continue
        screens[screen.id] = screen
    if not screen_nodes:
        out.add(_("a scenario needs at least one <screen>"), root)
    start = root.get("start", "")
    if start and start not in screens and start not in out.screens:
        out.add(_("start='{start}' names no screen"), root, start=start)
    fields = _check_fields(screens, out)
    scenario = Scenario(scenario_id, _clean_text(root.get("title")), skills, start, scoring, intro, apps,
                        screens, fields)
    step_ids: dict[str, str] = {}
    for screen in screens.values():
        if screen.step is None:
            continue
        if screen.step.id in step_ids:
            out.add(_("duplicate step id '{step}' (also on screen '{other}')"), _Line(screen.step.line), screen.id,
                    step=screen.step.id, other=step_ids[screen.step.id])
        step_ids[screen.step.id] = screen.id
    _check_graph(scenario, out)
    _check_brands(root, out)
    if out.problems:
        # Scenario-wide problems point at the <scenario> element.
        out.problems = [p if p.line else Problem(root.sourceline, p.where, p.message)
                        for p in out.problems]
        out.problems.sort(key=lambda p: p.line or 0)
        raise ScenarioError(out.problems)
    return scenario


@lru_cache(maxsize=64)
def load_scenario(text: str) -> Scenario:
    """Parse once per distinct scenario text: handlers call this on every request."""
    return parse_scenario(text)


def scenario_element_text(element) -> str:
    """The scenario as the block stores it: the element's own XML, without the text that follows it."""
    return etree.tostring(element, encoding="unicode", with_tail=False)
