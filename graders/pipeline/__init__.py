"""The pipeline: progress intake, evaluation, the Celery tasks, delivery to the identity platform, reports."""
