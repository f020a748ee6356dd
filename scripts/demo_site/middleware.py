"""Vietnamese by default: the language changes only when the learner asks (?lang=en), not by browser."""

from django.conf import settings
from django.utils import translation

COOKIE = "hocvuso_lang"


def language_middleware(get_response):
    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request):
        asked = request.GET.get("lang")
        language = asked if asked in supported else request.COOKIES.get(COOKIE)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = get_response(request)
        if asked in supported:
            response.set_cookie(COOKIE, asked, samesite="Lax")
        return response

    return middleware


BLOCK_ASSETS = "/resource/"  # the workbench runtime's local_resource_url
BLOCK_ASSET_SECONDS = 600  # a lesson's length: the next unit needs no round trip; a new release shows soon after


def block_asset_cache_middleware(get_response):
    """Let the browser keep the blocks' JS/CSS between units (the workbench's resource view says nothing,
    so each unit fetched them again: a second per unit at 400 ms RTT). Open edX serves them hashed and cached."""

    def middleware(request):
        response = get_response(request)
        if request.method == "GET" and request.path.startswith(BLOCK_ASSETS) and response.status_code == 200:
            response.setdefault("Cache-Control", f"public, max-age={BLOCK_ASSET_SECONDS}")
        return response

    return middleware
