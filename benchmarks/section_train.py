"""Train the shipped section classifier on real labelled news, and measure it with the label hidden.

    python benchmarks/section_train.py cv        # leave-one-site-out accuracy, confusion, reader agreement
    python benchmarks/section_train.py nested    # the settings chosen inside the training folds (nested CV)
    python benchmarks/section_train.py curve     # accuracy against the number of publisher-labelled pages
    python benchmarks/section_train.py train     # write src/newsdesk/enrich/section_model.json.gz

Training text (all real news, read in place from ../shared, nothing copied):
- the seed lexicon (``section_lexicon.json``), counted as a few documents per section;
- GoogleNews-TS stories (title + snippet lines), each story's section labelled by hand in
  benchmarks/labels/sections_googlenews.tsv;
- ECB+ dev articles, each topic's section labelled by hand in benchmarks/labels/sections_ecbplus.tsv;
- the shared extraction pages whose publisher names a section (URL path, meta, JSON-LD, breadcrumb,
  mapped by ``newsdesk.enrich.section.publisher_sections``): the publisher's label is the truth.
Opinion (``FORMAT_SECTIONS``) is not a class of the classifier: only a publisher's signal gives it.

``cv`` scores those publisher-labelled pages as the product sees them without their labels: title,
standfirst and body (``section_from_text``: a format kicker, else the classifier; URL, section meta,
breadcrumb and keywords hidden), each site held out in turn: the model that scores a
site's pages was trained without any page of that site. A prediction agrees with the publisher when
it is one of the sections the publisher's label names (two for "Sci-Tech", "Science & Health");
``strict`` counts only the first. Reported over the pages hand-labelled news
(benchmarks/labels/pagetype.tsv), the macro average over their sites, over all pages, and the
seed-lexicon-only classifier beside it; then how often a reader who saw only the text agrees with
the publisher (benchmarks/labels/sections_reader.tsv).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "benchmarks"
LABELS = REPO / "benchmarks" / "labels"
OUT = REPO / "src" / "newsdesk" / "enrich" / "section_model.json.gz"
sys.path.insert(0, str(REPO / "src"))

from newsdesk.enrich.section import (  # noqa: E402
    FORMAT_SECTIONS, NaiveBayes, format_from_kicker, lexicon_docs, publisher_sections, section_from_text,
    text_tokens,
)
from newsdesk.enrich.text import tokens  # noqa: E402
from newsdesk.errors import NewsdeskError  # noqa: E402
from newsdesk.extract.html import extract_html  # noqa: E402
from newsdesk.model import CANONICAL_SECTIONS  # noqa: E402

Doc = tuple[str, list[str]]
MAX_TERMS = 20000
ALPHA = 0.1
TITLE_WEIGHT = 1  # as newsdesk.enrich.section.text_tokens; `nested` shows how it was chosen


def _labels(name: str) -> dict[str, str]:
    out = {}
    for line in (LABELS / name).open(encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            key, label = line.rstrip("\n").split("\t")[:2]
            assert label in CANONICAL_SECTIONS, label
            out[key] = label
    return out


def _toks(title: str, body: str, title_weight: int = TITLE_WEIGHT) -> list[str]:
    return tokens(title) * (title_weight - 1) + text_tokens(title, body)


def googlenews_docs() -> list[Doc]:
    labels = _labels("sections_googlenews.tsv")
    docs = []
    for line in (SHARED / "clustering" / "googlenews-ts" / "googlenews-TS.tsv").open(encoding="utf-8"):
        sid, _, text = line.rstrip("\n").partition("\t")
        if sid in labels:
            docs.append((labels[sid], tokens(text)))
    return docs


def ecbplus_docs(title_weight: int = TITLE_WEIGHT) -> list[Doc]:
    labels = _labels("sections_ecbplus.tsv")
    docs = []
    for line in (SHARED / "clustering" / "ecbplus-dev" / "ecbplus-dev.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        label = labels.get(str(d["topic"]))
        if label:
            docs.append((label, _toks(d["sentences"][0], " ".join(d["sentences"][1:]), title_weight)))
    return docs


def publisher_pages() -> list[dict]:
    """Shared extraction pages with a publisher section: site, labels, title, body, page-type label."""
    kinds = {}
    for line in (LABELS / "pagetype.tsv").open(encoding="utf-8"):
        if not line.startswith("#") and line.strip():
            _, pid, label = line.split("\t")[:3]
            kinds[pid] = label
    out = []
    for ds in ("scrapinghub", "wcxb-dev-article"):
        for line in (SHARED / "extraction" / ds / "truth.jsonl").open(encoding="utf-8"):
            d = json.loads(line)
            html = gzip.decompress((SHARED / "extraction" / ds / "html" / Path(d["source_file"]).name).read_bytes())
            try:
                a = extract_html(html, d["url"])
            except NewsdeskError:
                continue
            hit = publisher_sections(a)
            if hit is None or not (a.title or a.body):
                continue
            out.append({"key": f"{ds}/{d['id']}", "site": (urlparse(d["url"]).hostname or "").removeprefix("www."),
                        "labels": hit[0], "label": hit[0][0], "title": a.title or "", "body": a.body,
                        "description": a.description or "",
                        "kind": kinds.get(d["id"], "")})
    return out


def page_doc(p: dict, title_weight: int = TITLE_WEIGHT) -> Doc:
    return p["label"], _toks(p["title"], p["body"], title_weight)


def base_docs(title_weight: int = TITLE_WEIGHT) -> list[Doc]:
    return lexicon_docs() * 5 + googlenews_docs() + ecbplus_docs(title_weight)


def train(base: list[Doc], pages: list[dict], alpha: float = ALPHA, title_weight: int = TITLE_WEIGHT,
          formats: bool = False) -> NaiveBayes:
    """The classifier on the base documents and these pages; Opinion kept only with ``formats``."""
    docs = base + [page_doc(p, title_weight) for p in pages]
    if not formats:
        docs = [d for d in docs if d[0] not in FORMAT_SECTIONS]
    return NaiveBayes.train(docs, alpha=alpha, max_terms=MAX_TERMS)


def site_folds(pages: list[dict], k: int | None = None, seed: int = 0) -> list[set[str]]:
    """Groups of sites: one per site (``k`` None), else ``k`` shuffled groups."""
    sites = sorted({p["site"] for p in pages})
    if k is None:
        return [{s} for s in sites]
    random.Random(seed).shuffle(sites)
    return [set(sites[i::k]) for i in range(k)]


def held_out(pages: list[dict], fit, k: int | None = None, title_weight: int = TITLE_WEIGHT) -> list[tuple[dict, str, float]]:
    """(page, predicted, confidence) for every page, from a model ``fit`` on the other sites' pages."""
    rows = []
    for fold in site_folds(pages, k):
        model = fit([p for p in pages if p["site"] not in fold])
        for p in pages:
            if p["site"] in fold:
                toks = _toks(p["title"], p["body"], title_weight)
                rows.append((p, hidden_label(p, model, title_weight), confidence(model, toks)))
    return rows


