"""Section: the publisher's own signals first, then a small multinomial naive Bayes classifier.

Publisher signals, in order: the article's own section field (meta ``article:section``, JSON-LD,
breadcrumb as the extractor recorded it), feed categories (``Article.tags`` from a feed), then the
URL path. Each is mapped onto the canonical sections (plus configured local ones) through a
synonym table; unmapped signals fall through to the classifier.

The classifier's weights ship in ``section_model.json.gz`` (written by ``benchmarks/section_train.py``
from real labelled news: hand-labelled GoogleNews-TS stories and ECB+ topics, and the shared pages
whose publisher names a section; measured there with each site held out). Without that file they
are built at load time from ``section_lexicon.json`` (a seed vocabulary). Loading reads the file
only: no network.
"""

from __future__ import annotations

import gzip
import json
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import Any
from urllib.parse import urlparse

from ..model import CANONICAL_SECTIONS, Article
from .text import Tokenised, fold, tokens

#: Publisher labels (folded, split on non-letters) -> canonical section.
SYNONYMS: dict[str, str] = {
    **dict.fromkeys("world international global foreign europe asia africa americas middle-east "
                    "middleeast world-news australia-news asia-pacific".split(), "World"),
    **dict.fromkeys("politics political elections election government policy congress parliament "
                    "white-house".split(), "Politics"),
    **dict.fromkeys("business economy economics markets market money finance financial companies "
                    "industry investing personal-finance earnings ipo ipos fundraising real-estate realestate "
                    "startups".split(), "Business"),
    **dict.fromkeys("technology tech sci-tech gadgets internet digital innovation cyber ai gaming "
                    "esports".split(),
                    "Technology"),
    **dict.fromkeys("sport sports football soccer cricket tennis golf nfl nba mlb nhl rugby f1 formula1 "
                    "athletics olympics boxing baseball basketball".split(), "Sports"),
    **dict.fromkeys("entertainment culture arts movies film films music tv television celebrity showbiz "
                    "entertainment-arts books media awards celebrities celebs hollywood".split(), "Entertainment"),
    **dict.fromkeys("health wellness medicine medical coronavirus covid nutrition fitness biotech pharma".split(),
                    "Health"),
    **dict.fromkeys("science environment climate space nature".split(), "Science"),
    **dict.fromkeys("opinion opinions commentary comment commentisfree editorial editorials op-ed oped "
                    "columns columnists column views letters analysis-opinion ideas".split(), "Opinion"),
}


@dataclass(frozen=True, slots=True)
class SectionOptions:
    """Local sections: name -> publisher labels that select it (e.g. {"Cricket": ("cricket",)}).

    A local section wins over the canonical mapping when one of its labels matches a signal.
    """

    local_sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    min_classifier_score: float = 0.0  # below this posterior, the section stays None


def section_from_signals(article: Article, options: SectionOptions = SectionOptions()) -> tuple[str, str] | None:
    """(section, "publisher:<signal>") from the publisher's own labels, or None."""
    local = {fold(lbl): name for name, lbls in options.local_sections for lbl in lbls}
    candidates: list[tuple[str, str]] = []
    if article.section:
        candidates.append(("section", article.section))
    for tag in article.tags[:5]:
        if (article.provenance or {}).get("tags") == "feed":
            candidates.append(("feed", tag))
    url = article.canonical_url or article.url
    if url:
        segs = [s for s in urlparse(url).path.split("/") if s][:-1] or []
        for seg in segs[:3]:
            candidates.append(("url", seg))
    for table in (local, SYNONYMS):  # a local section wins wherever it appears
        for signal, label in candidates:
            hit = _map_label(label, table)
            if hit:
                return hit, f"publisher:{signal}"
    return None


def _map_label(label: str, table: dict[str, str]) -> str | None:
    key = fold(label).strip()
    parts = [key] + [p for p in re.split(r"[^a-z0-9\-]+|\s*[>/|»›]\s*", key) if p]
    for p in parts:
        if p in table:
            return table[p]
        for sub in p.split("-"):
            if sub in table and len(sub) > 3:
                return table[sub]
    return None


# --- classifier ----------------------------------------------------------------------------


