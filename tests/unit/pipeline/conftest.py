"""Fixtures of the pipeline's Django-level tests: the mini course as the only configured course."""

from __future__ import annotations

import pytest

from .mini_course import write_course


@pytest.fixture
def mini_course(tmp_path, settings):
    course = write_course(tmp_path)
    settings.HOCVUSO_COURSE_DIRS = [str(course)]
    settings.HOCVUSO_POLICY_OVERLAYS = []  # the demo's overlay belongs to course_content/, not to this course
    return course


@pytest.fixture
def learner_info():
    from graders.pipeline.intake import LearnerInfo

    def make(user="u1", subject="sub-u1", group="nguoi_dan", unit="Xã Yên Định", name="Nguyễn Văn A"):
        return LearnerInfo(user, display_name=name, subject_id=subject, group=group, unit=unit)

    return make
