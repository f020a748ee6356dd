"""Fixtures for the course content tests: the build script as a module, and blocks built from OLX."""

from __future__ import annotations

import importlib.util
import sys
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds

from tests.conftest import LmsTestRuntime
from xblocks.common.i18n import BundledI18nService
from xblocks.common.xml import parse_xml

REPO = Path(__file__).resolve().parents[3]
COURSE_ROOT = REPO / "course_content"


def _load_build_script():
    loader = SourceFileLoader("hocvuso_build_course", str(REPO / "scripts" / "build_course"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[loader.name] = module  # dataclasses look their module up while the file runs
    loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_course():
    """scripts/build_course loaded as a module (it has no .py suffix: it is a command)."""
    return _load_build_script()


@pytest.fixture(scope="session")
def course(build_course):
    """The real course, checked once for the whole session."""
    loaded, problems = build_course.check_course(COURSE_ROOT)
    assert loaded is not None, problems
    return loaded


@pytest.fixture
def block_from_olx():
    """Build a block the way the LMS imports it: the block class's own parse_xml on the OLX file."""

    def build(block_class, path: Path, block_type: str):
        runtime = LmsTestRuntime(services={"field-data": DictFieldData({}), "i18n": BundledI18nService("vi")})
        node = parse_xml(path.read_bytes(), source=str(path))
        keys = ScopeIds("learner-1", block_type, f"def-{path.stem}", f"usage-{path.stem}")
        return block_class.parse_xml(node, runtime, keys)

    return build
