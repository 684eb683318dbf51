"""Story clustering, near-duplicate and cost benchmarks for newsdesk (issue 5).

    python benchmarks/clustering_bench.py stories          # GoogleNews TS/T/S: B-cubed P/R/F1, NMI
    python benchmarks/clustering_bench.py ecbplus          # ECB+ whole articles (--dated: with dates)
    python benchmarks/clustering_bench.py fixture          # stories on the fixture web (seeds 0-2)
    python benchmarks/clustering_bench.py hard             # synthetic hard negatives (seeds 0-2)
    python benchmarks/clustering_bench.py short            # story shorts: words, outlets cited, redundancy
    python benchmarks/clustering_bench.py dedup            # near-duplicate P/R (fixture web or synthetic)
    python benchmarks/clustering_bench.py cost --sizes 10000,100000,1000000   # CPU per article vs store size

Stories run exactly as ``newsdesk cluster`` does (enrich -> story_doc -> StoryClusterer with the
shipped defaults); the GoogleNews lines are shuffled with a fixed seed (the files are sorted by
story). Data is read from ../shared relative to the repository root; nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from newsdesk.cluster import ClusterOptions, NearDuplicates, StoryClusterer, bcubed, follow_merges, nmi, pairs_of, pairwise  # noqa: E402
from newsdesk.enrich import EnrichOptions, EnrichState, enrich, story_doc, tokens  # noqa: E402
from newsdesk.model import Article, StoryDoc  # noqa: E402
from newsdesk.settings import Settings  # noqa: E402

GN = SHARED / "benchmarks" / "clustering" / "googlenews-ts"
ECB = SHARED / "benchmarks" / "clustering" / "ecbplus-dev" / "ecbplus-dev.jsonl"


OVERRIDES: dict[str, object] = {}  # ClusterOptions fields set with --option (ablations only)


def cluster_records(records: list[dict], settings: Settings | None = None,
                    engine: StoryClusterer | None = None) -> list[str]:
    """The ``newsdesk cluster`` engine over in-memory records; returns the final story per record.

    ``engine``: a clusterer to use (the caller keeps its final state); by default a new one with
    the shipped settings and any ``--option`` overrides.
    """
    settings = settings or Settings()
    eopts = EnrichOptions.from_settings(settings)
    state = EnrichState()
    engine = engine or StoryClusterer(replace(ClusterOptions.from_settings(settings), **OVERRIDES))
    assigned: dict[str, str] = {}
    merged: dict[str, str] = {}
    for rec in records:
        art = Article(title=rec.get("title") or "", body=rec.get("body") or "", published=rec.get("published"),
                      site_name=rec.get("source"))
        a = engine.add(story_doc(str(rec["id"]), art, enrich(art, eopts, state), lead_words=eopts.lead_words))
        assigned[a.doc_id] = a.story_id
        merged.update(engine.drain_merges())
        for move in engine.drain_moves():  # a document moved to a better story on its second look
            assigned[move.doc_id] = move.to_story
    engine.settle()  # the corpus has ended: the looks still waiting are taken now, as newsdesk cluster does
    merged.update(engine.drain_merges())
    for move in engine.drain_moves():
        assigned[move.doc_id] = move.to_story
    return [follow_merges(merged, assigned[str(rec["id"])]) for rec in records]


def gn_records(variant: str, seed: int) -> tuple[list[dict], list[str]] | None:
    """GoogleNews ``variant`` (TS, T, S) shuffled with ``seed``: the records and their gold stories."""
    path = GN / f"googlenews-{variant}.tsv"
    if not path.exists():
        print(f"skip {variant}: {path} not present", file=sys.stderr)
        return None
    rows = [line.rstrip("\n").split("\t", 1) for line in path.open(encoding="utf-8") if line.strip()]
    random.Random(seed).shuffle(rows)
    return [{"id": i, "title": "", "body": text} for i, (_, text) in enumerate(rows)], [g for g, _ in rows]


def ecb_records(seed: int, dated: bool = False, path: Path | None = None) -> tuple[list[dict], list[str]] | None:
    """ECB+ whole articles shuffled with ``seed``: title = first sentence, body = every sentence joined.

    Only the text reaches the clusterer (ids are positions; ``topic`` and ``event_id`` are the
    gold). ``dated``: a dated variant for time as evidence (the set has no dates): each gold
    story gets a start drawn uniformly over 60 days and each report a time 0-48 hours after it,
    all drawn from ``seed``, and the stream is ordered by time instead of shuffled.
    """
    path = path or ECB
    if not path.exists():
        print(f"skip ecbplus: {path} not present", file=sys.stderr)
        return None
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    rng = random.Random(seed)
    rng.shuffle(rows)
    records = [{"id": i, "title": r["sentences"][0], "body": " ".join(r["sentences"])} for i, r in enumerate(rows)]
    gold = [str(r["event_id"]) for r in rows]
    if dated:
        start = {g: rng.uniform(0, 60 * 24) for g in sorted(set(gold))}
        hours = [start[g] + rng.uniform(0, 48) for g in gold]
        for rec, h in zip(records, hours):
            rec["published"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1.7e9 + h * 3600))
        order = sorted(range(len(records)), key=lambda i: hours[i])
        records = [records[i] for i in order]
        gold = [gold[i] for i in order]
    return records, gold


def bench_ecbplus(seed: int, dated: bool = False) -> dict:
    """Stories on ECB+ whole articles (``ecb_records``): B-cubed P/R/F1, NMI, cluster counts."""
    loaded = ecb_records(seed, dated)
    if loaded is None:
        return {}
    records, gold = loaded
    t0 = time.process_time()
    pred = cluster_records(records)
    cpu = time.process_time() - t0
    p, r, f = bcubed(gold, pred)
    sizes = Counter(pred)
    out = {"n": len(records), "dated": dated, "b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4),
           "nmi": round(nmi(gold, pred), 4), "clusters": len(sizes), "gold_clusters": len(set(gold)),
           "singletons": sum(1 for n in sizes.values() if n == 1), "cpu_s": round(cpu, 1)}
    print("ecbplus", seed, json.dumps(out), file=sys.stderr)
    return out


def bench_stories(seed: int, variants: list[str]) -> dict:
    out = {}
    for v in variants:
        loaded = gn_records(v, seed)
        if loaded is None:
            continue
        records, gold = loaded
        t0 = time.process_time()
        pred = cluster_records(records)
        cpu = time.process_time() - t0
        p, r, f = bcubed(gold, pred)
        out[v] = {"n": len(records), "b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4),
                  "nmi": round(nmi(gold, pred), 4), "clusters": len(set(pred)), "gold_clusters": len(set(gold)),
                  "cpu_s": round(cpu, 1), "docs_per_s": round(len(records) / cpu, 1)}
        print(v, json.dumps(out[v]), file=sys.stderr)
    return out


# --- synthetic hard negatives ---------------------------------------------------------------


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(3, 4)))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def synthetic_hard_negatives(n_topics: int = 60, seed: int = 11) -> tuple[list[dict], list[str]]:
    """Two similar events per topic: the same place, organisation and topic words, other people/actions.

    Each topic (a place, its country, an organisation, 30 topic words) has two events 2-36 hours
    apart; each event has its own two people, ten action words and a figure, and 3-7 reports from
    different outlets within 12 hours. A report has two topic sentences (shared by both events:
    topic words, the place, the organisation), five event sentences and three of filler words from a
    4,000-word vocabulary; its headline names the place and two action words. Returns (records in publication
    order, event label per record). Nothing here is tuned to a benchmark; it is the issue's
    "two similar events per topic" in its hardest form (same setting, different actors).
    """
    rng = random.Random(seed)
    filler = list({_word(rng) for _ in range(6000)})[:4000]
    t0 = 1.7e9
    records: list[dict] = []
    for k in range(n_topics):
        city, country = _name(k, 5).capitalize(), _name(k, 6).capitalize() + "ia"
        org = f"{_name(k, 7)} {rng.choice(['Council', 'Authority', 'Group', 'Agency', 'Union'])}"
        topic = [_word(rng) for _ in range(30)]
        start = t0 + k * 7 * 3600 + rng.uniform(0, 3600)
        for e in range(2):
            people = [f"{_name(k * 4 + e * 2 + j, 8)} {_name(k * 4 + e * 2 + j, 9)}" for j in range(2)]
            action = [_word(rng) for _ in range(10)]
            figure = str(rng.randint(12, 9000))
            when = start + (0 if e == 0 else rng.uniform(2, 36) * 3600)
            for r in range(rng.randint(3, 7)):
                def sent(kind: str) -> str:
                    if kind == "topic":
                        ws = rng.sample(topic, 6) + rng.sample(filler, 4)
                        rng.shuffle(ws)
                        return _cap(f"{' '.join(ws)} in {city} said {org}")
                    if kind == "event":
                        ws = rng.sample(action, 4) + rng.sample(filler, 4) + [figure]
                        rng.shuffle(ws)
                        return f"{rng.choice(people)} {' '.join(ws)}"
                    return _cap(" ".join(rng.sample(filler, 10)))
                kinds = ["topic"] * 2 + ["event"] * 5 + ["filler"] * 3
                rng.shuffle(kinds)
                body = ". ".join(sent(x) for x in kinds) + f". {city}, {country}."
                surname = rng.choice(people).split()[-1]
                title = " ".join([city, *rng.sample(action, 2)] + ([rng.choice(topic)] if rng.random() < 0.5 else [])
                                 + ([surname] if rng.random() < 0.5 else []))
                pub = when + rng.uniform(0.25, 12) * 3600
                records.append({"id": f"h{k}-{e}-{r}", "title": title, "body": body, "source": f"outlet{r}",
                                "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(pub)),
                                "_event": f"t{k}e{e}"})
    records.sort(key=lambda d: d["published"])
    return records, [d.pop("_event") for d in records]


def bench_hard_negatives(seeds: list[int]) -> dict:
    """Stories on ``synthetic_hard_negatives``: B-cubed, NMI and the share of topics whose two events met."""
    out = {}
    for seed in seeds:
        records, gold = synthetic_hard_negatives(seed=seed)
        pred = cluster_records(records)
        p, r, f = bcubed(gold, pred)
        mixed = Counter()
        for g, s in set(zip(gold, pred)):
            mixed[(g.split("e")[0], s)] += 1
        topics = {g.split("e")[0] for g in gold}
        met = {t for (t, _), n in mixed.items() if n > 1}
        out[f"seed{seed}"] = {"n": len(records), "b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4),
                              "nmi": round(nmi(gold, pred), 4), "clusters": len(set(pred)),
                              "gold_clusters": len(set(gold)), "pairs_mixed": round(len(met) / len(topics), 3)}
        print("hard", seed, json.dumps(out[f"seed{seed}"]), file=sys.stderr)
    return out


# --- story shorts -------------------------------------------------------------------------


def _shingle_max(sents) -> float:
    """The largest Jaccard of word 3-grams between two sentences of a short (near-identical: close to 1)."""
    grams = []
    for s in sents:
        w = s.text.lower().split()
        grams.append({tuple(w[i:i + 3]) for i in range(max(1, len(w) - 2))})
    return max((len(a & b) / len(a | b) for i, a in enumerate(grams) for b in grams[i + 1:] if a | b), default=0.0)


def bench_shorts(n_articles: int = 2000, seed: int = 0) -> dict:
    """Story shorts (``enrich.storyshort``) of the gold stories of the fixture web and of ECB+.

    Per set: stories, mean words, the share of shorts citing two or more outlets among the stories
    that have two or more, the largest term overlap between two sentences of one short (redundancy;
    near-identical sentences would be 1.0) and how many shorts exceed 0.5, the largest word-3-gram
    Jaccard between two sentences (a measure the selection does not use), and CPU per short.
    ECB+ has no outlets: each article counts as its own.
    """
    from newsdesk.enrich.storyshort import ShortSource, outlets_of, redundancy_of, story_short

    sets = {}
    fx = fixture_web(n_articles, seed)
    if fx is not None:
        docs, truth = fx
        sets["fixture"] = [[by_id[a] for a in ids if a in by_id]
                           for by_id in [{d["id"]: d for d in docs}] for ids in truth["stories"].values()]
    ecb = ecb_records(seed)
    if ecb is not None:
        recs, gold = ecb
        groups: dict[str, list[dict]] = {}
        for rec, g in zip(recs, gold):
            groups.setdefault(g, []).append(rec)
        sets["ecbplus"] = list(groups.values())
    out = {}
    for name, stories in sets.items():
        t0 = time.process_time()
        rows = []
        for members in stories:
            src = [ShortSource(str(m["id"]), m.get("title") or "", m.get("body") or "", m.get("source"), m.get("published"))
                   for m in members]
            sh = story_short(src)
            have = len({m.get("source") or str(m["id"]) for m in members})
            rows.append((sh.words, len(outlets_of(sh)), have, redundancy_of(sh), _shingle_max(sh.sentences)))
        cpu = time.process_time() - t0
        multi = [r for r in rows if r[2] >= 2]
        out[name] = {"stories": len(rows), "mean_words": round(sum(r[0] for r in rows) / max(1, len(rows)), 1),
                     "empty": sum(1 for r in rows if r[0] == 0),
                     "multi_outlet_stories": len(multi),
                     "cite_2plus_outlets": round(sum(1 for r in multi if r[1] >= 2) / max(1, len(multi)), 4),
                     "max_redundancy": round(max((r[3] for r in rows), default=0.0), 3),
                     "redundant_shorts": sum(1 for r in rows if r[3] >= 0.5),
                     "max_3gram_jaccard": round(max((r[4] for r in rows), default=0.0), 3),
                     "ms_per_short": round(1000 * cpu / max(1, len(rows)), 2)}
        print("short", name, json.dumps(out[name]), file=sys.stderr)
    return out


# --- near-duplicates ----------------------------------------------------------------------


def synthetic_syndication(n_stories: int = 300, seed: int = 7) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """Wire stories and their copies: re-headed, re-bylined, trimmed, lightly edited, re-URLed.

    Distractors: other stories on the same topic share the vocabulary but not the text.
    Returns ([(doc_id, text, published)], doc_id -> group id).
    """
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    topics = [rng.sample(vocab, 300) for _ in range(20)]
    docs: list[tuple[str, str, str]] = []
    truth: dict[str, str] = {}
    for s in range(n_stories):
        topic = topics[s % len(topics)]
        paras = [" ".join(rng.choice(topic) for _ in range(rng.randint(25, 60))) + "." for _ in range(rng.randint(4, 12))]
        base = "\n\n".join(paras)
        copies = [base]
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            kind = rng.choice(["url", "byline", "trim", "edit", "update"])
            if kind == "url":
                c = base
            elif kind == "byline":
                c = f"By Staff Writer {rng.randint(1, 99)}\n\n" + base + "\n\nCopyright wire service."
            elif kind == "trim":
                c = "\n\n".join(paras[: max(3, int(len(paras) * 0.8))])
            elif kind == "edit":
                words = base.split(" ")
                for _ in range(max(1, len(words) // 40)):
                    words[rng.randrange(len(words))] = rng.choice(vocab)
                c = " ".join(words)
            else:
                c = base + "\n\n" + " ".join(rng.choice(topic) for _ in range(40)) + "."
            copies.append(c)
        for k, text in enumerate(copies):
            did = f"s{s}-{k}"
            docs.append((did, text, f"2025-01-{1 + (s % 28):02d}T{k:02d}:00:00Z"))
            truth[did] = f"s{s}"
    rng.shuffle(docs)
    return docs, truth


def fixture_web(n_articles: int = 2000, seed: int = 0):
    """The fixture web's cluster input lines and truth, or None when the fixture web is absent."""
    try:
        from newsdesk.fixtureweb import build_site
    except ImportError:
        return None
    site = build_site(seed=seed, n_articles=n_articles)
    return site.cluster_docs(), site.truth()


