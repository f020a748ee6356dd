"""`pip install .` into a clean venv gives loadable blocks, compiled catalogues and a working `hocvuso`."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

CHECK = """
import gettext, pathlib
from xblock.core import XBlock
import xblocks.phone_sim, xblocks.quiz
print(XBlock.load_class("phone_sim").__name__, XBlock.load_class("auto_quiz").__name__)
for package in (xblocks.phone_sim, xblocks.quiz):
    localedir = pathlib.Path(package.__file__).parent / "translations"
    gettext.translation("text", localedir=str(localedir), languages=["vi"])  # raises if no .mo
print("catalogues ok")
"""


@pytest.mark.slow
def test_pip_install_into_clean_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(ROOT)],
        capture_output=True, text=True, timeout=900,
    )
    assert install.returncode == 0, install.stderr[-4000:]
    check = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "PhoneSimBlock QuizBlock" in check.stdout
    assert "catalogues ok" in check.stdout
    help_run = subprocess.run([str(venv / "bin" / "hocvuso"), "--help"], capture_output=True, text=True)
    assert help_run.returncode == 0, help_run.stderr
    assert "usage: hocvuso" in help_run.stdout
