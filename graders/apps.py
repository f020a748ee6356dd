"""Django app config; also the Open edX LMS plugin declaration (edx-django-utils plugin_app)."""

from django.apps import AppConfig


class GradersConfig(AppConfig):
    name = "graders"
    verbose_name = "hocvuso graders"
    default_auto_field = "django.db.models.BigAutoField"

    # Read by the Open edX plugin framework (edx_django_utils.plugins) when installed in the LMS.
    plugin_app = {
        "url_config": {
            "lms.djangoapp": {
                "namespace": "graders",
                "regex": r"^hocvuso/",
                "relative_path": "urls",
            }
        },
        "settings_config": {
            "lms.djangoapp": {
                "common": {"relative_path": "settings.common"},
                "production": {"relative_path": "settings.production"},
            }
        },
    }

    def ready(self) -> None:
        # Connects the openedx-events receivers (Django's usual way; works in the LMS and the demo alike).
        from graders.pipeline import receivers  # noqa: F401
