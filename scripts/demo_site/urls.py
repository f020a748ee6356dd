"""Demo site URLs: the workbench at the root, graders' pages beside it."""

from django.urls import include, path
from workbench.urls import urlpatterns as workbench_urlpatterns

from demo_site import course_units, workbench_bridge

urlpatterns = [
    path("", include("graders.urls")),
    *workbench_urlpatterns,
]

course_units.install(on_unit=workbench_bridge.map_unit)
workbench_bridge.install()  # our blocks' grades reach graders (intake b)
