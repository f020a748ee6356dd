"""Every learner and author string of the quiz has a Vietnamese translation and an English entry."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from xblocks.quiz.strings import MESSAGES, REFUSALS, SETTING_CHOICES, STATS_STRINGS, STUDIO_STRINGS, UI_STRINGS

TRANSLATIONS = Path(__file__).resolve().parents[3] / "xblocks" / "quiz" / "translations"
MSGIDS = (set(UI_STRINGS.values()) | set(REFUSALS.values()) | set(MESSAGES.values()) | set(STUDIO_STRINGS.values())
          | set(STATS_STRINGS.values()) | {label for labels in SETTING_CHOICES.values() for label in labels.values()})


@pytest.mark.parametrize("language", ["vi", "en"])
def test_catalogue_covers_every_msgid(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "text.po").open("rb") as handle:
        catalogue = {message.id: message.string for message in read_po(handle) if message.id}
    assert set(catalogue) >= MSGIDS
    if language == "vi":
        assert all(catalogue[msgid] for msgid in MSGIDS)
        for msgid in MSGIDS:  # placeholders must survive translation
            assert sorted(part.split("}")[0] for part in msgid.split("{")[1:]) == sorted(
                part.split("}")[0] for part in catalogue[msgid].split("{")[1:]), msgid
