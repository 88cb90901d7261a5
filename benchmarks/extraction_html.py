"""HTML body extraction on the Zyte article-extraction benchmark (181 pages): quotewire vs plain trafilatura.

Run from the repository root: ``python -m benchmarks.extraction_html [--limit N] [--worst K]``.
Prints precision / recall / F1 (the benchmark's shingle metric, ``benchmarks/shingles.py``) and
pages per second for each extractor, both run in the same process on the same decoded pages.
"""
from __future__ import annotations

import argparse
import sys
import time

from benchmarks.shingles import AEB, ground_truth, html_page, page_counts, score


def _quotewire(html: str, url: str) -> str:
    from quotewire.extract.html import extract_html
    from quotewire.record import Record, Source

    rec = Record(source=Source(url=None, format="html"))
    extract_html(html, rec)
    return rec.article.text


def _trafilatura(html: str, url: str) -> str:
    """Plain trafilatura: its defaults (internal fallbacks on, comments included)."""
    import trafilatura

    return trafilatura.extract(html) or ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    ap.add_argument("--worst", type=int, default=0, help="list the K pages with the lowest quotewire F1")
    ap.add_argument("--only", choices=["quotewire", "trafilatura"], default=None)
    args = ap.parse_args(argv)
    if not AEB.exists():
        print(f"benchmark data not found at {AEB}", file=sys.stderr)
        return 2
    gt = ground_truth()
    ids = sorted(gt)[: args.limit or None]
    pages = {i: html_page(i).decode("utf-8") for i in ids}
    # warm up imports and caches outside the timed loop
    _quotewire(pages[ids[0]], gt[ids[0]]["url"])
    _trafilatura(pages[ids[0]], gt[ids[0]]["url"])
    # The two extractors run interleaved page by page (alternating which goes first), so a change in
    # machine load during the run weighs on both alike; each one's time is summed separately.
    runners = [(n, f) for n, f in (("quotewire", _quotewire), ("trafilatura", _trafilatura))
               if not args.only or n == args.only]
    outputs: dict[str, dict[str, str]] = {n: {} for n, _ in runners}
    elapsed = {n: 0.0 for n, _ in runners}
    for j, i in enumerate(ids):
        for name, fn in (runners if j % 2 == 0 else runners[::-1]):
            t0 = time.perf_counter()
            outputs[name][i] = fn(pages[i], gt[i]["url"])
            elapsed[name] += time.perf_counter() - t0
    results = {}
    for name, _ in runners:
        out = outputs[name]
        s = score((gt[i]["articleBody"], out[i]) for i in ids)
        s["pages_per_s"] = len(ids) / elapsed[name]
        results[name] = (s, out)
        print(f"{name:12s} P={s['precision']:.4f} R={s['recall']:.4f} F1={s['f1']:.4f} "
              f"exact={s['accuracy']:.3f} pages={s['pages']} {s['pages_per_s']:.1f} pages/s", flush=True)
    if len(results) == 2:
        q, t = results["quotewire"][0], results["trafilatura"][0]
        print(f"quotewire/trafilatura: F1 {q['f1'] - t['f1']:+.4f}, speed ratio {q['pages_per_s'] / t['pages_per_s']:.2f}")
    if args.worst and "quotewire" in results:
        rows = []
        for i in ids:
            tp, fp, fn = page_counts(gt[i]["articleBody"], results["quotewire"][1][i])
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            rows.append((min(p, r), p, r, i[:8], gt[i]["url"]))
        for row in sorted(rows)[: args.worst]:
            print("  %.3f P=%.3f R=%.3f %s %s" % row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
