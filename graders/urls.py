"""graders' URLs (public verification endpoints, intake API, staff pages)."""

urlpatterns: list = []
