"""A finger for browser tests: real touch events through the Chrome DevTools Protocol at a phone's size.

Selenium's pointer actions send mouse events; a learner on a cheap Android phone sends touch events,
which the browser may turn into scrolling (and a `pointercancel`) instead of the gesture the page
wanted. `Finger` switches on touch emulation with a mobile viewport (360 x 640 by default) and then
dispatches touchStart / touchMove / touchEnd exactly as a touch screen does.
"""

from __future__ import annotations

import time

PHONE_WIDTH, PHONE_HEIGHT = 360, 640
TAP_SECONDS = 0.08
AFTER_SWIPE = 0.8  # seconds from a swipe's lift to the next touch

# The workbench page has no viewport meta; a mobile browser would lay it out 980 px wide and zoom
# out. A real course page (the LMS, the demo site) has one, so the test page gets the same.
VIEWPORT_META = """(function () {
  function add() {
    if (document.querySelector('meta[name=viewport]')) { return; }
    var meta = document.createElement('meta');
    meta.name = 'viewport'; meta.content = 'width=device-width, initial-scale=1, minimum-scale=1';
    (document.head || document.documentElement).appendChild(meta);
  }
  if (document.head) { add(); } else { document.addEventListener('DOMContentLoaded', add); }
})();"""


class Finger:
    """One finger on a touch screen of `width` x `height` CSS px (call `on()` before opening the page)."""

    def __init__(self, driver, width: int = PHONE_WIDTH, height: int = PHONE_HEIGHT):
        self.driver = driver
        self.width, self.height = width, height
        self._script = None
        self._ready = 0.0  # when the next gesture may start (by the screen's clock)

    def cdp(self, command: str, params: dict | None = None):
        return self.driver.execute_cdp_cmd(command, params or {})

    def on(self) -> Finger:
        """Become a touch phone: mobile viewport, touch input, a viewport meta on every page opened next."""
        self.cdp("Emulation.setDeviceMetricsOverride", {"width": self.width, "height": self.height,
                                                        "deviceScaleFactor": 2, "mobile": True})
        self.cdp("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        self._script = self.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": VIEWPORT_META})["identifier"]
        return self

    def off(self) -> None:
        """Back to a desktop browser (the next test may want a mouse)."""
        if self._script:
            self.cdp("Page.removeScriptToEvaluateOnNewDocument", {"identifier": self._script})
            self._script = None
        self.cdp("Emulation.setTouchEmulationEnabled", {"enabled": False})
        self.cdp("Emulation.clearDeviceMetricsOverride")

    # Where to put the finger ------------------------------------------------------------------
    def point(self, element, fx: float = 0.5, fy: float = 0.5) -> tuple[float, float]:
        """A point inside `element` (fractions of its box), once it is in the viewport and has stopped moving.

        A page that scrolls or re-lays out just after an answer would move the control from under a
        finger placed by stale coordinates; a learner's eye waits for it to settle, so does this.
        """
        rect = self.driver.execute_async_script(
            "var e = arguments[0], done = arguments[arguments.length - 1], last = null, frames = 0;"
            "function box() { var r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }"
            "function tick() {"
            "  var r = box();"
            "  if (r[1] < 0 || r[1] + r[3] > innerHeight || r[0] < 0 || r[0] + r[2] > innerWidth) {"
            "    e.scrollIntoView({block: 'center', inline: 'nearest'}); r = box(); last = null; }"
            "  if (last && r.join() === last.join()) { done(r); return; }"
            "  last = r; if (++frames > 120) { done(r); return; } requestAnimationFrame(tick); }"
            "requestAnimationFrame(tick);", element)
        left, top, width, height = rect
        return left + width * fx, top + height * fy

    # Gestures ----------------------------------------------------------------------------------
    # Every touch event carries the time the screen saw it (CDP `timestamp`, which becomes the DOM event's
    # `timeStamp`): a tap stays 80 ms long and a hold stays 0.9 s long however late a loaded test machine
    # delivers the events, as the phone's own input system does for a busy page.
    def _start(self) -> float:
        """When the next gesture begins: now, but not before the screen is ready for it (`self._ready`). After
        a swipe, Chromium makes no click of a tap that lands within about half a second (measured here: 0.4 s
        after the lift, no click; 0.8 s, always one), while a person looks at the new screen that long anyway."""
        wait = self._ready - time.time()
        if wait > 0:
            time.sleep(wait)
        return time.time()

    def _touch(self, kind: str, at: float, x: float | None = None, y: float | None = None) -> None:
        self._ready = max(self._ready, at + 0.02)  # the screen's clock never runs backwards
        points = [] if x is None else [{"x": x, "y": y, "radiusX": 8, "radiusY": 8, "force": 1, "id": 1}]
        self.cdp("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points, "timestamp": at})

    def tap(self, element, delivered_late: float = 0.0) -> None:
        """A finger's tap: down, and up a tenth of a second later by the screen's clock.

        `delivered_late` (seconds) holds the lift back in wall time, as a loaded machine or a busy phone
        does; it is still the same quick tap.
        """
        x, y = self.point(element)
        start = self._start()
        self._touch("touchStart", start, x, y)
        if delivered_late:
            time.sleep(delivered_late)
        self._touch("touchEnd", start + TAP_SECONDS)

    def long_press(self, element, seconds: float = 0.9) -> None:
        """Hold the finger still for `seconds` (in real time too, with the touch kept alive as a finger does)."""
        x, y = self.point(element)
        start = self._start()
        self._touch("touchStart", start, x, y)
        while time.time() < start + seconds:
            time.sleep(0.1)
            self._touch("touchMove", max(start, min(time.time(), start + seconds)), x, y)
        self._touch("touchEnd", max(time.time(), start + seconds))

    def drag(self, start: tuple[float, float], end: tuple[float, float], steps: int = 10) -> None:
        """Put the finger down at `start`, move it in `steps` to `end`, lift it there."""
        (x0, y0), (x1, y1) = start, end
        at = self._start()
        self._touch("touchStart", at, x0, y0)
        for i in range(1, steps + 1):  # a brisk finger: 16 ms a move, one a frame
            self._touch("touchMove", at + 0.016 * i, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
        self._touch("touchEnd", at + 0.016 * (steps + 1))
        self._ready = at + 0.016 * (steps + 1) + AFTER_SWIPE

    def swipe(self, element, dx: float, dy: float, steps: int = 10) -> None:
        """Swipe on `element` by (dx, dy) CSS px from its centre (negative dy: upwards)."""
        x, y = self.point(element)
        self.drag((x, y), (x + dx, y + dy), steps)

    def _track(self, slider):
        """A range input as the finger sees it: (value, low, high, y, x_of) with x_of(number) the x where the
        thumb's centre sits at that number (it travels between the track's ends less half its width)."""
        value, low, high = self.driver.execute_script(
            "var s = arguments[0]; return [+s.value, +s.min, +s.max];", slider)
        left, y = self.point(slider, 0.0)
        right, _ = self.point(slider, 1.0)
        thumb = 8  # about half the thumb's width
        per_unit = (right - left - 2 * thumb) / ((high - low) or 1)
        return value, low, high, y, lambda number: left + thumb + (number - low) * per_unit

    def slide(self, slider, fraction: float) -> None:
        """Drag a range input's thumb from where it is to `fraction` (0..1) of the track, then lift."""
        value, low, high, y, x_of = self._track(slider)
        self.drag((x_of(value), y), (x_of(low + (high - low) * fraction), y))

    def slide_to(self, slider, value: float, adjustments: int = 12) -> None:
        """Drag a range input's thumb to `value` while watching the number it shows, then lift.

        A person setting "5.000.000 đ" on a 0..50.000.000 slider does not trust one flick: the finger stays
        down and nudges until the number is right. The finger moves to where `value` should be, reads the
        slider, nudges by the difference (at least a pixel) until it shows `value`, then lifts.
        """
        current, _low, _high, y, x_of = self._track(slider)
        per_unit = x_of(1.0) - x_of(0.0)
        x = x_of(current)
        when = self._start()
        self._touch("touchStart", when, x, y)
        goal = x_of(value)
        for i in range(1, 11):
            when += 0.016
            self._touch("touchMove", when, x + (goal - x) * i / 10, y)
        x = goal
        for _ in range(adjustments):
            shown = float(self.driver.execute_script("return +arguments[0].value", slider))
            if shown == value:
                break
            nudge = (value - shown) * per_unit
            x += nudge if abs(nudge) >= 1 else (1 if nudge > 0 else -1)
            when = max(when + 0.016, time.time())
            self._touch("touchMove", when, x, y)
        self._touch("touchEnd", when + 0.016)
        self._ready = when + 0.016 + AFTER_SWIPE
