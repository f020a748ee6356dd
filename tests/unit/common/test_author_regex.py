"""Author regexes (quiz `<answer regex="true">`, phone `check="pattern"`) cannot stall the server."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.unit.phone_sim.scenario_samples import MINI
from xblocks.common.regex import PatternError, compile_pattern
from xblocks.phone_sim.scenario import ScenarioError, parse_scenario
from xblocks.quiz.questions import QuizFormatError, parse_questions

ROOT = Path(__file__).resolve().parents[3]

HOSTILE_RUN = textwrap.dedent("""
    from tests.unit.phone_sim.scenario_samples import MINI
    from xblocks.phone_sim.scenario import MAX_VALUE_LENGTH, parse_scenario
    from xblocks.quiz.questions import parse_questions
    from xblocks.quiz.scoring import score_response

    [question] = parse_questions('<questions><question id="q" type="text"><prompt>?</prompt>'
                                 '<answer regex="true">(a|aa)+$</answer></question></questions>')
    answer = "a" * 299 + "!"
    assert score_response(question, answer).fraction == 0.0
    assert score_response(question, "a" * 300).fraction == 1.0
    scenario = parse_scenario(MINI.replace('value="\\\\d+"', 'value="(a|aa)+$"'))
    rule = next(r for r in scenario.screens["form"].step.rules if r.check == "pattern")
    assert rule.matches_value("a" * (MAX_VALUE_LENGTH - 1) + "!") is False
    assert rule.matches_value("a" * 300) is True
    print("done")
""")


def test_a_catastrophic_pattern_on_a_300_character_answer_finishes_at_once():
    """With backtracking `re` this run would take longer than the age of the universe (it doubles per char).

    The 20 s bound only stops a hung run; the speed figure itself is in scripts/bench/regex.py.
    """
    result = subprocess.run([sys.executable, "-c", HOSTILE_RUN], cwd=ROOT, capture_output=True, text=True,
                            timeout=20, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"


@pytest.mark.parametrize("pattern", ["(a)\\1", "(?=.*\\d).{8}", "x(?!y)"])
def test_patterns_the_engine_cannot_run_in_linear_time_are_refused_when_saved(pattern):
    with pytest.raises(PatternError, match="not supported"):
        compile_pattern(pattern)
    with pytest.raises(QuizFormatError, match="not supported"):
        parse_questions('<questions><question id="q" type="text"><prompt>?</prompt>'
                        f'<answer regex="true">{pattern}</answer></question></questions>')
    with pytest.raises(ScenarioError, match="not supported"):
        parse_scenario(MINI.replace('value="\\d+"', f'value="{pattern}"'))


def test_case_folding_and_vietnamese_text_still_match():
    assert compile_pattern("đúng", ignore_case=True).fullmatch("ĐÚNG")
    assert not compile_pattern("đúng").fullmatch("ĐÚNG")
