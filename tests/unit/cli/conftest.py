"""The CLI tests use the pipeline's mini course as the configured course."""

from tests.unit.pipeline.conftest import mini_course  # noqa: F401
