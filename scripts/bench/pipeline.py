"""Benchmark: N completions through intake -> evaluate -> issue -> deliver, with real processes.

Starts redis-server, graders' web server (HMAC intake API), a Celery worker (prefork) on Redis and the
identity-platform sandbox, posts N learners' completions through the intake API, and measures until
the sandbox has acknowledged every certificate. Prints figures, then a final JSON line
{"delivered_per_s": ..., "n": N}.

    .venv/bin/python scripts/bench/pipeline.py --n 2000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import django

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")  # the intake signature helper needs Django
django.setup()

from tests.conftest import RedisServer  # noqa: E402
from tests.integration.pipeline.processes import PipelineStack  # noqa: E402
from tests.unit.pipeline.mini_course import COURSE_ID, write_course  # noqa: E402

BATCH = 250  # learners per intake request (2 events each)


def completions(first: int, count: int) -> list[dict]:
    events = []
    for n in range(first, first + count):
        learner = {"id": str(n), "subject_id": f"bench-{n:07d}", "group": "nguoi_dan", "name": f"Học viên {n}"}
        events += [{"learner": learner, "course_id": COURSE_ID, "block": block, "earned": earned,
                    "possible": possible, "completed": True}
                   for block, earned, possible in (("s1_mo_khoa", 1, 1), ("q1_thiet_bi", 9, 10))]
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="learners completing (one certificate each)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument("--no-verify", action="store_true", help="sandbox stores without verifying")
    args = parser.parse_args()

    redis = RedisServer()
    redis.start()
    work = Path(tempfile.mkdtemp(prefix="hocvuso-bench-"))
    stack = PipelineStack(work, redis.url, write_course(work), sandbox_verify=not args.no_verify,
                          delivery_timeout=10, worker_concurrency=args.concurrency)
    try:
        stack.start()
        time.sleep(2)  # let the worker connect before the clock starts
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=2) as pool:
            responses = list(pool.map(lambda first: stack.post_progress(completions(first, min(BATCH, args.n - first))),
                                      range(0, args.n, BATCH)))
        bad = [f"{r.status_code} {r.text[:300]}" for r in responses if r.status_code != 202]
        if bad:
            raise SystemExit(f"intake refused: {bad[0]}")
        intake_done = time.monotonic()
        stack.wait_delivered(args.n, timeout=max(120, args.n / 20))
        delivered = time.monotonic()
        stats = stack.sandbox.stats()
    finally:
        stack.stop()
        redis.stop()
    elapsed = delivered - started
    print(f"learners: {args.n}, worker processes: {args.concurrency}")
    print(f"intake of {2 * args.n} events: {intake_done - started:.2f} s "
          f"({2 * args.n / (intake_done - started):.0f} events/s)")
    print(f"first intake request -> last delivery acknowledged: {elapsed:.2f} s")
    print(f"sandbox: received {stats['received']}, duplicates {stats['duplicates']}, "
          f"confirmed so far {stats['confirmed']}, rejected {stats['rejected']}")
    print(json.dumps({"delivered_per_s": round(args.n / elapsed, 1), "n": args.n}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
