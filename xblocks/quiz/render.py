"""The quiz's HTML, rendered on the server from a whitelisted view model (learner page and Studio preview).

Only what `public_question` copies out of a question can ever reach the page; answers, feedback and
explanations are added by the block only once the attempt rules allow it. Keeping rendering here
means the learner page, every handler's refreshed HTML and the Studio preview look the same.
"""

from __future__ import annotations

from html import escape, unescape

from .questions import Question
from .scoring import distractor_id

# Every UI string the renderer and the JavaScript use (English msgids; the block translates them).
UI_STRINGS = {
    "question_of": "Question {number} of {total}",
    "points": "{points} pt",
    "choose": "— Choose —",
    "your_answer": "Your answer",
    "number_hint": "A number, e.g. 3,5",
    "move_up": "Up",
    "move_down": "Down",
    "move_up_label": "Move up: {item}",
    "move_down_label": "Move down: {item}",
    "moved_to": "{item}: now in position {position} of {total}",
    "position": "Position {position}",
    "spot_help": "Tap the picture, or focus it and use the arrow keys to move the marker, then Enter.",
    "spot_none": "No place chosen yet.",
    "spot_chosen": "Chosen place: {x}% from the left, {y}% from the top.",
    "hint_button": "Show a hint ({shown} of {total} shown)",
    "hint_label": "Hint {number}",
    "check": "Check this question",
    "tries_left": "Tries left: {count}",
    "submit": "Submit answers",
    "start": "Start the quiz",
    "restart": "Try again",
    "correct": "Correct",
    "partial": "Partly correct",
    "incorrect": "Not correct",
    "earned": "{earned} of {points} points",
    "answer_is": "Correct answer:",
    "key_mark": "correct answer",
    "your_choice": "your choice",
    "explanation": "Explanation",
    "recorded": "Your answers have been recorded. Results will be shown after your last attempt or after "
                "the due date.",
    "score": "Score: {earned} of {possible} points",
    "grade": "Grade that counts: {earned} of {possible} points ({method})",
    "attempts_used": "Attempts used: {used} of {limit}",
    "attempts_used_unlimited": "Attempts used: {used} (no limit)",
    "due": "Due: {due}",
    "intro": "{count} questions. Answer each one, then press \"Submit answers\".",
    "no_more_attempts": "You have used all your attempts.",
    "closed_due": "The due date has passed; no more attempts are accepted.",
    "wait_more": "You can try again in {seconds} seconds.",
    "method_highest": "highest attempt",
    "method_last": "last attempt",
    "method_first": "first attempt",
    "method_average": "average of attempts",
    "unanswered": "Not answered",
    "answered_count": "{count} of {total} questions answered.",
    "sending": "Sending…",
    "network_error": "Could not reach the server. Check your connection and try again.",
    "stats_button": "Item statistics (staff)",
    "stats_csv": "Download CSV",
    "preview_title": "Preview: what a learner sees",
    "quiz": "Quiz",
}

ICONS = {"correct": "✓", "partial": "◐", "incorrect": "✗"}


def _fmt(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".") if number != int(number) else str(int(number))


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
    return escape(t[key].format(**values))


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
            marks.append(f'<span class="aq-key"><span aria-hidden="true">✓</span> {escape(t["key_mark"])}</span>')
        rows.append(
            f'<label class="aq-option"><input type="{kind}" name="{_attr(q["token"])}" '
            f'value="{_attr(option["token"])}"{checked}{disabled}> <span class="aq-option-text">{option["html"]}'
            f"</span>{''.join(marks)}</label>"
        )
    return f'<div class="aq-options">{"".join(rows)}</div>'


def _dropdown(q: dict, state: dict, t: dict, disabled: str) -> str:
    chosen = state.get("answer")
    options = [f'<option value="">{escape(t["choose"])}</option>']
    for option in q["options"]:
        selected = " selected" if option["token"] == chosen else ""
        options.append(f'<option value="{_attr(option["token"])}"{selected}>{escape(option["html"])}</option>')
    ident = _input_id(q, "select")
    key = ""
    if state.get("key"):
        names = {o["token"]: o["html"] for o in q["options"]}
        key = f'<p class="aq-key-text">{escape(t["answer_is"])} {escape(names[state["key"][0]])}</p>'
    return (f'<label class="aq-field-label" for="{ident}">{escape(t["your_answer"])}</label>'
            f'<select id="{ident}" name="{_attr(q["token"])}"{disabled}>{"".join(options)}</select>{key}')


