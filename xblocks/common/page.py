"""How both blocks hand data and assets to the learner's page, safely under any runtime and a strict CSP.

Data for a block's JavaScript goes through `init_args`: the JSON text is escaped so that no `<`, `>`, `&`,
U+2028 or U+2029 appears in it, and is passed as one string. However a runtime writes the arguments into
the page (the workbench puts them raw inside a `<script>` element), author text such as
`</script><script>…` cannot end that element or start markup; the JavaScript reads it back with
`JSON.parse(args.json)`.

Scripts and styles are served as files (`add_assets`), never inline, so a Content-Security-Policy
without 'unsafe-inline' allows them and the browser caches them between units.
"""

from __future__ import annotations

import json

_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def page_json(data: object) -> str:
    """JSON text with `<`, `>`, `&`, U+2028 and U+2029 escaped: safe inside a script element or an attribute."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_UNSAFE)


def init_args(data: object) -> dict[str, str]:
    """The `initialize_js` arguments carrying `data` (the block's JavaScript does `JSON.parse(args.json)`)."""
    return {"json": page_json(data)}


def handler_url(block, handler: str) -> str:
    """The URL of one of `block`'s handlers, or "" where the runtime has none (test runtimes)."""
    try:
        return block.runtime.handler_url(block, handler)
    except NotImplementedError:
        return ""


def add_assets(block, fragment, *, css: tuple[str, ...] = (), js: tuple[str, ...] = ()) -> None:
    """Reference the block's files under public/ by URL (served by the runtime, cacheable, CSP-safe)."""
    for name in css:
        fragment.add_css_url(block.runtime.local_resource_url(block, f"public/{name}"))
    for name in js:
        fragment.add_javascript_url(block.runtime.local_resource_url(block, f"public/{name}"))
