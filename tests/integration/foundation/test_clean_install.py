"""The plugin as an operator installs it: `pip install .` into a clean venv gives loadable blocks, compiled
catalogues and a working `hocvuso`; its wheel carries neither the demo site nor the identity-platform sandbox,
and its default settings point at nothing in the source tree.

Both tests build from a temporary copy of the working tree, so they leave no `build/` or `*.egg-info` in it.
"""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
NOT_SHIPPED = ("demo_site/", "platform_sandbox/", "graders/demo_site/", "graders/sandbox/", "tests/", "scripts/")

CHECK = """
import gettext, pathlib
from xblock.core import XBlock
import xblocks.phone_sim, xblocks.quiz
print(XBlock.load_class("phone_sim").__name__, XBlock.load_class("auto_quiz").__name__)
for package in (xblocks.phone_sim, xblocks.quiz):
    localedir = pathlib.Path(package.__file__).parent / "translations"
    gettext.translation("text", localedir=str(localedir), languages=["vi"])  # raises if no .mo
print("catalogues ok")
for name in ("demo_site", "platform_sandbox", "graders.demo_site", "graders.sandbox"):
    try:
        __import__(name)
    except ImportError:
        continue
    raise SystemExit(f"{name} is installed with the plugin")
from graders.settings.common import DEFAULTS
print("course dirs", DEFAULTS["HOCVUSO_COURSE_DIRS"], "overlays", DEFAULTS["HOCVUSO_POLICY_OVERLAYS"])
"""


def tree_copy(target: Path) -> Path:
    """The working tree (with files not yet committed), without what a build or a run leaves behind."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".venv-*", "var", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        "course_build"))
    return target


def test_the_wheel_ships_the_plugin_only(tmp_path):
    left_in_tree = [(ROOT / name).exists() for name in ("build", "hocvuso.egg-info")]
    source = tree_copy(tmp_path / "source")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
                    "--no-build-isolation", "-w", str(tmp_path / "dist"), str(source)],
                   check=True, capture_output=True, text=True, timeout=300)
    [wheel] = (tmp_path / "dist").glob("hocvuso-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "graders/apps.py" in names and "xblocks/quiz/block.py" in names
    assert any(name.endswith("translations/vi/LC_MESSAGES/text.mo") for name in names)
    shipped_demo = [name for name in names if name.startswith(NOT_SHIPPED) or "workbench_bridge" in name]
    assert shipped_demo == []
    assert [(ROOT / name).exists() for name in ("build", "hocvuso.egg-info")] == left_in_tree


@pytest.mark.slow
def test_pip_install_into_clean_venv(tmp_path):
    source = tree_copy(tmp_path / "source")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(source)],
        capture_output=True, text=True, timeout=900,
    )
    assert install.returncode == 0, install.stderr[-4000:]
    check = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True, cwd=tmp_path,
                           env={"PATH": "/usr/bin:/bin"})
    assert check.returncode == 0, check.stderr + check.stdout
    assert "PhoneSimBlock QuizBlock" in check.stdout
    assert "catalogues ok" in check.stdout
    assert "course dirs [] overlays []" in check.stdout
    help_run = subprocess.run([str(venv / "bin" / "hocvuso"), "--help"], capture_output=True, text=True)
    assert help_run.returncode == 0, help_run.stderr
    assert "usage: hocvuso" in help_run.stdout
