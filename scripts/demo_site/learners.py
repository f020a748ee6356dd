"""The demo's learners: sign in by name (no password: a demo only), one learner per browser session.

The workbench takes its learner from `?student=` on every URL, so everyone who opens a link is
"student_1" and shares attempts. On the demo site a learner signs in with the name that will be printed
on their certificate; the session then carries a fresh random learner id, which this middleware puts in
place of any `?student=` on learner pages and block handlers, so two learners (even with the same name)
never share attempts. `?student=` is honoured only with the developer flag (DEMO_DEVELOPER, set by
`scripts/demo --developer` or HOCVUSO_DEMO_DEVELOPER=1), which the browser tests use.

The sign-in records the learner with graders at once (name, pseudonymous demo subject id, the demo's
group), so the name on the certificate is the one typed here.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from graders.credentials.credential import CredentialInputError, check_holder_name
from graders.service import GradersService, LearnerRef

SESSION_KEY = "hocvuso_learner"
SIGN_IN_PATH = "/dang-nhap/"
LEARNER_PAGES = ("/scenario/", "/view/")
LEARNER_CALLS = ("/handler/", "/aside_handler/")
LMS_PREFIX = "workbench:"


def developer_mode() -> bool:
    return bool(getattr(settings, "DEMO_DEVELOPER", False))


def signed_in(request) -> dict | None:
    """The session's learner: {"id": workbench student id, "name": name on the certificate}, or None."""
    learner = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    return learner if isinstance(learner, dict) and learner.get("id") and learner.get("name") else None


def _record(student_id: str, name: str) -> None:
    """Tell graders who this learner is (their name goes on the certificate) and which track they follow."""
    from demo_site.workbench_bridge import demo_subject_id
    from graders.pipeline.intake import LearnerInfo, link_learner

    group = getattr(settings, "DEMO_LEARNER_GROUP", "") or None
    link_learner(LearnerInfo(LMS_PREFIX + student_id, username=student_id, display_name=name,
                             subject_id=demo_subject_id(student_id), group=group))


def _safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else default


@require_http_methods(["GET", "POST"])
def sign_in(request):
    """A box for the learner's full name; signing in again starts a new learner."""
    context = {"next": _safe_next(request), "name": ""}
    if request.method == "POST":
        typed = request.POST.get("name", "")
        context["name"] = typed[:300]
        try:
            name = check_holder_name(typed)
        except CredentialInputError:
            context["error"] = ("Hãy gõ họ và tên của bạn (tối đa 200 ký tự), đúng như bạn muốn in trên giấy "
                                "chứng nhận, ví dụ: Trần Thị Mai.")
            return render(request, "demo_site/sign_in.html", context, status=400)
        student_id = "hv-" + secrets.token_hex(8)
        _start_session(request, student_id, name)
        _record(student_id, name)
        return HttpResponseRedirect(context["next"])
    return render(request, "demo_site/sign_in.html", context)


def _start_session(request, student_id: str, name: str) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"id": student_id, "name": name}


@require_http_methods(["GET", "POST"])
def join_class(request):
    """"Vào lớp" on the demo: a class code (signed in, or with a name that signs the learner in), or a login
    card's code, which signs in as the learner the teacher's roster named (again and again: a card is how a
    learner without email comes back)."""
    from graders.classes import service as classes

    learner = signed_in(request)
    context = {"code": request.GET.get("ma", "")[:40], "name": "", "ask_name": learner is None,
               "continue_url": "/", "error": None, "joined": None}
    if request.method == "POST":
        context["code"] = request.POST.get("ma", "")[:40]
        context["name"] = request.POST.get("name", "")[:300]
        klass = classes.find_class(context["code"])
        card = classes.find_card(context["code"]) if klass is None else None
        if card is not None:
            claimed = card.learner.lms_user_id
            student_id = (claimed.removeprefix(LMS_PREFIX) if claimed.startswith(LMS_PREFIX)
                          else "hv-" + secrets.token_hex(8))
            try:
                classes.claim_card(card, LMS_PREFIX + student_id)
            except classes.ClassError as error:
                context["error"] = str(error)
            else:
                _start_session(request, student_id, card.learner.display_name)
                _record(student_id, card.learner.display_name)
                context.update(joined=card.klass, ask_name=False)
        elif klass is None:
            context["error"] = ("Không tìm thấy lớp hay thẻ có mã này. Hãy xem lại mã trên tờ giấy của lớp "
                                "(6 ký tự, ví dụ K7P-4AX) hoặc trên thẻ của bạn (8 ký tự), hoặc hỏi giáo viên.")
        else:
            if learner is None:
                try:
                    name = check_holder_name(context["name"])
                except CredentialInputError:
                    context["error"] = ("Hãy gõ họ và tên của bạn (tối đa 200 ký tự), đúng như bạn muốn in trên "
                                        "giấy chứng nhận, ví dụ: Trần Thị Mai.")
                    return render(request, "demo_site/join.html", context, status=400)
                student_id = "hv-" + secrets.token_hex(8)
                _start_session(request, student_id, name)
                _record(student_id, name)
                learner = {"id": student_id, "name": name}
            classes.join_class(klass, classes.LearnerInfo(LMS_PREFIX + learner["id"]))
            context.update(joined=klass, ask_name=False)
    return render(request, "demo_site/join.html", context, status=400 if context["error"] else 200)


