"""The classes' pages: teachers' staff pages (classes, live view, poster, roster, login cards, attempt
resets) and the learner's "Vào lớp" (join by code) page. Who may see what: graders.access only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from graders import access
from graders.classes import codes, live, lms_cohort, roster
from graders.classes import service as classes
from graders.course_policies import course_policies
from graders.models import AttemptReset, Class, ClassMembership
from graders.pipeline.intake import LearnerInfo
from xblocks.common.qr import qr_svg


def _class_for(request: HttpRequest, class_id: int) -> Class:
    """The class, if this user may see it; 404 for a class that does not exist, 403 (raised) otherwise."""
    klass = Class.objects.filter(pk=class_id).first()
    if klass is None:
        raise Http404
    if not access.may_see_class(request.user, klass):
        raise PermissionError
    return klass


def _guarded(view):
    """A page about one class: staff area, and this user must see this class."""

    @access.staff_area
    def page(request: HttpRequest, class_id: int, *args, **kwargs) -> HttpResponse:
        try:
            klass = _class_for(request, class_id)
        except PermissionError:
            return access.forbidden()
        return view(request, klass, *args, **kwargs)

    page.__name__ = page.__qualname__ = view.__name__
    page.__doc__ = view.__doc__
    return page


def join_url(request: HttpRequest, klass: Class) -> str:
    """The address on the poster: the join page with the code filled in."""
    return request.build_absolute_uri(reverse("graders:class-join") + f"?ma={klass.join_code}")


@access.staff_area
@require_http_methods(["GET", "POST"])
def class_list(request: HttpRequest) -> HttpResponse:
    """The teacher's classes, and a form to open one in a course they teach."""
    visible = access.courses_visible_to(request.user)
    courses = sorted(course for course in course_policies() if visible is None or course in visible)
    context = {"courses": courses, "name": "", "place": "", "error": None}
    if request.method == "POST":
        course_id = request.POST.get("course", "")
        context.update(name=request.POST.get("name", "")[:300], place=request.POST.get("place", "")[:300])
        if course_id not in courses or not access.may_create_class(request.user, course_id):
            context["error"] = "Hãy chọn một khóa học bạn dạy."
        else:
            try:
                klass = classes.create_class(teacher=request.user, course_id=course_id, name=context["name"],
                                             place=context["place"])
            except classes.ClassError as error:
                context["error"] = str(error)
            else:
                return HttpResponseRedirect(reverse("graders:class-live", args=[klass.pk]))
    mine = Class.objects.filter(teacher=request.user)
    shown = Class.objects.all() if visible is None else mine | Class.objects.filter(course_id__in=visible)
    context["classes"] = shown.order_by("-created_at")
    return render(request, "graders/classes/list.html", context, status=400 if context["error"] else 200)


@_guarded
def class_live(request: HttpRequest, klass: Class) -> HttpResponse:
    """The live class view: learners × units, who needs help; refreshes itself from `class_live_json`."""
    chapter = request.GET.get("bai") or None
    return render(request, "graders/classes/live.html",
                  {"klass": klass, "code": codes.display(klass.join_code), "view": live.live_view(klass, chapter),
                   "chapter": chapter or "", "join_url": join_url(request, klass),
                   "resets": AttemptReset.objects.filter(klass=klass).select_related("learner", "reset_by")
                   .order_by("-reset_at")[:20]})


@_guarded
def class_live_json(request: HttpRequest, klass: Class) -> JsonResponse:
    """What the live view shows, for its 10-second refresh (no full page reload)."""
    response = JsonResponse(live.live_view(klass, request.GET.get("bai") or None))
    response["Cache-Control"] = "no-store"
    return response


@_guarded
def class_poster(request: HttpRequest, klass: Class) -> HttpResponse:
    """A printable A4 poster: the class, its code in large letters and a QR code of the join page."""
    url = join_url(request, klass)
    return render(request, "graders/classes/poster.html",
                  {"klass": klass, "code": codes.display(klass.join_code), "url": url,
                   "qr": qr_svg(url, "poster-qr")})


@_guarded
@require_POST
def class_rotate(request: HttpRequest, klass: Class) -> HttpResponse:
    """A new join code: the old poster stops working (a code seen by strangers)."""
    classes.rotate_code(klass)
    return HttpResponseRedirect(reverse("graders:class-live", args=[klass.pk]) + "#ma-lop")


