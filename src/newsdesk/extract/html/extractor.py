"""HTML page -> Article: decode, parse, read metadata, then find the body.

Orchestration only; each step lives in its own module:
  decode.py    bytes -> str (BOM, HTTP header, meta, detection)
  evidence.py  one pass over the tree for metadata evidence (before the body step edits it);
               textwalk.py reads visible text around elements for its last-resort lookups
  meta.py      metadata with provenance (title, authors, dates, image, ...)
  body.py      the main text as plain paragraphs and sanitised HTML

libxml2 always reads UTF-8 bytes with the encoding fixed: a page whose bytes are strict UTF-8
goes to it as is (no decode-then-re-encode round trip), any other page is decoded by decode.py's
cascade and re-encoded. Guards for hostile input: pages over ``settings.extract_max_bytes`` are cut,
NUL and other C0 control characters are dropped, attribute values over 10 KB
on pages over 1 MB are cut to 2 KB. The parser runs with ``huge_tree`` (without
it libxml2 silently drops everything nested deeper than 256 elements, which
page builders reach); libxml2 still caps nesting at 2048, and the byte cap
bounds text nodes, so any bytes give an Article or a NewsdeskError in bounded
time (see tests/extract/test_properties.py).
"""

from __future__ import annotations

import re
import threading

import lxml.html
from lxml import etree

from ...errors import ExtractionError, ParseError
from ...model import Article
from ...settings import Settings
from .body import extract_body
from .decode import decode_html, strict_utf8
from .meta import choose, collect, finish

_HUGE_ATTR = re.compile(r"""(=\s*["'])([^"'<>]{2000})[^"'<>]{8000,}""")
_HUGE_TEXT = 1_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: the same characters in UTF-8: C0 controls are single bytes (never inside a multi-byte sequence)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NONCHARS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_DEFAULT = Settings()
#: every element an HtmlElement, without lxml.html's per-element Python lookup (which only adds the
#: form/input/label helper classes no step here uses); ~500k Python calls per 400 pages saved
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
_PARSERS = threading.local()


def _parser() -> lxml.html.HTMLParser:
    """This thread's parser (lxml parsers are not shared across threads); built once, not per page.

    The input is always UTF-8 bytes with the encoding fixed, so no ``<meta charset>`` in the page
    can make libxml2 re-decode what decode.py already decoded. No step looks elements up by id,
    so libxml2 keeps no id table (``collect_ids=False``: ~0.1 ms a page, same tree)."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = lxml.html.HTMLParser(
            remove_comments=True, remove_pis=True, huge_tree=True, collect_ids=False, encoding="utf-8"
        )
        parser.set_element_class_lookup(_LOOKUP)
        _PARSERS.parser = parser
    return parser


def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse markup into an lxml tree; unparseable input raises ParseError."""
    if not text or text.isspace():
        raise ParseError("empty document")
    if len(text) > _HUGE_TEXT:
        text = _CONTROL.sub("", text)
        if len(text) > _HUGE_TEXT:  # only big pages can carry megabyte attributes; cut them to 2 KB
            text = _HUGE_ATTR.sub(r"\1\2", text)
        if not text or text.isspace():
            raise ParseError("empty document")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (only a caller's str can hold them)
        data = _SURROGATE.sub("\ufffd", text).encode("utf-8")
    return _parse_utf8(data)


def _parse_utf8(data: bytes) -> lxml.html.HtmlElement:
    """Parse valid UTF-8 markup: control characters dropped at byte level (the same characters
    ``_CONTROL`` removes from text, without a regex pass over the whole page), then libxml2."""
    size = len(data)
    data = data.translate(None, _CONTROL_BYTES)
    # b"\xef" alone is a memchr scan (the two-byte search walks the page byte by byte); most pages
    # hold no U+F000..U+FFFF character at all
    if b"\xef" in data and b"\xef\xbf" in data:
        for nonchar in _NONCHARS:
            data = data.replace(nonchar, b"")
    if len(data) != size and (not data or data.decode("utf-8").isspace()):
        raise ParseError("empty document")
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        raise ParseError(f"cannot parse HTML: {exc}") from exc
    # libxml2 drops what lies deeper than 2048 elements ("Excessive depth"): remembered, so an empty
    # body says why instead of passing for a page without text
    _PARSERS.cut = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
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
        data = data[:limit] if limit and len(data) > limit else data
        text = strict_utf8(data) if len(data) <= _HUGE_TEXT else None
        if text and not text.isspace():  # the bytes are already the UTF-8 the parser reads: no re-encoding
            return _extract_tree(_parse_utf8(data), url)
        text = text if text is not None else decode_html(data, content_type)
    elif isinstance(html, str):
        text = html[:limit] if limit and len(html) > limit else html
    else:
        raise ParseError(f"expected bytes or str, got {type(html).__name__}")
    return _extract_tree(parse_html(text), url)


def _extract_tree(tree: lxml.html.HtmlElement, url: str | None) -> Article:
    try:
        ev = collect(tree, url)
        article = choose(ev, url)
        body = extract_body(tree, url=url, title=article.title)
        finish(article, ev, getattr(body, "node", None), body.text)
    except RecursionError as exc:
        raise ExtractionError("page nested too deeply to read") from exc
    except (etree.LxmlError, ValueError, UnicodeError) as exc:
        raise ParseError(f"cannot read page: {type(exc).__name__}: {exc}") from exc
    if not body.text.strip() and getattr(_PARSERS, "cut", False):
        err = ExtractionError("page nested deeper than the parser's 2048 elements: its content was cut")
        err.reason = "too-deep"
        raise err
    article.body = body.text
    article.body_html = body.html
    return article
