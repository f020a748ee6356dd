"""The identity-platform sandbox: a small HTTP service standing in for VNeID's side.

POST /api/certificates                 one certificate, `Idempotency-Key` header, Bearer token
POST /api/certificates/batch           {"items": [{idempotency_key, subject_id, credential}, ...]}
GET  /api/learners/<subject>/certificates   what that learner has, confirmed, with current status
POST /_fault {"mode": "ok"|"5xx"|"hang", "seconds": n}   misbehave on purpose, for fault tests
GET  /_stats                           received / duplicates / confirmed / rejected counters
GET  /healthz                          liveness (no token)

Certificates are acknowledged once stored ("received"); a verifier in its own process (so checking
never holds up the HTTP answers) then checks each one independently (issuer DID document and status
list fetched over HTTP, cached) and marks it "confirmed" or "rejected". A repeated idempotency key is
answered "duplicate" and stored nothing.
"""

from __future__ import annotations

import hmac
import json
import logging
import multiprocessing
import re
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .store import Store
from .verifier import Check, CredentialChecker

log = logging.getLogger("platform_sandbox")

MAX_BODY = 32 * 1024 * 1024
MAX_BATCH = 1000
LEARNER_PATH = re.compile(r"^/api/learners/([^/]{1,255})/certificates/?$")


@dataclass
class Fault:
    mode: str = "ok"
    until: float = 0.0  # monotonic deadline; 0 = until told otherwise

    def active(self) -> str:
        if self.mode != "ok" and self.until and time.monotonic() >= self.until:
            self.mode, self.until = "ok", 0.0
        return self.mode


class Sandbox:
    """State shared by the request threads; `received` wakes the verifier process up."""

    def __init__(self, store: Store, token: str, checker: CredentialChecker | None,
                 received: multiprocessing.synchronize.Event | None = None):
        self.store = store
        self.token = token
        self.checker = checker
        self.fault = Fault()
        self.received = received

    def notify_received(self) -> None:
        if self.received is not None:
            self.received.set()

    def current_status(self, credential: dict) -> Check:
        if self.checker is None:
            return Check(True, "unchecked")
        return self.checker.check(credential)


def _validate_item(item) -> str:
    if not isinstance(item, dict):
        return "each item must be an object"
    key = item.get("idempotency_key")
    if not isinstance(key, str) or not 0 < len(key) <= 200:
        return "idempotency key missing or longer than 200 characters"
    if not isinstance(item.get("subject_id"), str) or not item["subject_id"]:
        return "subject_id missing"
    credential = item.get("credential")
    if not isinstance(credential, dict) or not isinstance(credential.get("id"), str):
        return "credential must be a JSON object with an id"
    return ""


