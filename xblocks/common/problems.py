"""What every validator reports (pure): problems with their line and place, all collected before refusing.

Authors write scenarios and quizzes by hand, so a validator never stops at the first mistake: it adds each
to a `ProblemCollector` and raises them together. Both blocks' validators use this one pair.

Validators are pure and run before anyone knows the author's language, so a problem keeps its text as a
`Message`: a `_`-marked English msgid with named values. `str()` gives English (the command line, logs,
tests); Studio handlers render it through the block's i18n service (`Problem.as_dict(gettext)`), which is
how the author sees "dòng 12, màn hình 'home': …" in a Vietnamese Studio.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .text import _

Gettext = Callable[[str], str]

LINE = _("line {line}")


def _english(msgid: str) -> str:
    return msgid


@dataclass(frozen=True)
class Message:
    """A marked msgid and its named values (which may be Messages themselves), translated when shown."""

    msgid: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, msgid: str, **values) -> Message:
        """`Message.of(_("line {line}"), line=3)`: the msgid must be a literal inside `_()` for extraction."""
        return cls(msgid, tuple(values.items()))

    def render(self, gettext: Gettext = _english) -> str:
        """The text in the language of `gettext` (English without one); a broken translation falls back."""
        values = {name: render(value, gettext) for name, value in self.values}
        try:
            return gettext(self.msgid).format(**values)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**values)

    def __str__(self) -> str:
        return self.render()


def render(value: object, gettext: Gettext = _english) -> object:
    """A Message as text in `gettext`'s language; anything else unchanged (so `{low:g}` still formats a number)."""
    return value.render(gettext) if isinstance(value, Message) else value


@dataclass(frozen=True)
class Problem:
    """One thing an author must fix: its line, where it is (e.g. "screen 'home', widget 'ok'") and what."""

    line: int | None
    where: Message | str
    message: Message | str

    def text(self, gettext: Gettext = _english) -> str:
        """"line 12, screen 'home': …" in the language of `gettext`."""
        parts = [Message.of(LINE, line=self.line).render(gettext) if self.line else "",
                 str(render(self.where, gettext))]
        prefix = ", ".join(part for part in parts if part)
        message = str(render(self.message, gettext))
        return f"{prefix}: {message}" if prefix else message

    def __str__(self) -> str:
        return self.text()

    def as_dict(self, gettext: Gettext = _english) -> dict:
        """What a Studio handler replies: the line (for the editor's gutter) and the text, translated."""
        return {"line": self.line, "where": str(render(self.where, gettext)),
                "message": str(render(self.message, gettext)), "text": self.text(gettext)}


@dataclass
class ProblemCollector:
    problems: list[Problem] = field(default_factory=list)

    def add(self, node, where: Message | str, message: str, /, **values) -> None:
        """Record the marked msgid `message` (with its named `values`) at `node`'s source line and `where`."""
        line = getattr(node, "sourceline", None) if node is not None else None
        self.problems.append(Problem(line, where, Message.of(message, **values)))
