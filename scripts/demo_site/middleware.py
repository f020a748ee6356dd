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
