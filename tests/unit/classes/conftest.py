"""The classes tests use the pipeline's mini course and learners."""

from tests.unit.pipeline.conftest import learner_info, mini_course  # noqa: F401
