"""What every `hocvuso` subcommand shares: how it is described, its one error type, Django set-up, safe writes.

A subcommand is a function `run(args) -> int` (the exit code) described with @subcommand (name, help,
arguments); graders.cli.SUBCOMMANDS, the one registry, lists them. Errors a subcommand expects are raised
as CliError: the message is printed as one line, the exit status is 2 and nothing was changed.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def arg(*names: str, **options) -> tuple:
    """One argparse argument of a subcommand: arg("--out", metavar="FILE") as add_argument takes it."""
    return names, options


@dataclass(frozen=True)
class Subcommand:
    """`hocvuso NAME`: its help line, its argparse arguments and the function that runs it."""

    name: str
    help: str
    arguments: tuple[tuple, ...]
    run: Callable[[argparse.Namespace], int]


def subcommand(name: str, help: str, *arguments: tuple) -> Callable[[Callable[[argparse.Namespace], int]], Subcommand]:
    """Describe `function(args) -> int` as `hocvuso NAME` (graders.cli.SUBCOMMANDS lists it)."""

    def describe(function: Callable[[argparse.Namespace], int]) -> Subcommand:
        return Subcommand(name, help, arguments, function)

    return describe


def setup_django() -> None:
    """Set Django up with the host's settings (DJANGO_SETTINGS_MODULE), unless it is set up already."""
    import django
    from django.apps import apps

    if apps.ready:
        return
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        raise CliError("set DJANGO_SETTINGS_MODULE to the settings of the site graders runs in (the demo's: "
                       "demo_site.settings, with the repository's scripts/ folder on PYTHONPATH)")
    django.setup()
    require_migrated_database()


MIGRATE_HINT = "run `python -m django migrate` with the same DJANGO_SETTINGS_MODULE first (scripts/demo does it)"


def require_migrated_database() -> None:
    """Refuse, in one line that says what to run, a database graders' tables are missing from (a fresh
    install) instead of failing half-way with "no such table"."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "graders"]
        pending = executor.migration_plan(targets)
    except DatabaseError as error:
        raise CliError(f"cannot open the database ({str(error).splitlines()[0]}); check DATABASES in "
                       f"{os.environ.get('DJANGO_SETTINGS_MODULE')}") from None
    if pending:
        raise CliError(f"the database is not set up for graders ({len(pending)} migrations not applied): "
                       + MIGRATE_HINT)


class OneLineArgumentParser(argparse.ArgumentParser):
    """argparse whose usage mistakes are one line (what is wrong, and where help is), exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def print_json(document: dict) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def writable_target(path: str) -> Path:
    """The file a subcommand will write, refused before any work if it cannot be written."""
    target = Path(path)
    if target.is_dir():
        raise CliError(f"{path} is a directory; give a file name")
    if not target.parent.exists():
        raise CliError(f"the folder {target.parent} does not exist")
    if not os.access(target.parent, os.W_OK):
        raise CliError(f"cannot write in {target.parent}")
    return target


def write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file, so an interrupted write never leaves half a file."""
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
