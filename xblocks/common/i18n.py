"""Translations bundled with each block, in the layout the Open edX LMS already reads.

Each block package ships `translations/<lang>/LC_MESSAGES/text.po`, compiled to `text.mo` at
build time (`setup.py build_py`) or for a working tree by `python -m xblocks.common.i18n`.
In the LMS, `XBlockI18nService` reads those files itself. The workbench's own service only
forwards to Django, so the demo site and the tests use `BundledI18nService`, which reads the
same files for the active Django language (Vietnamese by default).
"""

from __future__ import annotations

import gettext
import sys
from functools import lru_cache
from pathlib import Path

from xblocks.common.text import LANGUAGE_CODE

DOMAIN = "text"
DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
BLOCK_PACKAGES = ("xblocks.phone_sim", "xblocks.quiz", "xblocks.progress")

_ROOT = Path(__file__).resolve().parent.parent


def translations_dir(package: str) -> Path:
    """Where a block package keeps its catalogues (`xblocks.quiz` -> xblocks/quiz/translations)."""
    return _ROOT.joinpath(*package.split(".")[1:], "translations")


def _active_language() -> str:
    try:
        from django.utils import translation

        return (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0]
    except Exception:  # Django not configured: plain Python use (CLI, tests of pure code)
        return DEFAULT_LANGUAGE


@lru_cache(maxsize=32)
def catalogue(language: str) -> gettext.NullTranslations:
    """All blocks' catalogues for `language`, chained; msgids fall through to the source text."""
    chain = gettext.NullTranslations()
    for package in reversed(BLOCK_PACKAGES):
        try:
            found = gettext.translation(DOMAIN, localedir=str(translations_dir(package)), languages=[language])
        except FileNotFoundError:
            continue
        found.add_fallback(chain)
        chain = found
    return chain


class BundledI18nService:
    """XBlock i18n service reading the blocks' bundled catalogues (demo site and tests)."""

    runtime = None

    def __init__(self, language: str | None = None):
        self._language = language

    def _catalogue(self) -> gettext.NullTranslations:
        return catalogue(self._language or _active_language())

    def gettext(self, message: str) -> str:
        return self._catalogue().gettext(message)

    ugettext = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue().ngettext(singular, plural, n)

    ungettext = ngettext

    def pgettext(self, context: str, message: str) -> str:
        return self._catalogue().pgettext(context, message)

    def strftime(self, dtime, fmt: str) -> str:
        return dtime.strftime(fmt)


def translated(block, strings: dict[str, str]) -> dict[str, str]:
    """`strings` (name -> msgid) in the learner's language, through the block's i18n service.

    Translated once per block instance and language: a handler builds its reply from these strings
    several times (page model, HTML, message), and a block instance lives for one request in the LMS.
    The dict is shared: read it, never change it.
    """
    service = block.runtime.service(block, "i18n")
    gettext = service.gettext if service else (lambda message: message)
    key = (id(strings), gettext(LANGUAGE_CODE))
    cache = block.__dict__.setdefault("_hocvuso_translated", {})
    if key not in cache:
        cache[key] = {name: gettext(msgid) for name, msgid in strings.items()}
    return cache[key]


def compile_catalogues(root: Path | None = None) -> list[Path]:
    """Compile every `translations/**/text.po` under `root` to `text.mo`; returns the files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted((root or _ROOT).rglob(f"translations/*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(f"compiled {path}")