def fixture_web_duplicates(n_articles: int = 2000, seed: int = 0):
    """(docs, truth) from the fixture web's exact duplicate groups, or None when it is absent."""
    fx = fixture_web(n_articles, seed)
    if fx is None:
        return None
    docs, truth = fx
    group = {a: g for g, ids in truth["duplicate_groups"].items() for a in ids}
    return ([(d["id"], d["title"] + "\n\n" + d["body"], d["published"]) for d in docs],
            {d["id"]: group.get(d["id"], d["id"]) for d in docs})


_WHO_WHERE = ("P1", "P2", "CITY", "COUNTRY", "ORG", "T1", "T2")  # fixture-web event slots: people, places, organisations


def story_mixing(gold: list[str], pred: list[str], slots: dict[str, dict]) -> dict:
    """Story sizes beside the truth's, and the stories that mix events whose people, places or organisations differ."""
    sizes, gsizes = Counter(pred), Counter(gold)
    events: dict[str, set[str]] = {}
    for g, s in zip(gold, pred):
        events.setdefault(s, set()).add(g)

    def differ(a: str, b: str) -> bool:
        sa, sb = slots.get(a, {}), slots.get(b, {})
        return any(k in sa and k in sb and sa[k] != sb[k] for k in _WHO_WHERE) or not (sa and sb)

    mixed = [s for s, evs in events.items() if len(evs) > 1
             and any(differ(a, b) for a in evs for b in evs if a < b)]
    worst = max(mixed, key=lambda s: sizes[s], default=None)
    return {"largest_story": max(sizes.values(), default=0), "largest_gold": max(gsizes.values(), default=0),
            "stories_over_20": sum(1 for n in sizes.values() if n > 20),
            "gold_over_20": sum(1 for n in gsizes.values() if n > 20),
            "mixed_stories": len(mixed), "articles_in_mixed": sum(sizes[s] for s in mixed),
            "largest_mixed": [sizes[worst], len(events[worst])] if worst else None, "mixed_ids": sorted(mixed)}


