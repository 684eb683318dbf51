"""Model families for the section classifier, compared with each site held out (issue 16).

    python benchmarks/section_models.py compare   # every setting of each family, 10 site folds (a look, not a choice)
    python benchmarks/section_models.py nested    # family and settings chosen inside each training fold

Families: the shipped multinomial naive Bayes (``newsdesk.enrich.section.NaiveBayes``, smoothing
alpha) and a multinomial logistic regression (numpy only: sparse tf-idf of log counts, l2-normalised
per document, classes weighted equally, L2 penalty, L-BFGS), on the same training text as
``section_train.py`` (seed lexicon, GoogleNews-TS stories pooled 10 lines to a document, ECB+ topics,
the other sites' publisher-labelled pages, ``page_weight`` times). The score is the product's text path
(``section_train.hidden_label``: a format kicker, else the model) on the 63 hand-labelled news pages.
``nested``: 10 outer folds of news sites; inside each, 5 site folds of the training sites choose
the family and its setting (``NESTED_GRID``); the outer fold's pages are then scored once.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import section_train as st  # noqa: E402

from newsdesk.enrich.section import FORMAT_SECTIONS, format_from_kicker  # noqa: E402
from newsdesk.enrich.text import tokens  # noqa: E402

GRID = [("nb", {"alpha": a}) for a in (0.03, 0.1, 0.3)] + [
    ("lr", {"l2": l2, "page_weight": w}) for l2 in (1e-5, 1e-4) for w in (3.0, 10.0)]
#: what ``nested`` searches (``compare`` showed page weight 10 no better than 3: 2 CPUs shared, kept small)
NESTED_GRID = [g for g in GRID if g[0] == "nb" or g[1]["page_weight"] == 3.0]


def pooled_googlenews(lines: int = 10) -> list[st.Doc]:
    """GoogleNews-TS story lines joined ``lines`` at a time (11k one-line documents make the LR slow)."""
    labels, pool = st._labels("sections_googlenews.tsv"), defaultdict(list)
    for line in (st.SHARED / "clustering" / "googlenews-ts" / "googlenews-TS.tsv").open(encoding="utf-8"):
        sid, _, text = line.rstrip("\n").partition("\t")
        if sid in labels:
            pool[sid].append(tokens(text))
    return [(labels[sid], [t for ln in ts[i:i + lines] for t in ln]) for sid, ts in pool.items()
            for i in range(0, len(ts), lines)]


class LogReg:
    """Multinomial logistic regression on sparse tf-idf rows; ``predict`` as ``NaiveBayes.predict``."""

    def __init__(self, docs: list[st.Doc], weights: list[float], l2: float, iters: int = 200) -> None:
        df = Counter(t for _, toks in docs for t in set(toks))
        terms = sorted(t for t, n in df.items() if n >= 2)
        self.vocab = {t: i for i, t in enumerate(terms)}
        self.idf = np.array([math.log((1 + len(docs)) / (1 + df[t])) + 1 for t in terms])
        self.classes = sorted({lbl for lbl, _ in docs})
        y = np.array([self.classes.index(lbl) for lbl, _ in docs])
        w = np.asarray(weights, float)
        w = w / np.bincount(y, weights=w, minlength=len(self.classes))[y]  # every class the same weight
        self.W, self.b = _fit(self._rows([t for _, t in docs]), y, w / w.sum(), len(self.classes), l2, iters)

    def _rows(self, docs: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
        r, c, v = [], [], []
        for i, toks in enumerate(docs):
            cnt = Counter(t for t in toks if t in self.vocab)
            idx = np.fromiter((self.vocab[t] for t in cnt), int, len(cnt))
            val = np.log1p(np.fromiter(cnt.values(), float, len(cnt))) * self.idf[idx]
            r.append(np.full(len(cnt), i))
            c.append(idx)
            v.append(val / (np.linalg.norm(val) or 1.0))
        return np.concatenate(r), np.concatenate(c), np.concatenate(v), len(docs), len(self.vocab)

    def predict(self, toks: list[str]) -> tuple[str, float]:
        z = _scores(self._rows([toks]), self.W)[0] + self.b
        p = np.exp(z - z.max())
        return self.classes[int(z.argmax())], float(p.max() / p.sum())


def _scores(X: tuple, W: np.ndarray) -> np.ndarray:
    r, c, v, n, _ = X
    part = W[c] * v[:, None]
    return np.stack([np.bincount(r, weights=part[:, k], minlength=n) for k in range(W.shape[1])], 1)


def _fit(X: tuple, y: np.ndarray, w: np.ndarray, K: int, l2: float, iters: int) -> tuple[np.ndarray, np.ndarray]:
    r, c, v, n, d = X
    Y = np.eye(K)[y]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        W, b = theta[:-K].reshape(d, K), theta[-K:]
        Z = _scores(X, W) + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = (P - Y) * w[:, None]
        gv = G[r] * v[:, None]
        gW = np.stack([np.bincount(c, weights=gv[:, k], minlength=d) for k in range(K)], 1) + l2 * W
        f = -(w * np.log(P[np.arange(n), y] + 1e-12)).sum() + 0.5 * l2 * (W * W).sum()
        return f, np.concatenate([gW.ravel(), G.sum(0)])

    theta = _lbfgs(loss, np.zeros(d * K + K), iters)
    return theta[:-K].reshape(d, K), theta[-K:]


def _lbfgs(fg, x: np.ndarray, iters: int, m: int = 10) -> np.ndarray:
    """Limited-memory BFGS with a backtracking (Armijo) line search."""
    f, g = fg(x)
    S: list[np.ndarray] = []
    Yv: list[np.ndarray] = []
    for _ in range(iters):
        q, alphas = g.copy(), []
        for s, yv in reversed(list(zip(S, Yv))):
            a = (s @ q) / (yv @ s)
            alphas.append(a)
            q -= a * yv
        if S:
            q *= (S[-1] @ Yv[-1]) / (Yv[-1] @ Yv[-1])
        for (s, yv), a in zip(zip(S, Yv), reversed(alphas)):
            q += s * (a - (yv @ q) / (yv @ s))
        step, t = -q, 1.0
        if g @ step >= 0:
            step, S, Yv = -g, [], []
        while True:
            xn = x + t * step
            fn, gn = fg(xn)
            if fn <= f + 1e-4 * t * (g @ step) or t < 1e-10:
                break
            t /= 2
        if (xn - x) @ (gn - g) > 1e-12:
            S, Yv = (S + [xn - x])[-m:], (Yv + [gn - g])[-m:]
        done = abs(f - fn) < 1e-9 * max(1.0, abs(f))
        x, f, g = xn, fn, gn
        if done:
            break
    return x


def fit(family: str, cfg: dict, pages: list[dict], base: list[st.Doc], lr_base: list[tuple[st.Doc, float]]):
    if family == "nb":
        return st.train(base, pages, alpha=cfg["alpha"])
    docs = [(d, w) for d, w in lr_base if d[0] not in FORMAT_SECTIONS]
    docs += [(st.page_doc(p), cfg["page_weight"]) for p in pages if p["label"] not in FORMAT_SECTIONS]
    return LogReg([d for d, _ in docs], [w for _, w in docs], cfg["l2"])


def predict(model, p: dict) -> str:
    return format_from_kicker(p["title"], p["description"]) or model.predict(st._toks(p["title"], p["body"]))[0]


def scored(family: str, cfg: dict, train_pool: list[dict], score: list[dict], folds: list[set[str]],
           base: list[st.Doc], lr_base: list[tuple[st.Doc, float]]) -> dict[str, str]:
    out = {}
    for fold in folds:
        model = fit(family, cfg, [p for p in train_pool if p["site"] not in fold], base, lr_base)
        out.update({p["key"]: predict(model, p) for p in score if p["site"] in fold})
    return out


def agreement(pred: dict[str, str], pages: list[dict]) -> float:
    return round(sum(pred[p["key"]] in p["labels"] for p in pages) / len(pages), 3)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("compare", "nested"))
    ap.add_argument("--inner", type=int, default=3, help="nested: site folds inside each training fold")
    a = ap.parse_args(argv)
    pages = st.publisher_pages()
    news = [p for p in pages if p["kind"] == "news"]
    base = st.base_docs()
    # GoogleNews-TS pooled documents at 0.2: the 134 stories would otherwise outweigh everything else
    lr_base = [(d, 1.0) for d in st.lexicon_docs() * 5 + st.ecbplus_docs()] + [(d, 0.2) for d in pooled_googlenews()]
    t0, out = time.process_time(), {}
    if a.what == "compare":
        folds = st.site_folds(news, 10)
        for family, cfg in GRID:
            pred = scored(family, cfg, pages, news, folds, base, lr_base)
            out[f"{family} {json.dumps(cfg)}"] = agreement(pred, news)
            print(f"{family} {cfg}: {out[f'{family} {json.dumps(cfg)}']} ({time.process_time() - t0:.0f} s CPU)", flush=True)
    else:
        pred, within, chosen = {}, defaultdict(dict), Counter()
        for fold in st.site_folds(news, 10):
            pool = [p for p in pages if p["site"] not in fold]
            inner_news = [p for p in pool if p["kind"] == "news"]
            inner_folds = st.site_folds(inner_news, a.inner)
            inner = {i: agreement(scored(f, c, pool, inner_news, inner_folds, base, lr_base), inner_news)
                     for i, (f, c) in enumerate(NESTED_GRID)}
            best = max(inner, key=inner.__getitem__)  # first best in NESTED_GRID order
            chosen[f"{NESTED_GRID[best][0]} {json.dumps(NESTED_GRID[best][1])}"] += 1
            for fam in ("nb", "lr"):  # the best setting of each family, and the best of both
                i = max((i for i, (f, _) in enumerate(NESTED_GRID) if f == fam), key=inner.__getitem__)
                model = fit(fam, NESTED_GRID[i][1], pool, base, lr_base)
                got = {p["key"]: predict(model, p) for p in news if p["site"] in fold}
                within[fam].update(got)
                if fam == NESTED_GRID[best][0]:
                    pred.update(got)
            print(f"fold {sorted(fold)[:2]}...: inner {inner} -> {NESTED_GRID[best]} "
                  f"({time.process_time() - t0:.0f} s CPU)", flush=True)
        out = {"chosen": dict(chosen), "nested_family_and_setting": agreement(pred, news),
               **{f"nested_within_{f}": agreement(w, news) for f, w in within.items()}}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
