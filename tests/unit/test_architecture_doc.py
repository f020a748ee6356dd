"""docs/architecture.md's "Parts and where they live" table matches the code's folders one to one.

Each folder (and top-level module) of the product, the scripts and the course is named in exactly one row's
"where" cell, and every path a row names exists: a new package with no row, a row left behind by a move, or
a part described twice fails here (issue 15's acceptance).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
SKIP = {"__pycache__", "__init__.py"}


def table_rows() -> list[tuple[str, list[str]]]:
    """(part, the paths its "where" cell names) for each row of the parts table."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Parts and where they live", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("part", "") or set(cells[0]) <= set("-: "):
            continue
        rows.append((cells[0], [path.rstrip("/") for path in re.findall(r"`([^`]+)`", cells[1])]))
    return rows


def code_parts() -> set[str]:
    """The folders and top-level modules a reader looks for: under xblocks/, graders/, scripts/, and the course."""
    parts = {"course_content"}
    for top in ("xblocks", "graders", "scripts"):
        for entry in (ROOT / top).iterdir():
            if entry.name in SKIP or entry.name.startswith("."):
                continue
            if entry.is_dir() or entry.suffix in (".py", ".sh") or entry.parent.name == "scripts":
                parts.add(f"{top}/{entry.name}")
    return parts


def test_the_table_has_rows():
    assert len(table_rows()) > 15


def test_every_path_the_table_names_exists():
    missing = [f"{part}: {path}" for part, paths in table_rows() for path in paths if not (ROOT / path).exists()]
    assert missing == [], f"rows name paths that do not exist: {missing}"


def test_every_folder_of_the_code_is_in_exactly_one_row():
    named: dict[str, list[str]] = {}
    for part, paths in table_rows():
        for path in paths:
            named.setdefault(path, []).append(part)
    parts = code_parts()
    absent = sorted(parts - set(named))
    twice = {path: rows for path, rows in named.items() if len(rows) > 1}
    assert absent == [], f"folders with no row in docs/architecture.md: {absent}"
    assert twice == {}, f"folders described by more than one row: {twice}"
