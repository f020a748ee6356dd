"""The quiz's HTML, rendered on the server from a whitelisted view model (learner page and Studio preview).

Only what `public_question` copies out of a question can ever reach the page; answers, feedback and
explanations are added by the block only once the attempt rules allow it. Keeping rendering here
means the learner page, every handler's refreshed HTML and the Studio preview look the same.
"""

from __future__ import annotations

from html import escape, unescape

from xblocks.common.text import format_number

from .questions import Question
from .scoring import distractor_id

ICONS = {"correct": "✓", "partial": "◐", "incorrect": "✗"}


def _fmt(number: float, t: dict) -> str:
    """Points as the page's language writes them (Vietnamese 0,25), `t["language"]` naming it."""
    return format_number(number, t.get("language", "vi"))


# Everything `public_question` may put in a question's model (the mobile app's whitelist too).
PUBLIC_QUESTION_FIELDS = ("token", "type", "prompt", "points", "options", "hint_count", "lefts", "image")


def public_question(question: Question, served: dict) -> dict:
    """The answer-free model of a served question, built by copying only what a learner may see."""
    texts = {}
    if question.type in ("single", "multiple", "dropdown"):
        texts = {choice.id: choice.html for choice in question.choices}
    elif question.type == "ordering":
        texts = {item.id: escape(item.text) for item in question.items}
    elif question.type == "matching":
        texts = {pair.id: escape(pair.right) for pair in question.pairs}
        texts.update({distractor_id(i): escape(text) for i, text in enumerate(question.distractors)})
    model = {
        "token": served["token"],
        "type": question.type,
        "prompt": question.prompt,
        "points": question.points,
        "options": [{"token": token, "html": texts[ident]} for token, ident in served["options"]],
        "hint_count": len(question.hints),
    }
    if question.type == "matching":
        lefts = {pair.id: pair.left for pair in question.pairs}
        model["lefts"] = [{"token": token, "text": lefts[ident]} for token, ident in served["lefts"]]
    if question.type == "hotspot" and question.image is not None:
        image = question.image
        model["image"] = {"src": image.src, "alt": image.alt, "width": image.width, "height": image.height}
    return model


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _fill(t: dict, key: str, **values) -> str:
    """A translated template filled in; `t` is already escaped, so text values must be escaped by the caller."""
    return t[key].format(**values)


_ESCAPED: dict[int, tuple[dict, dict]] = {}


def escaped_strings(t: dict[str, str]) -> dict[str, str]:
    """`t` with every string HTML-escaped, computed once per strings dict (the block caches those)."""
    entry = _ESCAPED.get(id(t))
    if entry is None or entry[0] is not t:  # holding `t` keeps its id from being reused
        if len(_ESCAPED) > 32:
            _ESCAPED.clear()
        entry = _ESCAPED[id(t)] = (t, {key: escape(value) for key, value in t.items()})
    return entry[1]


def _input_id(question: dict, suffix: str) -> str:
    return f"aq-{question['token']}-{suffix}"


def _choices(q: dict, state: dict, t: dict, disabled: str) -> str:
    kind = "radio" if q["type"] == "single" else "checkbox"
    chosen = state.get("answer")
    chosen = set(chosen) if isinstance(chosen, list) else {chosen}
    key = set(state.get("key") or ())
    rows = []
    for option in q["options"]:
        checked = " checked" if option["token"] in chosen else ""
        marks = []
        if option["token"] in key:
            marks.append(f'<span class="aq-key"><span aria-hidden="true">✓</span> {t["key_mark"]}</span>')
        rows.append(
            f'<label class="aq-option"><input type="{kind}" name="{_attr(q["token"])}" '
            f'value="{_attr(option["token"])}"{checked}{disabled}> <span class="aq-option-text">{option["html"]}'
            f"</span>{''.join(marks)}</label>"
        )
    return f'<div class="aq-options">{"".join(rows)}</div>'


def _dropdown(q: dict, state: dict, t: dict, disabled: str) -> str:
    chosen = state.get("answer")
    options = [f'<option value="">{t["choose"]}</option>']
    for option in q["options"]:
        selected = " selected" if option["token"] == chosen else ""
        options.append(f'<option value="{_attr(option["token"])}"{selected}>{escape(option["html"])}</option>')
    ident = _input_id(q, "select")
    key = ""
    if state.get("key"):
        names = {o["token"]: o["html"] for o in q["options"]}
        key = f'<p class="aq-key-text">{t["answer_is"]} {escape(names[state["key"][0]])}</p>'
    return (f'<label class="aq-field-label" for="{ident}">{t["your_answer"]}</label>'
            f'<select id="{ident}" name="{_attr(q["token"])}"{disabled}>{"".join(options)}</select>{key}')


