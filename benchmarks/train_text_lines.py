"""Train the text extractor's line classifier (a small numpy MLP) and report its CV figure.

    .venv/bin/python benchmarks/train_text_lines.py --members 3            # CV figure + write the weights
    .venv/bin/python benchmarks/train_text_lines.py --members 3 --cv-only  # CV figure only

Data: the ``text/`` dumps and ``truth.jsonl`` bodies of the dev sets under
``../shared/benchmarks/extraction``. Each non-blank line is labelled "body"
when its word 3-grams are mostly found in the truth body (short lines: when
they equal a truth paragraph, or sit inside the truth text next to a body
line). Cross-validation folds are grouped by registered domain, so a site's
pages never sit on both sides; the printed CV body F1 (the scorer's
bag-of-words F1, macro over pages) is the honest estimate for unseen sites.
The weights are written to ``src/newsdesk/extract/text/line_model.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from tqdm import tqdm

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from newsdesk.extract.text import line_model  # noqa: E402
from newsdesk.extract.text import prepare  # noqa: E402

SETS = ("scrapinghub", "wcxb-dev-article")
#: sample weight of a line: (words + 1) ** WEIGHT_POW (the scorer counts words)
WEIGHT_POW = 0.5
_W = re.compile(r"\w+")


def toks(s: str) -> list[str]:
    return _W.findall(s.lower())


def bow_f1(pred: str, truth: str) -> float:
    pt, tt = toks(pred), toks(truth)
    if not tt:
        return 1.0 if not pt else 0.0
    if not pt:
        return 0.0
    ov = sum((Counter(pt) & Counter(tt)).values())
    p, r = ov / len(pt), ov / len(tt)
    return 2 * p * r / (p + r) if p + r else 0.0


def label(lines, truth: str) -> list[int]:
    tt = toks(truth)
    grams = {tuple(tt[i:i + 3]) for i in range(len(tt) - 2)}
    tline = {" ".join(toks(x)) for x in truth.split("\n") if x.strip()}
    tjoined = " " + " ".join(tt) + " "
    lab = []
    for ln in lines:
        t = toks(ln.text)
        if len(t) >= 4:
            g = [tuple(t[i:i + 3]) for i in range(len(t) - 2)]
            cov = sum(1 for x in g if x in grams) / len(g)
            lab.append(1 if cov >= 0.5 else 0)
        else:
            k = " ".join(t)
            lab.append(2 if k and k in tline else (3 if k and len(t) >= 2 and f" {k} " in tjoined else 0))
    # short lines found inside the truth text count when a body line is near
    out = []
    for i, v in enumerate(lab):
        if v == 3:
            near = any(lab[j] == 1 for j in range(max(0, i - 2), min(len(lab), i + 3)) if j != i)
            out.append(1 if near else 0)
        else:
            out.append(1 if v else 0)
    return out


def domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    parts = host.split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


def load(shared: Path, augment_copies: int = 1):
    pages = []
    for name in SETS:
        d = shared / "benchmarks" / "extraction" / name
        for row in map(json.loads, open(d / "truth.jsonl", encoding="utf-8")):
            if row.get("body") is None:
                continue
            text = (d / "text" / f"{row['id']}.txt").read_text(encoding="utf-8", errors="replace")
            pages.append({"set": name, "id": row["id"], "url": row.get("url"), "truth": row["body"],
                          "text": text})
    rng = random.Random(7)
    out = []
    for p in tqdm(pages, desc="features", file=sys.stderr):
        featurize(p)
        out.append(p)
        if augment_copies:
            for _ in range(augment_copies):
                t = augment(p, rng)
                if t:
                    q = dict(p, text=t, aug=True)
                    featurize(q)
                    out.append(q)
    return out


def featurize(p) -> None:
    lines, p["title_idx"], X = prepare(p["text"], p["url"])
    p["lines"] = lines
    p["X"] = X
    p["y"] = np.array(label(lines, p["truth"]), dtype=np.float32)
    p["w"] = np.array([(ln.words + 1) ** WEIGHT_POW for ln in lines], dtype=np.float32)
    p["group"] = domain(p["url"] or p["id"])


def augment(p, rng: random.Random) -> str | None:
    """A copy of the page with a block of its own non-body lines inserted inside the body.

    Teaches the classifier that the body resumes after inserted blocks (related
    headlines, ads), which real pages do but the dev sets show rarely.
    """
    lines, y = p["lines"], p["y"]
    pos = [i for i, v in enumerate(y) if v]
    if len(pos) < 4:
        return None
    runs, cur = [], []
    for i, v in enumerate(y):
        if not v and lines[i].words <= 15:
            cur.append(i)
        else:
            if len(cur) >= 2:
                runs.append(cur)
            cur = []
    if len(cur) >= 2:
        runs.append(cur)
    if not runs:
        return None
    raw = p["text"].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    block = rng.choice(runs)
    k = rng.randint(2, min(8, len(block)))
    s0 = rng.randint(0, len(block) - k)
    chunk = raw[lines[block[s0]].raw_no: lines[block[s0 + k - 1]].raw_no + 1]
    at = lines[pos[rng.randint(1, len(pos) - 2)]].raw_no + 1
    new = raw[:at] + [""] + chunk + [""] + raw[at:]
    if rng.random() < 0.5:  # and one short stray line (an ad marker, a share button) elsewhere in the body
        shorts = [i for i, v in enumerate(y) if not v and lines[i].words <= 5]
        if shorts:
            stray = raw[lines[rng.choice(shorts)].raw_no]
            at2 = lines[pos[rng.randint(1, len(pos) - 2)]].raw_no + 1
            if at2 > at:
                at2 += len(chunk) + 2
            new = new[:at2] + ["", stray, ""] + new[at2:]
    return "\n".join(new)


def train_mlp(X, y, w, hidden=32, epochs=25, lr=3e-3, seed=0, wd=0.0):
    rng = np.random.default_rng(seed)
    f = X.shape[1]
    params = {
        "W1": (rng.standard_normal((f, hidden)) * np.sqrt(2 / f)).astype(np.float32),
        "b1": np.zeros(hidden, np.float32),
        "W2": (rng.standard_normal((hidden, 1)) * np.sqrt(1 / hidden)).astype(np.float32),
        "b2": np.zeros(1, np.float32),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v2 = {k: np.zeros_like(v) for k, v in params.items()}
    t = 0
    n = len(X)
    for _ in range(epochs):
        order = rng.permutation(n)
        for s in range(0, n, 256):
            idx = order[s:s + 256]
            xb, yb, wb = X[idx], y[idx], w[idx]
            h = np.maximum(xb @ params["W1"] + params["b1"], 0)
            z = (h @ params["W2"]).ravel() + params["b2"][0]
            p = 1 / (1 + np.exp(-z))
            g = (p - yb) * wb / wb.sum()
            grads = {"W2": h.T @ g[:, None], "b2": np.array([g.sum()], np.float32)}
            gh = (g[:, None] @ params["W2"].T) * (h > 0)
            grads["W1"] = xb.T @ gh
            grads["b1"] = gh.sum(0)
            if wd:  # L2 on the weight matrices (not the biases)
                grads["W1"] = grads["W1"] + wd * params["W1"]
                grads["W2"] = grads["W2"] + wd * params["W2"]
            t += 1
            for k in params:
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                v2[k] = 0.999 * v2[k] + 0.001 * grads[k] ** 2
                mh = m[k] / (1 - 0.9 ** t)
                vh = v2[k] / (1 - 0.999 ** t)
                params[k] = (params[k] - lr * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
    return params


def train_ensemble(X, y, w, hidden=32, epochs=25, seed=0, members=1, wd=0.0):
    """``members`` MLPs from different seeds, merged into one wider MLP that averages their logits.

    The merged weights are an ordinary MLP (hidden = members * hidden), so
    inference stays two matrix products per stage.
    """
    nets = [train_mlp(X, y, w, hidden, epochs, seed=seed + 7919 * m, wd=wd) for m in range(members)]
    if members == 1:
        return nets[0]
    return {"W1": np.concatenate([n["W1"] for n in nets], axis=1),
            "b1": np.concatenate([n["b1"] for n in nets]),
            "W2": np.concatenate([n["W2"] for n in nets], axis=0) / members,
            "b2": np.array([np.mean([n["b2"][0] for n in nets])], np.float32)}


def body_of(p, probs, thr, rules=frozenset()):
    keep = line_model.select_body(p["lines"], probs, p["title_idx"], thr, rules)
    return "\n\n".join(p["lines"][i].text for i in keep)


def evaluate(pages, probs_by_page, thr, rules=frozenset()):
    res = {}
    for name in SETS:
        fs = [bow_f1(body_of(p, probs_by_page[i], thr, rules), p["truth"])
              for i, p in enumerate(pages) if p["set"] == name and not p.get("aug")]
        res[name] = sum(fs) / len(fs)
    return res


def site_mode(shared: Path, min_pages: int) -> None:
    """Body F1 with templates learned from the other pages of the same site (never the page scored)."""
    from newsdesk import extract_text
    from newsdesk.extract.text.profile import SiteProfile

    for name in SETS:
        d = shared / "benchmarks" / "extraction" / name
        rows = [r for r in map(json.loads, open(d / "truth.jsonl", encoding="utf-8")) if r.get("body") is not None]
        texts = {r["id"]: (d / "text" / f"{r['id']}.txt").read_text(encoding="utf-8", errors="replace") for r in rows}
        by_site: dict[str, list[str]] = {}
        def host(r) -> str:
            h = (urlsplit(r.get("url") or "").hostname or r["id"]).lower()
            return h[4:] if h.startswith("www.") else h

        for r in rows:
            by_site.setdefault(host(r), []).append(r["id"])
        single, site, n = [], [], 0
        for r in tqdm(rows, desc=f"site mode {name}", file=sys.stderr):
            others = [i for i in by_site[host(r)] if i != r["id"]]
            if len(others) < min_pages:
                continue
            prof = SiteProfile.learn([texts[i] for i in others], min_pages=min_pages)
            n += 1
            single.append(bow_f1(extract_text(texts[r["id"]], url=r.get("url")).body, r["body"]))
            site.append(bow_f1(extract_text(texts[r["id"]], url=r.get("url"), site=prof).body, r["body"]))
        if n:
            print(f"{name}: {n} pages with >= {min_pages} other same-site pages: single-page F1 "
                  f"{sum(single) / n:.4f}, site-template F1 {sum(site) / n:.4f}")
        else:
            print(f"{name}: no page has {min_pages} other pages of its site")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--members", type=int, default=1, help="MLPs per stage, merged by averaging their logits")
    ap.add_argument("--wd", type=float, default=0.0, help="L2 weight decay on the weight matrices")
    ap.add_argument("--augment", type=int, default=1, help="augmented copies per page (0: none)")
    ap.add_argument("--dump", help="write the out-of-fold scores here (pickle) for error analysis")
    ap.add_argument("--site-mode", type=int, metavar="MIN_PAGES",
                    help="only evaluate the shipped model in site-template mode (profiles from >= MIN_PAGES "
                         "other pages of the same site)")
    a = ap.parse_args()
    if a.site_mode:
        site_mode(Path(a.shared), a.site_mode)
        return
    pages = load(Path(a.shared), a.augment)
    # oracle: the labels themselves (the best any line selection can do)
    oracle = {}
    for name in SETS:
        fs = [bow_f1("\n\n".join(ln.text for ln, y in zip(p["lines"], p["y"]) if y), p["truth"])
              for p in pages if p["set"] == name and not p.get("aug")]
        oracle[name] = sum(fs) / len(fs)
    print("label oracle body F1:", {k: round(v, 4) for k, v in oracle.items()})
    groups = sorted({p["group"] for p in pages})
    random.Random(0).shuffle(groups)
    fold_of = {g: i % a.folds for i, g in enumerate(groups)}
    for p in pages:
        p["fold"] = fold_of[p["group"]]
    oof1: list = [None] * len(pages)
    oof2: list = [None] * len(pages)
    for k in tqdm(range(a.folds), desc="outer folds", file=sys.stderr):
        train = [i for i, p in enumerate(pages) if p["fold"] != k]
        test = [i for i, p in enumerate(pages) if p["fold"] == k]
        model = fit_two_stage(pages, train, a, seed=k)
        for i in test:
            p1 = line_model.predict(model["s1"], pages[i]["X"])
            oof1[i] = p1
            oof2[i] = line_model.predict(model["s2"], line_model.context_features(pages[i]["X"], p1))
    for thr in (0.4, 0.5, 0.6):
        r1 = evaluate(pages, oof1, thr)
        r2 = evaluate(pages, oof2, thr)
        print(f"CV grouped by domain ({a.folds} folds) thr={thr}: stage1",
              {k: round(v, 4) for k, v in r1.items()}, "stage2", {k: round(v, 4) for k, v in r2.items()})
    for rules in ({"dup", "doubled", "orphan", "caps"}, {"dup", "doubled", "orphan", "caps", "cont"},
                  line_model.RULES):  # the last: what extract_text applies
        r2 = evaluate(pages, oof2, 0.5, frozenset(rules))
        print("  rules", sorted(rules), {k: round(v, 4) for k, v in r2.items()})
    if a.dump:
        import pickle
        with open(a.dump, "wb") as f:
            pickle.dump([(p["set"], p["id"], [ln.text for ln in p["lines"]], p["y"], oof2[i], p["truth"])
                         for i, p in enumerate(pages)], f)
    if a.cv_only:
        return
    model = fit_two_stage(pages, list(range(len(pages))), a, seed=99)
    line_model.save(model, line_model.MODEL_PATH)
    print("wrote", line_model.MODEL_PATH.relative_to(REPO))


def stack(pages, idx, key):
    return np.concatenate([pages[i][key] for i in idx])


def fit_two_stage(pages, train: list[int], a, seed: int) -> dict:
    """Stage 1 on line features; stage 2 on stage-1 scores made out-of-fold inside ``train``."""
    members = getattr(a, "members", 1)
    wd = getattr(a, "wd", 0.0)
    s1 = train_ensemble(stack(pages, train, "X"), stack(pages, train, "y"), stack(pages, train, "w"),
                        a.hidden, a.epochs, seed=seed, members=members, wd=wd)
    inner = sorted({pages[i]["fold"] for i in train})
    X2 = {}
    for f in inner:
        tr = [i for i in train if pages[i]["fold"] != f]
        m = train_ensemble(stack(pages, tr, "X"), stack(pages, tr, "y"), stack(pages, tr, "w"),
                           a.hidden, a.epochs, seed=seed * 10 + f, members=members, wd=wd)
        for i in train:
            if pages[i]["fold"] == f:
                X2[i] = line_model.context_features(pages[i]["X"], line_model.predict(m, pages[i]["X"]))
    s2 = train_ensemble(np.concatenate([X2[i] for i in train]), stack(pages, train, "y"),
                        stack(pages, train, "w"), a.hidden, a.epochs, seed=seed + 1000, members=members, wd=wd)
    return {"s1": s1, "s2": s2}


if __name__ == "__main__":
    main()
