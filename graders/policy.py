"""Certificate policy: the one reader and validator of `certificate_policy.json` (docs/certificates.md).

Which blocks a target group must pass, and which achievement it then earns. Pure: reads a course's
certificate_policy.json and OLX tree (course.xml -> course/<run>.xml -> chapter -> sequential ->
vertical -> block, by url_name), adds overlays (JSON files that may only add achievements and groups,
e.g. the demo's short track), and evaluates a learner's block results. No Django, no XBlock: the
pipeline, issuing, the achievement pages, scripts/build_course and the tests all read policies here.

Scores follow Open edX's weighted score: a block contributes weight × earned / possible of its
`weight` points (weight defaults to 1; a block with no result yet contributes 0 of its weight).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graders.course_olx import Course, load_course
from graders.credentials.credential import Achievement

GRADED_BLOCK_TYPES = frozenset({"phone_sim", "auto_quiz"})


class PolicyError(ValueError):
    """The policy or the course tree cannot be used; `problems` lists each file, field and fix."""

    def __init__(self, problems: str | Sequence[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems:\n" + "\n".join(f"- {p}" for p in self.problems)
        super().__init__(message)


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
    chapter_names: Mapping[str, str] = field(default_factory=dict)  # chapter url_name -> display name

    def chapter_blocks(self, chapter: str) -> list[GradedBlock]:
        return [block for block in self.blocks.values() if block.chapter == chapter]


@dataclass(frozen=True)
class GroupRule:
    group: str
    label: str
    achievement: str
    required_modules: tuple[str, ...]
    required_blocks: tuple[str, ...] = ()
    min_module_score: float = 0.0
    min_course_score: float = 0.0
    # A learner may choose this group themselves (ordinary citizens, students); other groups (civil
    # servants, workers) are assigned by their agency or employer, never self-declared.
    self_declared: bool = False


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

    def self_declared_groups(self) -> list[GroupRule]:
        """The groups a learner may choose on their own, in policy order."""
        return [rule for rule in self.groups.values() if rule.self_declared]

    def unit_title(self, url_name: str) -> str:
        """What a learner calls a graded block: the title of the unit that holds it."""
        for unit in self.structure.units:
            if any(child == url_name for _type, child in unit.children):
                return unit.display_name or url_name
        return url_name


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
class Requirement:
    """One thing a learner's track requires (a module or a single block), with where they stand."""

    kind: str  # "module" or "block"
    key: str  # chapter or block url_name
    title: str
    score: float  # 0..1
    threshold: float  # 0..1
    met: bool


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


def requirements(policy: CompletionPolicy, group: str, results: Mapping[str, BlockResult]) -> list[Requirement]:
    """Each requirement of the learner's track in policy order, scored as `evaluate` scores it.

    Why a second view of the same rule: a learner needs "what is left" item by item, while the
    pipeline needs one yes/no; both come from this module so they can never disagree."""
    rule = policy.rule_for(group)
    rows = []
    for chapter in rule.required_modules:
        earned, possible = _weighted(policy.structure.chapter_blocks(chapter), results)
        score = earned / possible if possible else 0.0
        rows.append(Requirement("module", chapter, policy.structure.chapter_names.get(chapter) or chapter,
                                round(score, 6), rule.min_module_score, score + 1e-9 >= rule.min_module_score))
    for url_name in rule.required_blocks:
        result = results.get(url_name, BlockResult())
        met = result.completed and result.fraction + 1e-9 >= rule.min_module_score
        rows.append(Requirement("block", url_name, policy.unit_title(url_name), round(result.fraction, 6),
                                rule.min_module_score, met))
    return rows


# Loading ------------------------------------------------------------------------------------------
POLICY_FILE = "certificate_policy.json"
OVERLAY_SECTIONS = ("achievements", "groups")  # what an overlay may add; it never changes the course's own
ACHIEVEMENT_TEXTS = ("name", "description", "criteria", "achievement_type")
SCORES = ("min_module_score", "min_course_score")