@require_http_methods(["POST"])
def sign_out(request):
    request.session.flush()
    return HttpResponseRedirect(SIGN_IN_PATH)


def learner_middleware(get_response):
    """Learner pages and block calls run as the signed-in learner; without one, pages ask to sign in."""

    def middleware(request):
        path = request.path
        page, call = path.startswith(LEARNER_PAGES), path.startswith(LEARNER_CALLS)
        if page or call:
            learner = signed_in(request)
            if learner is not None:
                request.GET = request.GET.copy()
                request.GET["student"] = learner["id"]
            elif not (developer_mode() and request.GET.get("student")):
                if call:
                    return JsonResponse({"error": "Phiên học đã hết. Hãy tải lại trang và đăng nhập lại."},
                                        status=403)
                return HttpResponseRedirect(f"{SIGN_IN_PATH}?{urlencode({'next': request.get_full_path()})}")
        return get_response(request)

    return middleware


class DemoGradersService(GradersService):
    """graders' block service on the demo site: the learner is the workbench student (the signed-in
    learner's id), recorded by graders as "workbench:<id>"; the course is the one the unit belongs to."""

    def learner(self, block) -> LearnerRef | None:
        from demo_site.workbench_bridge import course_block

        student_id = str(block.scope_ids.user_id or "")
        if not student_id or student_id == "none":
            return None
        found = course_block(block.scope_ids.usage_id)
        return LearnerRef(LMS_PREFIX + student_id, found[0] if found else None)

    def url_name(self, block) -> str:
        from demo_site.workbench_bridge import course_block

        found = course_block(block.scope_ids.usage_id)
        return found[1] if found else ""


# -- the learner site around the workbench's pages ------------------------------------------------------
SITE_TITLE = "Bình dân học vụ số"
PROGRESS_BLOCK = "tien_do_cua_toi"  # the course's "Tiến độ của tôi" (learner_progress) block


@lru_cache(maxsize=1)
def site_units() -> tuple:
    """The course's units in order (read once per process)."""
    from demo_site.course_units import course_units

    return tuple(course_units())


@lru_cache(maxsize=1)
def course_title() -> str:
    from demo_site.course_units import COURSE_DIR
    from graders.course_olx import load_course

    course, _problems = load_course(COURSE_DIR)
    return (course.top.display_name if course else "") or SITE_TITLE


def outline() -> list[dict]:
    """Chapters with their units, for the course outline."""
    chapters: list[dict] = []
    for unit in site_units():
        if not chapters or chapters[-1]["title"] != unit.chapter_title:
            chapters.append({"title": unit.chapter_title, "units": []})
        chapters[-1]["units"].append(unit)
    return chapters


def _current_unit(request) -> dict | None:
    match = getattr(request, "resolver_match", None)
    scenario_id = match.kwargs.get("scenario_id") if match else None
    units = site_units()
    for index, unit in enumerate(units):
        if unit.name == scenario_id:
            return {"name": unit.name, "unit_title": unit.unit_title, "chapter_title": unit.chapter_title,
                    "previous": units[index - 1] if index > 0 else None,
                    "next": units[index + 1] if index + 1 < len(units) else None}
    return None


def site_context(request) -> dict:
    """What every demo page template knows: the site, the learner, the developer flag, the unit shown."""
    progress = next((unit.name for unit in site_units() if PROGRESS_BLOCK in unit.blocks), None)
    # the page's scenario and view from the URL: xblock-sdk 0.14 (Python 3.11) gives templates neither
    route = request.resolver_match.kwargs if request.resolver_match else {}
    return {"site_title": SITE_TITLE, "course_title": course_title(), "learner": signed_in(request),
            "developer": developer_mode(), "unit": _current_unit(request), "outline": outline(),
            "progress_unit": progress, "page_scenario": route.get("scenario_id", ""),
            "page_view": route.get("view_name", "student_view")}


def install_runtime() -> None:
    """Blocks on the demo get the small runtime above instead of the workbench's jQuery one (once)."""
    from django.templatetags.static import static
    from workbench.runtime import WorkbenchRuntime
    from xblock.runtime import Runtime

    if getattr(WorkbenchRuntime._wrap_ele, "demo_runtime", False):
        return

    def _wrap_ele(self, block, view, frag, extra_data=None):
        wrapped = Runtime._wrap_ele(self, block, view, frag, extra_data)
        if frag.js_init_fn:
            wrapped.add_javascript_url(static("demo_site/runtime.js"))
        return wrapped

    _wrap_ele.demo_runtime = True
    WorkbenchRuntime._wrap_ele = _wrap_ele
