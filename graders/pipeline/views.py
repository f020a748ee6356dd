"""Staff pages of the pipeline: the completion report (HTML table, or CSV with ?format=csv)."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _

from graders.pipeline.reports import COLUMNS, completion_rows, write_csv


def completion_report(request: HttpRequest) -> HttpResponse:
    """Completions per course, group and unit; staff only (same numbers as `hocvuso report`)."""
    if not (request.user.is_authenticated and request.user.is_staff):
        return HttpResponseForbidden(_("Chỉ cán bộ quản lý khóa học được xem báo cáo này."))
    course_id = request.GET.get("course") or None
    unit = request.GET.get("unit")
    rows = completion_rows(course_id, unit if unit else None)
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        write_csv(rows, out)
        response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="hocvuso-completions.csv"'
        return response
    return render(request, "graders/completion_report.html",
                  {"rows": rows, "columns": COLUMNS, "course_id": course_id or "", "unit": unit or ""})
