"""``newsdesk serve`` on a fresh, empty store: the portal comes up with the labelled demo store,
subscribes to nothing, and keeps sign-ups and editors in the real store."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.web import create_app
from newsdesk.web.auth import hash_password
from newsdesk.web.store_data import StoreData
from tests.web.conftest import client_for, demo_db  # noqa: F401 - demo_db is a fixture


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_empty_store_shows_labelled_demo_and_follows_nothing(tmp_path):
    port = _free_port()
    tmp = tmp_path / "tmp"  # where the demo store is built
    tmp.mkdir()
    env = dict(os.environ, NEWSDESK_SECRET_KEY="t", NEWSDESK_DIGEST_EVERY_H="0", TMPDIR=str(tmp))
    # background work on (as `make up` runs it): still nothing may be fetched or subscribed to
    proc = subprocess.Popen([sys.executable, "-m", "newsdesk", "serve", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stdout.read().decode())
                time.sleep(0.1)
        home = urllib.request.urlopen(base + "/", timeout=10).read().decode()
        assert "Demo content" in home and "story-card" in home
        j = json.loads(urllib.request.urlopen(base + "/index.json", timeout=10).read())
        assert j["demo"] is True and j["top_stories"]
        sid = j["top_stories"][0]["id"]
        assert urllib.request.urlopen(f"{base}/story/{sid}", timeout=10).status == 200
        assert [p.name for p in tmp.iterdir()][0].startswith("newsdesk-demo-")
    finally:
        proc.terminate()
        out = proc.communicate(timeout=10)[0].decode()
    assert "demo built from the local fixture web" in out and "nothing fetched" in out, out
    assert "no sources to follow" in out, out
    assert list(tmp.iterdir()) == []  # SIGTERM: the demo store's folder is removed on the way out
    with open_store(path=str(tmp_path / "newsdesk.db")) as store:  # the real store exists, and stays empty
        assert store.count_articles() == 0
        assert store.list_sources() == []  # no public feed was subscribed to behind the user's back


def test_demo_in_front_keeps_editors_and_subscribers_in_the_real_store(tmp_path, demo_db):
    settings = Settings(db=str(tmp_path / "real.db"), secret_key="k", cache_ttl=30.0)
    shutil.copyfile(demo_db, tmp_path / "demo.db")
    with open_store(settings) as store, open_store(path=str(tmp_path / "demo.db")) as demo:
        real = StoreData(store)
        real.user_create("editor", hash_password("correct horse"))  # as `newsdesk admin create-user` does
        client = client_for(create_app(StoreData(demo, demo=True), settings, accounts=real))
        assert client.get("/index.json").json()["demo"] is True

        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/subscribe").text).group(1)
        assert client.post("/subscribe", data={"csrf": csrf, "email": "reader@example.org"}).status_code == 200
        assert [s.email for s in store.subscribers("pending")] == ["reader@example.org"]
        assert demo.subscribers("pending") == []

        r = client.post("/admin/login", data={"csrf": csrf, "username": "editor", "password": "correct horse"},
                        follow_redirects=False)
        assert r.status_code == 303
        admin = client.get("/admin").text
        assert "Logged in as <strong>editor</strong>" in admin
        token = re.search(r'name="csrf" value="([^"]+)"', admin.split("<main", 1)[1]).group(1)
        sid = client.get("/index.json").json()["top_stories"][1]["id"]
        assert client.post(f"/admin/story/{sid}/pin", data={"csrf": token, "value": "1"},
                           follow_redirects=False).status_code == 303
        assert demo.story(sid, members=False).pinned  # curation acts on the content shown
        assert client.post("/admin/sources/add", data={"csrf": token, "kind": "feed", "name": "Mine",
                                                       "location": "https://news.example/rss"},
                           follow_redirects=False).status_code == 303
        assert [s.location for s in store.list_sources()] == ["https://news.example/rss"]