def bench_fixture_stories(n_articles: int, seeds: list[int]) -> dict:
    """Story clustering on the fixture web (same-topic events written from shared templates)."""
    out = {}
    for seed in seeds:
        fx = fixture_web(n_articles, seed)
        if fx is None:
            print("skip fixture web: not available", file=sys.stderr)
            return out
        docs, truth = fx
        event = {a: e for e, ids in truth["stories"].items() for a in ids}
        t0 = time.process_time()
        pred = cluster_records(docs)
        cpu = time.process_time() - t0
        gold = [event[d["id"]] for d in docs]
        p, r, f = bcubed(gold, pred)
        out[f"seed{seed}"] = {"n": len(docs), "b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4),
                              "nmi": round(nmi(gold, pred), 4), "clusters": len(set(pred)),
                              "gold_clusters": len(set(gold)), "docs_per_s": round(len(docs) / cpu, 1),
                              **story_mixing(gold, pred, {e["id"]: e.get("slots", {}) for e in truth.get("events", [])})}
        print("fixture", seed, json.dumps(out[f"seed{seed}"]), file=sys.stderr)
    return out


def bench_dedup() -> dict:
    fx = fixture_web_duplicates()
    name = "fixture-web"
    if fx is None:
        name = "synthetic-syndication"
        docs, truth = synthetic_syndication()
    else:
        docs, truth = fx
    nd = NearDuplicates()
    t0 = time.process_time()
    for did, text, pub in docs:
        nd.add(did, text, pub)
    cpu = time.process_time() - t0
    pred = {did: nd.group_of(did) for did, _, _ in docs}
    p, r, f = pairwise(pairs_of(truth), pairs_of(pred))
    res = {"set": name, "docs": len(docs), "pair_p": round(p, 4), "pair_r": round(r, 4), "pair_f1": round(f, 4),
           "cpu_ms_per_doc": round(1000 * cpu / len(docs), 3)}
    print("dedup", json.dumps(res), file=sys.stderr)
    return res


