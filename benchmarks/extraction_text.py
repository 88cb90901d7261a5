"""Plain-text extraction benchmark: quotewire's text extractor vs baselines on scraped pages.

    python -m benchmarks.extraction_text [--only quotewire] [--errors N]

Input: shared/data/scraped-text-benchmark/text/*.txt (181 pages flattened the way a scraper saves
them); truth: article-extraction-benchmark/ground-truth.json; metric: benchmarks/shingles.score.
Figures are printed for the whole set and for the held-out ``test`` half of
benchmarks/splits/scraped_text.json (the line model is trained on the ``train`` half only).
"""
from __future__ import annotations

import argparse
import html
import json
import time
from pathlib import Path

from benchmarks.shingles import ground_truth, page_counts, score, scraped_text
from quotewire.record import Record, Source

SPLIT = Path(__file__).resolve().parent / "splits" / "scraped_text.json"


def quotewire_text(text: str) -> str:
    from quotewire.extract.text import extract_text

    rec = Record(source=Source(format="text"))
    extract_text(text, rec)
    return rec.article.text


def whole_text(text: str) -> str:
    return text


def trafilatura_lines(text: str) -> str:
    import trafilatura

    body = "".join(f"<p>{html.escape(l)}</p>" for l in text.splitlines() if l.strip())
    return trafilatura.extract(f"<html><body>{body}</body></html>") or ""


METHODS = {"quotewire": quotewire_text, "whole text": whole_text, "trafilatura on <p> lines": trafilatura_lines}


def run(method, ids, gt, texts):
    t0 = time.perf_counter()
    preds = {i: method(texts[i]) for i in ids}
    secs = time.perf_counter() - t0
    return preds, secs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=list(METHODS), action="append")
    ap.add_argument("--errors", type=int, default=0, help="list the N worst pages of quotewire")
    args = ap.parse_args(argv)
    gt = ground_truth()
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    ids = sorted(gt)
    test = set(split["test"])
    texts = {i: scraped_text(i) for i in ids}
    print(f"{'method':28} {'set':9} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>8}")
    for name in args.only or list(METHODS):
        preds, secs = run(METHODS[name], ids, gt, texts)
        for label, sub in (("whole", ids), ("held-out", [i for i in ids if i in test])):
            s = score((gt[i]["articleBody"], preds[i]) for i in sub)
            speed = f"{len(ids) / secs:8.1f}" if name != "whole text" else f"{'-':>8}"  # no work to time
            print(f"{name:28} {label:9} {s['pages']:5d} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {speed}")
        if name == "quotewire" and args.errors:
            worst = []
            for i in ids:
                tp, fp, fn = page_counts(gt[i]["articleBody"], preds[i])
                worst.append((tp, fp, fn, i))
            worst.sort()
            for tp, fp, fn, i in worst[: args.errors]:
                tag = "test " if i in test else "train"
                print(f"  {tag} {i[:12]} tp={tp:.2f} fp={fp:.2f} fn={fn:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
