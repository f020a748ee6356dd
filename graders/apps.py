"""Django app config; also the Open edX plugin declaration (edx-django-utils plugin_app) for the LMS and Studio.

LMS: settings (common, production, test), URLs under /hocvuso/, the openedx-events receivers.
Studio (cms.djangoapp): the same app and settings, no URLs. Studio and the LMS share one database; Studio
needs the app so that `manage.py cms hocvuso policy load <archive>` can store a course's certificate policy
where the course is imported, and so that blocks asking graders for a learner's progress (learner_progress)
find its models in Studio's previews.
"""

from django.apps import AppConfig


class GradersConfig(AppConfig):
    name = "graders"
    verbose_name = "hocvuso graders"
    default_auto_field = "django.db.models.BigAutoField"

    # Read by the Open edX plugin framework (edx_django_utils.plugins) in the LMS and in Studio.
    plugin_app = {
        "url_config": {
            "lms.djangoapp": {
                "namespace": "graders",
                "regex": r"^hocvuso/",
                "relative_path": "urls",
            }
        },
        "settings_config": {
            project: {
                "common": {"relative_path": "settings.common"},
                "production": {"relative_path": "settings.production"},
                "test": {"relative_path": "settings.test"},
            }
            for project in ("lms.djangoapp", "cms.djangoapp")
        },
    }

    def ready(self) -> None:
        # Connects the openedx-events receivers (Django's usual way; works in the LMS and the demo alike).
        from graders.pipeline import receivers  # noqa: F401
