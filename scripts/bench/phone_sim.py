"""Benchmark phone_sim: engine step time, in-process handler time and the gzipped JS+CSS a learner loads.

`payload_kb_gz` counts every file a learner's page loads: the shared common/net.js, phone_sim.js and
phone_sim.css (until issue 15 it counted phone_sim.js + .css only; `payload_own_kb_gz` is that figure).
`staff_extra_kb_gz` is what course staff load on top: the projector ("Làm theo tôi") files.

Run: .venv/bin/python scripts/bench/phone_sim.py   (prints figures, then one JSON line)
Targets: step <= 200 µs, handler <= 2 ms, payload <= 40 KB.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]  # the test settings extend the demo site's (scripts/)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

from scripts.bench._payload import gz_kb  # noqa: E402
from xblocks.phone_sim.block import LEARNER_CSS, LEARNER_JS, STAFF_CSS, STAFF_JS  # noqa: E402


def engine_step_us(rounds: int = 2000) -> float:
    from xblocks.phone_sim import engine
    from xblocks.phone_sim.engine import Action
    from xblocks.phone_sim.scenario import load_scenario
    from xblocks.phone_sim.view_model import opaque_id

    scenario = load_scenario((ROOT / "xblocks/phone_sim/scenarios/s3_vneid_level2.xml").read_text("utf-8"))
    timings = []
    for _ in range(rounds // 10):
        state = engine.start(scenario, "test", 3, nonce="0123456789abcdef0123456789abcdef")
        while not state.finished:
            screen = scenario.screens[state.screen]
            rule = screen.step.expected
            action = Action(state.seq, opaque_id(screen, rule.target, state.nonce), rule.action, rule.demo_value)
            started = time.perf_counter()
            state = engine.act(scenario, state, action).state
            timings.append((time.perf_counter() - started) * 1e6)
    return statistics.median(timings)


def handler_ms(rounds: int = 300) -> float:
    import django

    django.setup()
    from webob import Request
    from xblock.field_data import DictFieldData
    from xblock.fields import ScopeIds
    from xblock.test.tools import TestRuntime

    from xblocks.common.i18n import BundledI18nService
    from xblocks.phone_sim import PhoneSimBlock

    runtime = TestRuntime(services={"field-data": DictFieldData({}), "i18n": BundledI18nService("vi")})
    runtime.publish = mock.Mock()
    block = runtime.construct_xblock_from_class(PhoneSimBlock, ScopeIds("u", "phone_sim", "d", "u1"))
    block.modes = "practice"

    def call(handler, payload):
        request = Request.blank("/", method="POST", body=json.dumps(payload).encode())
        request.content_type = "application/json"
        return json.loads(block.handle(handler, request).body)

    from xblocks.phone_sim.scenario import load_scenario
    from xblocks.phone_sim.view_model import opaque_id

    scenario = load_scenario(block.scenario_xml)
    home = scenario.screens[scenario.start]
    wrong = next(t.key for t in home.targets if t.key != home.step.expected.target)
    timings = []
    for _ in range(rounds // 10):
        view = call("start", {"mode": "practice"})
        widget = opaque_id(home, wrong, block.sim_state["nonce"])
        for _ in range(10):  # misses on the first screen: the handler's full path incl. hints
            started = time.perf_counter()
            view = call("act", {"seq": view["seq"], "widget": widget, "action": "tap"})
            timings.append((time.perf_counter() - started) * 1e3)
    return statistics.median(timings)


def payload_kb_gz() -> tuple[float, float]:
    """Every script and style a learner's page loads (the block's own lists): the shared net.js included."""
    return gz_kb("phone_sim", LEARNER_JS + LEARNER_CSS)


def main() -> None:
    step = engine_step_us()
    handler = handler_ms()
    gz, raw = payload_kb_gz()
    own_gz, _ = gz_kb("phone_sim", tuple(name for name in LEARNER_JS + LEARNER_CSS if not name.startswith("common/")))
    staff_gz, staff_raw = gz_kb("phone_sim", STAFF_JS + STAFF_CSS)
    print(f"engine step (median, S3 test path): {step:.1f} µs (target <= 200)")
    print(f"act handler in-process (median):     {handler:.3f} ms (target <= 2)")
    print(f"learner JS+CSS (net.js, phone_sim.js, phone_sim.css): {raw:.1f} KB raw, {gz:.1f} KB gzipped "
          f"(target <= 40); phone_sim.js + .css alone {own_gz:.1f} KB gzipped")
    print(f"staff only, added for course staff (projector JS+CSS): {staff_raw:.1f} KB raw, {staff_gz:.1f} KB gzipped")
    print(json.dumps({"step_us": round(step, 1), "handler_ms": round(handler, 3), "payload_kb_gz": round(gz, 1),
                      "payload_own_kb_gz": round(own_gz, 1), "staff_extra_kb_gz": round(staff_gz, 1)}))


if __name__ == "__main__":
    main()
