"""The main text of a page: segment into blocks, classify, keep the article's.

    page = segment(tree)                 body_blocks.py   one walk, blocks + context
    x = page_features(page, title)       body_features.py generic numeric features
    p = model(x)                         body_model.py    boosted trees + a small MLP (shipped JSON)
    keep p >= threshold, tidy, render    here             text and sanitised HTML (labels and small
                                                          newsletter/comment boxes dropped)

Without weights (or on a page the model finds nothing in) a readability-style
fallback keeps the well-formed blocks of the main text container.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

import numpy as np
from lxml import etree

from ...sanitize import sanitize_html
from .body_blocks import BIT, Block, BlockNode, PageBlocks, segment
from .body_features import main_container, page_features
from .body_model import load_model


@dataclass(slots=True)
class Body:
    text: str   # one paragraph per block, separated by a blank line
    html: str   # the same content as sanitised HTML
    node: object | None = None  # the lxml element holding the article, None if not found


def _fallback(page: PageBlocks) -> list[Block]:
    """Readability-style: well-formed, not link-heavy blocks inside the main text container."""
    main = main_container(page)
    out = []
    n: BlockNode | None
    for b in page.blocks:
        n = b.node
        while main is not None and n is not None and n.depth > main.depth:
            n = n.parent
        if (main is None or n is main) and b.link_tokens < 0.5 * b.tokens and (
            b.tokens >= 8 or b.node.tag in ("h2", "h3", "h4", "li")
        ):
            out.append(b)
    return out


def classify(page: PageBlocks, title: str | None) -> list[float]:
    """Probability that each block belongs to the article body."""
    model = load_model()
    if model is None or not page.blocks:
        keep = {id(b) for b in _fallback(page)}
        return [1.0 if id(b) in keep else 0.0 for b in page.blocks]
    x = np.asarray(page_features(page, title), dtype=np.float64)
    if x.shape[1] != model.n_features:  # weights from another feature set
        keep = {id(b) for b in _fallback(page)}
        return [1.0 if id(b) in keep else 0.0 for b in page.blocks]
    return model.predict(x).tolist()


#: whole-block labels that page furniture leaves inside article text
_LABELS = frozenset(
    "advertisement advertisements ad ads sponsored loading share tweet email print listen close menu "
    "search related recommended subscribe".split()
) | frozenset(("story continues below advertisement", "article continues below advertisement",
               "continue reading below", "scroll to continue with content", "skip to main content",
               "share this article", "share this", "listen to this article", "related stories",
               "related articles", "you may also like", "recommended for you", "most popular", "most read",
               "trending now", "sponsored content", "paid content", "story continues below",
               "article continues below", "content continues below", "continue reading", "read more",
               "read more below", "skip to content", "share on facebook", "share on twitter",
               "print this article", "click to expand", "back to top", "view comments", "sign up"))
_NONWORD = re.compile(r"[\W_]+")


def _is_label(b: Block) -> bool:
    return b.tokens <= 6 and _NONWORD.sub(" ", b.text.lower()).strip() in _LABELS


#: a small box named for one of these is furniture wherever it sits (a newsletter sign-up, a comment header);
#: not "share": its vocabulary (twitter, facebook) also names embedded posts, which are content
_BOX_BITS = BIT["subscribe"] | BIT["comment"]


def _in_furniture_box(b: Block) -> bool:
    """The block's owner or parent is a small box (<= 4 blocks, < 60 words) whose class/id names furniture."""
    n: BlockNode | None = b.node
    for _ in range(2):
        if n is None:
            break
        if n.bits & _BOX_BITS and n.nblocks <= 4 and n.tokens < 60:
            return True
        n = n.parent
    return False


def select(page: PageBlocks, probs: list[float], threshold: float) -> list[Block]:
    keep = [b for b, p in zip(page.blocks, probs)
            if p >= threshold and not _is_label(b) and not _in_furniture_box(b)]
    if not keep and page.blocks:
        keep = _fallback(page)
    return keep


def postprocess_text(keep: list[Block], page: PageBlocks | None = None) -> str:
    return "\n\n".join(b.text for b in keep)


def _common_ancestor(keep: list[Block]):
    if not keep:
        return None
    chains: list[list[BlockNode]] = []
    for b in (keep[0], keep[-1], keep[len(keep) // 2]):
        c = []
        n: BlockNode | None = b.node
        while n is not None:
            c.append(n)
            n = n.parent
        chains.append(c[::-1])
    common = None
    for nodes in zip(*chains):
        if all(nd is nodes[0] for nd in nodes):
            common = nodes[0]
        else:
            break
    return common.el if common is not None else None


_HTML_TAG = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4", "blockquote": "blockquote",
             "pre": "pre", "li": "li", "figcaption": "figcaption", "dt": "p", "dd": "p", "td": "p", "th": "p"}


#: inline markup worth keeping in body_html (the sanitiser drops the rest, keeping its text)
_INLINE_KEEP = frozenset("a b strong i em u s sub sup code kbd mark q cite abbr small br span time del ins".split())


def _inner_html(b: Block) -> str:
    """The owner element's inline markup when the block is all of it, else the escaped text."""
    el = b.node.el
    if b.node.tag != "pre":
        for d in el.iterdescendants():
            if not isinstance(d.tag, str) or d.tag not in _INLINE_KEEP:
                return _html.escape(b.text, quote=False)
    parts = [_html.escape(el.text or "", quote=False)]
    parts += [etree.tostring(c, encoding="unicode", method="html", with_tail=True) for c in el]
    return "".join(parts).strip()


def blocks_html(keep: list[Block]) -> str:
    """Kept blocks as simple HTML: headings, paragraphs, list items, quotes, inline links and emphasis."""
    out: list[str] = []
    in_list = False
    for b in keep:
        tag = _HTML_TAG.get(b.node.tag, "p")
        if tag == "li" and not in_list:
            out.append("<ul>")
            in_list = True
        elif tag != "li" and in_list:
            out.append("</ul>")
            in_list = False
        text = _inner_html(b)
        if tag == "blockquote":
            out.append(f"<blockquote><p>{text}</p></blockquote>")
        else:
            out.append(f"<{tag}>{text}</{tag}>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def extract_body(tree, *, url: str | None = None, title: str | None = None) -> Body:
    """Find the article text in a parsed document (the tree may be modified)."""
    page = segment(tree)
    model = load_model()
    probs = classify(page, title)
    keep = select(page, probs, model.threshold if model is not None else 0.5)
    text = postprocess_text(keep, page)
    return Body(text, sanitize_html(blocks_html(keep), url), _common_ancestor(keep))
