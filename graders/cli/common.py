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
