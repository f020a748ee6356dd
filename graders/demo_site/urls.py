"""Demo site URLs: the workbench at the root, graders' pages beside it."""

from django.urls import include, path
from workbench.urls import urlpatterns as workbench_urlpatterns

from graders.demo_site import course_units

urlpatterns = [
    path("", include("graders.urls")),
    *workbench_urlpatterns,
]

course_units.install()
