"""Portal fixtures: the same demo content behind MemoryData and behind the real SQLite store."""

from __future__ import annotations

import warnings
from datetime import datetime, timezone

import pytest

from newsdesk.settings import Settings
from newsdesk.web import create_app
from newsdesk.web.demo import generate
from newsdesk.web.memory import MemoryData

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


@pytest.fixture
def memory_data(items):
    return MemoryData(demo=True).load_demo(items)


@pytest.fixture
def store(settings):
    from newsdesk.store import open_store

    s = open_store(settings)
    yield s
    s.close()


@pytest.fixture
def store_data(store, items):
    from newsdesk.web.store_data import StoreData, seed_demo

    seed_demo(store, items)
    return StoreData(store)


@pytest.fixture(params=["memory", "store"])
def data(request, memory_data):
    if request.param == "memory":
        return memory_data
    return request.getfixturevalue("store_data")


@pytest.fixture
def app(data, settings):
    return create_app(data, settings)


@pytest.fixture
def client(app):
    return client_for(app)
