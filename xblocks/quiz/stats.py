"""Classical item analysis over a response matrix, in plain Python (no numpy on the platform).

Course teams need to see which questions are too easy, too hard, miskeyed or carried by a bad
distractor. Each row is one learner's first attempt: question id -> (share of points, chosen option
ids). With pools, a learner only has the questions served, so per-item figures use the learners who
saw the item, and the test-level reliability uses the learners who saw every item.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

from xblocks.common.csv_safe import csv_writer

GROUP_SHARE = 0.27  # Kelley's upper/lower 27 % groups
P_LOW, P_HIGH, R_LOW = 0.2, 0.9, 0.2


@dataclass
class OptionStats:
    option: str
    keyed: bool
    count: int = 0
    share: float = 0.0
    upper: float | None = None
    lower: float | None = None


@dataclass
class ItemStats:
    item: str
    n: int = 0
    p: float | None = None
    r_pb: float | None = None
    d: float | None = None
    exposure: int = 0
    options: list[OptionStats] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass
class TestStats:
    learners: int
    complete: int
    k: int
    mean: float | None
    sd: float | None
    alpha: float | None
    kr20: float | None
    sem: float | None
    items: list[ItemStats]


def _pearson(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    if n < 2:
        return None
    vx, vy = n * sxx - sx * sx, n * syy - sy * sy
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return (n * sxy - sx * sy) / math.sqrt(vx * vy)


def item_statistics(rows: list[dict], items: list[str], options: dict[str, list[str]] | None = None,
                    keyed: dict[str, set[str]] | None = None, exposure: dict[str, int] | None = None) -> TestStats:
    """Facility, corrected point-biserial, upper/lower D, distractors, alpha/KR-20 and flags.

    `rows`: one dict per learner, item id -> (score fraction 0..1, list of chosen option ids).
    `options`/`keyed`: option ids per choice item and which of them are correct (for distractors).
    `exposure`: how often each item was served (defaults to how many rows hold it).
    """
    options, keyed, exposure = options or {}, keyed or {}, exposure or {}
    index = {item: i for i, item in enumerate(items)}
    k = len(items)
    n = [0] * k
    sx, sxx, sy, syy, sxy = ([0.0] * k for _ in range(5))
    counts = [dict.fromkeys(options.get(item, ()), 0) for item in items]
    totals = []
    complete_rows, complete_totals = [], []
    for row in rows:
        total = 0.0
        for value in row.values():
            total += value[0]
        totals.append(total)
        if len(row) == k:
            complete_rows.append(row)
            complete_totals.append(total)
        for item, value in row.items():
            i = index.get(item)
            if i is None:
                continue
            x = value[0]
            rest = total - x
            n[i] += 1
            sx[i] += x
            sxx[i] += x * x
            sy[i] += rest
            syy[i] += rest * rest
            sxy[i] += x * rest
            tally = counts[i]
            if tally:
                for option in value[1]:
                    if option in tally:
                        tally[option] += 1

    # Upper and lower groups by total score (ties keep row order: a stable sort).
    order = sorted(range(len(rows)), key=totals.__getitem__)
    size = max(1, round(GROUP_SHARE * len(rows))) if rows else 0
    lower_rows = [rows[i] for i in order[:size]]
    upper_rows = [rows[i] for i in order[len(order) - size:]] if size else []

    def group(rows_in: list[dict]):
        seen, score, picks = [0] * k, [0.0] * k, [dict.fromkeys(options.get(item, ()), 0) for item in items]
        for row in rows_in:
            for item, value in row.items():
                i = index.get(item)
                if i is None:
                    continue
                seen[i] += 1
                score[i] += value[0]
                for option in value[1]:
                    if option in picks[i]:
                        picks[i][option] += 1
        return seen, score, picks

    up_seen, up_score, up_picks = group(upper_rows)
    low_seen, low_score, low_picks = group(lower_rows)

    results = []
    for i, item in enumerate(items):
        stats = ItemStats(item=item, n=n[i], exposure=exposure.get(item, n[i]))
        if n[i]:
            stats.p = sx[i] / n[i]
            stats.r_pb = _pearson(n[i], sx[i], sy[i], sxx[i], syy[i], sxy[i])
        if up_seen[i] and low_seen[i]:
            stats.d = up_score[i] / up_seen[i] - low_score[i] / low_seen[i]
        for option, count in counts[i].items():
            stats.options.append(OptionStats(
                option=option, keyed=option in keyed.get(item, set()), count=count,
                share=count / n[i] if n[i] else 0.0,
                upper=up_picks[i][option] / up_seen[i] if up_seen[i] else None,
                lower=low_picks[i][option] / low_seen[i] if low_seen[i] else None,
            ))
        stats.flags = _flags(stats)
        results.append(stats)

    mean = sd = alpha = kr20 = sem = None
    m = len(complete_rows)
    if m >= 2 and k >= 2:
        mean = sum(complete_totals) / m
        variance = sum((t - mean) ** 2 for t in complete_totals) / m
        sd = math.sqrt(variance)
        item_variances, dichotomous = [], True
        for item in items:
            values = [row[item][0] for row in complete_rows]
            item_mean = sum(values) / m
            item_variances.append(sum((v - item_mean) ** 2 for v in values) / m)
            dichotomous = dichotomous and all(v in (0, 1) for v in values)
        if variance > 1e-12:
            alpha = k / (k - 1) * (1 - sum(item_variances) / variance)
            kr20 = alpha if dichotomous else None  # KR-20 is alpha on right/wrong items
            sem = sd * math.sqrt(max(0.0, 1 - alpha))
    return TestStats(learners=len(rows), complete=m, k=k, mean=mean, sd=sd, alpha=alpha, kr20=kr20, sem=sem,
                     items=results)


def _flags(stats: ItemStats) -> list[str]:
    flags = []
    if stats.p is not None and stats.p < P_LOW:
        flags.append("too_hard")
    if stats.p is not None and stats.p > P_HIGH:
        flags.append("too_easy")
    if stats.r_pb is not None and stats.r_pb < 0:
        flags.append("negative_discrimination")
    elif stats.r_pb is not None and stats.r_pb < R_LOW:
        flags.append("low_discrimination")
    if any(not o.keyed and o.upper is not None and o.lower is not None and o.upper > o.lower for o in stats.options):
        flags.append("distractor_attracts_upper_group")
    return flags


CSV_COLUMNS = ["item", "option", "keyed", "n", "exposure", "p_value", "point_biserial_corrected",
               "discrimination_upper_lower", "chosen_count", "chosen_share", "chosen_share_upper",
               "chosen_share_lower", "flags"]


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def to_csv(result: TestStats) -> str:
    """One row per item and one per option of choice items; a last row with the test figures."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")  # every cell defused against spreadsheet formulas
    writer.writerow(CSV_COLUMNS)
    for stats in result.items:
        writer.writerow([stats.item, "", "", stats.n, stats.exposure, _cell(stats.p), _cell(stats.r_pb),
                         _cell(stats.d), "", "", "", "", " ".join(stats.flags)])
        for option in stats.options:
            writer.writerow([stats.item, option.option, "yes" if option.keyed else "no", stats.n, "", "", "", "",
                             option.count, _cell(option.share), _cell(option.upper), _cell(option.lower), ""])
    writer.writerow(["(test)", "", "", result.learners, "", _cell(result.mean), "", "", "", "", "", "",
                     f"alpha={_cell(result.alpha)} kr20={_cell(result.kr20)} sem={_cell(result.sem)} "
                     f"complete={result.complete}"])
    return out.getvalue()
