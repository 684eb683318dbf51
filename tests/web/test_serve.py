"""``newsdesk serve`` on a fresh, empty store: the portal comes up with labelled demo content."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


@pytest.mark.slow
def test_serve_empty_store_shows_labelled_demo(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, NEWSDESK_SECRET_KEY="t", NEWSDESK_DIGEST_EVERY_H="0")
    proc = subprocess.Popen([sys.executable, "-m", "newsdesk", "serve", "--port", str(port), "--no-background"],
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
        assert (tmp_path / "newsdesk.db").exists()  # the real store exists, and stays empty
        import json

        j = json.loads(urllib.request.urlopen(base + "/index.json", timeout=10).read())
        assert j["demo"] is True and j["top_stories"]
        sid = j["top_stories"][0]["id"]
        assert urllib.request.urlopen(f"{base}/story/{sid}", timeout=10).status == 200
    finally:
        proc.terminate()
        proc.wait(10)
