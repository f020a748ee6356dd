"""URLs of the pipeline (included by graders/urls.py): HMAC intake API and the staff report."""

from django.urls import path

from graders import api, views_pipeline

urlpatterns = [
    path("api/intake/v1/progress", api.progress_intake, name="intake-progress"),
    path("staff/reports/completions", views_pipeline.completion_report, name="report-completions"),
]
