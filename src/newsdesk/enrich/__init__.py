"""Enrichment: what newsdesk understands about one article (pure cores, no storage, no web).

    enrich(article, options, state) -> Enrichment      language, entities, section, short, keywords
    enrich_article(article, options) -> ArticleEnrichment   the part that needs no corpus state ...
    finish_enrichment(part, article, options, state)    ... and the rest, with it (a batch load)
    story_doc(doc_id, article, enrichment) -> StoryDoc  the clusterer's view of the article

``EnrichState`` is the corpus state the caller saves between runs (term document frequencies for
keywords, surname aliases for entities): ``state.to_dict()`` / ``EnrichState.from_dict()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, ArticleEnrichment, Enrichment, StoryDoc
from .entities import EntityAliases, entity_candidates, extract_entities, merge_candidates, normalise
from .keywords import TermStats, keywords_of, term_counts
from .language import detect_language
from .pagetype import PageJudgement, judge_page
from .section import SectionOptions, assign_section
from .short import make_short
from .text import Tokenised, fold, sentences, tokens

__all__ = [
    "EnrichOptions", "EnrichState", "enrich", "enrich_article", "finish_enrichment", "story_doc", "extract_entities", "normalise",
    "assign_section", "make_short", "detect_language", "tokens", "fold", "sentences", "SectionOptions",
    "judge_page", "PageJudgement",
]


@dataclass(frozen=True, slots=True)
class EnrichOptions:
    """How to enrich. ``entity_backend`` "rules" needs nothing; "spacy" needs the ``nlp`` extra."""

    entity_backend: str = "rules"
    section: SectionOptions = SectionOptions()
    short_words: int = 60
    keyword_limit: int = 8
    lead_words: int = 120  # body words the clusterer sees (title + lead carry the event)

    @classmethod
    def from_settings(cls, settings: Any) -> "EnrichOptions":
        """Read the ``enrich_*`` settings when the Settings object declares them."""
        backend = getattr(settings, "enrich_entities", "rules") or "rules"
        local = getattr(settings, "local_sections", "") or ""
        sections = tuple(
            (name.strip(), tuple(x.strip() for x in labels.split("|") if x.strip()) or (name.strip(),))
            for name, _, labels in (item.partition(":") for item in local.split(",") if item.strip())
        )
        return cls(entity_backend=backend, section=SectionOptions(local_sections=sections))

    def made_with(self) -> str:
        """The options that shape ``enrich_article`` (a part made with others is not reused)."""
        return repr((self.entity_backend, self.section, self.short_words))


@dataclass(slots=True)
class EnrichState:
    """Corpus state kept between articles: term DFs (keywords) and surname aliases (entities)."""

    terms: TermStats = field(default_factory=TermStats)
    aliases: EntityAliases = field(default_factory=EntityAliases)

    def to_dict(self) -> dict[str, Any]:
        return {"terms": self.terms.state(), "aliases": self.aliases.state()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "EnrichState":
        return cls(TermStats.from_state(d.get("terms", {})), EntityAliases.from_state(d.get("aliases", {})))


def enrich(article: Article, options: EnrichOptions = EnrichOptions(), state: EnrichState | None = None) -> Enrichment:
    """Language, entities, section, ~60-word extractive short, keywords and page type for one article."""
    return finish_enrichment(enrich_article(article, options), article, options, state)


def enrich_article(article: Article, options: EnrichOptions = EnrichOptions()) -> ArticleEnrichment:
    """The part of ``enrich`` that needs no corpus state (all but resolving entities and weighing keywords)."""
    title = article.title or ""
    body = article.body or ""
    lang, lang_p = detect_language(f"{title}. {body[:2000]}")
    tok = Tokenised(title, body)  # one tokenisation (and sentence split) for entities, section, short, keywords
    raw = entity_candidates(title, body, backend=options.entity_backend, body_spans=tok.spans)
    section, source, sp = assign_section(article, options.section, tok=tok)
    short, spans = make_short(title, body, target_words=options.short_words, tok=tok)
    page = judge_page(article)
    return ArticleEnrichment(
        made_with=options.made_with(), language=lang or article.language, language_score=round(lang_p, 4),
        section=section, section_source=source, section_score=round(sp, 4), short=short, short_sources=spans,
        page_type=page.page_type, page_type_reason=page.reason, candidates=raw,
        terms=dict(term_counts(title, body, tok)))


def finish_enrichment(part: ArticleEnrichment, article: Article, options: EnrichOptions = EnrichOptions(),
                      state: EnrichState | None = None) -> Enrichment:
    """``enrich`` from ``enrich_article``'s part: entities resolved and keywords weighed with the corpus ``state``."""
    ents = merge_candidates(part.candidates, state.aliases if state else None)
    tags = keywords_of(part.terms, article.title or "", ents, state.terms if state else None,
                       limit=options.keyword_limit)
    return Enrichment(language=part.language, language_score=part.language_score, entities=ents,
                      section=part.section, section_source=part.section_source, section_score=part.section_score,
                      short=part.short, short_sources=list(part.short_sources), keywords=tags,
                      page_type=part.page_type, page_type_reason=part.page_type_reason)


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(  # dates and clock times say when a report was written, not which event it is
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*{_MONTH}(?:\s*,?\s*\d{{4}})?|\b{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,?\s*\d{{4}})?"
    r"|\b\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2,4}\b|\b\d{1,2}\s*:\s*\d{2}\b|\b(?:19|20)\d\d\b",
    re.IGNORECASE)


