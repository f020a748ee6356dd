"""URLs shaped like edx-platform's lms/urls.py: the site's own, then `get_plugin_url_patterns("lms.djangoapp")`."""

from django.contrib import admin
from django.urls import path
from edx_django_utils.plugins import get_plugin_url_patterns

urlpatterns = [path("admin/", admin.site.urls), *get_plugin_url_patterns("lms.djangoapp")]
