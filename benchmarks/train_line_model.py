"""Train the plain-text line classifier (src/quotewire/data/text/line_model.json).

    python -m benchmarks.train_line_model            # train on the split's train half, write the model
    python -m benchmarks.train_line_model --dry-run  # train and report, write nothing

Labels: a non-blank line of a scraped page (shared/data/scraped-text-benchmark) is body when at
least half of its 4-token shingles occur in the page's ground-truth ``articleBody``; a line of
fewer than 4 tokens is body when its tokens occur contiguously in the body and it lies between
the first and last long body lines.  Only the ``train`` ids of benchmarks/splits/scraped_text.json
are used, so figures on ``test`` are held-out.

The model is scikit-learn's GradientBoostingClassifier; its trees are exported as plain JSON
arrays (no pickle), read by quotewire.extract.lines.TreeEnsemble.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

from benchmarks.shingles import SCRAPED, ground_truth, scraped_text, shingles, _TOKEN
from quotewire.extract import lines as L

ROOT = Path(__file__).resolve().parents[1]
SPLIT = ROOT / "benchmarks" / "splits" / "scraped_text.json"
OUT = L.DATA / "line_model.json"


def split() -> dict[str, list[str]]:
    return json.loads(SPLIT.read_text(encoding="utf-8"))


def label_lines(lines: list[L.Line], body: str) -> np.ndarray:
    btoks = _TOKEN.findall(body)
    bset = set(shingles(body))
    btxt = " " + " ".join(btoks) + " "
    labs = np.zeros(len(lines), dtype=int)
    long_idx = []
    short = []
    for i, line in enumerate(lines):
        t = _TOKEN.findall(line.text)
        if len(t) >= 4:
            sh = [tuple(t[j : j + 4]) for j in range(len(t) - 3)]
            if sum(s in bset for s in sh) / len(sh) >= 0.5:
                labs[i] = 1
                long_idx.append(i)
        elif t and (" " + " ".join(t) + " ") in btxt:
            short.append(i)
    if long_idx:
        lo, hi = min(long_idx), max(long_idx)
        for i in short:
            if lo < i < hi:
                labs[i] = 1
    return labs


def page_data(item_id: str, body: str):
    lines = L.split_lines(scraped_text(item_id))
    X = L.page_features(lines)
    y = label_lines(lines, body)
    mass = np.array([max(len(_TOKEN.findall(l.text)), 1) for l in lines], dtype=float)
    return lines, X, y, mass


def export(clf, features: list[str]) -> dict:
    trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        trees.append({
            "feature": [int(f) for f in t.feature],
            "threshold": [round(float(x), 6) for x in t.threshold],
            "left": [int(c) for c in t.children_left],
            "right": [int(c) for c in t.children_right],
            "value": [round(float(v), 6) for v in t.value[:, 0, 0]],
        })
    prior = clf.init_.class_prior_[1]
    return {
        "features": features,
        "init": float(np.log(prior / (1 - prior))),
        "learning_rate": float(clf.learning_rate),
        "max_depth": int(clf.max_depth),
        "trees": trees,
    }


def _fit(X, y, w, args):
    from sklearn.ensemble import GradientBoostingClassifier

    clf = GradientBoostingClassifier(
        n_estimators=args.trees, max_depth=args.depth, learning_rate=args.rate, subsample=0.8, random_state=0
    )
    return clf.fit(X, y, sample_weight=w)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--trees", type=int, default=200)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--rate", type=float, default=0.1)
    ap.add_argument("--folds", type=int, default=5, help="folds for the out-of-fold stage-1 input of stage 2")
    ap.add_argument("--no-stage2", action="store_true")
    args = ap.parse_args(argv)
    import sklearn

    gt = ground_truth()
    sp = split()
    pages = []
    for i in sp["train"]:
        lines, X, y, mass = page_data(i, gt[i]["articleBody"])
        w = np.sqrt(mass)  # weight by token mass, normalised per page (the metric normalises per page)
        pages.append((lines, X, y, w / w.sum() * len(w) ** 0.5))
    X = np.vstack([pg[1] for pg in pages])
    y = np.concatenate([pg[2] for pg in pages])
    w = np.concatenate([pg[3] for pg in pages])
    print(f"train lines: {len(y)}, body share {y.mean():.3f}", file=sys.stderr)
    clf1 = _fit(X, y, w, args)
    spec1 = export(clf1, L.FEATURES)
    ens = L.TreeEnsemble(spec1)
    diff = np.abs(ens.proba(X[:2000]) - clf1.predict_proba(X[:2000])[:, 1]).max()
    print(f"export check: max |p_json - p_sklearn| = {diff:.2e}", file=sys.stderr)
    imp = sorted(zip(clf1.feature_importances_, L.FEATURES), reverse=True)[:12]
    print("stage 1 top features: " + ", ".join(f"{n}={v:.3f}" for v, n in imp), file=sys.stderr)
    spec2 = None
    if not args.no_stage2:
        # out-of-fold stage-1 probabilities, folds by page, so stage 2 sees realistic inputs
        fold_of = np.arange(len(pages)) % args.folds
        oof = [None] * len(pages)
        for f in range(args.folds):
            tr = [k for k in range(len(pages)) if fold_of[k] != f]
            m = _fit(np.vstack([pages[k][1] for k in tr]), np.concatenate([pages[k][2] for k in tr]),
                     np.concatenate([pages[k][3] for k in tr]), args)
            for k in range(len(pages)):
                if fold_of[k] == f:
                    oof[k] = m.predict_proba(pages[k][1])[:, 1]
        X2 = np.vstack([L.stage2_features(pg[0], pg[1], oof[k]) for k, pg in enumerate(pages)])
        clf2 = _fit(X2, y, w, args)
        spec2 = export(clf2, L.STAGE2_FEATURES)
        imp = sorted(zip(clf2.feature_importances_, L.STAGE2_FEATURES), reverse=True)[:12]
        print("stage 2 top features: " + ", ".join(f"{n}={v:.3f}" for v, n in imp), file=sys.stderr)
    meta = (
        f"Trained {dt.date.today().isoformat()} by benchmarks/train_line_model.py on the 'train' half "
        f"({len(sp['train'])} pages) of benchmarks/splits/scraped_text.json: lines of "
        "shared/data/scraped-text-benchmark labelled against article-extraction-benchmark "
        f"ground-truth.json (MIT, Scrapinghub). sklearn {sklearn.__version__} GradientBoostingClassifier "
        f"(trees={args.trees}, depth={args.depth}, rate={args.rate}); stage 2 trained on {args.folds}-fold "
        "out-of-fold stage-1 probabilities. Trees exported as plain JSON arrays."
    )
    spec = {"provenance": meta, "stage1": spec1, "stage2": spec2}
    if not args.dry_run:
        OUT.write_text(json.dumps(spec, separators=(",", ":")), encoding="utf-8")
        L.line_model.cache_clear()
        print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
