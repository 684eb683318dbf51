"""OPML import: the feed list a reader exports (``<outline xmlUrl=...>``), parsed safely.

The parser never resolves entities, loads a DTD or touches the network, so a hostile file
(billion laughs, external entities) yields at most its literal text or a ``ParseError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..errors import ParseError


@dataclass(slots=True)
class FeedRef:
    """One feed listed in an OPML file."""

    url: str
    title: str | None = None
    site_url: str | None = None
    categories: list[str] = field(default_factory=list)  # enclosing outline folders, outermost first


def safe_xml_parser(recover: bool = False) -> etree.XMLParser:
    """An lxml parser that resolves no entities, loads no DTD and never touches the network."""
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False, huge_tree=False,
        recover=recover, remove_comments=True, remove_pis=True,
    )


def refuse_entity_declarations(content: bytes, what: str) -> None:
    """``ParseError`` for a document declaring entities: no feed, feed list or sitemap needs them;
    libxml2 expands internal entities in attributes even when told not to resolve them, and the
    feed parser (expat under feedparser) expands them all (a "billion laughs" feed)."""
    head = content[:200_000]
    if b"<!ENTITY" in head.upper() or b"<!ENTITY" in head.replace(b"\x00", b"").upper():  # UTF-16/32 too
        raise ParseError(f"{what} declares XML entities (refused)")


def parse_opml(content: bytes) -> list[FeedRef]:
    """Feeds of an OPML document, in document order, without duplicates."""
    if not content or not content.strip():
        raise ParseError("empty OPML")
    refuse_entity_declarations(content, "OPML")
    try:
        root = etree.fromstring(content, safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed OPML: {exc}") from exc
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise ParseError("not OPML: root element is not <opml>")
    out: list[FeedRef] = []
    seen: set[str] = set()

    def walk(node: etree._Element, folders: list[str]) -> None:
        for child in node:
            if not isinstance(child.tag, str) or etree.QName(child).localname.lower() != "outline":
                continue
            attrs = {k.lower(): (v or "").strip() for k, v in child.attrib.items()}
            title = attrs.get("title") or attrs.get("text") or None
            xml_url = attrs.get("xmlurl")
            if xml_url:
                if xml_url not in seen:
                    seen.add(xml_url)
                    out.append(FeedRef(xml_url, title, attrs.get("htmlurl") or None, list(folders)))
            else:
                walk(child, folders + [title] if title else folders)

    body = next((c for c in root if isinstance(c.tag, str) and etree.QName(c).localname.lower() == "body"), None)
    walk(body if body is not None else root, [])
    return out


def read_opml(path: str) -> list[FeedRef]:
    try:
        with open(path, "rb") as fh:
            return parse_opml(fh.read(20_000_000))
    except OSError as exc:
        raise ParseError(f"cannot read OPML {path}: {exc}") from exc


def write_opml(feeds: list[FeedRef], title: str = "newsdesk feeds") -> bytes:
    """An OPML 2.0 document listing ``feeds`` (for ``source list --opml`` style exports)."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(root, "body")
    for f in feeds:
        attrs = {"type": "rss", "text": f.title or f.url, "xmlUrl": f.url}
        if f.site_url:
            attrs["htmlUrl"] = f.site_url
        etree.SubElement(body, "outline", attrs)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
