"""Per-client rate limits and login throttling, answered at once (429 + Retry-After), never queued.

* ``RateLimiter``: token buckets per (rule, client). ``wait(rule, client)`` takes a token and returns
  0.0, or the seconds until one is free (the ``Retry-After``) without taking any.
* ``LoginThrottle``: failed logins per client and per username; past a few, every further attempt
  waits a time that doubles with each failure (up to ``MAX_LOCK``), the right password included, so
  guessing costs hours instead of seconds. A success clears the client's and the user's count.

Both keep at most ``max_keys`` keys (least recently used out), so a flood of clients costs bounded
memory. The client is the peer address the server saw (no forwarded header is trusted).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    rate: float  # tokens per second
    burst: int  # bucket size


#: the expensive endpoints: full-text search (all formats) and the login form
RULES = {"search": Rule(rate=2.0, burst=20), "login": Rule(rate=0.2, burst=10)}
FREE_FAILURES = 5  # failed logins before the waits start
MAX_LOCK = 3600.0


class RateLimiter:
    def __init__(self, rules: dict[str, Rule] | None = None, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 50_000) -> None:
        self.rules = dict(RULES if rules is None else rules)
        self._clock = clock
        self._max = max_keys
        self._buckets: OrderedDict[tuple[str, str], tuple[float, float]] = OrderedDict()  # tokens, at
        self._lock = threading.Lock()
        self.refused = 0

    def wait(self, rule: str, client: str) -> float:
        r = self.rules.get(rule)
        if r is None:
            return 0.0
        now = self._clock()
        key = (rule, client)
        with self._lock:
            tokens, at = self._buckets.pop(key, (float(r.burst), now))
            tokens = min(float(r.burst), tokens + (now - at) * r.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / r.rate
                self.refused += 1
            while len(self._buckets) > self._max:
                self._buckets.popitem(last=False)
        return wait


class LoginThrottle:
    def __init__(self, free: int = FREE_FAILURES, max_lock: float = MAX_LOCK,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 50_000) -> None:
        self.free, self.max_lock = free, max_lock
        self._clock = clock
        self._max = max_keys
        self._fails: OrderedDict[str, tuple[int, float]] = OrderedDict()  # key -> failures, locked until
        self._lock = threading.Lock()

    def wait(self, client: str, username: str) -> float:
        """Seconds before this client may try this username again (0.0: now)."""
        now = self._clock()
        with self._lock:
            until = max(self._fails.get(k, (0, 0.0))[1] for k in self._keys(client, username))
        return max(0.0, until - now)

    def failed(self, client: str, username: str) -> None:
        now = self._clock()
        with self._lock:
            for k in self._keys(client, username):
                n, _ = self._fails.pop(k, (0, 0.0))
                n += 1
                lock = 0.0 if n < self.free else min(self.max_lock, 2.0 ** (n - self.free))
                self._fails[k] = (n, now + lock)
            while len(self._fails) > self._max:
                self._fails.popitem(last=False)

    def succeeded(self, client: str, username: str) -> None:
        with self._lock:
            for k in self._keys(client, username):
                self._fails.pop(k, None)

    @staticmethod
    def _keys(client: str, username: str) -> tuple[str, str]:
        return "c:" + client, "u:" + username.strip().lower()[:64]


def retry_after(seconds: float) -> str:
    """A ``Retry-After`` value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))


def client_of(scope: dict) -> str:
    peer = scope.get("client")
    return str(peer[0]) if peer else "-"
