"""The digest and the confirmation mail: composed as ``EmailMessage``s, sent with smtplib.

Each digest mail is personal only in its unsubscribe link, carried in the body and in the
RFC 2369 / RFC 8058 headers (``List-Unsubscribe`` + ``List-Unsubscribe-Post: One-Click``).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import jinja2

from ..errors import FetchError
from ..settings import Settings
from ..store.records import Subscriber
from .data import PortalData, ShortLine, StoryCard
from .render import make_env


@dataclass(slots=True)
class DigestReport:
    sent: int = 0
    failed: int = 0
    stories: int = 0


class Mailer:
    """Sends mail through the configured SMTP server (one connection per batch)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._env: jinja2.Environment | None = None

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            self._env = make_env()
        return self._env

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            conn = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30)
            if s.smtp_starttls:
                conn.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                conn.login(s.smtp_user, s.smtp_password)
        except (OSError, smtplib.SMTPException) as exc:
            raise FetchError(f"SMTP {s.smtp_host}:{s.smtp_port}: {exc}") from exc
        return conn

    def send(self, messages: list[EmailMessage]) -> tuple[int, int]:
        """Send each message; returns (sent, failed). A refused recipient does not stop the batch."""
        if not messages:
            return 0, 0
        sent = failed = 0
        conn = self._connect()
        try:
            for msg in messages:
                try:
                    conn.send_message(msg)
                    sent += 1
                except smtplib.SMTPException:
                    failed += 1
        finally:
            try:
                conn.quit()
            except (OSError, smtplib.SMTPException):
                pass
        return sent, failed

    # -- composing --------------------------------------------------------------------------------
    def _message(self, to: str, subject: str) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.settings.mail_from
        msg["To"] = to
        msg["Subject"] = subject
        msg["Message-ID"] = make_msgid(domain="newsdesk.local")
        msg["Date"] = datetime.now(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")
        return msg

    def confirmation(self, sub: Subscriber, base: str) -> EmailMessage:
        link = f"{base}/subscribe/confirm?token={sub.confirm_token}"
        msg = self._message(sub.email, "Confirm your newsdesk digest subscription")
        msg.set_content(
            "Someone (we hope you) asked to receive the newsdesk digest at this address.\n\n"
            f"Confirm here: {link}\n\nIf it was not you, ignore this mail: nothing will be sent.\n")
        return msg

    def send_confirmation(self, sub: Subscriber, base: str) -> None:
        self.send([self.confirmation(sub, base)])

    def digest(self, sub: Subscriber, stories: list[StoryCard], base: str, demo: bool,
               shorts: dict[int, list[ShortLine]] | None = None) -> EmailMessage:
        unsub = f"{base}/unsubscribe?token={sub.unsubscribe_token}"
        day = datetime.now(timezone.utc).strftime("%-d %B %Y")
        msg = self._message(sub.email, f"newsdesk digest, {day}: {stories[0].headline if stories else 'no news'}")
        msg["List-Unsubscribe"] = f"<{unsub}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg["List-Id"] = "newsdesk digest <digest.newsdesk.local>"
        ctx: dict[str, Any] = {"stories": stories, "base": base, "unsubscribe": unsub, "day": day, "demo": demo,
                               "shorts": shorts or {}}
        msg.set_content(self.env.get_template("digest_mail.txt").render(**ctx))
        msg.add_alternative(self.env.get_template("digest_mail.html").render(**ctx), subtype="html")
        return msg


def send_digest(data: PortalData, settings: Settings, mailer: Mailer | None = None,
                base: str | None = None, accounts: PortalData | None = None) -> DigestReport:
    """One digest of ``data``'s top stories to every confirmed subscriber of ``accounts`` (default: ``data``)."""
    mailer = mailer or Mailer(settings)
    base = (base or settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")
    stories = data.top_stories(settings.digest_stories)
    subs = (accounts if accounts is not None else data).subscribers("confirmed")
    shorts = {}  # each story's short (cited sentences from several outlets), read once for every subscriber
    for card in stories:
        detail = data.story(card.id) if subs else None
        shorts[card.id] = detail.short if detail is not None else []
    msgs = [mailer.digest(s, stories, base, data.demo, shorts) for s in subs]
    sent, failed = mailer.send(msgs)
    return DigestReport(sent, failed, len(stories))
