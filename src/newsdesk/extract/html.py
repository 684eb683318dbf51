"""HTML page -> Article: decode, parse, read metadata, then find the body.

Orchestration only; each step lives in its own module:
  decode.py  bytes -> str (BOM, HTTP header, meta, detection)
  meta.py    metadata with provenance (title, authors, dates, image, ...)
  body.py    the main text as plain paragraphs and sanitised HTML
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from ..errors import ParseError
from ..model import Article
from .body import extract_body
from .decode import decode_html
from .meta import extract_metadata


def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse markup into an lxml tree; unparseable input raises ParseError."""
    if not text or not text.strip():
        raise ParseError("empty document")
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"cannot parse HTML: {exc}") from exc
    if root is None:
        raise ParseError("document has no root element")
    return root


def extract_html(
    html: bytes | str, url: str | None = None, *, content_type: str | None = None
) -> Article:
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    tree = parse_html(text)
    article = extract_metadata(tree, url)
    body = extract_body(tree, url=url, title=article.title)
    article.body = body.text
    article.body_html = body.html
    return article
