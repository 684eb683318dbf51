"""Which GoogleNews gold stories newsdesk's own story rule cannot tell apart (issue 5 diagnostics).

    python benchmarks/clustering_granularity.py --seed 0 [--variant TS]

Clusters the shuffled set with the shipped defaults (as ``clustering_bench.py stories``), then
builds one pseudo-story per *gold* story from its members' vectors, weighted with the engine's
final term statistics, and scores every pair of gold stories with the engine's merge score (the
rule that makes two live stories one). A pair at or above ``merge_threshold`` is one story by
newsdesk's definition: its members are, on average, as close to the other story as a joining
report must be. The script prints those pairs and B-cubed against the gold as shipped and against
the gold with those pairs joined, which shows how much of the error lies in such pairs.
Doc vectors come from the engine's live stories; documents whose story closed are left out (none
on GoogleNews, which has no dates).
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations

import clustering_bench as cb  # benchmarks/ is on sys.path when run as a script

from newsdesk.cluster import ClusterOptions, StoryClusterer, bcubed
from newsdesk.cluster.storyparts import LiveStory
from newsdesk.cluster.vectors import add_into


def gold_stories(engine: StoryClusterer, gold: list[str]) -> dict[str, LiveStory]:
    """One pseudo-story per gold story, built from its members' vectors in the engine's live stories."""
    vectors = {d: v for s in engine.live.values() for d, v in s.vectors.items()}
    out: dict[str, LiveStory] = {}
    for i, g in enumerate(gold):
        vec = vectors.get(str(i))
        if vec is None:
            continue
        story = out.setdefault(g, LiveStory(sid=f"gold-{g}"))
        story.members.append(str(i))
        story.vectors[str(i)] = vec
        add_into(story.centroid, vec, 1.0)
    return out


def indistinct_pairs(engine: StoryClusterer, stories: dict[str, LiveStory]) -> list[tuple[float, str, str]]:
    """Pairs of gold stories whose merge score reaches ``merge_threshold``, highest first."""
    bar = engine.options.merge_threshold
    pairs = []
    for a, b in combinations(sorted(stories), 2):
        score = engine._merge_score(stories[a], stories[b])
        if score >= bar:
            pairs.append((round(score, 3), a, b))
    return sorted(pairs, reverse=True)


def joined(gold: list[str], pairs: list[tuple[float, str, str]]) -> list[str]:
    """The gold labels with each listed pair made one story (transitively)."""
    parent = {g: g for g in gold}

    def root(g: str) -> str:
        while parent[g] != g:
            g = parent[g]
        return g

    for _, a, b in pairs:
        parent[root(a)] = root(b)
    return [root(g) for g in gold]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variant", default="TS")
    a = ap.parse_args(argv)
    loaded = cb.gn_records(a.variant, a.seed)
    if loaded is None:
        sys.exit(2)
    records, gold = loaded
    engine = StoryClusterer(ClusterOptions())
    pred = cb.cluster_records(records, engine=engine)
    stories = gold_stories(engine, gold)
    pairs = indistinct_pairs(engine, stories)
    merged = joined(gold, pairs)
    p, r, f = bcubed(gold, pred)
    p2, r2, f2 = bcubed(merged, pred)
    out = {"variant": a.variant, "seed": a.seed, "gold_stories": len(stories),
           "pairs_at_or_above_merge_threshold": [list(x) for x in pairs],
           "b3_vs_gold": [round(p, 4), round(r, 4), round(f, 4)],
           "b3_vs_gold_with_pairs_joined": [round(p2, 4), round(r2, 4), round(f2, 4)],
           "stories_after_joining": len(set(merged)), "documents": len(gold),
           "documents_with_vectors": sum(len(s.members) for s in stories.values())}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
