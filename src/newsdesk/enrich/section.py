"""Section: the publisher's own signals first, then a small multinomial naive Bayes classifier.

Publisher signals, in order: the article's own section field (meta ``article:section``, JSON-LD,
breadcrumb as the extractor recorded it), feed categories (``Article.tags`` from a feed), then the
URL path (read as one label: ``/entertainment-arts/business/`` names both desks). Each is mapped
onto the canonical sections (plus configured local ones) through a synonym table; a label that
names two sections ("Sci-Tech", "Science & Health") lets the classifier choose between those two;
unmapped signals fall through to the text: a format kicker opening the headline or standfirst
("Editorial: ...") gives Opinion (source "text:kicker"), else the classifier picks a topic.

The classifier's weights ship in ``section_model.json.gz`` (written by ``benchmarks/section_train.py``
from real labelled news: hand-labelled GoogleNews-TS stories and ECB+ topics, and the shared pages
whose publisher names a section; measured there with each site held out). It knows topics only:
Opinion is a format, given by the publisher's signal alone. Without that file the weights are
built at load time from ``section_lexicon.json`` (a seed vocabulary). Loading reads the file
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
    **dict.fromkeys("technology tech gadgets internet digital innovation cyber ai gaming "
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


#: Sections that name a format, not a topic: only a publisher's own signal gives them. The
#: classifier is not trained on them (an editorial on Hong Kong reads as World; measured in
#: benchmarks/UNDERSTANDING.md, "Sections: what the publisher's label means").
FORMAT_SECTIONS = frozenset({"Opinion"})

#: Publisher labels that name two desks at once: the text decides between them.
SPANS: dict[str, tuple[str, ...]] = {"sci-tech": ("Science", "Technology"), "scitech": ("Science", "Technology")}


def section_from_signals(article: Article, options: SectionOptions = SectionOptions()) -> tuple[str, str] | None:
    """(section, "publisher:<signal>") from the publisher's own labels, or None (first named section)."""
    hit = publisher_sections(article, options)
    return (hit[0][0], hit[1]) if hit else None


def publisher_sections(article: Article, options: SectionOptions = SectionOptions()) -> tuple[tuple[str, ...], str] | None:
    """(sections, "publisher:<signal>"): every section the first mapped publisher label names, or None.

    One label can name two sections ("Science & Health", "Business & Technology", "sci-tech", a
    Reuters "us-global-markets" slug): then both are the publisher's answer and the text picks one.
    """
    local = {fold(lbl): name for name, lbls in options.local_sections for lbl in lbls}
    candidates: list[tuple[str, str]] = []
    if article.section:
        candidates.append(("section", article.section))
    for tag in article.tags[:5]:
        if (article.provenance or {}).get("tags") == "feed":
            candidates.append(("feed", tag))
    url = article.canonical_url or article.url
    path = [s for s in urlparse(url).path.split("/") if s][:-1][:3] if url else []
    for table in (local, SYNONYMS):  # a local section wins wherever it appears
        for signal, label in candidates:
            hits = _map_label(label, table)
            if hits:
                return hits, f"publisher:{signal}"
        # the URL path is one label read as a whole: /entertainment-arts/business/ names both desks
        hits = tuple(dict.fromkeys(h for seg in path for h in _map_label(seg, table)))
        if hits:
            return hits, "publisher:url"
    return None


def _map_label(label: str, table: dict[str, str]) -> tuple[str, ...]:
    """The sections a label names: the whole label if the table has it, else each of its words."""
    key = fold(label).strip()
    if key in SPANS and table is SYNONYMS:
        return SPANS[key]
    if key in table:
        return (table[key],)
    out: list[str] = []
    for p in (p for p in re.split(r"[^a-z0-9\-]+|\s*[>/|»›]\s*", key) if p):
        if table is SYNONYMS and p in SPANS:
            out += SPANS[p]
        elif p in table and p not in _WHOLE_LABEL_ONLY:
            out.append(table[p])
        elif p.count("-") < _MAX_SECTION_WORDS:  # a section-like compound ("world-europe"), not an article slug
            # a format ("wedding-ideas", "ideas-made-to-matter") only from a whole label or word
            out += [table[sub] for sub in p.split("-")
                    if sub in table and len(sub) > 3 and table[sub] not in FORMAT_SECTIONS]
    return tuple(dict.fromkeys(out))


