"""Main text. (Stub: every <p>; replaced by the real body extractor.)"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass


@dataclass(slots=True)
class Body:
    text: str
    html: str


def extract_body(tree, *, url: str | None = None, title: str | None = None) -> Body:
    paras = [" ".join(p.text_content().split()) for p in tree.iter("p")]
    paras = [p for p in paras if p]
    return Body("\n\n".join(paras), "".join(f"<p>{_html.escape(p)}</p>" for p in paras))
