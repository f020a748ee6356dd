"""Production settings of the graders plugin: the same defaults, but https only for did:web."""

from .common import plugin_settings as _common_settings


def plugin_settings(settings) -> None:
    explicit_http_hosts = hasattr(settings, "HOCVUSO_DID_WEB_HTTP_HOSTS")
    _common_settings(settings)
    if not explicit_http_hosts:
        settings.HOCVUSO_DID_WEB_HTTP_HOSTS = []