#: A label word of more hyphen-joined words than this is an article's slug, not a section name.
_MAX_SECTION_WORDS = 5
#: Synonyms that name a section only as the whole label: Wired's "ideas" desk is opinion, but
#: "Wedding Ideas" and "Gift Ideas" are not.
_WHOLE_LABEL_ONLY = frozenset({"ideas"})


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
        vocab_c: Counter[str] = Counter()
        for label_counts in counts.values():
            vocab_c.update(label_counts)
        vocab = {t for t, _ in vocab_c.most_common(max_terms)}
        v = len(vocab) or 1
        total = sum(ndocs.values())
        classes = sorted(counts)
        lp, lu, prior = {}, {}, {}
        for c in classes:
            n = sum(counts[c][t] for t in vocab)
            denom = n + alpha * v
            lp[c] = {t: round(math.log((counts[c][t] + alpha) / denom), 4) for t in sorted(vocab) if counts[c][t]}
            lu[c] = math.log(alpha / denom)
            prior[c] = math.log(ndocs[c] / total)
        return cls(classes, prior, lp, lu)

    def predict(self, toks: list[str], among: tuple[str, ...] = ()) -> tuple[str, float]:
        """(best class, its posterior); ``among`` limits the answer to those classes (when it names any)."""
        classes = [c for c in self.classes if c in among] or self.classes
        tc = Counter(toks)
        if classes is self.classes:
            known = [t for t in tc if t in self.vocab]
        else:  # the terms the classes in question know
            known = [t for t in tc if any(t in self.log_prob[c] for c in classes)]
        if not known:
            return "", 0.0
        scores = {}
        counts = [tc[t] for t in known]
        for c in classes:
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
    return [(k, tokens(v)) for k, v in raw.items() if k in CANONICAL_SECTIONS and k not in FORMAT_SECTIONS]


def text_tokens(title: str, body: str) -> list[str]:
    """The classifier's view of an article: title words once (chosen by nested site-held-out CV over
    1 and 3, benchmarks/section_train.py nested), then the body's first 6,000 characters."""
    return tokens(title) + tokens(body[:6000])


@lru_cache(maxsize=1)
def default_model() -> NaiveBayes:
    f = resources.files(__package__).joinpath("section_model.json.gz")
    if f.is_file():
        return NaiveBayes.from_dict(json.loads(gzip.decompress(f.read_bytes())))
    return NaiveBayes.train(lexicon_docs())


def classify_text(title: str, body: str, model: NaiveBayes | None = None,
                  tok: Tokenised | None = None, among: tuple[str, ...] = ()) -> tuple[str | None, float]:
    """(section, posterior) from the words alone (limited to ``among`` if given): title and body words."""
    if tok is not None and tok.body is body and tok.title == title:  # the article's tokens, shared
        toks = tok.title_tokens() + tok.body_tokens(6000)
    else:
        toks = text_tokens(title, body)
    label, p = (model or default_model()).predict(toks, among)
    return (label or None), p


#: A format printed as the kicker of the headline or standfirst ("Editorial: ...", "OPINION | ...").
#: "Column" is not one: columns run on every desk (an LA Times "Column:" is filed under Business).
_KICKER = re.compile(r"^\s*(editorial|opinion|commentary|op-ed|viewpoint)\s*[:|]", re.IGNORECASE)


def format_from_kicker(title: str | None, description: str | None = None) -> str | None:
    """Opinion when the headline or standfirst opens with a format kicker, else None."""
    return "Opinion" if any(_KICKER.match(t or "") for t in (title, description)) else None


def section_from_text(title: str, body: str, description: str | None = None, model: NaiveBayes | None = None,
                      tok: Tokenised | None = None) -> tuple[str | None, str, float]:
    """(section, source, score) from what a reader sees, without the publisher's section labels.

    A format kicker in the headline or standfirst gives Opinion ("text:kicker"); else the classifier
    picks a topic from the title and body ("classifier"). ``benchmarks/section_train.py cv`` scores
    this function with the publisher's label hidden.
    """
    fmt = format_from_kicker(title, description)
    if fmt:
        return fmt, "text:kicker", 1.0
    label, p = classify_text(title, body, model, tok)
    return label, "classifier", p


def assign_section(
    article: Article, options: SectionOptions = SectionOptions(), model: NaiveBayes | None = None,
    tok: Tokenised | None = None,
) -> tuple[str | None, str, float]:
    """(section, source, score): publisher signals first, then the text (``section_from_text``).

    When the publisher's label names two sections ("Sci-Tech"), the classifier picks between them
    and the source stays the publisher's (its score is the classifier's posterior over those two).
    """
    hit = publisher_sections(article, options)
    if hit and len(hit[0]) == 1:
        return hit[0][0], hit[1], 1.0
    if hit:
        label, p = classify_text(article.title or "", article.body, model, tok, among=hit[0])
        return (label, hit[1], p) if label in hit[0] else (hit[0][0], hit[1], 1.0)
    label, source, p = section_from_text(article.title or "", article.body, article.description, model, tok)
    if label is None or (source == "classifier" and p < options.min_classifier_score):
        return None, "none", p
    return label, source, p
