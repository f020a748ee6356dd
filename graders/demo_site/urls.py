"""Demo site URLs: the workbench at the root, graders' pages beside it."""

from django.urls import include, path
from workbench.urls import urlpatterns as workbench_urlpatterns

urlpatterns = [
    path("", include("graders.urls")),
    *workbench_urlpatterns,
]
