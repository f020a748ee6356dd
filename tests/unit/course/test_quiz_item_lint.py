"""Item-writing rules for every quiz pool of the course (issue 14).

Choices must test judgement, not guessing or reading: no two-option items except genuine true/false
statements (at most 5 % of all items), at least three options otherwise; the right option is not
systematically the longest (at most 35 % of single-choice items); every wrong option says why; every item
explains itself; no item twice in a pool; an item tagged `otp` is about the OTP; practice quizzes
(weight 0) show the explanation after each attempt. The measuring functions are tested first on
hand-made items, so the figures below can be trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from xblocks.quiz.questions import Choice, Question, Quiz, QuizSettings, parse_quiz

from .conftest import COURSE_ROOT

POOLS = sorted((COURSE_ROOT / "auto_quiz").glob("*.xml"))
CHOICE_TYPES = {"single", "multiple", "dropdown"}
SINGLE_TYPES = {"single", "dropdown"}
TRUE_FALSE = {"đúng", "sai"}
MAX_TWO_OPTION_SHARE = 0.05
MAX_LONGEST_CORRECT_SHARE = 0.35
MAX_SHORTEST_CORRECT_SHARE = 0.5  # nor, the other way round, systematically the shortest


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def is_true_false(question: Question) -> bool:
    """A genuine true/false statement: exactly the two options "Đúng" and "Sai"."""
    return {plain(c.html).lower() for c in question.choices} == TRUE_FALSE


def _lengths(question: Question) -> tuple[list[int], list[int]]:
    right = [len(plain(c.html)) for c in question.choices if c.correct]
    wrong = [len(plain(c.html)) for c in question.choices if not c.correct]
    return right, wrong


def correct_is_longest(question: Question) -> bool:
    """The one right option is strictly longer than every wrong one (a give-away to test-wise learners)."""
    right, wrong = _lengths(question)
    return len(right) == 1 and bool(wrong) and right[0] > max(wrong)


def correct_is_shortest(question: Question) -> bool:
    right, wrong = _lengths(question)
    return len(right) == 1 and bool(wrong) and right[0] < min(wrong)


@dataclass
class Lint:
    """What the rules found over a set of pools, with the figures the issue asks for."""

    items: int = 0
    two_option: list[str] = field(default_factory=list)
    single_choice: int = 0
    longest_correct: list[str] = field(default_factory=list)
    shortest_correct: list[str] = field(default_factory=list)
    with_explanation: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def two_option_share(self) -> float:
        return len(self.two_option) / self.items if self.items else 0.0

    @property
    def longest_correct_share(self) -> float:
        return len(self.longest_correct) / self.single_choice if self.single_choice else 0.0

    @property
    def shortest_correct_share(self) -> float:
        return len(self.shortest_correct) / self.single_choice if self.single_choice else 0.0


def lint(pools: dict[str, Quiz]) -> Lint:
    """Check every item of every pool against the item-writing rules."""
    found = Lint()
    for name, quiz in pools.items():
        if quiz.settings.weight == 0 and quiz.settings.show_answer != "after_each":
            found.problems.append(f"{name}: a practice quiz must show the explanation after each attempt")
        prompts: dict[str, str] = {}
        for q in quiz.questions:
            where = f"{name}:{q.id}"
            found.items += 1
            key = plain(q.prompt).lower()
            if key in prompts:
                found.problems.append(f"{where}: the same question as {prompts[key]}")
            prompts[key] = q.id
            if q.explanation.strip():
                found.with_explanation += 1
            else:
                found.problems.append(f"{where}: no explanation")
            if "otp" in q.tags and "otp" not in (q.prompt + " ".join(c.html for c in q.choices)).lower():
                found.problems.append(f"{where}: tagged otp but not about the OTP")
            if q.type not in CHOICE_TYPES:
                continue
            if len(q.choices) == 2:
                found.two_option.append(where)
                if not is_true_false(q):
                    found.problems.append(f"{where}: two options that are not a true/false statement")
            elif len(q.choices) < 2:
                found.problems.append(f"{where}: fewer than two options")
            for c in q.choices:
                if not c.correct and not c.feedback.strip():
                    found.problems.append(f"{where}: wrong option '{c.id}' does not say why")
            if q.type in SINGLE_TYPES:
                found.single_choice += 1
                if correct_is_longest(q):
                    found.longest_correct.append(where)
                if correct_is_shortest(q):
                    found.shortest_correct.append(where)
    if found.two_option_share > MAX_TWO_OPTION_SHARE:
        found.problems.append(f"{found.two_option_share:.0%} of items have two options (at most 5 %)")
    if found.longest_correct_share > MAX_LONGEST_CORRECT_SHARE:
        found.problems.append(f"the right option is the longest in {found.longest_correct_share:.0%} "
                              "of single-choice items (at most 35 %)")
    if found.shortest_correct_share > MAX_SHORTEST_CORRECT_SHARE:
        found.problems.append(f"the right option is the shortest in {found.shortest_correct_share:.0%} "
                              "of single-choice items (at most 50 %)")
    return found


def course_pools(paths: list[Path] = POOLS) -> dict[str, Quiz]:
    return {p.stem: parse_quiz(p.read_text(encoding="utf-8"), source=p.name) for p in paths}


# The measures, on hand-made items ------------------------------------------------------------------
def _q(qid: str, choices: list[tuple[str, bool, str]], explanation: str = "Vì vậy.", **kw) -> Question:
    return Question(id=qid, type=kw.pop("type", "single"), prompt=f"<p>Câu {qid}?</p>", explanation=explanation,
                    choices=tuple(Choice(id=f"c{i}", html=text, correct=ok, feedback=fb)
                                  for i, (text, ok, fb) in enumerate(choices)), **kw)


def test_the_rules_catch_each_defect():
    bad = Quiz(QuizSettings(weight=0, show_answer="after_final"), (
        _q("a", [("Có", True, ""), ("Không", False, "Sai vì...")]),                   # two options, not true/false
        _q("b", [("Một câu trả lời dài dòng đúng", True, ""), ("Ngắn", False, "x"), ("Cụt", False, "y")]),
        _q("c", [("AAA", True, ""), ("B", False, ""), ("C", False, "z")], explanation=""),  # no why, no explanation
        _q("c2", [("AAA", True, ""), ("B", False, "b"), ("C", False, "z")], tags=("otp",)),  # not about OTP
    ))
    found = lint({"bad": bad})
    text = "\n".join(found.problems)
    assert "practice quiz" in text
    assert "bad:a: two options that are not a true/false statement" in text
    assert "bad:c: wrong option 'c1' does not say why" in text and "bad:c: no explanation" in text
    assert "bad:c2: tagged otp" in text
    assert found.longest_correct == ["bad:b", "bad:c", "bad:c2"] and found.single_choice == 4
    assert "of items have two options" in text and "the right option is the longest" in text
    short = lint({"short": Quiz(QuizSettings(), tuple(
        _q(f"s{i}", [("A", True, ""), ("Dài hơn", False, "vì"), ("Khác hẳn", False, "vì")]) for i in range(3)))})
    assert short.shortest_correct == ["short:s0", "short:s1", "short:s2"]
    assert any("the right option is the shortest" in p for p in short.problems)


def test_a_true_false_statement_and_a_well_made_item_pass():
    good = Quiz(QuizSettings(), (
        _q("tf", [("Đúng", False, "Không đúng vì..."), ("Sai", True, "")]),
        *[_q(f"g{i}", [("Ngắn", True, ""), ("Dài hơn một chút", False, "vì"), ("Khác", False, "vì")])
          for i in range(25)],
    ))
    found = lint({"good": good})
    assert found.problems == [] and found.two_option == ["good:tf"]


# The course ------------------------------------------------------------------------------------------
def test_every_pool_follows_the_item_writing_rules():
    found = lint(course_pools())
    print(f"items={found.items} two-option={len(found.two_option)} ({found.two_option_share:.1%}) "
          f"longest-correct={len(found.longest_correct)}/{found.single_choice} "
          f"({found.longest_correct_share:.1%}) shortest-correct={len(found.shortest_correct)} "
          f"({found.shortest_correct_share:.1%}) with-explanation={found.with_explanation}")
    assert found.problems == [], "\n".join(found.problems)


@pytest.mark.parametrize("path", POOLS, ids=lambda p: p.stem)
def test_each_pool_still_parses_and_can_draw_its_pick(path):
    quiz = course_pools([path])[path.stem]
    assert quiz.settings.pick is not None and quiz.settings.pick <= len(quiz.questions)
