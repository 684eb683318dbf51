"""Login throttling and per-client rate limits: 429 with Retry-After, answered at once (issue 18)."""

from __future__ import annotations

import re
import time

from newsdesk.web.auth import hash_password
from newsdesk.web.ratelimit import LoginThrottle, RateLimiter, Rule
from .conftest import client_for


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_token_bucket_per_client_and_its_wait():
    clock = Clock()
    rl = RateLimiter({"search": Rule(rate=2.0, burst=3)}, clock=clock)
    assert [rl.wait("search", "a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert rl.wait("search", "a") == 0.5 and rl.wait("search", "b") == 0.0  # b has its own bucket
    clock.t += 0.5
    assert rl.wait("search", "a") == 0.0 and rl.wait("other", "a") == 0.0  # no rule: no limit
    small = RateLimiter({"search": Rule(1.0, 1)}, clock=clock, max_keys=10)
    for i in range(1000):
        small.wait("search", f"c{i}")
    assert len(small._buckets) == 10  # bounded memory under a flood of clients


def test_login_throttle_doubles_and_a_success_clears_it():
    clock = Clock()
    th = LoginThrottle(free=3, max_lock=60.0, clock=clock)
    for _ in range(3):
        assert th.wait("1.2.3.4", "editor") == 0.0
        th.failed("1.2.3.4", "editor")
    assert th.wait("1.2.3.4", "editor") == 1.0
    assert th.wait("5.6.7.8", "Editor") == 1.0  # the username is throttled from anywhere
    for _ in range(10):
        th.failed("1.2.3.4", "editor")
    assert th.wait("1.2.3.4", "someone") == 60.0  # capped
    th.succeeded("1.2.3.4", "editor")
    assert th.wait("1.2.3.4", "editor") == 0.0


def _frozen(app) -> None:
    """The app's limits on a clock that stands still: no refill, whatever the machine's speed."""
    app.limits = RateLimiter(clock=lambda: 1000.0)
    app.logins = LoginThrottle(clock=lambda: 1000.0)


def _form(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/admin/login").text).group(1)


def test_sixty_wrong_passwords_then_the_right_one_is_refused(app, data):
    """The issue's reproduction: 60 wrong passwords, each 401 in ~0.1 s, then the right one accepted."""
    data.user_create("editor", hash_password("correct horse"))
    _frozen(app)
    client = client_for(app)
    csrf = _form(client)
    codes = []
    t0 = time.perf_counter()
    for _ in range(60):
        r = client.post("/admin/login", data={"csrf": csrf, "username": "editor", "password": "wrong-guess"})
        codes.append(r.status_code)
        if r.status_code == 429:
            assert int(r.headers["retry-after"]) >= 1 and r.headers["cache-control"] == "no-store"
    assert codes == [401] * 5 + [429] * 55
    assert time.perf_counter() - t0 < 30  # refusals cost no password hashing
    right = client.post("/admin/login", data={"csrf": csrf, "username": "editor", "password": "correct horse"},
                        follow_redirects=False)
    assert right.status_code == 429 and "x-frame-options" in right.headers


def test_search_is_rate_limited_per_client_and_other_pages_are_not(app):
    _frozen(app)
    client = client_for(app)
    codes = [client.get("/search.json", params={"q": f"border {i}"}).status_code for i in range(40)]
    assert codes == [200] * 20 + [429] * 20
    r = client.get("/search", params={"q": "again"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1 and "text/html" in r.headers["content-type"]
    assert client.get("/search.json", params={"q": "x"}).json()["status"] == 429
    assert all(client.get("/", params={"v": i}).status_code == 200 for i in range(30))
