"""URL identity (ground floor): one normal form and one dedup key for every layer.

``normalize_url(url)`` gives one fetchable form of a URL: lower-case scheme and host (IDNA),
no default port, no user info, no fragment, dot segments resolved, percent-escapes normalised
(upper-case hex, unreserved characters decoded, everything unsafe encoded), tracking parameters
(``utm_*``, ``fbclid``, ``gclid``, ...) removed, the query sorted, and a trailing slash dropped
from non-root paths. ``url_key(url)`` is the identity form for dedup: the same plus one scheme
(https), no ``www.`` and no repeated slashes. Both are idempotent and raise only ``InputError``.

``identity_key(url)`` is ``url_key`` for storage: None for no URL or one that is not http(s),
never an error (ingest, the store and the pipeline share this one definition).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from .errors import InputError

#: Query parameters that only track the reader; removed by ``normalize_url``.
TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z0-9_]*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl"
    r"|_hsenc|_hsmi|mkt_tok|ref_src|ref_url|cmpid|ocid|smid|sr_share|at_medium|at_campaign|icid|ito|s_cid"
    r"|ns_source|ns_mchannel|ns_campaign|ns_linkname|ns_fee|__twitter_impression|oly_anon_id|oly_enc_id"
    r"|vero_id|wickedid|spm|share_source|xtor)$",
    re.I,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:@/")
_QUERY_SAFE = _UNRESERVED | frozenset("!$'()*+,;:@/?")  # '=' and '&' are handled as separators
_HEX = frozenset("0123456789abcdefABCDEF")
_HOST_OK = re.compile(r"^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$")


def _pct(text: str, safe: frozenset[str]) -> str:
    """Normalise percent-encoding: keep valid escapes (upper-case, decode unreserved), encode the rest."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "%" and i + 2 < n and text[i + 1] in _HEX and text[i + 2] in _HEX:
            code = int(text[i + 1 : i + 3], 16)
            c = chr(code)
            out.append(c if c in _UNRESERVED else f"%{code:02X}")
            i += 3
            continue
        if ch in safe:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    segments: list[str] = []
    parts = path.split("/")
    for i, seg in enumerate(parts):
        last = i == len(parts) - 1
        if seg == ".":
            if last:
                segments.append("")
        elif seg == "..":
            if len(segments) > 1:
                segments.pop()
            if last:
                segments.append("")
        else:
            segments.append(seg)
    out = "/".join(segments)
    return out if out.startswith("/") else "/" + out


def _host(raw: str | None, url: str) -> str:
    host = (raw or "").strip().rstrip(".").lower()
    if not host:
        raise InputError(f"no host in URL {url!r}")
    if ":" in host:  # IPv6 literal (urlsplit strips the brackets)
        if not re.fullmatch(r"[0-9a-f:.]+", host):
            raise InputError(f"bad IPv6 host in URL {url!r}")
        return f"[{host}]"
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InputError(f"bad international host in URL {url!r}") from exc
    if not _HOST_OK.match(host) or ".." in host:
        raise InputError(f"bad host {host!r} in URL {url!r}")
    return host


def normalize_url(url: str, *, identity: bool = False, strip_trailing_slash: bool = True) -> str:
    """The normal form of an http(s) URL (see the module doc); ``InputError`` when it has none."""
    if not isinstance(url, str):
        raise InputError(f"URL must be text, not {type(url).__name__}")
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"unparseable URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InputError(f"not an http(s) URL: {url!r}")
    host = _host(parts.hostname, url)
    if identity:
        scheme = "https"
        host = re.sub(r"^(www\.)+", "", host) or host
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] or (identity and port in (80, 443)) else f"{host}:{port}"
    path = _pct(parts.path or "/", _PATH_SAFE)
    path = _remove_dot_segments(path)
    if identity:
        path = re.sub(r"/{2,}", "/", path)
    if strip_trailing_slash and len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


def url_key(url: str) -> str:
    """The identity form used for dedup (one scheme, no ``www.``); ``InputError`` when none."""
    return normalize_url(url, identity=True)


def _query(query: str) -> str:
    pairs: list[tuple[str, str]] = []
    for item in query.split("&"):
        if not item:
            continue
        key, eq, value = item.partition("=")
        key_n, value_n = _pct(key, _QUERY_SAFE), _pct(value, _QUERY_SAFE)
        if TRACKING_PARAMS.match(key_n):
            continue
        pairs.append((key_n, (eq and "=") + value_n))
    pairs.sort()
    return "&".join(k + v for k, v in pairs)


@lru_cache(maxsize=16384)
def _identity_cached(url: str) -> str | None:
    try:
        return url_key(url)
    except (InputError, ValueError):  # a bad URL is no identity, never a crash
        return None


def identity_key(url: str | None) -> str | None:
    """``url_key`` or None (no URL, or not an http(s) URL): the key the store matches articles by."""
    if not url or not isinstance(url, str):
        return None
    return _identity_cached(url)
