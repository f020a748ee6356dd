"""Completion policy: which blocks a target group must pass before its certificate is issued.

Pure: reads `course_content/certificate_policy.json` and the course's OLX tree
(course.xml -> course/<run>.xml -> chapter -> sequential -> vertical -> block, by url_name) and
evaluates a learner's block results. No Django, no XBlock: the same rule runs in the worker, the CLI
and the tests.

Scores follow Open edX's weighted score: a block contributes weight × earned / possible of its
`weight` points (weight defaults to 1; a block with no result yet contributes 0 of its weight).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graders.course_olx import load_course

GRADED_BLOCK_TYPES = frozenset({"phone_sim", "auto_quiz"})


class PolicyError(ValueError):
    """The policy or the course tree cannot be used; the message says which file and what to fix."""


@dataclass(frozen=True)
class GradedBlock:
    url_name: str
    block_type: str
    chapter: str
    weight: float = 1.0


@dataclass(frozen=True)
class CourseUnit:
    """One vertical and its child blocks (block_type, url_name) in course order."""

    chapter: str
    url_name: str
    display_name: str
    children: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CourseStructure:
    course_id: str
    chapters: tuple[str, ...]
    blocks: Mapping[str, GradedBlock]  # url_name -> graded block
    units: tuple[CourseUnit, ...] = ()

    def chapter_blocks(self, chapter: str) -> list[GradedBlock]:
        return [block for block in self.blocks.values() if block.chapter == chapter]


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria: str
    achievement_type: str = "Certificate"


@dataclass(frozen=True)
class GroupRule:
    group: str
    label: str
    achievement: str
    required_modules: tuple[str, ...]
    required_blocks: tuple[str, ...] = ()
    min_module_score: float = 0.0
    min_course_score: float = 0.0


@dataclass(frozen=True)
class CompletionPolicy:
    course_id: str
    default_achievement: str
    achievements: Mapping[str, Achievement]
    groups: Mapping[str, GroupRule]
    structure: CourseStructure
    default_group: str = ""

    def rule_for(self, group: str) -> GroupRule:
        """The rule of `group`; learners with no (or an unknown) group follow the default group."""
        return self.groups.get(group) or self.groups[self.default_group]


@dataclass(frozen=True)
class BlockResult:
    """A learner's latest result on one block (as stored by intake)."""

    earned: float | None = None
    possible: float | None = None
    completed: bool = False

    @property
    def fraction(self) -> float:
        if not self.possible or self.earned is None:
            return 0.0
        return max(0.0, min(1.0, self.earned / self.possible))


@dataclass(frozen=True)
class Evaluation:
    completed: bool
    group: str
    achievement_id: str
    module_scores: Mapping[str, float]
    course_score: float
    unmet: tuple[str, ...] = field(default_factory=tuple)


def _weighted(blocks: list[GradedBlock], results: Mapping[str, BlockResult]) -> tuple[float, float]:
    earned = sum(block.weight * results.get(block.url_name, BlockResult()).fraction for block in blocks)
    return earned, sum(block.weight for block in blocks)


def evaluate(policy: CompletionPolicy, group: str, results: Mapping[str, BlockResult]) -> Evaluation:
    """Decide whether a learner of `group` with these block results has completed their track."""
    rule = policy.rule_for(group)
    unmet: list[str] = []
    module_scores: dict[str, float] = {}
    counted: dict[str, GradedBlock] = {}
    for chapter in rule.required_modules:
        blocks = policy.structure.chapter_blocks(chapter)
        counted.update((block.url_name, block) for block in blocks)
        earned, possible = _weighted(blocks, results)
        score = earned / possible if possible else 0.0
        module_scores[chapter] = round(score, 6)
        if score + 1e-9 < rule.min_module_score:
            unmet.append(f"module {chapter}: {score:.0%} < {rule.min_module_score:.0%}")
    for url_name in rule.required_blocks:
        block = policy.structure.blocks[url_name]
        counted[url_name] = block
        result = results.get(url_name, BlockResult())
        if not result.completed or result.fraction + 1e-9 < rule.min_module_score:
            unmet.append(f"block {url_name}: not completed with {rule.min_module_score:.0%}")
    earned, possible = _weighted(list(counted.values()), results)
    course_score = earned / possible if possible else 0.0
    if course_score + 1e-9 < rule.min_course_score:
        unmet.append(f"course: {course_score:.0%} < {rule.min_course_score:.0%}")
    return Evaluation(
        completed=not unmet,
        group=rule.group,
        achievement_id=rule.achievement,
        module_scores=module_scores,
        course_score=round(course_score, 6),
        unmet=tuple(unmet),
    )