class UnknownAchievementError(LookupError):
    """No configured course defines the achievement asked for; the message lists what exists."""


def course_structure(course: Course) -> CourseStructure:
    """The course's graded blocks (chapter, weight) and units, from a course read by graders.course_olx."""
    blocks: dict[str, GradedBlock] = {}
    units: list[CourseUnit] = []
    twice: list[str] = []
    for chapter, _sequential, vertical in course.units():
        for block in vertical.children:
            if block.type not in GRADED_BLOCK_TYPES:
                continue
            if block.url_name in blocks:
                twice.append(f"{course.where(block.path)}: graded block url_name {block.url_name!r} appears "
                             "twice in the course (progress is recorded by url_name)")
            weight = 1.0 if block.weight is None else block.weight
            blocks[block.url_name] = GradedBlock(block.url_name, block.type, chapter.url_name, weight)
        units.append(CourseUnit(chapter.url_name, vertical.url_name, vertical.display_name,
                                tuple((block.type, block.url_name) for block in vertical.children)))
    if twice:
        raise PolicyError(twice)
    return CourseStructure(course.course_id, tuple(c.url_name for c in course.top.children), blocks, tuple(units),
                           {chapter.url_name: chapter.display_name for chapter in course.top.children})


def load_structure(course_dir: Path) -> CourseStructure:
    """The course tree as graders sees it, read by graders.course_olx as Open edX would."""
    course, problems = load_course(Path(course_dir), require_block_files=False)
    if problems or course is None:
        raise PolicyError(f"course folder {course_dir}: " + "; ".join(problems))
    return course_structure(course)


def read_policy_file(path: Path, source: str | None = None) -> Mapping:
    """A policy or overlay file's JSON object; `source` is how problems name the file (default: its path)."""
    source = source or str(path)
    if not Path(path).is_file():
        raise PolicyError(f"{source}: missing")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise PolicyError(f"{source}: not valid JSON ({error})") from error
    if not isinstance(data, Mapping):
        raise PolicyError(f"{source}: must hold a JSON object")
    return data