def _typed(q: dict, state: dict, t: dict, disabled: str) -> str:
    ident = _input_id(q, "input")
    numeric = q["type"] == "number"
    value = state.get("answer") if isinstance(state.get("answer"), str) else ""
    extra = ' inputmode="decimal"' if numeric else ""
    help_text = f'<span class="aq-help" id="{ident}-help">{t["number_hint"]}</span>' if numeric else ""
    described = f' aria-describedby="{ident}-help"' if numeric else ""
    key = ""
    if state.get("key_text"):
        key = f'<p class="aq-key-text">{t["answer_is"]} {escape(state["key_text"])}</p>'
    return (f'<label class="aq-field-label" for="{ident}">{t["your_answer"]}</label>{help_text}'
            f'<input type="text" id="{ident}" name="{_attr(q["token"])}" value="{_attr(value)}" maxlength="300" '
            f'autocomplete="off" spellcheck="false"{extra}{described}{disabled}>{key}')


def _ordering(q: dict, state: dict, t: dict, disabled: str) -> str:
    by_token = {option["token"]: option for option in q["options"]}
    order = state.get("answer") if isinstance(state.get("answer"), list) else None
    if not order or sorted(order) != sorted(by_token):
        order = [option["token"] for option in q["options"]]
    rows = []
    for position, token in enumerate(order, start=1):
        text = by_token[token]["html"]
        label = _attr(unescape(text))  # `text` is HTML; the label is plain text in an attribute
        rows.append(
            f'<li class="aq-order-item" data-token="{_attr(token)}"><span class="aq-order-pos">{position}.</span> '
            f'<span class="aq-order-text">{text}</span><span class="aq-order-buttons">'
            f'<button type="button" class="aq-move" data-move="up" aria-label="{_fill(t, "move_up_label", item=label)}"'
            f'{disabled}><span aria-hidden="true">↑</span> {t["move_up"]}</button>'
            f'<button type="button" class="aq-move" data-move="down" '
            f'aria-label="{_fill(t, "move_down_label", item=label)}"{disabled}><span aria-hidden="true">↓</span> '
            f'{t["move_down"]}</button></span></li>'
        )
    key = ""
    if state.get("key"):
        items = "".join(f"<li>{by_token[token]['html']}</li>" for token in state["key"])
        key = f'<div class="aq-key-text">{t["answer_is"]}<ol>{items}</ol></div>'
    return f'<ol class="aq-order" data-name="{_attr(q["token"])}">{"".join(rows)}</ol>{key}'


def _matching(q: dict, state: dict, t: dict, disabled: str) -> str:
    chosen = state.get("answer") if isinstance(state.get("answer"), dict) else {}
    key = state.get("key") or {}
    names = {option["token"]: option["html"] for option in q["options"]}
    rows = []
    for index, left in enumerate(q["lefts"]):
        ident = _input_id(q, f"m{index}")
        options = [f'<option value="">{t["choose"]}</option>']
        for option in q["options"]:
            selected = " selected" if chosen.get(left["token"]) == option["token"] else ""
            options.append(f'<option value="{_attr(option["token"])}"{selected}>{option["html"]}</option>')
        key_line = ""
        if key.get(left["token"]):
            key_line = f'<span class="aq-key-text">{t["answer_is"]} {names[key[left["token"]]]}</span>'
        rows.append(f'<div class="aq-pair"><label for="{ident}">{escape(left["text"])}</label>'
                    f'<select id="{ident}" name="{_attr(q["token"])}" data-left="{_attr(left["token"])}"{disabled}>'
                    f'{"".join(options)}</select>{key_line}</div>')
    return f'<div class="aq-pairs">{"".join(rows)}</div>'