# --- cost -----------------------------------------------------------------------------------


_SYL = ["ka", "lo", "ve", "tri", "son", "mar", "del", "qui", "ra", "no", "bel", "tov", "ish", "ur", "pen", "go"]


def _name(n: int, salt: int) -> str:
    """A pronounceable capitalised name unique to (n, salt): "Kalotri", "Vesonmar", ..."""
    parts, x = [], n * 7 + salt
    for _ in range(3):
        parts.append(_SYL[x % len(_SYL)])
        x //= len(_SYL)
    return "".join(parts).capitalize() + _SYL[salt % len(_SYL)]


class SyntheticStream:
    """A news stream: 400 articles an hour, a new event for one article in ten (40 an hour).

    Each event has its own words, a person and a place; articles mix 30% event words with common
    words drawn uniformly from a 20,000-word vocabulary, and are about 350 words long.
    """

    def __init__(self, seed: int = 3) -> None:
        self.rng = random.Random(seed)
        self.common = [f"common{i}" for i in range(20000)]
        self.i = 0
        self.events: list[tuple[list[str], str, str]] = []
        self.n_events = 0

    def next(self) -> dict:
        rng = self.rng
        self.i += 1
        if not self.events or rng.random() < 0.1:
            n = self.n_events
            self.n_events += 1
            self.events.append(([f"ev{n}x{k}" for k in range(12)], f"{_name(n, 1)} {_name(n, 2)}", _name(n, 3)))
            self.events = self.events[-300:]
        words, person, place = self.events[-1 - min(int(rng.expovariate(0.05)), len(self.events) - 1)]
        toks = [rng.choice(words) if rng.random() < 0.3 else rng.choice(self.common) for _ in range(350)]
        hours = self.i / 400.0  # 1M articles is about 100 days
        body = f"{person} spoke in {place} today. " + ". ".join(
            " ".join(toks[k : k + 25]) for k in range(0, len(toks), 25)) + f". {person} left {place}."
        return {"id": f"d{self.i}", "title": f"{person} in {place}: " + " ".join(words[:5]), "body": body,
                "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1.7e9 + hours * 3600)),
                "source": f"outlet{rng.randint(1, 40)}", "names": (person, place)}