def _is_score(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1


def _text(value: object) -> str:
    """The text of a field ("" when there is none); criteria may be written as Open Badges'
    {"narrative": text}, the form a credential carries it in."""
    if isinstance(value, Mapping):
        value = value.get("narrative")
    return value if isinstance(value, str) and value.strip() else ""


class _Problems(list):
    def add(self, source: str, field_path: str, what: str) -> None:
        self.append(f"{source}: {field_path}: {what}")


def _overlay_entries(course_id: str, overlays: Sequence[tuple[str, Mapping]],
                     course: Mapping[str, Mapping], problems: _Problems) -> dict[str, dict[str, tuple[str, object]]]:
    """The overlays' additions, by section and name, each with the file it came from."""
    added: dict[str, dict[str, tuple[str, object]]] = {section: {} for section in OVERLAY_SECTIONS}
    for source, overlay in overlays:
        unknown = sorted(set(overlay) - {*OVERLAY_SECTIONS, "course_id"} - {k for k in overlay if k.startswith("_")})
        if unknown:
            problems.append(f"{source}: only {', '.join(OVERLAY_SECTIONS)} can be added to a course's policy, "
                            f"not {', '.join(unknown)}")
        if "course_id" in overlay and overlay["course_id"] != course_id:
            problems.add(source, "course_id", f"{overlay['course_id']!r} is not this course ({course_id})")
        for section in OVERLAY_SECTIONS:
            entries = overlay.get(section) or {}
            if not isinstance(entries, Mapping):
                problems.add(source, section, "must be an object")
                continue
            for name, raw in entries.items():
                if name in course[section] or name in added[section]:
                    problems.add(source, f"{section}.{name}", "already exists in the course's policy; an overlay "
                                 "only adds names of its own")
                else:
                    added[section][name] = (source, raw)
    return added


def _achievements(entries: Mapping[str, tuple[str, object]], problems: _Problems) -> dict[str, Achievement]:
    achievements = {}
    for key, (source, raw) in entries.items():
        where = f"achievements.{key}"
        if not isinstance(raw, Mapping):
            problems.add(source, where, "must be an object")
            continue
        texts = {name: _text(raw.get(name)) for name in ACHIEVEMENT_TEXTS}
        for name in ACHIEVEMENT_TEXTS:
            if not texts[name]:
                problems.add(source, f"{where}.{name}", "needs a non-empty text")
        achievements[key] = Achievement(key=key, **texts)
    return achievements


def _group(group: str, source: str, raw: object, achievements: Mapping[str, Achievement],
           structure: CourseStructure, problems: _Problems) -> GroupRule | None:
    where = f"groups.{group}"
    if not isinstance(raw, Mapping):
        problems.add(source, where, "must be an object")
        return None
    before = len(problems)
    achievement = raw.get("achievement")
    if achievement not in achievements:
        problems.add(source, f"{where}.achievement", f"{achievement!r} is not in achievements")
    label = raw.get("label", group)
    if not isinstance(label, str) or not label.strip():
        problems.add(source, f"{where}.label", "must be a non-empty text")
    lists = {}
    for name, kind in (("required_modules", "chapter url_names"), ("required_blocks", "graded block url_names")):
        value = raw.get(name) or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.add(source, f"{where}.{name}", f"must be a list of {kind}")
            value = []
        lists[name] = tuple(value)
    modules, blocks = lists["required_modules"], lists["required_blocks"]
    if not modules and not blocks:
        problems.add(source, where, "list required_modules (chapter url_names) or required_blocks; it requires nothing")
    for chapter in modules:
        if chapter not in structure.chapters:
            problems.add(source, f"{where}.required_modules", f"{chapter!r} is not a chapter of the course")
        elif not structure.chapter_blocks(chapter):
            problems.add(source, f"{where}.required_modules", f"{chapter!r} has no graded block to score")
    for url_name in blocks:
        if url_name not in structure.blocks:
            problems.add(source, f"{where}.required_blocks", f"{url_name!r} is not a graded block of the course")
    # A track over modules states both thresholds; one over single blocks (each must reach
    # min_module_score) may leave min_course_score out: it has no course threshold of its own.
    required_scores = SCORES if modules else SCORES[:1]
    self_declared = raw.get("self_declared", False)
    if not isinstance(self_declared, bool):
        problems.add(source, f"{where}.self_declared", f"must be true or false, got {self_declared!r}")
    for name in SCORES:
        if name not in raw and name in required_scores:
            problems.add(source, f"{where}.{name}", "missing; give a number in (0, 1]")
        elif name in raw and not _is_score(raw[name]):
            problems.add(source, f"{where}.{name}", f"must be a number in (0, 1], got {raw[name]!r}")
    if len(problems) > before:
        return None
    return GroupRule(group=group, label=label, achievement=achievement, required_modules=modules,
                     required_blocks=blocks, min_module_score=float(raw["min_module_score"]),
                     min_course_score=float(raw.get("min_course_score", 0.0)), self_declared=self_declared)


def parse_policy(data: Mapping, structure: CourseStructure, source: str = POLICY_FILE,
                 overlays: Sequence[tuple[str, Mapping]] = ()) -> CompletionPolicy:
    """Check a policy document (plus overlays: (file name, JSON object)) against the course tree.

    Every problem is collected before anything is refused, so an author fixes them all in one go;
    each names its file and field."""
    problems = _Problems()
    if not isinstance(data, Mapping):
        raise PolicyError(f"{source}: must hold a JSON object")
    course_id = data.get("course_id")
    if course_id != structure.course_id:
        problems.add(source, "course_id", f"{course_id!r} does not match the course tree ({structure.course_id})")
    own: dict[str, Mapping] = {}
    for section in OVERLAY_SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, Mapping) or not entries:
            problems.add(source, section, f"must be an object with at least one of the course's {section}")
            entries = {}
        own[section] = entries
    added = _overlay_entries(structure.course_id, overlays, own, problems)
    entries = {section: {**{name: (source, raw) for name, raw in own[section].items()}, **added[section]}
               for section in OVERLAY_SECTIONS}
    achievements = _achievements(entries["achievements"], problems)
    default_achievement = data.get("default_achievement")
    if default_achievement not in own["achievements"]:
        problems.add(source, "default_achievement", f"{default_achievement!r} is not in achievements")
    groups = {}
    for group, (group_source, raw) in entries["groups"].items():
        rule = _group(group, group_source, raw, achievements, structure, problems)
        if rule is not None:
            groups[group] = rule
    default_group = data.get("default_group") or next(iter(own["groups"]), None)
    if "default_group" in data and default_group not in own["groups"]:
        problems.add(source, "default_group", f"{default_group!r} is not in groups")
    if problems:
        raise PolicyError(problems)
    return CompletionPolicy(course_id, default_achievement, achievements, groups, structure, default_group)


