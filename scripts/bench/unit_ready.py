"""Benchmark: how long a learner on a slow phone network waits until a unit is ready to use.

Headless Chromium at 360 x 640 with the network throttled by the DevTools protocol (400 kbit/s down and
up, 400 ms round trip) opens workbench unit pages served by a live Django server: the first unit with an
empty cache, then the next units with the assets cached. "Ready" is when the block has drawn its first
control (the phone's mode chooser, the quiz's start button), measured from the start of navigation.

Run: .venv/bin/python scripts/bench/unit_ready.py   (prints figures, then one JSON line)
Targets: first unit <= 3000 ms (empty cache; also the first unit of the other block type), next unit
<= 1000 ms (its assets cached). The demo site lets the browser keep block assets (demo_site.middleware).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]  # tests.settings extends the demo site's settings
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("SE_OFFLINE", "true")

KBPS, RTT_MS = 400, 400
PAGE = os.environ.get("HOCVUSO_BENCH_PAGE", "scenario")  # "scenario": the demo's unit page; "view": the block alone
READY = {"phone_sim": ".ps-chooser button, .ps-screen [data-w]", "auto_quiz": "[data-action=start], .aq-form"}
READY_SCRIPT = """
var done = arguments[arguments.length - 1], css = arguments[0];
(function poll() {
  if (document.querySelector(css)) { done(performance.now()); return; }
  setTimeout(poll, 10);
})();"""


def _units() -> list[tuple[str, str, str]]:
    course = ROOT / "course_content"
    return [
        ("s01", "phone_sim", (course / "phone_sim/s01_lam_quen_dien_thoai.xml").read_text("utf-8")),
        ("s03", "phone_sim", (course / "phone_sim/s03_kich_hoat_vneid.xml").read_text("utf-8")),
        ("quiz1", "auto_quiz", sorted((course / "auto_quiz").glob("*.xml"))[0].read_text("utf-8")),
        ("quiz2", "auto_quiz", sorted((course / "auto_quiz").glob("*.xml"))[1].read_text("utf-8")),
    ]


def measure() -> dict:
    import django

    django.setup()
    from django.contrib.staticfiles.testing import StaticLiveServerTestCase
    from django.db import connection
    from django.test.utils import setup_test_environment
    from workbench import scenarios

    from tests.browser.base import start_chromium

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)

    class Server(StaticLiveServerTestCase):
        host = "127.0.0.1"

    Server.setUpClass()
    driver = start_chromium(360, 640)
    try:
        scenarios.SCENARIOS.clear()
        scenarios.get_scenarios.initialized = True
        units = _units()
        for name, _kind, olx in units:
            scenarios.add_xml_scenario(name, name, olx)
        cdp = driver.execute_cdp_cmd
        cdp("Network.enable", {})
        cdp("Network.clearBrowserCache", {})
        rate = KBPS * 1000 / 8
        cdp("Network.emulateNetworkConditions", {"offline": False, "latency": RTT_MS,
                                                 "downloadThroughput": rate, "uploadThroughput": rate})
        driver.set_script_timeout(60)
        figures = {}
        for index, (name, kind, _olx) in enumerate(units):
            driver.get(f"{Server.live_server_url}/{PAGE}/{name}/?student=bench_{index}")
            ready = driver.execute_async_script(READY_SCRIPT, READY[kind])
            page, transferred = driver.execute_script(
                "var page = performance.getEntriesByType('navigation')[0].transferSize;"
                "return [page, performance.getEntriesByType('resource').reduce(function (s, e) {"
                " return s + e.transferSize; }, page)]")
            seen = [kind_ for _n, kind_, _o in units[:index]]
            cache = "empty" if index == 0 else "warm" if kind in seen else "page assets cached, block's new"
            figures[name] = {"ready_ms": round(ready), "kb_transferred": round(transferred / 1024, 1),
                             "kb_page": round(page / 1024, 1), "cache": cache}
            print(f"{name:5} ({figures[name]['cache']} cache): ready in {ready:7.0f} ms, "
                  f"{transferred / 1024:6.1f} KB over the network ({page / 1024:.1f} KB the page itself)")
        return figures
    finally:
        driver.quit()
        Server.tearDownClass()


def main() -> None:
    figures = measure()
    first = max(v["ready_ms"] for v in figures.values() if v["cache"] != "warm")
    following = max(v["ready_ms"] for v in figures.values() if v["cache"] == "warm")
    print(json.dumps({"benchmark": "unit_ready", "network": f"{KBPS} kbit/s, {RTT_MS} ms RTT",
                      "first_unit_ms": first, "next_unit_ms": following, "target_first_ms": 3000,
                      "target_next_ms": 1000, "units": figures}))


if __name__ == "__main__":
    main()
