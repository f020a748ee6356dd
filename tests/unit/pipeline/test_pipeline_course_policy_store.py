"""Course policies kept in the database (an installed LMS has no course folder): `hocvuso policy load`
checks a course folder's or archive's certificate_policy.json against its tree and stores it; intake
reads it from there; a course without one gets a clear error (Django admin: tests/openedx)."""

from __future__ import annotations

import json
import tarfile

import pytest
from django.core.management import call_command

from graders.cli import main
from graders.models import CoursePolicy
from graders.pipeline.intake import IntakeError, LearnerInfo, ProgressEvent, course_policies, record_progress

from .mini_course import COURSE_ID, POLICY, write_course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_course_folder(settings):
    settings.HOCVUSO_COURSE_DIRS = []  # as in an installed LMS
    settings.HOCVUSO_POLICY_OVERLAYS = []


def test_without_a_loaded_policy_progress_is_refused_with_the_fix():
    with pytest.raises(IntakeError) as refused:
        record_progress([ProgressEvent(LearnerInfo("u1"), COURSE_ID, "q1_thiet_bi", earned=1, possible=1)])
    assert "hocvuso policy load" in str(refused.value)


def test_a_loaded_course_folder_is_what_intake_uses(tmp_path, capsys):
    assert main(["policy", "load", str(write_course(tmp_path))]) == 0
    assert f"loaded the certificate policy of {COURSE_ID}" in capsys.readouterr().out
    assert list(course_policies()) == [COURSE_ID]
    stored = record_progress([ProgressEvent(LearnerInfo("u1"), COURSE_ID, "q1_thiet_bi", earned=1, possible=1)])
    assert stored.stored == 1


def test_a_course_archive_loads_through_manage_py(tmp_path):
    course = write_course(tmp_path / "src")
    archive = tmp_path / "course.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(course, arcname="course")
    call_command("hocvuso", "policy", "load", str(archive))
    assert CoursePolicy.objects.get().source == str(archive)
    assert COURSE_ID in course_policies()


def test_reloading_replaces_the_policy(tmp_path):
    main(["policy", "load", str(write_course(tmp_path / "a"))])
    changed = json.loads(json.dumps(POLICY))
    group = next(iter(changed["groups"]))
    changed["groups"][group]["label"] = "Nhãn mới"
    main(["policy", "load", str(write_course(tmp_path / "b", changed))])
    assert CoursePolicy.objects.count() == 1
    assert course_policies()[COURSE_ID].groups[group].label == "Nhãn mới"


def test_a_bad_policy_is_refused_and_nothing_is_stored(tmp_path, capsys):
    broken = json.loads(json.dumps(POLICY))
    broken["default_achievement"] = "no-such-achievement"
    assert main(["policy", "load", str(write_course(tmp_path, broken))]) == 2
    error = capsys.readouterr().err
    assert "nothing loaded" in error and "default_achievement" in error
    assert not CoursePolicy.objects.exists()


def test_a_course_without_a_policy_file_is_refused_clearly(tmp_path, capsys):
    course = write_course(tmp_path)
    (course / "certificate_policy.json").unlink()
    assert main(["policy", "load", str(course)]) == 2
    assert "has no certificate_policy.json" in capsys.readouterr().err


def test_list_and_remove(tmp_path, capsys):
    main(["policy", "load", str(write_course(tmp_path))])
    capsys.readouterr()
    assert main(["policy", "list", "--json"]) == 0
    assert [row["course_id"] for row in json.loads(capsys.readouterr().out)] == [COURSE_ID]
    assert main(["policy", "remove", "course-v1:No+Such+Course"]) == 2
    assert main(["policy", "remove", COURSE_ID]) == 0
    assert course_policies() == {}

