"""Staff pages of the pipeline: the completion report (HTML table, or CSV with ?format=csv)."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from graders import access
from graders.pipeline.reports import COLUMNS, completion_rows, write_csv


@access.staff_area
def completion_report(request: HttpRequest) -> HttpResponse:
    """Completions per course, group and unit (same numbers as `hocvuso report`), for the courses the user
    teaches (graders.access): a course team member sees their courses, never the others."""
    course_id = request.GET.get("course") or None
    if course_id and not access.may_see_course(request.user, course_id):
        return access.forbidden()
    visible = access.courses_visible_to(request.user)
    unit = request.GET.get("unit")
    rows = [row for row in completion_rows(course_id, unit if unit else None)
            if visible is None or row.course_id in visible]
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        write_csv(rows, out)
        response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="hocvuso-completions.csv"'
        return response
    return render(request, "graders/completion_report.html",
                  {"rows": rows, "columns": COLUMNS, "course_id": course_id or "", "unit": unit or ""})
