"""Weighing what a block's page downloads (scripts/bench/phone_sim.py and quiz.py): the same file lists the
block hands to `add_assets`, so the figure follows the block."""

from __future__ import annotations

import gzip
from pathlib import Path

XBLOCKS = Path(__file__).resolve().parents[2] / "xblocks"


def public_file(package: str, name: str) -> Path:
    """A file as `add_assets` names it: under the block's public/, "common/..." being the blocks' shared code."""
    if name.startswith("common/"):
        return XBLOCKS / "common" / "public" / name.removeprefix("common/")
    return XBLOCKS / package / "public" / name


def gz_kb(package: str, names: tuple[str, ...]) -> tuple[float, float]:
    """(gzipped, raw) KB of the files taken together (gzip -9 of their concatenation)."""
    raw = b"".join(public_file(package, name).read_bytes() for name in names)
    return len(gzip.compress(raw, 9)) / 1024, len(raw) / 1024
