"""SQL for the portal's accounts: subscribers (double opt-in), users, sessions.

Tokens are made here with ``secrets``; password hashing is the caller's job
(the store keeps the hash it is given and never sees a password).
"""

from __future__ import annotations

import secrets
import sqlite3

from ..errors import ConfigError
from ._sql import SQLBase
from .identity import now_iso
from .records import Session, Subscriber, User


def _subscriber(row: sqlite3.Row) -> Subscriber:
    return Subscriber(id=row["id"], email=row["email"], status=row["status"], confirm_token=row["confirm_token"],
                      unsubscribe_token=row["unsubscribe_token"], created_at=row["created_at"],
                      confirmed_at=row["confirmed_at"])


def _user(row: sqlite3.Row) -> User:
    return User(id=row["id"], username=row["username"], password_hash=row["password_hash"],
                is_admin=bool(row["is_admin"]), created_at=row["created_at"])


class AccountsSQL(SQLBase):
    def add_subscriber(self, email: str) -> Subscriber:
        """A pending subscriber with a fresh confirm token (a known address gets a new token)."""
        email = (email or "").strip()
        if "@" not in email or len(email) > 320:
            raise ConfigError(f"not an email address: {email!r}")
        with self._tx() as c:
            row = c.execute("SELECT * FROM subscribers WHERE email=?", (email,)).fetchone()
            token = secrets.token_urlsafe(24)
            if row is None:
                c.execute("INSERT INTO subscribers (email, confirm_token, unsubscribe_token, created_at) "
                          "VALUES (?,?,?,?)", (email, token, secrets.token_urlsafe(24), now_iso()))
            elif row["status"] != "confirmed":
                c.execute("UPDATE subscribers SET status='pending', confirm_token=? WHERE id=?", (token, row["id"]))
            return _subscriber(c.execute("SELECT * FROM subscribers WHERE email=?", (email,)).fetchone())

    def confirm_subscriber(self, token: str) -> Subscriber | None:
        if not token:
            return None
        with self._tx() as c:
            row = c.execute("SELECT * FROM subscribers WHERE confirm_token=?", (token,)).fetchone()
            if row is None:
                return None
            c.execute("UPDATE subscribers SET status='confirmed', confirmed_at=?, confirm_token=NULL WHERE id=?",
                      (now_iso(), row["id"]))
            return _subscriber(c.execute("SELECT * FROM subscribers WHERE id=?", (row["id"],)).fetchone())

    def unsubscribe(self, token: str) -> Subscriber | None:
        if not token:
            return None
        with self._tx() as c:
            row = c.execute("SELECT * FROM subscribers WHERE unsubscribe_token=?", (token,)).fetchone()
            if row is None:
                return None
            c.execute("UPDATE subscribers SET status='unsubscribed', confirm_token=NULL WHERE id=?", (row["id"],))
            return _subscriber(c.execute("SELECT * FROM subscribers WHERE id=?", (row["id"],)).fetchone())

    def subscribers(self, status: str = "confirmed") -> list[Subscriber]:
        return [_subscriber(r) for r in self._rows("SELECT * FROM subscribers WHERE status=? ORDER BY id",
                                                   (status,))]

    def create_user(self, username: str, password_hash: str, is_admin: bool = True) -> User:
        if not username or not password_hash:
            raise ConfigError("a user needs a name and a password")
        with self._tx() as c:
            if c.execute("SELECT 1 FROM users WHERE username=?", (username,)).fetchone():
                raise ConfigError(f"user {username!r} already exists")
            uid = c.execute("INSERT INTO users (username, password_hash, is_admin, created_at) VALUES (?,?,?,?) "
                            "RETURNING id", (username, password_hash, int(is_admin), now_iso())).fetchone()[0]
            return _user(c.execute("SELECT * FROM users WHERE id=?", (uid,)).fetchone())

    def get_user(self, key: str | int) -> User | None:
        col = "id" if isinstance(key, int) else "username"
        row = self._row(f"SELECT * FROM users WHERE {col}=?", (key,))
        return _user(row) if row is not None else None

    def set_password(self, user_id: int, password_hash: str) -> None:
        with self._tx() as c:
            c.execute("UPDATE users SET password_hash=? WHERE id=?", (password_hash, user_id))
            c.execute("DELETE FROM sessions WHERE user_id=?", (user_id,))

    def create_session(self, user_id: int, token: str, csrf_token: str, expires_at: str) -> Session:
        now = now_iso()
        with self._tx() as c:
            c.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))
            c.execute("INSERT INTO sessions (token, user_id, csrf_token, created_at, expires_at) VALUES (?,?,?,?,?)",
                      (token, user_id, csrf_token, now, expires_at))
        return Session(token=token, user_id=user_id, csrf_token=csrf_token, created_at=now, expires_at=expires_at)

    def get_session(self, token: str, now: str | None = None) -> Session | None:
        if not token:
            return None
        row = self._row("SELECT * FROM sessions WHERE token=? AND expires_at > ?", (token, now or now_iso()))
        if row is None:
            return None
        return Session(token=row["token"], user_id=row["user_id"], csrf_token=row["csrf_token"],
                       created_at=row["created_at"], expires_at=row["expires_at"])

    def delete_session(self, token: str) -> None:
        with self._tx() as c:
            c.execute("DELETE FROM sessions WHERE token=?", (token,))