class Handler(BaseHTTPRequestHandler):
    server_version = "hocvuso-sandbox/1"
    protocol_version = "HTTP/1.1"
    sandbox: Sandbox  # set on the subclass made by make_server

    # Plumbing -----------------------------------------------------------------------------------
    def log_message(self, format, *args):
        log.debug("%s %s", self.address_string(), format % args)

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        given = self.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {self.sandbox.token}".encode()):
            return True
        self._send(HTTPStatus.UNAUTHORIZED, {"error": "missing or wrong Bearer token"})
        return False

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw or b"null")

    def _faulty(self) -> str:
        """Apply an injected 5xx fault now; report "hang" so the caller stores then stalls."""
        mode = self.sandbox.fault.active()
        if mode == "5xx":
            self.sandbox.store.bump("refused_5xx")
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, {"error": "injected fault: service unavailable"})
        return mode

    def _hang(self) -> None:
        """Stall until the hang ends (its time is up, or the mode was changed), at most 5 minutes."""
        self.sandbox.store.bump("hung")
        give_up = time.monotonic() + 300
        while self.sandbox.fault.active() == "hang" and time.monotonic() < give_up:
            time.sleep(0.1)

    # Routes -------------------------------------------------------------------------------------
    def do_GET(self):
        if self.path == "/healthz":
            return self._send(HTTPStatus.OK, {"ok": True})
        if not self._authorised():
            return None
        if self.path == "/_stats":
            return self._send(HTTPStatus.OK, self.sandbox.store.stats())
        match = LEARNER_PATH.match(self.path)
        if match:
            return self._list(match.group(1))
        return self._send(HTTPStatus.NOT_FOUND, {"error": "no such endpoint"})

    def do_POST(self):
        if not self._authorised():
            return None
        try:
            body = self._body()
        except ValueError as error:
            return self._send(HTTPStatus.BAD_REQUEST, {"error": f"body is not JSON: {error}"})
        if self.path == "/_fault":
            return self._set_fault(body)
        if self.path == "/api/certificates":
            return self._submit_one(body)
        if self.path == "/api/certificates/batch":
            return self._submit_batch(body)
        return self._send(HTTPStatus.NOT_FOUND, {"error": "no such endpoint"})

    def _set_fault(self, body) -> None:
        if not isinstance(body, dict) or body.get("mode") not in ("ok", "5xx", "hang"):
            return self._send(HTTPStatus.BAD_REQUEST, {"error": 'mode must be "ok", "5xx" or "hang"'})
        seconds = float(body.get("seconds") or 0)
        self.sandbox.fault = Fault(body["mode"], time.monotonic() + seconds if seconds > 0 else 0.0)
        return self._send(HTTPStatus.OK, {"mode": body["mode"], "seconds": seconds})

    def _submit_one(self, body) -> None:
        if self._faulty() == "5xx":
            return None
        item = {**body, "idempotency_key": self.headers.get("Idempotency-Key")} if isinstance(body, dict) else body
        problem = _validate_item(item)
        if problem:
            return self._send(HTTPStatus.BAD_REQUEST, {"error": problem})
        [new] = self.sandbox.store.receive(
            [(item["idempotency_key"], item["credential"]["id"], item["subject_id"], item["credential"])])
        self.sandbox.notify_received()
        if self.sandbox.fault.active() == "hang":
            self._hang()
        if new:
            return self._send(HTTPStatus.CREATED, {"status": "received"})
        return self._send(HTTPStatus.OK, {"status": "duplicate"})

    def _submit_batch(self, body) -> None:
        if self._faulty() == "5xx":
            return None
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list) or not 0 < len(items) <= MAX_BATCH:
            return self._send(HTTPStatus.BAD_REQUEST, {"error": f"items must be a list of 1..{MAX_BATCH}"})
        problems = [_validate_item(item) for item in items]
        good = [(item["idempotency_key"], item["credential"]["id"], item["subject_id"], item["credential"])
                for item, problem in zip(items, problems, strict=True) if not problem]
        stored = iter(self.sandbox.store.receive(good)) if good else iter(())
        self.sandbox.notify_received()
        results = []
        for item, problem in zip(items, problems, strict=True):
            key = item.get("idempotency_key") if isinstance(item, dict) else None
            if problem:
                results.append({"idempotency_key": key, "http_status": 400, "status": "rejected", "error": problem})
            elif next(stored):
                results.append({"idempotency_key": key, "http_status": 201, "status": "received"})
            else:
                results.append({"idempotency_key": key, "http_status": 200, "status": "duplicate"})
        if self.sandbox.fault.active() == "hang":
            self._hang()
        return self._send(HTTPStatus.OK, {"results": results})

    def _list(self, subject_id: str) -> None:
        certificates = []
        for row in self.sandbox.store.for_subject(subject_id):
            credential = row["credential"]
            check = self.sandbox.current_status(credential)
            revoked = "revoked" in check.status.lower() or any("revoked" in e.lower() for e in check.errors)
            subject = credential.get("credentialSubject") or {}
            certificates.append({
                "id": credential.get("id"),
                "achievement": (subject.get("achievement") or {}).get("name"),
                "issuer": (credential.get("issuer") or {}).get("id"),
                "valid_from": credential.get("validFrom"),
                "received_at": row["received_at"],
                "confirmed_at": row["confirmed_at"],
                "status": "valid" if check.ok else ("revoked" if revoked else "invalid"),
                "errors": list(check.errors),
            })
        return self._send(HTTPStatus.OK, {"subject_id": subject_id, "certificates": certificates})


def make_server(host: str, port: int, store: Store, token: str, checker: CredentialChecker | None,
                received: multiprocessing.synchronize.Event | None = None) -> tuple[ThreadingHTTPServer, Sandbox]:
    sandbox = Sandbox(store, token, checker, received)
    handler = type("SandboxHandler", (Handler,), {"sandbox": sandbox})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server, sandbox