def _hotspot(q: dict, state: dict, t: dict, disabled: str) -> str:
    """A picture to tap; no style attributes (a strict CSP refuses them): the script places the marker
    from the stored answer, and the key's regions are an SVG overlay in percent of the picture."""
    image = q.get("image") or {"src": "", "alt": "", "width": 1, "height": 1}
    answer = state.get("answer") if isinstance(state.get("answer"), dict) else None
    status = t["spot_none"]
    if answer:
        x = 100 * float(answer.get("x", 0)) / image["width"]
        y = 100 * float(answer.get("y", 0)) / image["height"]
        status = _fill(t, "spot_chosen", x=round(x), y=round(y))
    regions = "".join(
        f'<rect class="aq-region" x="{r["left"]:.2f}" y="{r["top"]:.2f}" width="{r["width"]:.2f}" '
        f'height="{r["height"]:.2f}"></rect>' for r in state.get("key_regions") or ()
    )
    if regions:
        regions = (f'<svg class="aq-regions" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true" '
                   f'focusable="false">{regions}</svg>')
    key = f'<p class="aq-key-text">{t["answer_is"]} {t["key_mark"]} ▢</p>' if regions else ""
    ident = _input_id(q, "spot")
    return (
        f'<p class="aq-help" id="{ident}-help">{t["spot_help"]}</p>'
        f'<div class="aq-spot{" aq-disabled" if disabled else ""}" tabindex="{-1 if disabled else 0}" role="group" '
        f'aria-describedby="{ident}-help {ident}-status" data-name="{_attr(q["token"])}" '
        f'data-width="{image["width"]}" data-height="{image["height"]}">'
        f'<img src="{_attr(image["src"])}" alt="{_attr(image["alt"])}" width="{image["width"]}" '
        f'height="{image["height"]}" draggable="false">{regions}'
        f'<span class="aq-marker" hidden aria-hidden="true"></span></div>'
        f'<p class="aq-spot-status" id="{ident}-status">{status}</p>'
        f'<input type="hidden" name="{_attr(q["token"])}" data-axis="x" value="{_attr((answer or {}).get("x", ""))}">'
        f'<input type="hidden" name="{_attr(q["token"])}" data-axis="y" value="{_attr((answer or {}).get("y", ""))}">'
        f"{key}"
    )


_INPUTS = {"single": _choices, "multiple": _choices, "dropdown": _dropdown, "text": _typed, "number": _typed,
           "ordering": _ordering, "matching": _matching, "hotspot": _hotspot}


def _result(state: dict, q: dict, t: dict) -> str:
    result = state.get("result")
    if not result:
        return ""
    verdict = result["verdict"]
    parts = [f'<p class="aq-verdict"><span class="aq-icon" aria-hidden="true">{ICONS[verdict]}</span> '
             f"<strong>{t[verdict]}</strong> — "
             f"{_fill(t, 'earned', earned=_fmt(result['earned'], t), points=_fmt(q['points'], t))}</p>"]
    parts += [f'<p class="aq-feedback">{escape(text)}</p>' for text in result.get("feedback", ())]
    return f'<div class="aq-result aq-{verdict}">{"".join(parts)}</div>'


def render_question(q: dict, state: dict, number: int, total: int, t: dict, *, editable: bool,
                    hints_allowed: bool, tries_mode: bool) -> str:
    """One question as a fieldset; `state` holds the learner's answer and whatever may be revealed."""
    disabled = "" if editable and not state.get("closed") else " disabled"
    hints = state.get("hints") or []
    hint_html = "".join(
        f'<li><span class="aq-hint-label">{_fill(t, "hint_label", number=i + 1)}:</span> {hint}</li>'
        for i, hint in enumerate(hints)
    )
    buttons = []
    if editable and not state.get("closed"):
        if hints_allowed and len(hints) < q["hint_count"]:
            buttons.append(f'<button type="button" class="aq-button aq-secondary" data-action="hint">'
                           f"{_fill(t, 'hint_button', shown=len(hints), total=q['hint_count'])}</button>")
        if tries_mode:
            buttons.append(f'<button type="button" class="aq-button aq-secondary" data-action="check">'
                           f"{t['check']}</button>")
            if state.get("tries_left") is not None:
                buttons.append(f'<span class="aq-tries">{_fill(t, "tries_left", count=state["tries_left"])}</span>')
    explanation = ""
    if state.get("explanation"):
        explanation = (f'<div class="aq-explanation"><p class="aq-explanation-title">{t["explanation"]}'
                       f'</p>{state["explanation"]}</div>')
    return (
        f'<fieldset class="aq-question" data-token="{_attr(q["token"])}" data-type="{q["type"]}">'
        f'<legend><span class="aq-number">{_fill(t, "question_of", number=number, total=total)}</span> '
        f'<span class="aq-points">({_fill(t, "points", points=_fmt(q["points"], t))})</span></legend>'
        f'<div class="aq-prompt">{q["prompt"]}</div>'
        f"{_INPUTS[q['type']](q, state, t, disabled)}"
        f'<ul class="aq-hints" aria-live="polite">{hint_html}</ul>'
        f'<div class="aq-question-actions">{"".join(buttons)}</div>'
        f'<div class="aq-question-status" aria-live="polite">{_result(state, q, t)}</div>'
        f"{explanation}</fieldset>"
    )


