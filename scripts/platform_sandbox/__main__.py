"""Run the identity-platform sandbox: `python -m platform_sandbox --port 8765 --db var/sandbox.sqlite3`."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import signal
import sys
import threading

from graders.credentials.resolvers import HttpResolvers

from .server import make_server
from .store import Store
from .verifier import CredentialChecker, verification_loop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m platform_sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--db", default="var/sandbox.sqlite3", help="the sandbox's own SQLite file")
    parser.add_argument("--token", default=os.environ.get("HOCVUSO_SANDBOX_TOKEN", ""),
                        help="Bearer token clients must send (default: $HOCVUSO_SANDBOX_TOKEN)")
    parser.add_argument("--cache-ttl", type=float, default=30.0,
                        help="seconds a fetched DID document or status list is reused")
    parser.add_argument("--allow-http", action="store_true",
                        help="fetch issuer documents over plain HTTP from loopback hosts (demo, tests)")
    parser.add_argument("--no-verify", action="store_true", help="store without verifying (load tests only)")
    parser.add_argument("--verifier-nice", type=int, default=10,
                        help="CPU niceness of the verifier process: checking is background work and must not "
                             "slow down acknowledging submissions (default 10; 0 = same priority)")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("a token is required (--token or HOCVUSO_SANDBOX_TOKEN)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s sandbox %(levelname)s %(message)s")
    os.makedirs(os.path.dirname(os.path.abspath(args.db)), exist_ok=True)
    Store(args.db).close()  # create the tables before the verifier opens the file
    loopback = {"127.0.0.1", "localhost"} if args.allow_http else set()
    checker, verifier, received = None, None, None
    context = multiprocessing.get_context("fork")  # before any thread or connection exists
    stopping = context.Event()
    if not args.no_verify:
        checker = CredentialChecker(HttpResolvers(allow_http_hosts=loopback, ttl=args.cache_ttl))
        received = context.Event()
        verifier = context.Process(target=verification_loop, name="sandbox-verifier", daemon=True,
                                   args=(args.db, loopback, args.cache_ttl, received, stopping, args.verifier_nice))
        verifier.start()
    store = Store(args.db)
    server, _sandbox = make_server(args.host, args.port, store, args.token, checker, received)

    def stop(_signum, _frame):
        stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"sandbox listening on http://{args.host}:{server.server_address[1]}", flush=True)
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    if verifier is not None:
        verifier.join(5)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