@_guarded
@require_http_methods(["GET", "POST"])
def class_roster(request: HttpRequest, klass: Class) -> HttpResponse:
    """Import a roster (CSV or XLSX: name, birth year, phone optional): each line gets a login card."""
    context = {"klass": klass, "problems": [], "imported": None}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["problems"] = ["Hãy chọn tệp danh sách (CSV hoặc XLSX)."]
        else:
            entries, problems = roster.read_roster(upload.read(roster.MAX_BYTES + 1))
            if problems:
                context["problems"] = problems
            else:
                context["imported"] = len(classes.import_roster(klass, entries))
                return HttpResponseRedirect(reverse("graders:class-cards", args=[klass.pk]) + "?moi=1")
    return render(request, "graders/classes/roster.html", context, status=400 if context["problems"] else 200)


@_guarded
def class_cards(request: HttpRequest, klass: Class) -> HttpResponse:
    """Printable login cards, one per roster learner: name, class, card code and how to sign in."""
    members = (ClassMembership.objects.filter(klass=klass, card_code__isnull=False).select_related("learner")
               .order_by("learner__display_name"))
    cards = [{"name": member.learner.display_name, "birth_year": member.birth_year,
              "code": codes.display(member.card_code)} for member in members]
    return render(request, "graders/classes/cards.html",
                  {"klass": klass, "cards": cards, "sign_in_url": request.build_absolute_uri(
                      reverse("graders:class-join"))})


@_guarded
@require_http_methods(["GET", "POST"])
def class_reset(request: HttpRequest, klass: Class) -> HttpResponse:
    """Give a learner their test attempts on an exercise back, with a reason (audited)."""
    membership = ClassMembership.objects.filter(klass=klass, pk=request.GET.get("hv") or request.POST.get("hv")
                                                ).select_related("learner").first()
    url_name = (request.GET.get("bai_tap") or request.POST.get("bai_tap") or "")[:255]
    if membership is None or not url_name:
        raise Http404
    context = {"klass": klass, "membership": membership, "url_name": url_name, "error": None,
               "title": _block_title(klass, url_name), "reason": ""}
    if request.method == "POST":
        context["reason"] = request.POST.get("ly_do", "")[:600]
        try:
            classes.reset_attempts(klass, membership, url_name, by=request.user, reason=context["reason"])
        except classes.ClassError as error:
            context["error"] = str(error)
        else:
            return HttpResponseRedirect(reverse("graders:class-live", args=[klass.pk]) + "?da_cap_lai=1")
    return render(request, "graders/classes/reset.html", context, status=400 if context["error"] else 200)


def _block_title(klass: Class, url_name: str) -> str:
    policy = course_policies().get(klass.course_id)
    return policy.unit_title(url_name) if policy else url_name


# -- learners --------------------------------------------------------------------------------------------
def join_page(request: HttpRequest, learner: LearnerInfo | None, *, template: str = "graders/classes/join.html",
              extra: dict | None = None) -> HttpResponse:
    """"Vào lớp": type (or scan) the class code. `learner` is who is signed in (None: ask them to sign in);
    the LMS view below and the demo's page both use this."""
    context = {"code": request.GET.get("ma", "")[:40], "error": None, "joined": None, **(extra or {})}
    if request.method == "POST":
        context["code"] = request.POST.get("ma", "")[:40]
        klass = classes.find_class(context["code"])
        card = classes.find_card(context["code"]) if klass is None else None
        if card is not None and learner is not None:
            try:
                classes.claim_card(card, learner.lms_user_id)
            except classes.ClassError as error:
                context["error"] = str(error)
            else:
                context["joined"] = card.klass
                lms_cohort.add_to_class_cohort(card.klass, request.user)
        elif klass is None:
            context["error"] = ("Không tìm thấy lớp có mã này. Hãy xem lại mã trên tấm giấy của lớp "
                                "(6 ký tự, ví dụ K7P-4AX) hoặc hỏi giáo viên.")
        elif learner is None:
            context["error"] = "Hãy đăng nhập trước khi vào lớp."
        else:
            classes.join_class(klass, learner)
            context["joined"] = klass
            lms_cohort.add_to_class_cohort(klass, request.user)
    status = 400 if context["error"] else 200
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """The LMS's "Vào lớp": the signed-in user (their LMS user id, as the receivers record it) joins."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    user = request.user
    name = (user.get_full_name() if hasattr(user, "get_full_name") else "") or None
    return join_page(request, LearnerInfo(str(user.pk), username=user.get_username(), display_name=name))
