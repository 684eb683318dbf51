"""Double opt-in, the digest over SMTP (a local aiosmtpd server), one-click unsubscribe."""

from __future__ import annotations

import email
import email.policy
import re
import socket

import pytest

from newsdesk.web import create_app
from newsdesk.web.digest import Mailer, send_digest

from .conftest import client_for

aiosmtpd = pytest.importorskip("aiosmtpd", reason="aiosmtpd (test extra) is needed for the SMTP tests")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    yield inbox, port
    ctl.stop()


def _text(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


def test_double_opt_in_digest_and_one_click_unsubscribe(smtp, data, settings):
    inbox, port = smtp
    settings = settings.with_(smtp_host="127.0.0.1", smtp_port=port, public_url="http://127.0.0.1:8000")
    mailer = Mailer(settings)
    client = client_for(create_app(data, settings, mailer))
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/subscribe").text).group(1)

    r = client.post("/subscribe", data={"csrf": csrf, "email": "reader@example.org"})
    assert r.status_code == 200 and "Check your inbox" in r.text
    assert client.post("/subscribe", data={"csrf": csrf, "email": "not-an-email"}).status_code == 400
    assert len(inbox.messages) == 1
    link = re.search(r"(http://\S+/subscribe/confirm\?token=(\S+))", _text(inbox.messages[0]))
    assert link and inbox.messages[0]["To"] == "reader@example.org"

    # not confirmed yet: the digest goes to nobody
    assert send_digest(data, settings, mailer).sent == 0

    page = client.get("/subscribe/confirm", params={"token": link.group(2)})
    assert page.status_code == 200 and "Confirm your subscription" in page.text
    csrf2 = re.search(r'name="csrf" value="([^"]+)"', page.text.split("<main", 1)[1]).group(1)
    ok = client.post("/subscribe/confirm", data={"csrf": csrf2, "token": link.group(2)})
    assert ok.status_code == 200 and "subscribed" in ok.text
    assert client.post("/subscribe/confirm", data={"csrf": csrf2, "token": link.group(2)}).status_code == 404

    report = send_digest(data, settings, mailer)
    assert report.sent == 1 and report.stories >= 5
    digest = inbox.messages[-1]
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsub = re.fullmatch(r"<(http://127\.0\.0\.1:8000/unsubscribe\?token=(\S+))>", digest["List-Unsubscribe"].strip())
    assert unsub
    top = client.get("/index.json").json()["top_stories"][0]
    assert top["headline"] in _text(digest) and f"/story/{top['id']}" in _text(digest)
    short = client.get(f"/story/{top['id']}.json").json()["short"]
    assert short and all(f"{x['text']} [{x['outlet']}]" in _text(digest) for x in short)  # the story short, cited
    html = digest.get_body(preferencelist=("html",)).get_content()
    assert "<script" not in html and "Unsubscribe" in html

    # RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the URL, no cookie, no CSRF token
    one = client.post(f"/unsubscribe?token={unsub.group(2)}", content=b"List-Unsubscribe=One-Click",
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert one.status_code == 200
    assert send_digest(data, settings, mailer).sent == 0
    assert client.post("/unsubscribe?token=bogus", content=b"List-Unsubscribe=One-Click",
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 404


def test_digest_web_page_matches_the_mail(client):
    j = client.get("/digest.json").json()
    assert j["top_stories"]
    assert j["top_stories"][0]["headline"] in client.get("/digest").text


def test_cli_digest_send(smtp, tmp_path, items, monkeypatch):
    from click.testing import CliRunner

    from newsdesk.cli.main import cli
    from newsdesk.store import open_store
    from newsdesk.testing.demo import seed_demo

    inbox, port = smtp
    db = str(tmp_path / "d.db")
    with open_store(path=db) as store:
        seed_demo(store, items)
        sub = store.add_subscriber("cli@example.org")
        store.confirm_subscriber(sub.confirm_token)
        store.add_subscriber("pending@example.org")
    monkeypatch.setenv("NEWSDESK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("NEWSDESK_SMTP_PORT", str(port))
    r = CliRunner().invoke(cli, ["digest", "send", "--db", db, "--base-url", "https://news.example"])
    assert r.exit_code == 0, r.output
    assert "1 sent" in r.output
    assert [m["To"] for m in inbox.messages] == ["cli@example.org"]
    assert "https://news.example/unsubscribe?token=" in inbox.messages[0]["List-Unsubscribe"]
