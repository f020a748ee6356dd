"""Agency officers' pages: their agencies, an agency's staff list (filter, page), import and export.

graders.access decides who sees which agency: an officer of agency A gets 403 on agency B, a learner
(signed in, with no agency) gets 403 everywhere here, an anonymous visitor is sent to sign in.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from graders import access
from graders.agencies import staff_list
from graders.agencies.roster import MAX_FILE_BYTES, RosterError
from graders.models import Agency


def _agency(request: HttpRequest, agency_id: int) -> Agency | None:
    if not access.may_see_agency(request.user, agency_id):
        return None
    return get_object_or_404(Agency, pk=agency_id)


@require_GET
@access.staff_area
def agency_index(request: HttpRequest) -> HttpResponse:
    """The agencies the officer follows; straight to the list when there is one."""
    visible = access.agencies_visible_to(request.user)
    if visible is not None and not visible:
        return access.forbidden()
    agencies = Agency.objects.order_by("name")
    if visible is not None:
        agencies = agencies.filter(pk__in=visible)
    agencies = list(agencies)
    if len(agencies) == 1:
        return redirect("graders:agency-staff", agency_id=agencies[0].pk)
    return render(request, "graders/agency_index.html", {"agencies": agencies})


def _filters(request: HttpRequest) -> dict[str, str]:
    status = request.GET.get("status", "")
    return {"unit": (request.GET.get("unit") or "")[:255],
            "status": status if status in staff_list.FILTER_LABELS else ""}


@require_GET
@access.staff_area
def agency_staff(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Who has finished, who is learning, who has not started: a page of the list, with its counts."""
    agency = _agency(request, agency_id)
    if agency is None:
        return access.forbidden()
    imported = request.session.pop("hocvuso_agency_import", None) if request.GET.get("imported") else None
    return _staff_page(request, agency, imported=imported if imported and imported["agency"] == agency.pk else None)


def _staff_page(request: HttpRequest, agency: Agency, *, status: int = 200, **extra) -> HttpResponse:
    filters = _filters(request)
    today = timezone.localdate()
    rows = staff_list.staff_rows(agency, **filters)
    page = Paginator(rows, staff_list.PAGE_SIZE).get_page(request.GET.get("page"))
    labels = staff_list.known_groups(agency)
    people = [{"member": member, "status": staff_list.status_of(member),
               "status_label": staff_list.STATUS_LABELS[staff_list.status_of(member)],
               "group": labels.get(member.group, member.group),
               "days_left": staff_list.days_left(member.deadline, today),
               "finished_on": timezone.localdate(member.finished_at) if member.finished_at else None}
              for member in page.object_list]
    query = urlencode({key: value for key, value in filters.items() if value})
    context = {
        "agency": agency, "people": people, "page": page, "filters": filters, "query": query,
        "counts": staff_list.status_counts(agency, unit=filters["unit"]), "units": staff_list.unit_names(agency),
        "status_choices": list(staff_list.FILTER_LABELS.items()), "max_mb": MAX_FILE_BYTES // 1_000_000,
        **extra,
    }
    return render(request, "graders/agency_staff.html", context, status=status)


@require_POST
@access.staff_area
def agency_import(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Upload the staff list (CSV or XLSX): all rows or none; bad rows are listed with their lines."""
    agency = _agency(request, agency_id)
    if agency is None:
        return access.forbidden()
    upload = request.FILES.get("file")
    if upload is None:
        return _staff_page(request, agency, status=400, import_error="Hãy chọn tệp danh sách (CSV hoặc XLSX).")
    if upload.size > MAX_FILE_BYTES:
        return _staff_page(request, agency, status=400,
                           import_error=f"Tệp lớn hơn {MAX_FILE_BYTES // 1_000_000} MB; hãy chia nhỏ.")
    try:
        summary = staff_list.import_staff_list(agency, upload.read())
    except RosterError as error:
        return _staff_page(request, agency, status=400, import_error=str(error))
    except staff_list.StaffListRefused as error:
        return _staff_page(request, agency, status=400, import_error=str(error), import_problems=error.problems,
                           more_problems=error.count - len(error.problems))
    request.session["hocvuso_agency_import"] = {
        "agency": agency.pk, "people": summary.people, "linked": summary.linked,
        "dropped": list(summary.dropped_columns), "personal": list(summary.personal_columns)}
    return redirect(reverse("graders:agency-staff", kwargs={"agency_id": agency.pk}) + "?imported=1")


@require_GET
@access.staff_area
def agency_export(request: HttpRequest, agency_id: int, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX, Vietnamese headers, every cell formula-safe."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("no such format")
    agency = _agency(request, agency_id)
    if agency is None:
        return access.forbidden()
    filters = _filters(request)
    rows = staff_list.staff_rows(agency, **filters)
    today = timezone.localdate()
    stamp = dt.date.today().strftime("%Y%m%d")
    if fmt == "xlsx":
        response = HttpResponse(staff_list.export_xlsx(agency, rows, today),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(staff_list.export_csv(agency, rows, today), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="danh-sach-co-quan-{agency.pk}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
