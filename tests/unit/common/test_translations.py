"""Every learner-facing string of each block is in its Vietnamese catalogue, and the catalogues load."""

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from xblocks.common.i18n import BLOCK_PACKAGES, BundledI18nService, compile_catalogues, translations_dir

KEYWORDS = {"_": None, "gettext": None, "ugettext": None, "gettext_lazy": None, "ngettext": (1, 2),
            "ungettext": (1, 2), "pgettext": ((1, "c"), 2)}


def extracted_msgids(package: str) -> set[str]:
    """Strings marked for translation in the package's Python code (what users will see)."""
    package_dir = translations_dir(package).parent
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(package_dir), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                found.add(text)
    return found


def catalogue(package: str, language: str):
    with (translations_dir(package) / language / "LC_MESSAGES" / "text.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("package", BLOCK_PACKAGES)
def test_every_marked_string_has_a_vietnamese_translation(package):
    msgids = extracted_msgids(package)
    assert len(msgids) >= 10, f"{package} marks too few strings for translation: {sorted(msgids)}"
    vi = catalogue(package, "vi")
    missing = sorted(m for m in msgids if not (vi.get(m) and vi.get(m).string and not vi.get(m).fuzzy))
    assert not missing, f"{package}: {len(missing)} strings lack a Vietnamese translation: {missing[:15]}"


@pytest.mark.parametrize("package", BLOCK_PACKAGES)
def test_english_catalogue_exists(package):
    assert catalogue(package, "en") is not None


def test_compiled_catalogues_translate_through_the_service():
    compile_catalogues()
    vi_catalogue = catalogue(BLOCK_PACKAGES[0], "vi")
    sample = next(m for m in vi_catalogue if m.id and m.string and m.string != m.id)
    assert BundledI18nService("vi").gettext(sample.id) == sample.string
    english = catalogue(BLOCK_PACKAGES[0], "en").get(sample.id)
    assert BundledI18nService("en").gettext(sample.id) in (sample.id, english.string if english else sample.id)


def test_vietnamese_is_the_default_language():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "vi"


@pytest.mark.parametrize("package", ["xblocks.phone_sim", "xblocks.quiz"])
def test_shared_block_strings_are_in_each_block_catalogue(package):
    """Messages xblocks/common sends through a block (Studio refusals) are translated in that block's own
    catalogue: the LMS reads each block's translations only."""
    shared = extracted_msgids("xblocks.common")
    assert shared, "xblocks/common marks no strings"
    vi = catalogue(package, "vi")
    missing = sorted(m for m in shared if not (vi.get(m) and vi.get(m).string))
    assert not missing, f"{package} lacks: {missing}"
