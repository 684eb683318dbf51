"""Portal fixtures: every page test runs over two real SQLite stores.

* ``demo``: the demo store ``newsdesk serve`` shows on an empty store (the fixture web run through
  the pipeline; built once per session, copied for each test);
* ``store``: generated articles with known entities and stories (``newsdesk.testing.demo``).
"""

from __future__ import annotations

import shutil
import warnings
from datetime import datetime, timezone

import pytest

from newsdesk.settings import Settings
from newsdesk.testing.demo import generate, seed_demo
from newsdesk.web import create_app
from newsdesk.web.store_data import StoreData

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def client_for(app):
    from starlette.testclient import TestClient

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(app, base_url="http://127.0.0.1:8000")


@pytest.fixture
def settings(db_url):
    """The portal's settings; ``db_url`` runs each test on SQLite and on PostgreSQL (tests/conftest.py)."""
    return Settings(db=db_url, secret_key="test-secret", cache_ttl=30.0)


@pytest.fixture
def items():
    return generate(16, seed=3, now=NOW)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo store's database file, built once from the fixture web."""
    from newsdesk.pipeline.demo import build_demo_store

    folder = tmp_path_factory.mktemp("demo")
    build_demo_store(Settings(db=str(folder / "unused.db")), folder).close()
    return folder / "demo.db"


@pytest.fixture
def store(settings):
    from newsdesk.store import open_store

    s = open_store(settings)
    yield s
    s.close()


@pytest.fixture
def store_data(store, items):
    seed_demo(store, items)
    return StoreData(store)


@pytest.fixture
def demo_data(demo_db, tmp_path):
    """A private copy of the demo store (tests write to it), shown as demo content."""
    from newsdesk.store import open_store

    shutil.copyfile(demo_db, tmp_path / "demo.db")
    s = open_store(path=str(tmp_path / "demo.db"))
    yield StoreData(s, demo=True)
    s.close()


def pytest_collection_modifyitems(config, items):
    """The demo store is a SQLite file by design: its page tests run once, not once per backend."""
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        (drop if params.get("data") == "demo" and params.get("db_url") == "postgresql" else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(params=["demo", "store"])
def data(request):
    return request.getfixturevalue("demo_data" if request.param == "demo" else "store_data")


@pytest.fixture
def app(data, settings):
    return create_app(data, settings)


@pytest.fixture
def client(app):
    return client_for(app)
