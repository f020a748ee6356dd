"""scripts/build_course: a Studio-importable archive with the layout of an Open edX course export."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile

import pytest

from .conftest import COURSE_ROOT, REPO


@pytest.fixture(scope="module")
def archive(build_course, tmp_path_factory):
    return build_course.build_archive(COURSE_ROOT, tmp_path_factory.mktemp("build") / "hocvuso-course.tar.gz")


def _names(path) -> list[str]:
    with tarfile.open(path, "r:gz") as tar:
        return tar.getnames()


def test_archive_has_the_studio_export_layout(archive):
    names = set(_names(archive))
    assert all(name == "course" or name.startswith("course/") for name in names)
    for required in ("course/course.xml", "course/course/2026.xml", "course/policies/2026/policy.json",
                     "course/policies/2026/grading_policy.json", "course/policies/assets.json",
                     "course/about/overview.html"):
        assert required in names
    for folder in ("chapter", "sequential", "vertical", "html", "phone_sim", "auto_quiz", "static"):
        assert any(name.startswith(f"course/{folder}/") and name.endswith((".xml", ".html", ".svg"))
                   for name in names), folder
    assert "course/certificate_policy.json" not in names  # graders read it; Studio has no use for it


def test_archive_holds_every_course_file_unchanged(archive, build_course):
    with tarfile.open(archive, "r:gz") as tar:
        for path in build_course.archive_members(COURSE_ROOT):
            member = tar.extractfile(f"course/{path.relative_to(COURSE_ROOT).as_posix()}")
            assert member is not None and member.read() == path.read_bytes(), path


def test_extracted_archive_is_a_complete_course_again(archive, build_course, tmp_path):
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(tmp_path, filter="data")
    shutil.copyfile(archive.parent / "certificate_policy.json", tmp_path / "course" / "certificate_policy.json")
    course, problems = build_course.check_course(tmp_path / "course")
    assert problems == []
    assert len(course.blocks("phone_sim")) == 21


def test_same_content_gives_the_same_bytes(archive, build_course, tmp_path):
    again = build_course.build_archive(COURSE_ROOT, tmp_path / "again.tar.gz")
    assert again.read_bytes() == archive.read_bytes()


def test_a_broken_course_writes_no_archive(build_course, tmp_path):
    source = tmp_path / "course_content"
    shutil.copytree(COURSE_ROOT, source)
    (source / "html" / "m2_bai_hoc.html").unlink()
    output = tmp_path / "out" / "course.tar.gz"
    with pytest.raises(build_course.CourseError) as caught:
        build_course.build_archive(source, output)
    assert "html/m2_bai_hoc.html is missing" in str(caught.value)
    assert not output.exists() and not output.with_name(output.name + ".partial").exists()


def test_the_command_builds_and_reports(tmp_path):
    output = tmp_path / "hocvuso-course.tar.gz"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_course"), "--output", str(output)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout and output.is_file()
    assert (tmp_path / "certificate_policy.json").is_file()