def load_policy(course_dir: Path, overlays: Sequence[Path] = ()) -> CompletionPolicy:
    """The completion policy of the OLX course in `course_dir` (its certificate_policy.json), with the
    achievements and groups of `overlays` (JSON files) added."""
    course_dir = Path(course_dir)
    structure = load_structure(course_dir)
    data = read_policy_file(course_dir / POLICY_FILE)
    return parse_policy(data, structure, str(course_dir / POLICY_FILE),
                        [(str(path), read_policy_file(Path(path))) for path in overlays])


@dataclass(frozen=True)
class StoredPolicy:
    """A course's policy document and tree kept where no course folder exists (an installed LMS keeps
    them in its database: graders.models.CoursePolicy, loaded by `hocvuso policy load`)."""

    source: str  # how problems name it, e.g. "database: course-v1:Org+C+R (from course.tar.gz)"
    document: Mapping
    structure: CourseStructure


def structure_to_data(structure: CourseStructure) -> dict:
    """The course tree graders needs, as JSON-ready data (the inverse of structure_from_data)."""
    return {
        "course_id": structure.course_id,
        "chapters": list(structure.chapters),
        "blocks": [[b.url_name, b.block_type, b.chapter, b.weight] for b in structure.blocks.values()],
        "units": [[u.chapter, u.url_name, u.display_name, [list(child) for child in u.children]]
                  for u in structure.units],
    }


def structure_from_data(data: Mapping) -> CourseStructure:
    """A course tree stored by structure_to_data."""
    blocks = {url_name: GradedBlock(url_name, block_type, chapter, float(weight))
              for url_name, block_type, chapter, weight in data["blocks"]}
    units = tuple(CourseUnit(chapter, url_name, display_name, tuple(tuple(child) for child in children))
                  for chapter, url_name, display_name, children in data["units"])
    return CourseStructure(data["course_id"], tuple(data["chapters"]), blocks, units)


def read_course_policy(course_dir: Path) -> StoredPolicy:
    """A course folder's policy and tree, checked as intake will use them (overlays aside), ready to store."""
    course_dir = Path(course_dir)
    structure = load_structure(course_dir)
    policy_file = course_dir / POLICY_FILE
    if not policy_file.is_file():
        raise PolicyError(f"{course_dir}: the course has no {POLICY_FILE}; without it no certificate can be "
                          "issued for this course (docs/certificates.md describes the file)")
    document = read_policy_file(policy_file)
    parse_policy(document, structure, str(policy_file))
    return StoredPolicy(str(policy_file), document, structure)


