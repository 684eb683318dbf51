"""Train the shipped section classifier on real labelled news, and measure it with the label hidden.

    python benchmarks/section_train.py cv        # accuracy by leave-one-site-out cross-validation
    python benchmarks/section_train.py train     # write src/newsdesk/enrich/section_model.json.gz

Training text (all real news, read in place from ../shared, nothing copied):
- the seed lexicon (``section_lexicon.json``), counted as a few documents per section;
- GoogleNews-TS stories (title + snippet lines), each story's section labelled by hand in
  benchmarks/labels/sections_googlenews.tsv;
- ECB+ dev articles, each topic's section labelled by hand in benchmarks/labels/sections_ecbplus.tsv;
- the shared extraction pages whose publisher names a section (URL path, meta, JSON-LD, breadcrumb,
  mapped by ``newsdesk.enrich.section.section_from_signals``): the publisher's label is the truth.

``cv`` scores those publisher-labelled pages as the product sees them, title and body only
(``classify_text``; URL and section hidden), each site held out in turn: the model that scores a
site's pages was trained without any page of that site. Reported: accuracy over pages, over the
pages hand-labelled news (benchmarks/labels/pagetype.tsv), and the macro average over sites; the
seed-lexicon-only classifier (the default before a model was shipped) beside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
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

from newsdesk.enrich.section import NaiveBayes, classify_text, lexicon_docs, section_from_signals  # noqa: E402
from newsdesk.enrich.text import tokens  # noqa: E402
from newsdesk.errors import NewsdeskError  # noqa: E402
from newsdesk.extract.html import extract_html  # noqa: E402
from newsdesk.model import CANONICAL_SECTIONS, Article  # noqa: E402

Doc = tuple[str, list[str]]
MAX_TERMS = 20000
ALPHA = 0.1


def _labels(name: str) -> dict[str, str]:
    out = {}
    for line in (LABELS / name).open(encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            key, label = line.rstrip("\n").split("\t")[:2]
            assert label in CANONICAL_SECTIONS, label
            out[key] = label
    return out


def googlenews_docs() -> list[Doc]:
    labels = _labels("sections_googlenews.tsv")
    docs = []
    for line in (SHARED / "clustering" / "googlenews-ts" / "googlenews-TS.tsv").open(encoding="utf-8"):
        sid, _, text = line.rstrip("\n").partition("\t")
        if sid in labels:
            docs.append((labels[sid], tokens(text)))
    return docs


def ecbplus_docs() -> list[Doc]:
    labels = _labels("sections_ecbplus.tsv")
    docs = []
    for line in (SHARED / "clustering" / "ecbplus-dev" / "ecbplus-dev.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        label = labels.get(str(d["topic"]))
        if label:
            title, body = d["sentences"][0], " ".join(d["sentences"][1:])
            docs.append((label, tokens(title) * 3 + tokens(body[:6000])))
    return docs


def publisher_pages() -> list[dict]:
    """Shared extraction pages with a publisher section: site, label, title, body, page-type label."""
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
            hit = section_from_signals(a)
            if hit is None or not (a.title or a.body):
                continue
            out.append({"site": (urlparse(d["url"]).hostname or "").removeprefix("www."), "label": hit[0],
                        "title": a.title or "", "body": a.body, "kind": kinds.get(d["id"], "")})
    return out


def page_doc(p: dict) -> Doc:
    return p["label"], tokens(p["title"]) * 3 + tokens(p["body"][:6000])


def base_docs() -> list[Doc]:
    return lexicon_docs() * 5 + googlenews_docs() + ecbplus_docs()


def cross_validate(pages: list[dict], base: list[Doc]) -> dict:
    by_site: dict[str, list[dict]] = defaultdict(list)
    for p in pages:
        by_site[p["site"]].append(p)
    lexicon = NaiveBayes.train(lexicon_docs())
    hits: list[tuple[dict, bool, bool]] = []  # page, trained model right, lexicon right
    for site, held in sorted(by_site.items()):
        model = NaiveBayes.train(base + [page_doc(p) for p in pages if p["site"] != site],
                                 alpha=ALPHA, max_terms=MAX_TERMS)
        for p in held:
            got = classify_text(p["title"], p["body"], model)[0]
            lex = classify_text(p["title"], p["body"], lexicon)[0]
            hits.append((p, got == p["label"], lex == p["label"]))

    def acc(rows: list[tuple[dict, bool, bool]], k: int) -> float:
        return round(sum(r[k] for r in rows) / len(rows), 3) if rows else 0.0

    news = [h for h in hits if h[0]["kind"] == "news"]
    site_acc = defaultdict(list)
    for h in hits:
        site_acc[h[0]["site"]].append(h)
    confusion = Counter((h[0]["label"], "ok" if h[1] else "wrong") for h in hits)
    return {
        "pages": len(hits), "sites": len(site_acc), "news_pages": len(news),
        "accuracy": acc(hits, 1), "accuracy_news": acc(news, 1),
        "macro_site_accuracy": round(sum(acc(v, 1) for v in site_acc.values()) / len(site_acc), 3),
        "lexicon_only": {"accuracy": acc(hits, 2), "accuracy_news": acc(news, 2),
                         "macro_site_accuracy": round(sum(acc(v, 2) for v in site_acc.values()) / len(site_acc), 3)},
        "by_label": {lbl: f"{confusion[(lbl, 'ok')]}/{confusion[(lbl, 'ok')] + confusion[(lbl, 'wrong')]}"
                     for lbl in sorted({h[0]['label'] for h in hits})},
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("cv", "train"))
    ap.add_argument("--json", help="write the cv figures here")
    a = ap.parse_args(argv)
    pages = publisher_pages()
    base = base_docs()
    if a.what == "cv":
        report = cross_validate(pages, base)
        print(json.dumps(report, indent=1))
        if a.json:
            Path(a.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        return
    docs = base + [page_doc(p) for p in pages]
    model = NaiveBayes.train(docs, alpha=ALPHA, max_terms=MAX_TERMS)
    OUT.write_bytes(gzip.compress(json.dumps(model.to_dict(), separators=(",", ":")).encode(), mtime=0))
    weights = sum(len(v) for v in model.log_prob.values())
    print(f"trained on {len(docs)} documents ({len(pages)} publisher-labelled pages), {weights} weights "
          f"-> {OUT.relative_to(REPO)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
