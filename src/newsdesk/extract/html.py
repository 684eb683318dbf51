"""HTML page -> Article: decode, parse, read metadata, then find the body.

Orchestration only; each step lives in its own module:
  decode.py    bytes -> str (BOM, HTTP header, meta, detection)
  evidence.py  one pass over the tree for metadata evidence (before the body step edits it)
  meta.py      metadata with provenance (title, authors, dates, image, ...)
  body.py      the main text as plain paragraphs and sanitised HTML

Guards for hostile input: pages over ``settings.extract_max_bytes`` are cut,
NUL and other C0 control characters are dropped, attribute values over 10 KB
on pages over 1 MB are cut to 2 KB. The parser runs with ``huge_tree`` (without
it libxml2 silently drops everything nested deeper than 256 elements, which
page builders reach); libxml2 still caps nesting at 2048, and the byte cap
bounds text nodes, so any bytes give an Article or a NewsdeskError in bounded
time (see tests/extract/test_properties.py).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..errors import ExtractionError, ParseError
from ..model import Article
from ..settings import Settings
from .body import extract_body
from .decode import decode_html
from .meta import choose, collect, finish

_HUGE_ATTR = re.compile(r"""(=\s*["'])([^"'<>]{2000})[^"'<>]{8000,}""")
_HUGE_TEXT = 1_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_DEFAULT = Settings()
#: every element an HtmlElement, without lxml.html's per-element Python lookup (which only adds the
#: form/input/label helper classes no step here uses); ~500k Python calls per 400 pages saved
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse markup into an lxml tree; unparseable input raises ParseError."""
    if not text or not text.strip():
        raise ParseError("empty document")
    text = _CONTROL.sub("", text)
    if len(text) > _HUGE_TEXT:  # only big pages can carry megabyte attributes; cut them to 2 KB
        text = _HUGE_ATTR.sub(r"\1\2", text)
    if not text.strip():
        raise ParseError("empty document")
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
        parser.set_element_class_lookup(_LOOKUP)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        raise ParseError(f"cannot parse HTML: {exc}") from exc
    if root is None:
        raise ParseError("document has no root element")
    return root


def extract_html(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """One HTML page (bytes or text) -> Article; raises only NewsdeskError subclasses."""
    settings = settings or _DEFAULT
    limit = settings.extract_max_bytes
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        text = decode_html(data[:limit] if limit and len(data) > limit else data, content_type)
    elif isinstance(html, str):
        text = html[:limit] if limit and len(html) > limit else html
    else:
        raise ParseError(f"expected bytes or str, got {type(html).__name__}")
    tree = parse_html(text)
    try:
        ev = collect(tree, url)
        article = choose(ev, url)
        body = extract_body(tree, url=url, title=article.title)
        finish(article, ev, getattr(body, "node", None), body.text)
    except RecursionError as exc:
        raise ExtractionError("page nested too deeply to read") from exc
    except (etree.LxmlError, ValueError, UnicodeError) as exc:
        raise ParseError(f"cannot read page: {type(exc).__name__}: {exc}") from exc
    article.body = body.text
    article.body_html = body.html
    return article