def title_figures(title: str) -> list[str]:
    """The figures a headline names, as "#" keys ("$1.6 billion" -> "#1.6", "26 votes" -> "#26").

    Single digits and dates or clock times ("May 03, 2013", "27/09/2013", "05:31", years) aside.
    """
    out = []
    for m in _FIGURE.finditer(_DATE.sub(" ", title)):
        f = m.group().replace(",", "")
        if len(f) > 1:
            out.append("#" + f)
    return out


#: where a publication date may come from to count as the clusterer's time evidence: what the page or feed
#: states as data. A date read from the prose ("visible-text") may be any date the article mentions
#: (the earlier fire, last year's storm, the hearing set for next month).
STATED_DATES = frozenset({"json-ld", "opengraph", "meta", "microdata", "time-element", "url", "feed"})


def story_time(article: Article) -> str | None:
    """The article's publication time as the story clusterer's evidence: None when the date was only read
    from the article's text; a date that says nothing of where it came from (a caller's own record, as
    ``newsdesk cluster`` reads JSON lines) counts.

    Measured on ECB+ dev written as pages with no date markup and read by ``newsdesk ingest``: the
    dates the extractor reads from the prose (197 of 487 articles; one event's reports dated up to a
    year apart, the other event of the topic undated) took B3-F1 from .901 to .876 on seed 0.
    """
    source = article.provenance.get("published")
    return article.published if source is None or source in STATED_DATES else None


def story_doc(doc_id: str, article: Article, enrichment: Enrichment | None = None, *, lead_words: int = 120) -> StoryDoc:
    """The clusterer's view: title terms, lead terms, entity keys, time (``story_time``), source, section."""
    lead = " ".join((article.body or "").split()[:lead_words])
    found = extract_entities(article.title or "", lead) if enrichment is None else enrichment.entities
    section = article.section if enrichment is None else enrichment.section
    ents = [e.norm for e in found][:20]
    return StoryDoc(doc_id=doc_id, title_terms=tokens(article.title or "") + title_figures(article.title or ""), terms=tokens(lead),
                    entities=ents, published=story_time(article), source=article.site_name, section=section,
                    people=[e.norm for e in found[:20] if e.kind == "person"],
                    places=[e.norm for e in found[:20] if e.kind == "place"])
