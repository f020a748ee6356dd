"""Every `hocvuso` subcommand answers bad input, and a database nobody migrated, with one line and a non-zero exit.

Before: on a fresh install `hocvuso issue` ended in a traceback ("no such table: graders_certificate"),
`hocvuso report -o missing/dir.csv` in a FileNotFoundError traceback, and argparse mistakes printed a
usage block.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graders import cli

ROOT = Path(__file__).resolve().parents[3]
UUID = "6f1c1a52-3c1e-4d43-9a8e-2f0f3d7a9b10"

# At least one bad call per subcommand; the registry check below keeps this list complete.
BAD_INPUT = {
    "keys": [["keys", "explode"]],
    "did-document": [["did-document", "--pretty"]],
    "issue": [["issue", "--learner", "CCCD001099001234", "--name", "Nguyễn Văn A"], ["issue", "--name", "A"],
              ["issue", "--learner", "sub-1", "--name", "A", "--out", "/no/such/folder/x.json"]],
    "revoke": [["revoke", "not-a-uuid"], ["revoke", UUID]],
    "verify": [["verify", "/no/such/file.json"], ["verify", "{tmp}/not-json.json"]],
    "status-list": [["status-list", "seven"], ["status-list", "7"]],
    "pdf": [["pdf", "not-a-uuid", "--out", "{tmp}/x.pdf"], ["pdf", UUID, "--out", "{tmp}/x.pdf"]],
    "class-pdf": [["class-pdf", "seven", "--out", "{tmp}/x.pdf"], ["class-pdf", "7", "--out", "{tmp}/x.pdf"],
                  ["class-pdf", "7", "--out", "/no/such/folder/x.pdf"]],
    "report": [["report", "-o", "/no/such/folder/report.csv"], ["report", "--bogus"]],
    "import-grades": [["import-grades", "/no/such/grades.csv"], ["import-grades", "{tmp}/not-json.json"]],
    "link": [["link", "u1"], ["link", "u1", "sub-1", "--group", "khong_co_nhom"]],
    "outbox": [["outbox", "retry"], ["outbox", "explode"], ["outbox", "list", "--limit", "many"]],
    "sweep": [["sweep", "--every", "0"], ["sweep", "--every", "soon"]],
    "policy": [["policy", "load"], ["policy", "load", "/no/such/course"], ["policy", "remove", "course-v1:No+Such+Run"],
               ["policy", "explode"]],
    "agency": [["agency", "explode"], ["agency", "import", "1"], ["agency", "import", "1", "/no/such/staff.xlsx"],
               ["agency", "import", "Không có", "{tmp}/not-json.json"], ["agency", "export", "1"],
               ["agency", "export", "1", "--out", "/no/such/folder/x.xlsx"], ["agency", "officer", "1"],
               ["agency", "create", "A", "--parent", "99"], ["agency", "pdf", "1"],
               ["agency", "pdf", "1", "--out", "/no/such/folder/x.pdf"]],
}
# A plausible, well-formed call of each subcommand, for the database nobody migrated.
ON_EMPTY_DATABASE = {
    "keys": ["keys", "list"],
    "did-document": ["did-document"],
    "issue": ["issue", "--learner", "sub-1", "--name", "Nguyễn Văn A"],
    "revoke": ["revoke", UUID],
    "verify": ["verify", "{tmp}/credential.json"],
    "status-list": ["status-list", "1"],
    "pdf": ["pdf", UUID, "--out", "{tmp}/x.pdf"],
    "class-pdf": ["class-pdf", "7", "--out", "{tmp}/x.pdf"],
    "report": ["report"],
    "import-grades": ["import-grades", "{tmp}/grades.csv"],
    "link": ["link", "u1", "sub-1"],
    "outbox": ["outbox", "stats"],
    "sweep": ["sweep"],
    "policy": ["policy", "list"],
    "agency": ["agency", "list"],
}


def _fill(argv: list[str], tmp_path: Path) -> list[str]:
    return [part.replace("{tmp}", str(tmp_path)) for part in argv]


def _one_line_error(err: str, command: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    assert lines[0].startswith("hocvuso") and "error: " in lines[0], err
    assert command in lines[0] or "unrecognized arguments" in lines[0], err


def test_the_lists_cover_every_subcommand():
    names = {command.name for command in cli.SUBCOMMANDS}
    assert set(BAD_INPUT) == names and set(ON_EMPTY_DATABASE) == names


@pytest.mark.django_db
@pytest.mark.parametrize("argv", [argv for calls in BAD_INPUT.values() for argv in calls], ids=" ".join)
def test_bad_input_is_one_line_and_a_non_zero_exit(argv, tmp_path, capsys, settings, mini_course):
    (tmp_path / "not-json.json").write_text("{ not json")
    try:
        code = cli.main(_fill(argv, tmp_path))
    except SystemExit as exit_:  # argparse exits by itself
        code = exit_.code
    assert code not in (0, None)
    _one_line_error(capsys.readouterr().err, argv[0])


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory):
    """A var folder nobody ran `migrate` on: what a first `hocvuso` call after installing meets."""
    folder = tmp_path_factory.mktemp("fresh")
    (folder / "credential.json").write_text('{"issuer": "did:web:example.invalid", "type": ["VerifiableCredential"]}')
    (folder / "grades.csv").write_text("Student ID,s1_mo_khoa (Earned),s1_mo_khoa (Possible)\n1,1,1\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "demo_site.settings", "HOCVUSO_VAR_DIR": str(folder / "var"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "scripts")])}
    env.pop("HOCVUSO_KEY_PASSPHRASE", None)
    return folder, env


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(ON_EMPTY_DATABASE))
def test_a_database_nobody_migrated_is_one_line_saying_what_to_run(command, fresh_install):
    folder, env = fresh_install
    result = subprocess.run([sys.executable, "-m", "graders.cli", *_fill(ON_EMPTY_DATABASE[command], folder)],
                            cwd=folder, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout
    _one_line_error(result.stderr, command)
    assert "migrate" in result.stderr
