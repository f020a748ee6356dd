"""The committed migrations describe the models: an operator's `migrate` builds every table."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    try:
        call_command("makemigrations", "graders", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:
        pytest.fail(f"models changed without a migration (run makemigrations graders):\n{out.getvalue()}"
                    f" exit {exit_.code}")
