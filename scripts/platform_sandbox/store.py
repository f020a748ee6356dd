"""The sandbox's own SQLite store: certificates received per pseudonymous learner, and counters.

An idempotency key is stored once; a repeat is refused and counted as a duplicate, which is how the
fault tests count "delivered exactly once" on the platform's side.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime

SCHEMA = """
CREATE TABLE IF NOT EXISTS certificates (
    idempotency_key TEXT PRIMARY KEY,
    credential_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    credential_json TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'received',   -- received | confirmed | rejected
    errors TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    checked_at TEXT
);
CREATE INDEX IF NOT EXISTS certificates_subject ON certificates (subject_id, state);
CREATE INDEX IF NOT EXISTS certificates_state ON certificates (state);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Store:
    """Thread-safe (one connection behind a lock); every write commits before the answer is sent."""

    def __init__(self, path: str):
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def _bump(self, name: str, by: int = 1) -> None:
        self.db.execute(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value", (name, by))

    def bump(self, name: str, by: int = 1) -> None:
        with self.lock:
            self._bump(name, by)

    def receive(self, items: list[tuple[str, str, str, dict]]) -> list[bool]:
        """Store (key, credential id, subject, credential) items; True = new, False = duplicate key."""
        results = []
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                now = _now()
                for key, credential_id, subject_id, credential in items:
                    cursor = self.db.execute(
                        "INSERT OR IGNORE INTO certificates (idempotency_key, credential_id, subject_id, "
                        "credential_json, received_at) VALUES (?, ?, ?, ?, ?)",
                        (key, credential_id, subject_id, json.dumps(credential, ensure_ascii=False), now))
                    results.append(cursor.rowcount == 1)
                new = sum(results)
                if new:
                    self._bump("received", new)
                if len(results) - new:
                    self._bump("duplicates", len(results) - new)
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return results

    def pending(self, limit: int = 1000) -> list[tuple[str, str, str]]:
        with self.lock:
            return self.db.execute(
                "SELECT idempotency_key, subject_id, credential_json FROM certificates WHERE state = 'received' "
                "ORDER BY received_at LIMIT ?", (limit,)).fetchall()

    def checked(self, outcomes: list[tuple[str, bool, list[str]]]) -> None:
        """Record verification outcomes: (key, ok, errors)."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            now = _now()
            for key, ok, errors in outcomes:
                self.db.execute(
                    "UPDATE certificates SET state = ?, errors = ?, checked_at = ? WHERE idempotency_key = ?",
                    ("confirmed" if ok else "rejected", "; ".join(errors), now, key))
            self.db.execute("COMMIT")

    def for_subject(self, subject_id: str, state: str = "confirmed") -> list[dict]:
        with self.lock:
            rows = self.db.execute(
                "SELECT idempotency_key, credential_json, received_at, checked_at FROM certificates "
                "WHERE subject_id = ? AND state = ? ORDER BY received_at", (subject_id, state)).fetchall()
        return [{"idempotency_key": key, "credential": json.loads(text), "received_at": received,
                 "confirmed_at": checked} for key, text, received, checked in rows]

    def stats(self) -> dict[str, int]:
        with self.lock:
            counters = dict(self.db.execute("SELECT name, value FROM counters").fetchall())
            states = dict(self.db.execute("SELECT state, COUNT(*) FROM certificates GROUP BY state").fetchall())
            distinct = self.db.execute("SELECT COUNT(DISTINCT credential_id) FROM certificates").fetchone()[0]
        return {
            "received": counters.get("received", 0),
            "duplicates": counters.get("duplicates", 0),
            "refused_5xx": counters.get("refused_5xx", 0),
            "hung": counters.get("hung", 0),
            "stored": sum(states.values()),
            "distinct_credentials": distinct,
            "pending": states.get("received", 0),
            "confirmed": states.get("confirmed", 0),
            "rejected": states.get("rejected", 0),
        }
