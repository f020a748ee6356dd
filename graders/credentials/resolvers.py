"""HTTP resolvers for verify_credential: did:web documents and status list credentials.

Plain http is used only for hosts listed in `allow_http_hosts` (a local demo on localhost); everything
else is https. Responses are cached for `ttl` seconds so a batch of checks fetches each list once.
"""

from __future__ import annotations

import time

import requests

from .did import did_web_document_url


class HttpResolvers:
    """`resolve_did` and `fetch_status_list` over HTTP, with a small time-bounded cache."""

    def __init__(self, *, allow_http_hosts: frozenset[str] | set[str] = frozenset(), timeout: float = 5.0,
                 ttl: float = 300.0, session: requests.Session | None = None):
        self.allow_http_hosts = frozenset(allow_http_hosts)
        self.timeout = timeout
        self.ttl = ttl
        self.session = session or requests.Session()
        self._cache: dict[str, tuple[float, dict]] = {}

    def _get_json(self, url: str) -> dict:
        cached = self._cache.get(url)
        if cached and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        response = self.session.get(url, timeout=self.timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
        if not isinstance(document, dict):
            raise ValueError(f"{url} did not return a JSON object")
        self._cache[url] = (time.monotonic(), document)
        return document

    def resolve_did(self, did: str) -> dict:
        return self._get_json(did_web_document_url(did, allow_http_hosts=self.allow_http_hosts))

    def fetch_status_list(self, url: str) -> dict:
        if url.startswith("http://") and url.split("/")[2].rsplit(":", 1)[0] not in self.allow_http_hosts:
            raise ValueError(f"refusing plain http for {url}")
        return self._get_json(url)