@dataclass(slots=True)
class NaiveBayes:
    """Multinomial NB with Laplace smoothing; small enough to ship as JSON."""

    classes: list[str]
    log_prior: dict[str, float]
    log_prob: dict[str, dict[str, float]]  # class -> term -> log P(term|class)
    log_unseen: dict[str, float]
    vocab: frozenset[str] = field(init=False, repr=False, compare=False)  # terms some class knows

    def __post_init__(self) -> None:
        self.vocab = frozenset().union(*(self.log_prob[c] for c in self.classes))

    @classmethod
    def train(cls, docs: list[tuple[str, list[str]]], alpha: float = 0.5, max_terms: int = 4000) -> "NaiveBayes":
        counts: dict[str, Counter[str]] = {}
        ndocs: Counter[str] = Counter()
        for label, toks in docs:
            counts.setdefault(label, Counter()).update(toks)
            ndocs[label] += 1
        vocab_c = Counter()
        for c in counts.values():
            vocab_c.update(c)
        vocab = {t for t, _ in vocab_c.most_common(max_terms)}
        v = len(vocab) or 1
        total = sum(ndocs.values())
        classes = sorted(counts)
        lp, lu, prior = {}, {}, {}
        for c in classes:
            n = sum(counts[c][t] for t in vocab)
            denom = n + alpha * v
            lp[c] = {t: round(math.log((counts[c][t] + alpha) / denom), 4) for t in vocab if counts[c][t]}
            lu[c] = math.log(alpha / denom)
            prior[c] = math.log(ndocs[c] / total)
        return cls(classes, prior, lp, lu)

    def predict(self, toks: list[str]) -> tuple[str, float]:
        tc = Counter(toks)
        known = [t for t in tc if t in self.vocab]
        if not known:
            return "", 0.0
        scores = {}
        counts = [tc[t] for t in known]
        for c in self.classes:
            lp, lu = self.log_prob[c], self.log_unseen[c]
            # a flat prior: class balance in the training data says nothing about a site's mix;
            # sum of count * log P(term | class), term by term in the same order, without a Python loop
            scores[c] = sum(map(operator.mul, counts, map(lp.get, known, repeat(lu))))
        best = max(scores, key=scores.__getitem__)
        m = scores[best]
        z = sum(math.exp(s - m) for s in scores.values())
        return best, 1.0 / z

    def to_dict(self) -> dict[str, Any]:
        return {"classes": self.classes, "log_prior": self.log_prior, "log_prob": self.log_prob,
                "log_unseen": self.log_unseen}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "NaiveBayes":
        return cls(d["classes"], d["log_prior"], d["log_prob"], d["log_unseen"])


def lexicon_docs() -> list[tuple[str, list[str]]]:
    raw = json.loads(resources.files(__package__).joinpath("section_lexicon.json").read_text("utf-8"))
    return [(k, tokens(v)) for k, v in raw.items() if k in CANONICAL_SECTIONS]


@lru_cache(maxsize=1)
def default_model() -> NaiveBayes:
    f = resources.files(__package__).joinpath("section_model.json.gz")
    if f.is_file():
        return NaiveBayes.from_dict(json.loads(gzip.decompress(f.read_bytes())))
    return NaiveBayes.train(lexicon_docs())


def classify_text(title: str, body: str, model: NaiveBayes | None = None,
                  tok: Tokenised | None = None) -> tuple[str | None, float]:
    """(section, posterior) from the words alone; the title counts three times."""
    if tok is not None and tok.body is body and tok.title == title:  # the article's tokens, shared
        toks = tok.title_tokens() * 3 + tok.body_tokens(6000)
    else:
        toks = tokens(title) * 3 + tokens(body[:6000])
    label, p = (model or default_model()).predict(toks)
    return (label or None), p


def assign_section(
    article: Article, options: SectionOptions = SectionOptions(), model: NaiveBayes | None = None,
    tok: Tokenised | None = None,
) -> tuple[str | None, str, float]:
    """(section, source, score): publisher signals first, the classifier for the rest."""
    hit = section_from_signals(article, options)
    if hit:
        return hit[0], hit[1], 1.0
    label, p = classify_text(article.title or "", article.body, model, tok)
    if label is None or p < options.min_classifier_score:
        return None, "none", p
    return label, "classifier", p
