"""The shape of the code base: the import graph of every non-test module has no cycle, and the pure modules
(domain logic) reach no framework, not even through another of our modules.

The graph is read from the source with `ast` (nothing is imported), including imports inside functions:
a lazy import still makes a cycle, it only hides it until run time. Imports under `if TYPE_CHECKING:` are
left out, because they never run.
"""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Where each top-level package of ours lives: the plugin at the root; the demo, the sandbox and the Tutor
# plugin (a distribution of its own) in scripts/.
PACKAGE_DIRS = {"graders": ROOT, "xblocks": ROOT, "demo_site": ROOT / "scripts",
                "platform_sandbox": ROOT / "scripts", "tutorhocvuso": ROOT / "scripts" / "tutor_plugin"}
FRAMEWORKS = {"django", "xblock", "celery", "kombu", "web_fragments", "webob", "openedx_events", "workbench"}

# Pure modules: everything in these folders except the framework shells named below, so a new pure
# module is checked without being listed. The block shells are `block.py`, its course-team mixin
# `authoring.py` and the package `__init__`
# that exports the block class; xblocks/common's runtime adapters talk to the XBlock runtime or Django.
PURE_FOLDERS = ["xblocks/common", "xblocks/phone_sim", "xblocks/quiz", "xblocks/progress", "graders/credentials"]
PURE_FILES = ["graders/policy.py", "graders/course_olx.py", "graders/agencies/roster.py", "graders/classes/roster.py",
              "graders/classes/codes.py"]
SHELLS = {"__init__.py", "block.py", "authoring.py"}  # the XBlock shell: learner side and course-team mixin
COMMON_ADAPTERS = {"xblocks/common/grading.py", "xblocks/common/i18n.py", "xblocks/common/services.py",
                   "xblocks/common/studio.py"}


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    imports: set[str] = field(default_factory=set)  # modules (ours or not) named by its import statements


def _module_name(path: Path, base: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _source_files() -> Iterator[tuple[Path, Path]]:
    for package, base in PACKAGE_DIRS.items():
        for path in sorted((base / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, base


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        pending.extend(ast.iter_child_nodes(node))


def _named_modules(node: ast.Import | ast.ImportFrom, module: Module) -> Iterable[str]:
    """What one import statement names: `import a.b` -> a.b; `from a import b` -> a.b (a submodule, or
    a name in a; resolved against the known modules later); relative imports resolved against `module`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        anchor = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, node.module] if node.module else anchor)
    else:
        base = node.module or ""
    return [f"{base}.{alias.name}" for alias in node.names]


def load_modules() -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for path, base in _source_files():
        name, is_package = _module_name(path, base)
        modules[name] = Module(name, path, is_package)
    for module in modules.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
        for node in _import_nodes(tree):
            module.imports.update(_named_modules(node, module))
    return modules


def ours(target: str, modules: dict[str, Module]) -> str | None:
    """The module of ours that importing `target` runs last (a.b.c -> a.b.c if it is a module, else a.b)."""
    while target:
        if target in modules:
            return target
        target = target.rpartition(".")[0]
    return None


def import_graph(modules: dict[str, Module]) -> dict[str, set[str]]:
    graph = {}
    for module in modules.values():
        targets = {ours(target, modules) for target in module.imports}
        graph[module.name] = {target for target in targets if target and target != module.name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        return list(error.args[1])
    return None


def pure_modules(modules: dict[str, Module]) -> list[str]:
    names = []
    for module in modules.values():
        relative = module.path.relative_to(ROOT).as_posix()
        in_folder = any(relative.startswith(folder + "/") for folder in PURE_FOLDERS)
        if relative in PURE_FILES or (in_folder and module.path.name not in SHELLS
                                      and relative not in COMMON_ADAPTERS):
            names.append(module.name)
    return sorted(names)


def framework_paths(start: str, modules: dict[str, Module], graph: dict[str, set[str]]) -> list[list[str]]:
    """Each way `start` reaches a framework: [start, ..., our module, framework module]."""
    found, seen, pending = [], {start}, [[start]]
    while pending:
        path = pending.pop()
        for target in sorted(modules[path[-1]].imports):
            if target.split(".")[0] in FRAMEWORKS:
                found.append([*path, target])
        for target in sorted(graph[path[-1]] - seen):
            seen.add(target)
            pending.append([*path, target])
    return found


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return load_modules()


def test_the_graph_covers_every_package_of_ours(modules):
    assert {name.split(".")[0] for name in modules} == set(PACKAGE_DIRS)
    packages = {path.parent.name for folder in (ROOT, ROOT / "scripts", ROOT / "scripts" / "tutor_plugin")
                for path in folder.glob("*/__init__.py")}
    assert packages - {"tests"} == set(PACKAGE_DIRS)
    assert {"graders.pipeline.intake", "graders.certificates.issuing", "xblocks.quiz.block",
            "platform_sandbox.server", "demo_site.workbench_bridge"} <= set(modules)


def test_the_import_graph_of_the_code_has_no_cycle(modules):
    cycle = find_cycle(import_graph(modules))
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_pure_modules_reach_no_framework(modules):
    pure = pure_modules(modules)
    assert {"xblocks.phone_sim.engine", "xblocks.quiz.attempts", "graders.credentials.proof",
            "graders.policy", "graders.course_olx"} <= set(pure)
    assert not {"xblocks.quiz.block", "xblocks.phone_sim", "xblocks.common.grading"} & set(pure)
    graph = import_graph(modules)
    reached = {name: paths for name in pure if (paths := framework_paths(name, modules, graph))}
    assert reached == {}, "\n".join(" -> ".join(path) for paths in reached.values() for path in paths)


# The checks themselves must be able to fail.
def test_a_cycle_is_found():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) in (
        ["a", "c", "b", "a"], ["b", "a", "c", "b"], ["c", "b", "a", "c"])
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_a_framework_reached_through_another_module_is_found(tmp_path):
    lazy = Module("pkg.lazy", tmp_path / "lazy.py", False, {"django.conf"})  # e.g. inside a function
    pure = Module("pkg.pure", tmp_path / "pure.py", False, {"pkg.lazy.helper", "json"})
    modules = {"pkg.pure": pure, "pkg.lazy": lazy}
    assert framework_paths("pkg.pure", modules, import_graph(modules)) == [["pkg.pure", "pkg.lazy", "django.conf"]]


def test_imports_inside_functions_count_and_type_checking_ones_do_not(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from a import b\n"
                      "def f():\n    from c import d\n    from . import e\n", encoding="utf-8")
    module = Module("pkg.m", source, False)
    for node in _import_nodes(ast.parse(source.read_text())):
        module.imports.update(_named_modules(node, module))
    assert module.imports == {"typing.TYPE_CHECKING", "c.d", "pkg.e"}
