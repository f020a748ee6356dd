"""Demo site URLs: the workbench at the root, graders' pages beside it.

Two of the workbench's routes are not taken as they are (docs/architecture.md, "Threats and answers"):
its media route serves MEDIA_ROOT, which is empty, so it served the working directory (the secret key,
the database, private keys, .git); and its GET `reset_state` wiped every learner's state from any link.
Static assets are served by `runserver --insecure` from STATIC_URL only (apps' static/ and the course's
static/ folder).
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, include, path, re_path
from django.views import static
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST
from workbench.runtime_util import reset_global_state
from workbench.urls import urlpatterns as workbench_urlpatterns

from demo_site import course_units, learners, services, workbench_bridge


@require_POST
@csrf_protect
def reset_state(request: HttpRequest) -> HttpResponse:
    """The workbench's "Reset State", for developers only (DEMO_DEVELOPER), by a form post with a CSRF token."""
    if not getattr(settings, "DEMO_DEVELOPER", False):
        raise Http404
    reset_global_state()
    return redirect("/")


def _workbench_routes() -> list:
    kept = []
    for pattern in workbench_urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.callback is static.serve:
            continue  # the media route: MEDIA_ROOT is "", i.e. the working directory
        if getattr(pattern, "name", None) == "reset_state":
            kept.append(re_path(r"^reset_state$", reset_state, name="reset_state"))
            continue
        kept.append(pattern)
    return kept


urlpatterns = [
    path("dang-nhap/", learners.sign_in, name="demo-sign-in"),
    path("dang-xuat/", learners.sign_out, name="demo-sign-out"),
    path("vao-lop/", learners.join_class, name="demo-join-class"),  # before graders' own "Vào lớp" (LMS users)
    # Staff (teachers, agency officers) sign in with a password: Django's own login, in Vietnamese.
    path("accounts/login/", auth_views.LoginView.as_view(template_name="demo_site/staff_login.html"),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/accounts/login/"), name="logout"),
    path("", include("graders.urls")),
    *_workbench_routes(),
]

course_units.install(on_unit=workbench_bridge.map_unit)
workbench_bridge.install()  # our blocks' grades reach graders (intake b)
services.install()  # no legacy `due` stamped on our blocks
learners.install_runtime()  # learner pages load a small runtime instead of the workbench's jQuery one
