"""Benchmark: N completions through intake -> evaluate -> issue -> deliver, with real processes.

Starts redis-server, graders' web server (HMAC intake API), a Celery worker (prefork) with beat on Redis
and the identity-platform sandbox (scripts/bench/_stack.py), then posts N learners' completions (two
graded blocks each, so one certificate each) through the intake API, 250 learners per request from two
client threads.

What is timed: from the first intake request to the moment graders' outbox shows every certificate
delivered, i.e. acknowledged by the sandbox (which stores, answers, then verifies on its own). The
sandbox's own verification (issuer DID document and status list fetched over HTTP, proof and status
checked) runs meanwhile on the same two cores, in its own process at lower CPU priority (nice 10, as
background work; --verifier-nice 0 to compare); the time until it has confirmed all N is printed too.
Nothing is warmed up: the issuer key, the first status list and every process's caches are made inside
the timed window. Prints figures, then a final JSON line {"delivered_per_s": ..., "n": N}.

    .venv/bin/python scripts/bench/pipeline.py --n 2000 [--db sqlite|mariadb|postgresql]
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
sys.path[:0] = [str(REPO), str(REPO / "scripts")]  # the test settings extend the demo site's (scripts/)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")  # the intake signature helper needs Django
django.setup()

from scripts.bench._stack import PipelineStack  # noqa: E402
from tests.conftest import RedisServer  # noqa: E402
from tests.database_servers import ENGINES, start_server  # noqa: E402
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
    parser.add_argument("--db", choices=ENGINES, default="sqlite",
                        help="graders' database: SQLite (WAL), or a private MariaDB/PostgreSQL server started for "
                             "the run with durable commits (fsync on)")
    parser.add_argument("--no-verify", action="store_true", help="sandbox stores without verifying")
    parser.add_argument("--verifier-nice", type=int, default=10,
                        help="CPU niceness of the sandbox's verifier process (0 = same priority as graders)")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="run the worker as one process (--pool solo) under cProfile; stats to FILE")
    args = parser.parse_args()

    redis = RedisServer()
    redis.start()
    database_server = start_server(args.db, durable=True)
    work = Path(tempfile.mkdtemp(prefix="hocvuso-bench-"))
    stack = PipelineStack(work, redis.url, write_course(work), sandbox_verify=not args.no_verify,
                          delivery_timeout=10, worker_concurrency=args.concurrency,
                          worker_profile=args.profile.resolve() if args.profile else None,
                          verifier_nice=args.verifier_nice, database_server=database_server)
    try:
        stack.start()
        time.sleep(2)  # let the worker connect before the clock starts
        load_before = os.getloadavg()[0]  # the machine may be shared: say how busy it was
        cpu_before = stack.cpu_seconds()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=2) as pool:
            responses = list(pool.map(lambda first: stack.post_progress(completions(first, min(BATCH, args.n - first))),
                                      range(0, args.n, BATCH)))
        bad = [f"{r.status_code} {r.text[:300]}" for r in responses if r.status_code != 202]
        if bad:
            raise SystemExit(f"intake refused: {bad[0]}")
        intake_done = time.monotonic()
        stack.wait_delivered(args.n, timeout=max(120, args.n / 20), poll=0.02)
        delivered = time.monotonic()
        cpu = {name: seconds - cpu_before.get(name, 0) for name, seconds in stack.cpu_seconds().items()}
        stats = stack.sandbox.stats()
        confirmed = None
        if not args.no_verify:
            deadline = time.monotonic() + 120
            while stats["confirmed"] + stats["rejected"] < args.n and time.monotonic() < deadline:
                time.sleep(0.05)
                stats = stack.sandbox.stats()
            confirmed = time.monotonic()
    finally:
        stack.stop()
        redis.stop()
        if database_server is not None:
            database_server.stop()
    elapsed = delivered - started
    workers = "1 (solo, profiled)" if args.profile else args.concurrency
    print(f"database: {args.db}; learners: {args.n}, worker processes: {workers}, "
          f"load average before: {load_before:.2f}")
    print(f"intake of {2 * args.n} events: {intake_done - started:.2f} s "
          f"({2 * args.n / (intake_done - started):.0f} events/s)")
    print(f"timed: first intake request -> last delivery acknowledged by the sandbox: {elapsed:.2f} s")
    if confirmed is not None:
        print(f"first intake request -> sandbox verified all: {confirmed - started:.2f} s "
              f"(confirmed {stats['confirmed']}, rejected {stats['rejected']})")
    print("CPU seconds in the timed window: " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in cpu.items()))
    print(f"sandbox: received {stats['received']}, duplicates {stats['duplicates']}")
    if args.profile:
        import pstats

        print(f"worker profile (one process, --pool solo) in {args.profile}; the top by cumulative time:")
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(35)
    print(json.dumps({"delivered_per_s": round(args.n / elapsed, 1), "n": args.n, "db": args.db}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
