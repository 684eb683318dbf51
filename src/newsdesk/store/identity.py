"""Article identity: normalised URL and content hash (pure helpers, no SQL).

The same article seen through another URL, feed or archive must map to one
row: its canonical URL, its normalised fetched URL, or the hash of its
normalised body identify it.

``normalize_url`` uses the fetch layer's identity form
(``newsdesk.ingest.urls.url_key``: tracking parameters stripped, one scheme, no
``www.``) so both layers agree on one key; a small private normaliser stands
in when that module cannot be imported.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timezone
from functools import lru_cache
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|"
    r"ref|ref_src|ref_url|cmpid|ocid|smid|sr_share|share|at_medium|at_campaign|ito|icid|"
    r"output|amp|outputtype|__twitter_impression|cid|s_cid|ns_source|ns_mchannel|ns_campaign)$",
    re.I,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}

#: Bodies shorter than this (characters, normalised) never identify an article by hash alone:
#: "Subscribe to read" pages would otherwise merge unrelated articles.
MIN_HASH_IDENTITY_CHARS = 200


def _private_normalize(url: str) -> str | None:
    """Lower-case scheme/host, drop default port, fragment, tracking params, www., trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    query.sort()
    # http and https name one article: keep one scheme in the key.
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


@lru_cache(maxsize=1)
def _normalizer() -> Callable[[str], str | None]:
    try:  # the fetch layer's normaliser, once it exists, is the one truth
        from ..ingest.urls import url_key as shared
    except Exception:  # noqa: BLE001 - absent or broken: fall back to ours
        return _private_normalize

    def both(url: str) -> str | None:
        try:
            return shared(url)
        except Exception:  # noqa: BLE001 - a bad URL is no identity, never a crash
            return None

    return both


@lru_cache(maxsize=16384)
def _cached(url: str) -> str | None:
    return _normalizer()(url)


def normalize_url(url: str | None) -> str | None:
    """The identity key of a URL (None for no URL or one that is not http(s))."""
    if not url:
        return None
    return _cached(url)


def normalize_body(body: str) -> str:
    text = unicodedata.normalize("NFKC", body or "").casefold()
    return " ".join(text.split())


def content_hash(title: str | None, body: str) -> str:
    """Hash of the normalised body (the title only when the body is empty)."""
    norm = normalize_body(body) or "title:" + normalize_body(title or "")
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()


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