def _fill_doc(rec: dict) -> StoryDoc:
    """The clusterer's view of a stream record without the text pipeline (fast prefill).

    Same terms as ``story_doc`` gives (title tokens, lead tokens, the person and the place as
    entity keys, the person as its people, the place as its places), from the record's own fields, so filling 1M articles costs clustering only.
    """
    lead = " ".join(rec["body"].split()[:EnrichOptions().lead_words])
    person, place = rec["names"]
    return StoryDoc(doc_id=rec["id"], title_terms=tokens(rec["title"]), terms=tokens(lead),
                    entities=[person.lower(), place.lower()], published=rec["published"], source=rec["source"],
                    people=[person.lower()], places=[place.lower()])


def _rss_mb() -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    except ImportError:  # pragma: no cover - not on Windows
        return 0.0


class _GcTimer:
    """CPU seconds the garbage collector took while it was on, and its full (generation 2) collections."""

    def __init__(self) -> None:
        import gc

        self.seconds, self.full, self._t0 = 0.0, 0, 0.0
        self._gc = gc
        gc.callbacks.append(self._cb)

    def _cb(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t0 = time.process_time()
        else:
            self.seconds += time.process_time() - self._t0
            self.full += info.get("generation") == 2

    def stop(self) -> None:
        self._gc.callbacks.remove(self._cb)


def bench_cost(sizes: list[int], batch: int, full_fill: int = 100_000) -> list[dict]:
    """CPU per article (enrich + dedup + story_doc + cluster) on a fixed batch at each store size.

    Prefill (not timed): every article goes through the same ``StoryClusterer.add`` (its view
    built by ``_fill_doc``, without the text pipeline); the near-duplicate index, which keeps
    only its ``max_docs`` most recent documents, is fed only the articles it would still hold at
    the next measured size (the stream has no duplicates, so its state is the same); keyword
    document frequencies see each article's terms. Articles more than ``full_fill`` before a
    measured size (2.6 time windows of this stream at the default) only feed the clusterer's
    document frequencies (``StoryClusterer.observe``): their stories would have closed long before. Then ``batch`` new articles are timed through
    the full path: enrich, near-duplicates, story_doc, clusterer. State sizes are reported too.
    """
    stream = SyntheticStream()
    eopts, estate = EnrichOptions(), EnrichState()
    engine, dedup = StoryClusterer(replace(ClusterOptions(), **OVERRIDES)), NearDuplicates()
    keep = dedup.options.max_docs
    done = 0
    rows = []
    for size in sorted(sizes):
        t_fill = time.process_time()
        while done < size:
            rec = stream.next()
            done += 1
            doc = _fill_doc(rec)
            if done > size - keep:
                dedup.add(rec["id"], rec["title"] + "\n\n" + rec["body"], rec["published"])
            estate.terms.observe(set(doc.title_terms) | set(doc.terms))
            if done > size - full_fill:
                engine.add(doc)
            else:  # far behind the time window: its stories would be closed; only the IDF remembers it
                engine.observe(doc)
            if done % 50000 == 0:
                print(f"  filled {done} ({time.process_time() - t_fill:.0f}s cpu)", file=sys.stderr)
        gc_cpu = _GcTimer()
        t0 = time.process_time()
        for _ in range(batch):
            rec = stream.next()
            art = Article(title=rec["title"], body=rec["body"], published=rec["published"], site_name=rec["source"])
            e = enrich(art, eopts, estate)
            dedup.add(rec["id"], rec["title"] + "\n\n" + rec["body"], rec["published"])
            engine.add(story_doc(rec["id"], art, e, lead_words=eopts.lead_words))
        done += batch
        cpu = time.process_time() - t0
        gc_cpu.stop()
        row = {"stored": size, "ms_per_article": round(1000 * cpu / batch, 2), "articles_per_s": round(batch / cpu, 1),
               "live_stories": len(engine.live), "closed_stories": engine.closed, "postings": len(engine.postings),
               "story_vocab": len(engine.df), "redirects": len(engine.redirect), "keyword_vocab": len(estate.terms.df),
               "dedup_docs": len(dedup.sigs), "peak_rss_mb": round(_rss_mb()),
               "gc_ms_per_article": round(1000 * gc_cpu.seconds / batch, 2), "gc_full_collections": gc_cpu.full}
        print("cost", json.dumps(row), file=sys.stderr)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["stories", "ecbplus", "fixture", "hard", "dedup", "short", "cost", "all"])
    ap.add_argument("--seed", type=int, default=0, help="shuffle seed for GoogleNews (default 0)")
    ap.add_argument("--variants", default="TS,T,S")
    ap.add_argument("--dated", action="store_true", help="ecbplus: the dated variant (see ecb_records)")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--fixture-n", type=int, default=2000, help="fixture: articles in each fixture-web stream")
    ap.add_argument("--seeds", default="0,1,2", help="fixture/hard: fixture-web and synthetic seeds")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--full-fill", type=int, default=100_000,
                    help="cost: articles before each size that are clustered in full (older ones feed the IDF only)")
    ap.add_argument("--json", help="write results to this file")
    ap.add_argument("--option", action="append", default=[], metavar="FIELD=VALUE",
                    help="stories/fixture/hard/cost: override a ClusterOptions field, e.g. reassign_after=0 (ablations)")
    a = ap.parse_args(argv)
    kinds = {f.name: type(getattr(ClusterOptions(), f.name)) for f in fields(ClusterOptions)}
    for item in a.option:
        key, _, value = item.partition("=")
        if key not in kinds:
            ap.error(f"--option: ClusterOptions has no field {key!r}")
        OVERRIDES[key] = value.lower() in ("1", "true", "yes") if kinds[key] is bool else kinds[key](value)
    res: dict = {}
    if a.what in ("stories", "all"):
        res["stories"] = bench_stories(a.seed, a.variants.split(","))
    if a.what in ("ecbplus", "all"):
        res["ecbplus"] = bench_ecbplus(a.seed, a.dated)
    if a.what in ("fixture", "all"):
        res["fixture_stories"] = bench_fixture_stories(a.fixture_n, [int(x) for x in a.seeds.split(",")])
    if a.what in ("hard", "all"):
        res["hard_negatives"] = bench_hard_negatives([int(x) for x in a.seeds.split(",")])
    if a.what in ("short", "all"):
        res["short"] = bench_shorts()
    if a.what in ("dedup", "all"):
        res["dedup"] = bench_dedup()
    if a.what in ("cost", "all"):
        res["cost"] = bench_cost([int(s) for s in a.sizes.split(",")], a.batch, a.full_fill)
    text = json.dumps(res, indent=1)
    print(text)
    if a.json:
        Path(a.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
