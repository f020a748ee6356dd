"""The pipeline's mini course, as the pipeline's Django-level tests have it."""

from tests.unit.pipeline.conftest import mini_course  # noqa: F401
