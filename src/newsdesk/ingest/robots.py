"""robots.txt: parse (protego, Google-compatible longest match and wildcards) and cache per host.

``RobotsCache.allowed(url, fetch_text)`` answers from a per-origin cache; ``fetch_text`` is a
callable the fetcher supplies (it fetches ``/robots.txt`` without the robots check). Per RFC 9309:
a 4xx robots.txt allows everything, an unreachable one (5xx, network error) disallows everything
until the entry expires.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

#: What ``fetch_text`` returns: (status, text); status 0 means the fetch failed outright.
RobotsFetch = Callable[[str], tuple[int, str]]

ALLOW_ALL = "User-agent: *\nAllow: /\n"
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


@dataclass(slots=True)
class RobotsEntry:
    rules: Protego
    fetched: float
    status: int
    sitemaps: list[str]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"


def parse_robots(text: str) -> Protego:
    """Parse robots.txt text; never raises (garbage lines are ignored)."""
    try:
        return Protego.parse(text)
    except Exception:  # protego is lenient, but untrusted text must never crash a fetch
        return Protego.parse(ALLOW_ALL)


def sitemaps_in(text: str) -> list[str]:
    """The ``Sitemap:`` URLs a robots.txt declares, in order."""
    return list(parse_robots(text).sitemaps)


class RobotsCache:
    """Per-origin robots.txt rules, thread-safe, with a time to live."""

    def __init__(self, user_agent: str, ttl: float = 3600.0) -> None:
        self.agent = user_agent.split("/")[0].strip() or "*"
        self.ttl = ttl
        self._entries: dict[str, RobotsEntry] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def entry(self, url: str, fetch_text: RobotsFetch) -> RobotsEntry:
        key = origin(url)
        with self._lock:
            hit = self._entries.get(key)
            if hit and time.monotonic() - hit.fetched < self.ttl:
                return hit
            host_lock = self._host_locks.setdefault(key, threading.Lock())
        with host_lock:  # one robots fetch per origin even with many threads
            with self._lock:
                hit = self._entries.get(key)
                if hit and time.monotonic() - hit.fetched < self.ttl:
                    return hit
            status, text = fetch_text(key + "/robots.txt")
            if 200 <= status < 300:
                body = text
            elif 400 <= status < 500:
                body = ALLOW_ALL
            else:
                body = DISALLOW_ALL
            rules = parse_robots(body)
            new = RobotsEntry(rules, time.monotonic(), status, list(rules.sitemaps))
            with self._lock:
                self._entries[key] = new
            return new

    def allowed(self, url: str, fetch_text: RobotsFetch) -> bool:
        return bool(self.entry(url, fetch_text).rules.can_fetch(url, self.agent))

    def crawl_delay(self, url: str, fetch_text: RobotsFetch) -> float | None:
        d = self.entry(url, fetch_text).rules.crawl_delay(self.agent)
        return float(d) if d is not None else None