def load_policies(course_dirs: Sequence[Path], overlays: Sequence[Path] = (),
                  stored: Sequence[StoredPolicy] = ()) -> dict[str, CompletionPolicy]:
    """Every configured course's policy, by course id, each with the overlays that name its course_id:
    the course folders' and the `stored` ones (kept in the database where no course folder exists).

    An overlay without a course_id belongs to the only configured course. Achievement ids are unique
    across the courses: a certificate (and its public achievement page) is keyed by the id alone."""
    structures: dict[str, tuple[str, CourseStructure, Callable[[], Mapping]]] = {}
    problems: list[str] = []

    def add(source: str, structure: CourseStructure, document: Callable[[], Mapping]) -> None:
        if structure.course_id in structures:
            problems.append(f"{source}: course {structure.course_id} is configured twice "
                            f"(also {structures[structure.course_id][0]})")
        structures[structure.course_id] = (source, structure, document)

    for course_dir in course_dirs:
        try:
            structure = load_structure(Path(course_dir))
        except PolicyError as error:
            problems += error.problems
            continue
        policy_file = Path(course_dir) / POLICY_FILE
        add(str(policy_file), structure, lambda policy_file=policy_file: read_policy_file(policy_file))
    for stored_policy in stored:
        add(stored_policy.source, stored_policy.structure, lambda stored_policy=stored_policy: stored_policy.document)
    overlays_of: dict[str, list[tuple[str, Mapping]]] = {course_id: [] for course_id in structures}
    for path in overlays:
        try:
            overlay = read_policy_file(Path(path))
        except PolicyError as error:
            problems += error.problems
            continue
        course_id = overlay.get("course_id")
        if course_id is None and len(structures) == 1:
            course_id = next(iter(structures))
        if course_id is None:
            problems.append(f"{path}: course_id: missing; several courses are configured, name the one it adds to")
            continue
        if course_id not in overlays_of:
            problems.append(f"{path}: course_id: {course_id!r} names no configured course "
                            f"({', '.join(structures) or 'none configured'})")
            continue
        overlays_of[course_id].append((str(path), overlay))
    policies: dict[str, CompletionPolicy] = {}
    for course_id, (source, structure, document) in structures.items():
        try:
            policies[course_id] = parse_policy(document(), structure, source, overlays_of[course_id])
        except PolicyError as error:
            problems += error.problems
    owners: dict[str, str] = {}
    for course_id, policy in policies.items():
        for key in policy.achievements:
            if key in owners:
                problems.append(f"achievement {key!r} is defined by both {owners[key]} and {course_id}; "
                                "achievement ids must be unique across the configured courses")
            owners.setdefault(key, course_id)
    if problems:
        raise PolicyError(problems)
    return policies


def find_achievement(policies: Mapping[str, CompletionPolicy], achievement_id: str | None = None,
                     course_id: str | None = None) -> tuple[str, Achievement]:
    """(course id, achievement) for a certificate: `achievement_id` in any configured course (or in
    `course_id`'s), or the course's default_achievement when only the course is known."""
    if not policies:
        raise UnknownAchievementError("no course has a certificate policy, so there is no achievement to certify; "
                                      "load one with `hocvuso policy load <course folder or archive>` (or name a "
                                      "course folder in HOCVUSO_COURSE_DIRS)")
    if course_id is not None and course_id not in policies:
        raise UnknownAchievementError(f"unknown course {course_id!r}; configured: {', '.join(policies)}")
    candidates = [policies[course_id]] if course_id is not None else list(policies.values())
    if not achievement_id:
        if len(candidates) > 1:
            raise UnknownAchievementError("several courses are configured: name the achievement or the course")
        return candidates[0].course_id, candidates[0].achievements[candidates[0].default_achievement]
    for policy in candidates:
        if achievement_id in policy.achievements:
            return policy.course_id, policy.achievements[achievement_id]
    known = ", ".join(sorted(key for policy in candidates for key in policy.achievements))
    raise UnknownAchievementError(f"unknown achievement {achievement_id!r}; the course defines: {known}")
