"""Peer extractors behind the reference scorer's runner signature: f(data: bytes, url) -> dict.

Each returns dict(title, author, date, body) with whatever metadata the tool gives (None where it
gives nothing). They run from `.peers-venv` (benchmarks/requirements-peers.txt), never from the
project's own environment: the peers are benchmark-only dependencies.

Decoding: tools that want text get the page decoded once, the same way for all of them, with
Resiliparse's encoding detection (the conversion the shared `text/` dumps used); trafilatura is
given the bytes, since it decodes (and sniffs the charset) itself.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_BLOCK = re.compile(
    r"(?is)<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table|section|article|"
    r"header|footer|figure|figcaption|dd|dt|dl)\b[^>]*>"
)


def decode(data: bytes) -> str:
    """Bytes to str with Resiliparse's charset detection (BOM, meta, then content sniffing)."""
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return bytes_to_str(data, detect_encoding(data))


def _html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one line per block, so words never glue across blocks."""
    import lxml.html

    if not fragment or not fragment.strip():
        return ""
    fragment = _BLOCK.sub(lambda m: m.group(0) + "\n", fragment)
    try:
        root = lxml.html.fromstring(fragment)
    except Exception:  # an unparsable fragment is an empty result, as the tool would give
        return ""
    lines = [ln.strip() for ln in root.text_content().splitlines()]
    return "\n".join(ln for ln in lines if ln)


def _iso(d: Any) -> str | None:
    if d is None:
        return None
    return d.isoformat() if hasattr(d, "isoformat") else str(d)


def _authors(a: Any) -> str | None:
    if not a:
        return None
    if isinstance(a, (list, tuple)):
        return "; ".join(str(x) for x in a if x) or None
    return str(a)


def _offline_tldextract() -> None:
    """tldextract (newspaper4k) fetches the public-suffix list on first use; use its bundled copy."""
    try:
        import tldextract.tldextract as t

        t.TLD_EXTRACTOR = t.TLDExtract(suffix_list_urls=(), cache_dir=None)
    except Exception:  # older/newer layouts: the tool then falls back to its snapshot itself
        pass


# ----------------------------------------------------------------------------- trafilatura


def _trafilatura(data: bytes, url: str | None, **mode: bool) -> dict:
    import json

    import trafilatura

    out = trafilatura.extract(data, url=url, output_format="json", with_metadata=True, **mode)
    if not out:
        return {}
    d = json.loads(out)
    # extract()'s txt output appends the comments to the text: keep the same body here
    body = "\n".join(x for x in (d.get("text"), d.get("comments")) if x)
    return {"title": d.get("title"), "author": d.get("author"), "date": d.get("date"), "body": body}


def trafilatura_default(data: bytes, url: str | None) -> dict:
    return _trafilatura(data, url)


def trafilatura_precision(data: bytes, url: str | None) -> dict:
    return _trafilatura(data, url, favor_precision=True)


def trafilatura_recall(data: bytes, url: str | None) -> dict:
    return _trafilatura(data, url, favor_recall=True)


# ----------------------------------------------------------------------------- the others


def readability(data: bytes, url: str | None) -> dict:
    from readability import Document

    doc = Document(decode(data), url=url)
    return {"title": doc.short_title() or None, "body": _html_to_text(doc.summary(html_partial=True))}


@functools.lru_cache(maxsize=1)
def _newspaper_config():
    _offline_tldextract()
    import newspaper

    cfg = newspaper.Config()
    cfg.fetch_images = False
    cfg.memorize_articles = False
    cfg.follow_meta_refresh = False
    cfg.disable_category_cache = True
    return cfg


def _newspaper_parse(html: str, url: str | None, language: str | None) -> dict:
    import newspaper

    kw = {"language": language} if language else {}
    art = newspaper.Article(url or "http://example.invalid/article", config=_newspaper_config(), **kw)
    art.download(input_html=html)
    art.parse()  # no .nlp(): that needs NLTK data, and it is not extraction
    return {"title": art.title or None, "author": _authors(art.authors),
            "date": _iso(art.publish_date), "body": art.text}


def newspaper4k(data: bytes, url: str | None) -> dict:
    html = decode(data)
    try:
        return _newspaper_parse(html, url, None)
    except (ImportError, LookupError):
        # Korean word splitting wants NLTK's punkt data (not installable offline): parse such a
        # page with the default (English) rules rather than scoring it empty.
        return _newspaper_parse(html, url, "en")


@functools.lru_cache(maxsize=1)
def _goose():
    from goose3 import Goose

    return Goose({"enable_image_fetching": False, "http_timeout": 0.01})


def goose3(data: bytes, url: str | None) -> dict:
    art = _goose().extract(url=url, raw_html=decode(data))
    return {"title": art.title or None, "author": _authors(art.authors),
            "date": _iso(art.publish_date), "body": art.cleaned_text}


def resiliparse(data: bytes, url: str | None) -> dict:
    from resiliparse.extract.html2text import extract_plain_text

    return {"body": extract_plain_text(decode(data), main_content=True)}


@functools.lru_cache(maxsize=1)
def _english_stoplist() -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist("English"))


def justext_paragraphs(html: str) -> str:
    """jusText with its English stop-list and default thresholds: the good paragraphs, one a line."""
    import justext

    paras = justext.justext(html, _english_stoplist())
    return "\n".join(p.text for p in paras if not p.is_boilerplate)


def justext_(data: bytes, url: str | None) -> dict:
    return {"body": justext_paragraphs(decode(data))}


@functools.lru_cache(maxsize=1)
def _boilerpy3():
    from boilerpy3 import extractors

    return extractors.ArticleExtractor(raise_on_failure=False)


def boilerpy3(data: bytes, url: str | None) -> dict:
    doc = _boilerpy3().get_doc(decode(data))
    return {"title": doc.title or None, "body": doc.content}
