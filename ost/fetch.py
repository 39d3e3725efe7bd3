"""One cached, counted fetcher: what matching's searches and discovery's look-ups share.

A service's answer is kept in a cache table (``key``, a value column, ``fetched_at``) and read
from there while younger than ``CACHE_TTL_S`` (unless ``refresh``); otherwise the service is
asked and the answer stored at once, so a run stopped by a rate limit keeps what it fetched.
``stats`` counts the requests the service sent (token requests included) and the answers the
cache gave. The service (``ost.service``) connects on its first request only: a run answered
from the cache needs no credentials.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlite_utils

from ost.service.protocols import Service

CACHE_TTL_S = 30 * 86400

S = TypeVar("S", bound=Service)
T = TypeVar("T")


@dataclass
class Stats:
    requests: int = 0
    cached: int = 0


def read_json(text: str) -> Any:
    """A stored value, or None when it is not JSON (then it is fetched again)."""
    try:
        return json.loads(text)
    except ValueError:
        return None


class Fetcher(Generic[S]):
    """A service's answers through one cache table."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        service: S,
        *,
        table: str,
        column: str,
        refresh: bool = False,
        ttl: float = CACHE_TTL_S,
    ):
        self.db, self.service, self.refresh, self.ttl = db, service, refresh, ttl
        self.table, self.column = table, column
        self.stats = Stats()

    def fresh(self, fetched_at: float | None) -> bool:
        """Whether an answer fetched then may still be used (counted as answered from cache)."""
        if not self._young(fetched_at):
            return False
        self.stats.cached += 1
        return True

    def _young(self, fetched_at: float | None) -> bool:
        """Whether an answer fetched then is within the TTL, with no refresh asked."""
        if self.refresh or not fetched_at:
            return False
        return time.time() - fetched_at < self.ttl

    def cached(self, key: str, read: Callable[[Any], T | None]) -> T | None:
        """The stored answer under ``key`` as ``read`` makes it of the JSON, when fresh; None
        when missing, stale, or unreadable (damaged, or from an older ost: fetched again)."""
        row = self.db.execute(
            f"select [{self.column}], fetched_at from [{self.table}] where key = ?", [key]
        ).fetchone()
        if not row or not self._young(row[1]):
            return None
        value = read(read_json(row[0]))
        if value is not None:
            self.stats.cached += 1
        return value

    def fetch(self, call: Callable[[S], T]) -> T:
        """Ask the service, counting the requests it took (a failed call's too)."""
        before = self.service.requests
        try:
            return call(self.service)
        finally:
            self.stats.requests += self.service.requests - before

    def store(self, key: str, value: Any) -> None:
        """Keep an answer (in the caller's transaction when there is one)."""
        with self.db.atomic():
            self.db.table(self.table).upsert(
                {
                    "key": key,
                    self.column: json.dumps(value, ensure_ascii=False),
                    "fetched_at": time.time(),
                },
                pk="key",
            )