def _status(view: dict, t: dict) -> str:
    return "".join(f"<li>{escape(line)}</li>" for line in view.get("status", ()))


def _after_form(view: dict, t: dict) -> str:
    """What follows the questions: the score summary, the start button and notices."""
    parts = [f'<p class="aq-summary">{escape(line)}</p>' for line in view.get("summary", ())]
    if view.get("start_label"):
        parts.append(f'<button type="button" class="aq-button aq-primary" data-action="start">'
                     f"{escape(view['start_label'])}</button>")
    parts += [f'<p class="aq-notice">{escape(line)}</p>' for line in view.get("notices", ())]
    return f'<div class="aq-after">{"".join(parts)}</div>'


def render_body(view: dict, t: dict) -> str:
    """Everything inside the block below its live region: status, questions, actions."""
    t = escaped_strings(t)
    parts = [f'<h2 class="aq-title">{escape(view["title"])}</h2>', f'<ul class="aq-status">{_status(view, t)}</ul>']
    questions = view.get("questions") or []
    if questions:
        form = [render_question(q, q.get("state") or {}, i + 1, len(questions), t, editable=view["open"],
                                hints_allowed=view.get("hints_allowed", False),
                                tries_mode=view.get("mode") == "tries")
                for i, q in enumerate(questions)]
        submit = (f'<button type="submit" class="aq-button aq-primary">{t["submit"]}</button>'
                  if view["open"] else "")
        parts.append(f'<form class="aq-form" novalidate>{"".join(form)}{submit}</form>')
    parts.append(_after_form(view, t))
    return "".join(parts)


def render_closing(view: dict, t: dict) -> dict:
    """The parts of the page that change when an attempt closes without revealing answers.

    The browser already shows the questions with the learner's answers; it makes them read-only and
    puts in each question's result (`results`, by page token), the `status` lines and the `after` part.
    The same functions render them inside `render_body`, so a reload shows the same page.
    """
    t = escaped_strings(t)
    results = {q["token"]: _result(q.get("state") or {}, q, t) for q in view.get("questions") or ()}
    return {"status": _status(view, t), "results": results, "after": _after_form(view, t)}


def _num(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def render_stats_table(result, t: dict[str, str]) -> str:
    """The staff item-analysis table (`t`: STATS_STRINGS translated)."""
    rows = []
    for item in result.items:
        flags = ", ".join(item.flags) or "—"
        distractors = "; ".join(f"{o.option}{'*' if o.keyed else ''}: {o.count} ({o.share:.0%})" for o in item.options)
        rows.append(f"<tr><th scope=\"row\">{escape(item.item)}</th><td>{item.n}</td><td>{item.exposure}</td>"
                    f"<td>{_num(item.p)}</td><td>{_num(item.r_pb)}</td><td>{_num(item.d)}</td>"
                    f"<td>{escape(distractors) or '—'}</td><td>{escape(flags)}</td></tr>")
    summary = t["summary"].format(learners=result.learners, alpha=_num(result.alpha), kr20=_num(result.kr20),
                                  sem=_num(result.sem), complete=result.complete)
    head = "".join(f'<th scope="col">{escape(t[key])}</th>' for key in ("item", "n", "exposure", "p", "r_pb", "d",
                                                                        "options", "flags"))
    return (f'<p>{escape(summary)}</p><div class="aq-table-wrap"><table class="aq-table"><thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>")


def render_staff_tools(t: dict[str, str], csv_url: str) -> str:
    """The course team's buttons under the quiz: item statistics on the page, or as CSV."""
    return (f'<section class="aq-staff"><button type="button" class="aq-button aq-secondary" '
            f'data-action="stats">{escape(t["stats_button"])}</button> '
            f'<a class="aq-link" href="{escape(csv_url)}">{escape(t["stats_csv"])}</a>'
            f'<div class="aq-stats"></div></section>')