def hidden_label(p: dict, model: NaiveBayes, title_weight: int = TITLE_WEIGHT) -> str:
    """The section the product gives this page with its publisher labels hidden: ``section_from_text``
    (a format kicker in the headline or standfirst, else the classifier on title and body); a title
    weight other than the shipped one only for the ``nested`` search."""
    if title_weight == TITLE_WEIGHT:
        return section_from_text(p["title"], p["body"], p["description"], model)[0] or ""
    return format_from_kicker(p["title"], p["description"]) or model.predict(_toks(p["title"], p["body"], title_weight))[0]


def confidence(model: NaiveBayes, toks: list[str]) -> float:
    """Posterior from the mean log-likelihood per known word (NB's own posterior is ~1.0 on any article)."""
    tc = Counter(toks)
    known = [t for t in tc if any(t in model.log_prob[c] for c in model.classes)]
    n = sum(tc[t] for t in known)
    if not n:
        return 0.0
    s = {c: 10 * sum(tc[t] * model.log_prob[c].get(t, model.log_unseen[c]) for t in known) / n for c in model.classes}
    m = max(s.values())
    return 1.0 / sum(math.exp(v - m) for v in s.values())


def agreement(rows: list[tuple[dict, str, float]], strict: bool = False) -> float:
    ok = [(g == p["label"]) if strict else (g in p["labels"]) for p, g, _ in rows]
    return round(sum(ok) / len(ok), 3) if ok else 0.0


