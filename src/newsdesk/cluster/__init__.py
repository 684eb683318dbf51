"""Across articles (pure cores, no storage, no web): near-duplicates, stories, top stories, trending.

    NearDuplicates().add(doc_id, text, published) -> DuplicateMatch
    StoryClusterer(options).add(StoryDoc) -> StoryAssignment      state() / from_state()
    top_stories(stories, ...) -> [RankedStory]                   related_articles(...)
    TrendDetector().observe(hours, mentions, section); .trending(hours, section=...) -> [Trend]

Each stateful core keeps a JSON-serialisable ``state()`` that the caller saves and restores
with ``from_state()``; operator merges/splits go through ``StoryClusterer.merge``/``split``.
"""

from __future__ import annotations

from .dedup import DedupOptions, NearDuplicates
from .metrics import bcubed, nmi, pairs_of, pairwise
from .rank import RankOptions, related_articles, top_stories
from .stories import ClusterOptions, StoryClusterer, follow_merges, parse_time
from .trending import TrendDetector, TrendOptions

__all__ = [
    "ClusterOptions", "StoryClusterer", "follow_merges", "parse_time", "DedupOptions", "NearDuplicates", "RankOptions",
    "top_stories", "related_articles", "TrendDetector", "TrendOptions", "bcubed", "nmi", "pairwise", "pairs_of",
]
