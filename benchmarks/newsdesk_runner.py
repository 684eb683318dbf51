"""Adapters with the reference scorer's runner signature: f(data: bytes, url) -> dict.

    python ../shared/tools/extract_eval.py DATASET --runner newsdesk_runner:html --path benchmarks
"""

from __future__ import annotations

import newsdesk


def html(data: bytes, url: str | None) -> dict:
    a = newsdesk.extract(data, url=url)
    return {"title": a.title, "author": a.author, "date": a.published, "body": a.body}


def text(data: bytes, url: str | None) -> dict:
    a = newsdesk.extract_text(data.decode("utf-8", errors="replace"), url=url)
    return {"title": a.title, "author": a.author, "date": a.published, "body": a.body}
