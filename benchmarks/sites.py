"""Site grouping for text mode's site-template runs: which OTHER pages of the set share a page's site.

A page's site is the host of its truth `url` (a leading "www." dropped), else its `domain` field.
A profile for page P is learned only from the other pages of P's site, never from P itself.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit


def site_key(row: dict) -> str | None:
    """The site a truth row belongs to, or None when neither url nor domain says."""
    host = None
    if row.get("url"):
        host = urlsplit(row["url"]).hostname
    host = host or row.get("domain")
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def others_of_site(rows: list[dict]) -> dict[str, list[str]]:
    """id -> ids of the other pages of the same site (empty when the page is its site's only one)."""
    by_site: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        k = site_key(r)
        if k:
            by_site[k].append(str(r["id"]))
    out = {}
    for r in rows:
        rid, k = str(r["id"]), site_key(r)
        out[rid] = [o for o in by_site.get(k, []) if o != rid] if k else []
    return out