def _typed(q: dict, state: dict, t: dict, disabled: str) -> str:
    ident = _input_id(q, "input")
    numeric = q["type"] == "number"
    value = state.get("answer") if isinstance(state.get("answer"), str) else ""
    extra = ' inputmode="decimal"' if numeric else ""
    help_text = f'<span class="aq-help" id="{ident}-help">{escape(t["number_hint"])}</span>' if numeric else ""
    described = f' aria-describedby="{ident}-help"' if numeric else ""
    key = ""
    if state.get("key_text"):
        key = f'<p class="aq-key-text">{escape(t["answer_is"])} {escape(state["key_text"])}</p>'
    return (f'<label class="aq-field-label" for="{ident}">{escape(t["your_answer"])}</label>{help_text}'
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
        plain = unescape(text)  # `text` is HTML; the label is re-escaped by _fill
        rows.append(
            f'<li class="aq-order-item" data-token="{_attr(token)}"><span class="aq-order-pos">{position}.</span> '
            f'<span class="aq-order-text">{text}</span><span class="aq-order-buttons">'
            f'<button type="button" class="aq-move" data-move="up" aria-label="{_fill(t, "move_up_label", item=plain)}"'
            f'{disabled}><span aria-hidden="true">↑</span> {escape(t["move_up"])}</button>'
            f'<button type="button" class="aq-move" data-move="down" '
            f'aria-label="{_fill(t, "move_down_label", item=plain)}"{disabled}><span aria-hidden="true">↓</span> '
            f'{escape(t["move_down"])}</button></span></li>'
        )
    key = ""
    if state.get("key"):
        items = "".join(f"<li>{by_token[token]['html']}</li>" for token in state["key"])
        key = f'<div class="aq-key-text">{escape(t["answer_is"])}<ol>{items}</ol></div>'
    return f'<ol class="aq-order" data-name="{_attr(q["token"])}">{"".join(rows)}</ol>{key}'


def _matching(q: dict, state: dict, t: dict, disabled: str) -> str:
    chosen = state.get("answer") if isinstance(state.get("answer"), dict) else {}
    key = state.get("key") or {}
    names = {option["token"]: option["html"] for option in q["options"]}
    rows = []
    for index, left in enumerate(q["lefts"]):
        ident = _input_id(q, f"m{index}")
        options = [f'<option value="">{escape(t["choose"])}</option>']
        for option in q["options"]:
            selected = " selected" if chosen.get(left["token"]) == option["token"] else ""
            options.append(f'<option value="{_attr(option["token"])}"{selected}>{option["html"]}</option>')
        key_line = ""
        if key.get(left["token"]):
            key_line = f'<span class="aq-key-text">{escape(t["answer_is"])} {names[key[left["token"]]]}</span>'
        rows.append(f'<div class="aq-pair"><label for="{ident}">{escape(left["text"])}</label>'
                    f'<select id="{ident}" name="{_attr(q["token"])}" data-left="{_attr(left["token"])}"{disabled}>'
                    f'{"".join(options)}</select>{key_line}</div>')
    return f'<div class="aq-pairs">{"".join(rows)}</div>'


def _hotspot(q: dict, state: dict, t: dict, disabled: str) -> str:
    image = q.get("image") or {"src": "", "alt": "", "width": 1, "height": 1}
    answer = state.get("answer") if isinstance(state.get("answer"), dict) else None
    marker, status = "", escape(t["spot_none"])
    if answer:
        x = 100 * float(answer.get("x", 0)) / image["width"]
        y = 100 * float(answer.get("y", 0)) / image["height"]
        marker = f' style="left:{x:.2f}%;top:{y:.2f}%"'
        status = _fill(t, "spot_chosen", x=round(x), y=round(y))
    regions = "".join(
        f'<span class="aq-region" style="left:{r["left"]:.2f}%;top:{r["top"]:.2f}%;width:{r["width"]:.2f}%;'
        f'height:{r["height"]:.2f}%" aria-hidden="true"></span>' for r in state.get("key_regions") or ()
    )
    key = f'<p class="aq-key-text">{escape(t["answer_is"])} {escape(t["key_mark"])} ▢</p>' if regions else ""
    ident = _input_id(q, "spot")
    return (
        f'<p class="aq-help" id="{ident}-help">{escape(t["spot_help"])}</p>'
        f'<div class="aq-spot{" aq-disabled" if disabled else ""}" tabindex="{-1 if disabled else 0}" role="group" '
        f'aria-describedby="{ident}-help {ident}-status" data-name="{_attr(q["token"])}" '
        f'data-width="{image["width"]}" data-height="{image["height"]}" '
        f'style="aspect-ratio:{image["width"]}/{image["height"]}">'
        f'<img src="{_attr(image["src"])}" alt="{_attr(image["alt"])}" width="{image["width"]}" '
        f'height="{image["height"]}" draggable="false">{regions}'
        f'<span class="aq-marker"{marker}{"" if answer else " hidden"} aria-hidden="true"></span></div>'
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
             f"<strong>{escape(t[verdict])}</strong> — "
             f"{_fill(t, 'earned', earned=_fmt(result['earned']), points=_fmt(q['points']))}</p>"]
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
                           f"{escape(t['check'])}</button>")
            if state.get("tries_left") is not None:
                buttons.append(f'<span class="aq-tries">{_fill(t, "tries_left", count=state["tries_left"])}</span>')
    explanation = ""
    if state.get("explanation"):
        explanation = (f'<div class="aq-explanation"><p class="aq-explanation-title">{escape(t["explanation"])}'
                       f'</p>{state["explanation"]}</div>')
    return (
        f'<fieldset class="aq-question" data-token="{_attr(q["token"])}" data-type="{q["type"]}">'
        f'<legend><span class="aq-number">{_fill(t, "question_of", number=number, total=total)}</span> '
        f'<span class="aq-points">({_fill(t, "points", points=_fmt(q["points"]))})</span></legend>'
        f'<div class="aq-prompt">{q["prompt"]}</div>'
        f"{_INPUTS[q['type']](q, state, t, disabled)}"
        f'<ul class="aq-hints" aria-live="polite">{hint_html}</ul>'
        f'<div class="aq-question-actions">{"".join(buttons)}</div>'
        f'<div class="aq-question-status" aria-live="polite">{_result(state, q, t)}</div>'
        f"{explanation}</fieldset>"
    )


