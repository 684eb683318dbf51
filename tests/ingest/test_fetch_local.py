"""The fetcher over a real socket (the fixture web on 127.0.0.1), DNS pinning included."""

from __future__ import annotations

from urllib.parse import urlsplit

from fixtureweb import fixture_site, fixture_web, local_settings  # noqa: F401
from newsdesk.ingest import fetch as fetch_mod
from newsdesk.ingest.fetch import Fetcher


def test_pinned_request_reaches_the_vetted_address_over_a_real_socket(fixture_web, monkeypatch):
    site, base = fixture_web
    port = urlsplit(base).port
    art = site.articles[0]
    # pretend loopback is public so the policy passes, and let DNS name a host nobody can resolve
    monkeypatch.setattr(fetch_mod, "is_public_address", lambda a: True)
    with Fetcher(local_settings(allow_private=False), resolver=lambda h: ["127.0.0.1"]) as f:
        assert f.pin_dns
        page = f.get(f"http://fixture.invalid:{port}/{art.outlet}{art.path}")
    assert page.status == 200 and page.url.startswith("http://fixture.invalid:")
    assert art.title.split()[0].encode() in page.content