def by_site(rows: list[tuple[dict, str, float]]) -> float:
    sites = defaultdict(list)
    for r in rows:
        sites[r[0]["site"]].append(r)
    return round(sum(agreement(v) for v in sites.values()) / len(sites), 3) if sites else 0.0


def site_bootstrap(rows: list[tuple[dict, str, float]], n: int = 10000, seed: int = 0) -> dict:
    """95 % interval of the agreement when the sites are drawn again with replacement (pages of a site
    stay together), and how often a draw reaches .85: what these pages say about the figure's spread."""
    sites = defaultdict(list)
    for p, g, _ in rows:
        sites[p["site"]].append(g in p["labels"])
    groups, rng, draws = list(sites.values()), random.Random(seed), []
    for _ in range(n):
        pick = [groups[rng.randrange(len(groups))] for _ in groups]
        draws.append(sum(map(sum, pick)) / sum(map(len, pick)))
    draws.sort()
    return {"interval": [round(draws[int(0.025 * n)], 3), round(draws[int(0.975 * n) - 1], 3)],
            "draws_at_or_above_.85": round(sum(d >= 0.85 for d in draws) / n, 3)}


def report(rows: list[tuple[dict, str, float]], lexicon_rows: list[tuple[dict, str, float]]) -> dict:
    news = [r for r in rows if r[0]["kind"] == "news"]
    topical = [r for r in news if not set(r[0]["labels"]) & FORMAT_SECTIONS]
    reader = _labels("sections_reader.tsv")
    read = [r for r in news if r[0]["key"] in reader]
    labels = sorted({lbl for p, _, _ in news for lbl in p["labels"]} | {g for _, g, _ in news})
    conf = Counter((p["label"], g) for p, g, _ in news if g not in p["labels"])
    ranked = sorted(news, key=lambda r: -r[2])
    lex_news = [r for r in lexicon_rows if r[0]["kind"] == "news"]
    return {
        "news_pages": len(news), "news_sites": len({r[0]["site"] for r in news}),
        "news_agreement": agreement(news), "news_strict": agreement(news, strict=True),
        "news_macro_over_sites": by_site(news),
        "news_agreement_site_bootstrap": site_bootstrap(news),
        "news_without_format_sections": f"{agreement(topical)} ({len(topical)} pages)",
        "all_pages": f"{agreement(rows)} ({len(rows)} pages, {len({r[0]['site'] for r in rows})} sites)",
        "lexicon_only": {"news_agreement": agreement(lex_news), "news_macro_over_sites": by_site(lex_news),
                         "all_pages": agreement(lexicon_rows)},
        "news_by_label": {lbl: f"{sum(1 for p, g, _ in news if p['label'] == lbl and g in p['labels'])}/"
                               f"{sum(1 for p, _, _ in news if p['label'] == lbl)}" for lbl in labels
                          if any(p["label"] == lbl for p, _, _ in news)},
        "news_confusion (publisher -> classifier)": {f"{a} -> {b}": n for (a, b), n in sorted(conf.items())},
        "reader": {"pages": len(read),
                   "reader_agrees_with_publisher": round(sum(reader[p["key"]] in p["labels"] for p, _, _ in read) / len(read), 3),
                   "classifier_agrees_with_reader": round(sum(reader[p["key"]] == g for p, g, _ in read) / len(read), 3),
                   "classifier_errors_where_reader_sides_with_classifier":
                       sum(1 for p, g, _ in read if g not in p["labels"] and reader[p["key"]] == g)} if read else {},
        "news_coverage_vs_agreement": {f"{k / len(ranked):.2f} (confidence >= {ranked[k - 1][2]:.2f})": agreement(ranked[:k])
                                       for k in sorted({max(1, round(f * len(ranked))) for f in (1, .9, .8, .7, .6, .5)},
                                                       reverse=True)} if ranked else {},
    }


