"""axe-core in the browser: WCAG 2.1 A and AA checks of what a learner sees.

axe-core comes installed with the test extra (the `selenium-axe-python` package ships it, MPL-2.0); it
is read from there and run on the part of the page that is ours (the workbench around it is not).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_source() -> str:
    return resources.files("selenium_axe_python").joinpath("axe-core", "axe.min.js").read_text(encoding="utf-8")


def axe_violations(driver, include: str) -> list[str]:
    """Every WCAG 2.1 A/AA violation inside the elements matching `include`, one readable line each."""
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run({include: [[arguments[0]]]},"
        "        {runOnly: {type: 'tag', values: arguments[1]}, resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations.map(function (v) {"
        "  return v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(function (n) {"
        "    return n.target.join(' ') + ' — '"
        "      + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160); }).join(' | '); })); },"
        "function (e) { done(['axe failed: ' + e]); });", include, WCAG_TAGS)
    return list(result)


def clipped_inside(driver, frame, boxes: str = "") -> list[str]:
    """Visible controls that stick out of `frame`, or out of the nearest enclosing box matching `boxes`
    (a button half outside the phone's screen, or outside the web page drawn on it). `frame`: a CSS
    selector (its first match) or an element."""
    return driver.execute_script(
        "var frame = typeof arguments[0] === 'string' ? document.querySelector(arguments[0]) : arguments[0];"
        "var boxes = arguments[1]; if (!frame) { return []; }"
        "var out = [];"
        "frame.querySelectorAll('button, input, select, a, [data-w]').forEach(function (e) {"
        "  var r = e.getBoundingClientRect();"
        "  if (!e.offsetParent || r.width < 2) { return; }"
        "  var box = (boxes && e.parentElement.closest(boxes)) || frame, f = box.getBoundingClientRect();"
        "  if (!frame.contains(box)) { box = frame; f = frame.getBoundingClientRect(); }"
        "  if (r.left < f.left - 0.5 || r.right > f.right + 0.5) {"
        "    out.push((e.innerText || e.getAttribute('aria-label') || e.tagName).slice(0, 40)); }"
        "});"
        "return out;", frame, boxes)
