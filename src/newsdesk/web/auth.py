"""Passwords (scrypt), sessions and CSRF tokens.

* Passwords: ``scrypt$n$r$p$salt$hash`` (hashlib.scrypt, 16-byte salt, constant-time compare).
* Sessions: a random 32-byte token in an HttpOnly, SameSite=Strict cookie (Secure on https),
  stored server-side with its own CSRF token and an expiry.
* CSRF: admin forms carry the session's token; public forms (subscribe) carry a signed,
  time-limited token (HMAC of the secret key) since public pages are cached and sessionless.
  Every POST also fails when its Origin header names another site.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..errors import ConfigError
from ..store.records import Session, User
from .data import PortalData

SESSION_COOKIE = "nd_session"
SESSION_DAYS = 7
PUBLIC_TOKEN_TTL = 2 * 86400
_N, _R, _P = 2**14, 8, 1


def _b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def _unb64(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ConfigError("password must have at least 8 characters")
    salt = os.urandom(16)
    h = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(h)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, h = stored.split("$")
        if algo != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(_unb64(h)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, _unb64(h))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def load_secret(explicit: str, db_path: str) -> bytes:
    """The signing key: the setting when given, else a random key kept next to the database."""
    if explicit:
        return explicit.encode()
    if db_path == ":memory:":
        return secrets.token_bytes(32)
    if "://" in db_path:  # a database server: the key file lives in the working directory, named after it
        name = hashlib.sha256(db_path.split("@")[-1].encode()).hexdigest()[:16]
        p = Path(f"newsdesk-{name}.secret")
    else:
        p = Path(db_path + ".secret")
    if p.exists():
        return p.read_bytes()
    key = secrets.token_bytes(32)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def public_csrf(secret: bytes, purpose: str, now: float | None = None) -> str:
    ts = str(int(now if now is not None else time.time()))
    mac = hmac.new(secret, f"{purpose}|{ts}".encode(), hashlib.sha256).digest()[:18]
    return f"{ts}.{_b64(mac)}"


def check_public_csrf(secret: bytes, purpose: str, token: str, now: float | None = None) -> bool:
    try:
        ts, _ = token.split(".", 1)
        age = (now if now is not None else time.time()) - int(ts)
    except (ValueError, AttributeError):
        return False
    if not 0 <= age <= PUBLIC_TOKEN_TTL:
        return False
    return hmac.compare_digest(token, public_csrf(secret, purpose, int(ts)))


@dataclass(slots=True, frozen=True)
class Editor:
    """A signed-in editor: the store's session and user, read together."""

    session: Session
    user: User

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def token(self) -> str:
        return self.session.token

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token


def login(data: PortalData, username: str, password: str) -> Editor | None:
    user = data.user_get(username)
    if user is None:
        verify_password(password, "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA")  # same cost either way
        return None
    if not verify_password(password, user.password_hash):
        return None
    expires = datetime.now(timezone.utc) + timedelta(days=SESSION_DAYS)
    s = data.session_create(user.id, new_token(), new_token(), expires.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return Editor(s, user)


def current_session(data: PortalData, token: str | None) -> Editor | None:
    if not token:
        return None
    s = data.session_get(token)
    if s is None:
        return None
    if s.expires_at < datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"):
        data.session_delete(token)
        return None
    user = data.user_get(s.user_id)
    return Editor(s, user) if user is not None else None


def create_user(data: PortalData, username: str, password: str) -> User:
    if not username or len(username) > 64 or not username.replace("-", "").replace("_", "").isalnum():
        raise ConfigError("username: 1-64 letters, digits, - or _")
    return data.user_create(username, hash_password(password))