def nested(pages: list[dict]) -> dict:
    """Settings chosen by site-grouped 5-fold CV inside each of 10 outer site folds; outer folds scored."""
    grid = [(a, tw, fm) for a in (0.03, 0.1, 0.3) for tw in (1, 3) for fm in (False, True)]
    bases = {tw: base_docs(tw) for tw in (1, 3)}
    rows, chosen = [], Counter()
    for fold in site_folds(pages, 10):
        inside = [p for p in pages if p["site"] not in fold]

        def inner_score(cfg: tuple[float, int, bool]) -> float:
            a, tw, fm = cfg
            got = held_out(inside, lambda tr: train(bases[tw], tr, a, tw, fm), k=5, title_weight=tw)
            return agreement([r for r in got if r[0]["kind"] == "news"])

        best = max(grid, key=inner_score)  # first best wins ties, in grid order
        chosen[str(best)] += 1
        a, tw, fm = best
        model = train(bases[tw], inside, a, tw, fm)
        for p in pages:
            if p["site"] in fold:
                rows.append((p, hidden_label(p, model, tw), 0.0))
    news = [r for r in rows if r[0]["kind"] == "news"]
    return {"chosen (alpha, title weight, Opinion a class)": dict(chosen), "news_agreement": agreement(news),
            "news_macro_over_sites": by_site(news), "all_pages": agreement(rows)}


def curve(pages: list[dict], base: list[Doc]) -> dict:
    """News agreement (10 site folds) when training keeps a fraction of the other sites' pages (3 draws)."""
    out = {}
    for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
        accs = []
        for seed in range(3 if 0 < frac < 1 else 1):
            rng = random.Random(seed)

            def fit(tr: list[dict]) -> NaiveBayes:
                sites = sorted({p["site"] for p in tr})
                keep = set(rng.sample(sites, round(len(sites) * frac)))
                return train(base, [p for p in tr if p["site"] in keep])

            accs.append(agreement([r for r in held_out(pages, fit, k=10) if r[0]["kind"] == "news"]))
        out[f"{frac:.2f}"] = round(sum(accs) / len(accs), 3)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("cv", "nested", "curve", "train"))
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--title-weight", type=int, default=TITLE_WEIGHT, help="cv only: title words counted N times")
    ap.add_argument("--opinion-class", action="store_true", help="cv only: train Opinion as a class (as before)")
    a = ap.parse_args(argv)
    pages = publisher_pages()
    base = base_docs(a.title_weight)
    if a.what == "train":
        assert a.title_weight == TITLE_WEIGHT and not a.opinion_class, "train writes the shipped settings only"
        model = train(base, pages)
        OUT.write_bytes(gzip.compress(json.dumps(model.to_dict(), separators=(",", ":")).encode(), mtime=0))
        weights = sum(len(v) for v in model.log_prob.values())
        print(f"trained on {len(base)} base documents and {len(pages)} publisher-labelled pages, {weights} weights, "
              f"classes {model.classes} -> {OUT.relative_to(REPO)} ({OUT.stat().st_size // 1024} KiB)")
        return
    if a.what == "cv":
        lexicon = NaiveBayes.train(lexicon_docs())
        fit = lambda tr: train(base, tr, ALPHA, a.title_weight, a.opinion_class)  # noqa: E731
        out = report(held_out(pages, fit, title_weight=a.title_weight), held_out(pages, lambda tr: lexicon))
    elif a.what == "nested":
        out = nested(pages)
    else:
        out = curve(pages, base)
    print(json.dumps(out, indent=1))
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
