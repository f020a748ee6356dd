"""Fixtures of the pipeline's process tests: a course folder and a running stack on the real Redis, on the
run's database (`--db`: SQLite, or a fresh database on the session's MariaDB/PostgreSQL server)."""

from __future__ import annotations

import pytest

from scripts.bench._stack import PipelineStack
from tests.unit.pipeline.mini_course import write_course


@pytest.fixture
def stack_factory(tmp_path, redis_url, database_server):
    stacks = []

    def start(**options) -> PipelineStack:
        stack = PipelineStack(tmp_path, redis_url, write_course(tmp_path), database_server=database_server,
                              **options).start()
        stacks.append(stack)
        return stack

    yield start
    for stack in stacks:
        stack.stop()
