"""Adapters with the reference scorer's runner signature: f(data: bytes, url) -> dict.

    python ../shared/tools/extract_eval.py DATASET --runner newsdesk_runner:html --path benchmarks
    python ../shared/tools/extract_eval.py DATASET --runner newsdesk_runner:text --input text \
        --path benchmarks

`text_site` is text mode with a site template: the harness first calls `prepare_sites`, which
learns, for each page, a `SiteProfile` from the OTHER pages of the same site in the set (never the
page itself); the runner then finds that profile by the page's bytes.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

import newsdesk
from newsdesk import langid

# The scorer's warm-up call (one untimed page) is there so that model loading is not billed to a
# timed page; its page declares its language, so the language model would otherwise load on the
# first timed page that needs it. Load it here instead, as a server does at start-up.
langid.preload()

SITE_PROFILES: dict[bytes, Any] = {}


def _fields(a: Any) -> dict:
    return {"title": a.title, "author": a.author, "date": a.published, "body": a.body}


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def html(data: bytes, url: str | None) -> dict:
    return _fields(newsdesk.extract(data, url=url))


def text(data: bytes, url: str | None) -> dict:
    return _fields(newsdesk.extract_text(_decode(data), url=url))


def text_site(data: bytes, url: str | None) -> dict:
    site = SITE_PROFILES.get(hashlib.sha1(data).digest())
    return _fields(newsdesk.extract_text(_decode(data), url=url, site=site))


def text_unavailable(site: bool = False) -> str | None:
    """Why text mode (or its site-template form) cannot run yet, or None when it can.

    Probes the public API on a tiny dump: an ImportError, AttributeError or NotImplementedError
    means the text extractor is still being built (a NewsdeskError is a normal answer).
    """
    probe = "Home • News\n\nA headline for the probe\n\nA first paragraph of the probe text, long enough.\n"
    try:
        newsdesk.extract_text(probe)
    except (ImportError, AttributeError, NotImplementedError) as e:
        return f"newsdesk.extract_text is not there yet ({type(e).__name__}: {str(e)[:120]})"
    except newsdesk.NewsdeskError:
        pass
    if site:
        from newsdesk.extract import text as text_mod

        prof = getattr(text_mod, "SiteProfile", None)
        if prof is None or not callable(getattr(prof, "learn", None)):
            return "newsdesk.extract.text.SiteProfile.learn(texts) is not there yet"
    return None


def prepare_sites(pages: dict[str, bytes], scored: list[str], others: dict[str, list[str]]) -> dict:
    """Learn each scored page's profile from its site's other pages (`pages`: every page of the set).

    Returns counts and the learning CPU time (reported apart from the per-page extraction speed).
    """
    from newsdesk.extract.text import SiteProfile

    SITE_PROFILES.clear()
    cache: dict[tuple[str, ...], Any] = {}
    c0 = time.process_time()
    profiled = 0
    for pid in scored:
        data = pages[pid]
        ids = tuple(sorted(o for o in others.get(pid, []) if o in pages))
        if not ids:
            continue
        if ids not in cache:
            cache[ids] = SiteProfile.learn([_decode(pages[o]) for o in ids])
        SITE_PROFILES[hashlib.sha1(data).digest()] = cache[ids]
        profiled += 1
    return {"profiled_pages": profiled, "profiles_learned": len(cache),
            "learn_cpu_s": time.process_time() - c0}
