"""Fixtures of the pipeline's process tests: a course folder and a running stack on the real Redis."""

from __future__ import annotations

import pytest

from scripts.bench._stack import PipelineStack
from tests.unit.pipeline.mini_course import write_course


@pytest.fixture
def stack_factory(tmp_path, redis_url):
    stacks = []

    def start(**options) -> PipelineStack:
        stack = PipelineStack(tmp_path, redis_url, write_course(tmp_path), **options).start()
        stacks.append(stack)
        return stack

    yield start
    for stack in stacks:
        stack.stop()
