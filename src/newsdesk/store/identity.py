"""Article identity: normalised URL and content hash (pure helpers, no SQL).

The same article seen through another URL, feed or archive must map to one
row: its canonical URL, its normalised fetched URL, or the hash of its
normalised body identify it. The URL key is ground (``newsdesk.urlid.identity_key``:
tracking parameters stripped, one scheme, no ``www.``), the same one ingest uses.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime, timezone

#: Bodies shorter than this (characters, normalised) never identify an article by hash alone:
#: "Subscribe to read" pages would otherwise merge unrelated articles.
MIN_HASH_IDENTITY_CHARS = 200


def normalize_body(body: str) -> str:
    text = unicodedata.normalize("NFKC", body or "").casefold()
    return " ".join(text.split())


def content_hash(title: str | None, body: str) -> str:
    """Hash of the normalised body (the title only when the body is empty)."""
    return content_identity(title, body)[0]


def content_identity(title: str | None, body: str) -> tuple[str, bool]:
    """``content_hash`` and ``hash_identifies`` from one normalisation of the body."""
    norm = normalize_body(body)
    key = norm or "title:" + normalize_body(title or "")
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest(), len(norm) >= MIN_HASH_IDENTITY_CHARS


def hash_identifies(body: str) -> bool:
    return len(normalize_body(body)) >= MIN_HASH_IDENTITY_CHARS


def raw_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_utc_iso(value: str | None) -> str | None:
    """An ISO 8601 date or datetime as a UTC ``...Z`` string; None when unreadable."""
    if not value:
        return None
    v = value.strip()
    if v.endswith("Z") or v.endswith("z"):
        v = v[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    try:
        return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, ValueError):
        return None
