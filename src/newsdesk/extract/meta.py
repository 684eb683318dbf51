"""Metadata with provenance. (Stub: replaced by the real reader.)"""

from __future__ import annotations

from ..model import Article


def extract_metadata(tree, url: str | None) -> Article:
    a = Article(url=url)
    og = tree.xpath('//meta[@property="og:title"]/@content')
    if og:
        a.title, a.provenance["title"] = og[0].strip(), "opengraph"
    else:
        h1 = tree.xpath("//h1")
        if h1:
            a.title, a.provenance["title"] = h1[0].text_content().strip(), "heading"
    return a