# Loading ------------------------------------------------------------------------------------------
def load_structure(course_dir: Path) -> CourseStructure:
    """The course's graded blocks (chapter, weight) and units, read by graders.course_olx as Open edX would."""
    course, problems = load_course(Path(course_dir), require_block_files=False)
    if problems or course is None:
        raise PolicyError(f"course folder {course_dir}: " + "; ".join(problems))
    blocks: dict[str, GradedBlock] = {}
    units: list[CourseUnit] = []
    for chapter, _sequential, vertical in course.units():
        for block in vertical.children:
            if block.type not in GRADED_BLOCK_TYPES:
                continue
            if block.url_name in blocks:
                raise PolicyError(f"block url_name {block.url_name!r} appears twice in the course")
            weight = 1.0 if block.weight is None else block.weight
            blocks[block.url_name] = GradedBlock(block.url_name, block.type, chapter.url_name, weight)
        units.append(CourseUnit(chapter.url_name, vertical.url_name, vertical.display_name,
                                tuple((block.type, block.url_name) for block in vertical.children)))
    return CourseStructure(course.course_id, tuple(c.url_name for c in course.top.children), blocks, tuple(units))


def _score(value, where: str) -> float:
    if not isinstance(value, int | float) or not 0 <= value <= 1:
        raise PolicyError(f"{where}: must be a number between 0 and 1, got {value!r}")
    return float(value)


def parse_policy(data: Mapping, structure: CourseStructure,
                 source: str = "certificate_policy.json") -> CompletionPolicy:
    """Check a policy document against the course tree; every problem names the group and field."""
    if not isinstance(data, Mapping):
        raise PolicyError(f"{source}: the top level must be a JSON object")
    course_id = data.get("course_id")
    if course_id != structure.course_id:
        raise PolicyError(f"{source}: course_id {course_id!r} does not match the course tree ({structure.course_id})")
    achievements = {}
    for achievement_id, raw in (data.get("achievements") or {}).items():
        if not isinstance(raw, Mapping) or not raw.get("name"):
            raise PolicyError(f"{source}: achievement {achievement_id!r} needs at least a name")
        achievements[achievement_id] = Achievement(
            id=achievement_id, name=raw["name"], description=raw.get("description", ""),
            criteria=raw.get("criteria", ""), achievement_type=raw.get("achievement_type", "Certificate"),
        )
    default_achievement = data.get("default_achievement")
    if default_achievement not in achievements:
        raise PolicyError(f"{source}: default_achievement {default_achievement!r} is not in achievements")
    groups = {}
    for group, raw in (data.get("groups") or {}).items():
        where = f"{source}: group {group!r}"
        if not isinstance(raw, Mapping):
            raise PolicyError(f"{where}: must be an object")
        achievement = raw.get("achievement", default_achievement)
        if achievement not in achievements:
            raise PolicyError(f"{where}: achievement {achievement!r} is not in achievements")
        modules = tuple(raw.get("required_modules") or ())
        required_blocks = tuple(raw.get("required_blocks") or ())
        if not modules and not required_blocks:
            raise PolicyError(f"{where}: list required_modules (chapter url_names) or required_blocks")
        for chapter in modules:
            if chapter not in structure.chapters:
                raise PolicyError(f"{where}: required module {chapter!r} is not a chapter of the course")
            if not structure.chapter_blocks(chapter):
                raise PolicyError(f"{where}: required module {chapter!r} has no graded block to score")
        for url_name in required_blocks:
            if url_name not in structure.blocks:
                raise PolicyError(f"{where}: required block {url_name!r} is not a graded block of the course")
        groups[group] = GroupRule(
            group=group, label=raw.get("label", group), achievement=achievement,
            required_modules=modules, required_blocks=required_blocks,
            min_module_score=_score(raw.get("min_module_score", 0.0), f"{where}: min_module_score"),
            min_course_score=_score(raw.get("min_course_score", 0.0), f"{where}: min_course_score"),
        )
    if not groups:
        raise PolicyError(f"{source}: define at least one group")
    default_group = data.get("default_group") or next(iter(groups))
    if default_group not in groups:
        raise PolicyError(f"{source}: default_group {default_group!r} is not in groups")
    return CompletionPolicy(course_id, default_achievement, achievements, groups, structure, default_group)


def load_policy(course_dir: Path) -> CompletionPolicy:
    """The completion policy of the OLX course in `course_dir` (its certificate_policy.json)."""
    course_dir = Path(course_dir)
    structure = load_structure(course_dir)
    path = course_dir / "certificate_policy.json"
    if not path.is_file():
        raise PolicyError(f"{path}: missing; the course needs a certificate policy")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise PolicyError(f"{path}: not valid JSON ({error})") from error
    return parse_policy(data, structure, source=str(path))
