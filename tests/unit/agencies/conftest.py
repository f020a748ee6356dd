"""Fixtures of the agency tests: the mini course (groups nguoi_dan and can_bo_cong_chuc) as the only course."""

from tests.unit.pipeline.conftest import learner_info, mini_course  # noqa: F401
