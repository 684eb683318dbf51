"""Pytest fixtures for the fixture web (import them in a test module to use them):

    from fixtureweb import fixture_site, fixture_web, local_settings  # noqa: F401

``fixture_site``: a session-wide generated web (seed 0, 150 articles) with ``.truth()``;
``fixture_web``: that web served on 127.0.0.1, as ``(site, base_url)``; outlet roots are
``base_url + "/" + slug``; ``local_settings()``: fetch settings for the local server (private
addresses allowed, no politeness delay, short time bound).
"""

from __future__ import annotations

import pytest

from newsdesk.settings import Settings
from newsdesk.fixtureweb import FixtureWeb, build_site
from newsdesk.fixtureweb import serve_fixture_web

N_ARTICLES = 150


def local_settings(**overrides: object) -> Settings:
    base: dict[str, object] = dict(allow_private=True, fetch_host_delay=0.0, fetch_timeout=5.0, fetch_retries=1)
    base.update(overrides)
    return Settings(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def fixture_site() -> FixtureWeb:
    return build_site(seed=0, n_articles=N_ARTICLES)


@pytest.fixture(scope="session")
def fixture_web(fixture_site: FixtureWeb):  # type: ignore[no-untyped-def]
    fixture_site.set_phase(0)
    with serve_fixture_web(fixture_site) as base:
        yield fixture_site, base
