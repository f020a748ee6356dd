"""Page tokens <-> authored ids for one served question (pure).

The page names options, items and matching rows only by opaque per-attempt tokens (pool.lay_out); a
browser's answer is decoded into authored ids before grading, and a stored response is encoded back for
the page. Anything that is not a token of this question is dropped: a forged answer earns nothing.
"""

from __future__ import annotations

from .questions import Question

MAX_TYPED_CHARS = 300


def decode(question: Question, served: dict, value):
    """The authored response a page value stands for (None / empty when it names nothing served)."""
    options = {token: ident for token, ident in served["options"]}
    if question.type in ("single", "dropdown"):
        return options.get(value) if isinstance(value, str) else None
    if question.type in ("multiple", "ordering"):
        return [options[v] for v in value if isinstance(v, str) and v in options] if isinstance(value, list) else []
    if question.type in ("text", "number"):
        return value[:MAX_TYPED_CHARS] if isinstance(value, str) else ""
    if question.type == "matching":
        lefts = {token: ident for token, ident in served["lefts"]}
        if not isinstance(value, dict):
            return {}
        return {lefts[lt]: options[ot] for lt, ot in value.items()
                if lt in lefts and isinstance(ot, str) and ot in options}
    if question.type == "hotspot" and isinstance(value, dict):
        try:
            point = {"x": float(value["x"]), "y": float(value["y"])}
        except (KeyError, TypeError, ValueError):
            return None
        return point if all(abs(v) < 1e6 for v in point.values()) else None
    return None


def encode(question: Question, served: dict, response):
    """The page value for an authored response (the inverse of `decode`)."""
    tokens = {ident: token for token, ident in served["options"]}
    if question.type in ("single", "dropdown"):
        return tokens.get(response)
    if question.type in ("multiple", "ordering"):
        return [tokens[r] for r in response or [] if r in tokens]
    if question.type == "matching":
        lefts = {ident: token for token, ident in served["lefts"]}
        return {lefts[left]: tokens[right] for left, right in (response or {}).items()
                if left in lefts and right in tokens}
    return response


def merge_drafts(by_id: dict[str, Question], served: tuple[dict, ...], responses: dict, closed: set[str],
                 answers) -> dict:
    """`responses` updated with what the page sent (typed so far must survive a re-render); closed kept."""
    merged = dict(responses)
    if isinstance(answers, dict):
        for entry in served:
            question = by_id.get(entry["id"])
            if question and entry["token"] in answers and entry["id"] not in closed:
                merged[entry["id"]] = decode(question, entry, answers[entry["token"]])
    return merged