def render_body(view: dict, t: dict) -> str:
    """Everything inside the block below its live region: status, questions, actions."""
    parts = [f'<h2 class="aq-title">{escape(view["title"])}</h2>']
    status = "".join(f"<li>{escape(line)}</li>" for line in view.get("status", ()))
    if status:
        parts.append(f'<ul class="aq-status">{status}</ul>')
    questions = view.get("questions") or []
    if questions:
        form = [render_question(q, q.get("state") or {}, i + 1, len(questions), t, editable=view["open"],
                                hints_allowed=view.get("hints_allowed", False),
                                tries_mode=view.get("mode") == "tries")
                for i, q in enumerate(questions)]
        submit = (f'<button type="submit" class="aq-button aq-primary">{escape(t["submit"])}</button>'
                  if view["open"] else "")
        parts.append(f'<form class="aq-form" novalidate>{"".join(form)}{submit}</form>')
    for line in view.get("summary", ()):
        parts.append(f'<p class="aq-summary">{escape(line)}</p>')
    if view.get("start_label"):
        parts.append(f'<button type="button" class="aq-button aq-primary" data-action="start">'
                     f"{escape(view['start_label'])}</button>")
    for line in view.get("notices", ()):
        parts.append(f'<p class="aq-notice">{escape(line)}</p>')
    return "".join(parts)
