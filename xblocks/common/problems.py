"""What every validator reports (pure): problems with their line and place, all collected before refusing.

Authors write scenarios and quizzes by hand, so a validator never stops at the first mistake: it adds each
to a `ProblemCollector` and raises them together. Both blocks' validators use this one pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing an author must fix: its line, where it is (e.g. "screen 'home', widget 'ok'") and what."""

    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        parts = [f"line {self.line}" if self.line else "", self.where]
        prefix = ", ".join(part for part in parts if part)
        return f"{prefix}: {self.message}" if prefix else self.message

    def as_dict(self) -> dict:
        return {"line": self.line, "where": self.where, "message": self.message, "text": str(self)}


@dataclass
class ProblemCollector:
    problems: list[Problem] = field(default_factory=list)

    def add(self, node, where: str, message: str) -> None:
        """Record `message` at `node`'s source line (None: no line) and place `where`."""
        line = getattr(node, "sourceline", None) if node is not None else None
        self.problems.append(Problem(line, where, message))
