"""Item statistics against values computed by hand on a fixed 5 x 3 response matrix."""

import math

import pytest

from xblocks.quiz.stats import item_statistics, to_csv

# Learner: (item1 choice, item2, item3).  Item 1 is a choice item keyed "a".
ROWS = [
    {"i1": (1, ["a"]), "i2": (1, []), "i3": (1, [])},  # total 3
    {"i1": (1, ["a"]), "i2": (1, []), "i3": (0, [])},  # total 2
    {"i1": (1, ["a"]), "i2": (0, []), "i3": (0, [])},  # total 1
    {"i1": (0, ["b"]), "i2": (1, []), "i3": (0, [])},  # total 1
    {"i1": (0, ["c"]), "i2": (0, []), "i3": (0, [])},  # total 0
]
OPTIONS = {"i1": ["a", "b", "c"]}
KEYED = {"i1": {"a"}}


def result():
    return item_statistics(ROWS, ["i1", "i2", "i3"], OPTIONS, KEYED)


def test_facility_and_corrected_point_biserial_match_hand_computation():
    items = {item.item: item for item in result().items}
    assert [items[i].p for i in ("i1", "i2", "i3")] == pytest.approx([0.6, 0.6, 0.2])
    # i1: deviations x (.4,.4,.4,-.6,-.6), rest (1.2,.2,-.8,.2,-.8): 0.6 / sqrt(1.2 * 2.8)
    assert items["i1"].r_pb == pytest.approx(0.6 / math.sqrt(1.2 * 2.8)) == pytest.approx(0.327327, abs=1e-6)
    assert items["i2"].r_pb == pytest.approx(0.327327, abs=1e-6)
    # i3: 0.8 / sqrt(0.8 * 2.8)
    assert items["i3"].r_pb == pytest.approx(0.534522, abs=1e-6)


def test_upper_lower_discrimination_uses_27_percent_groups():
    # round(0.27 * 5) = 1 learner per group: upper = total 3, lower = total 0
    assert [item.d for item in result().items] == pytest.approx([1.0, 1.0, 1.0])


def test_kr20_alpha_and_sem():
    stats = result()
    # totals 3,2,1,1,0: mean 1.4, variance 1.04; sum pq = .24 + .24 + .16 = .64
    assert stats.mean == pytest.approx(1.4)
    assert stats.kr20 == pytest.approx(1.5 * (1 - 0.64 / 1.04)) == pytest.approx(0.576923, abs=1e-6)
    assert stats.alpha == stats.kr20
    assert stats.sem == pytest.approx(math.sqrt(1.04) * math.sqrt(1 - 0.576923), abs=1e-5)


def test_distractor_table():
    options = {o.option: o for o in result().items[0].options}
    assert (options["a"].count, options["b"].count, options["c"].count) == (3, 1, 1)
    assert options["b"].share == pytest.approx(0.2) and options["a"].keyed and not options["b"].keyed
    assert (options["a"].upper, options["c"].lower, options["c"].upper) == (1.0, 1.0, 0.0)


def test_flags_and_partial_scores():
    rows = [{"easy": (1, []), "miskey": (0, []), "part": (0.5, [])},
            {"easy": (1, []), "miskey": (0, []), "part": (1, [])},
            {"easy": (1, []), "miskey": (1, []), "part": (0, [])},
            {"easy": (1, []), "miskey": (1, []), "part": (0, [])}]
    stats = item_statistics(rows, ["easy", "miskey", "part"])
    flags = {item.item: item.flags for item in stats.items}
    assert "too_easy" in flags["easy"] and "negative_discrimination" in flags["miskey"]
    assert stats.kr20 is None and stats.alpha is not None  # not right/wrong only


def test_pooled_rows_use_only_learners_who_saw_the_item():
    rows = [{"a": (1, []), "b": (0, [])}, {"a": (0, [])}, {"b": (1, [])}]
    stats = item_statistics(rows, ["a", "b"], exposure={"a": 7})
    assert [(i.n, i.exposure) for i in stats.items] == [(2, 7), (2, 2)]
    assert stats.complete == 1 and stats.alpha is None


def test_csv_export_has_items_options_and_test_row():
    lines = to_csv(result()).splitlines()
    assert lines[0].startswith("item,option,keyed,n,exposure,p_value,point_biserial_corrected")
    assert lines[1].startswith("i1,,,5,5,0.6000,0.3273,1.0000")
    assert any(line.startswith("i1,b,no,5,,,,,1,0.2000") for line in lines)
    assert lines[-1].startswith("(test),,,5,,1.4000") and "alpha=0.5769" in lines[-1]
