"""Whole-pipeline speed and memory: `python -m benchmarks.throughput [--pages N] [--jobs 1 2]`.

Runs `analyze` (ingest → extract → entities → quotes) over real pages — benchmark HTML pages
and PolNeAR dev texts as plain text — in one process and on several, and prints pages/s,
the time each stage takes in one process, and the peak resident memory.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.shingles import AEB, SHARED

POLNEAR_DEV = SHARED / "data" / "polnear" / "data" / "dev" / "text"


def corpus(n: int, folder: Path) -> list[Path]:
    html = sorted((AEB / "html").glob("*.html.gz"))[: n // 2]
    texts = sorted(POLNEAR_DEV.glob("*.txt"))[: n - len(html)]
    for p in html + texts:
        shutil.copy(p, folder / p.name)
    return sorted(folder.iterdir())


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def stage_times(files: list[Path]) -> dict[str, float]:
    """Seconds spent in each stage over the files, in this process."""
    from quotewire.extract import extract
    from quotewire.ingest import iter_documents
    from quotewire.nlp import entities, quotes
    from quotewire.nlp.pipeline import get_nlp, parse

    nlp = get_nlp()
    t = {"ingest": 0.0, "extract": 0.0, "parse": 0.0, "entities": 0.0, "quotes": 0.0}
    records = []
    for f in files:
        t0 = time.perf_counter()
        raws = list(iter_documents([f]))
        t1 = time.perf_counter()
        records.extend(extract(r) for r in raws)
        t2 = time.perf_counter()
        t["ingest"] += t1 - t0
        t["extract"] += t2 - t1
    records = [r for r in records if r.ok and r.article.text and r.article.language in (None, "en")]
    t0 = time.perf_counter()
    parsed = list(parse(records, nlp))
    t["parse"] += time.perf_counter() - t0
    for p in parsed:
        t0 = time.perf_counter()
        p.record.entities = entities.find_entities(p)
        t1 = time.perf_counter()
        quotes.find_quotes(p, p.record.entities)
        t["entities"] += t1 - t0
        t["quotes"] += time.perf_counter() - t1
    return t


def long_page() -> None:
    """The NLP stages on one pathological page: every PolNeAR dev text run together as a single
    paragraph (what a scraper that drops line breaks saves), cut where the parser's cap cuts."""
    from quotewire.nlp import entities, quotes
    from quotewire.nlp.pipeline import MAX_BODY_CHARS, get_nlp, parse
    from quotewire.record import Record

    text = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(POLNEAR_DEV.glob("*.txt")))
    rec = Record()
    rec.article.language = "en"
    rec.article.set_paragraphs([text[:MAX_BODY_CHARS]])
    t0 = time.perf_counter()
    (parsed,) = parse([rec], get_nlp())
    t1 = time.perf_counter()
    ents = entities.find_entities(parsed)
    t2 = time.perf_counter()
    found = quotes.find_quotes(parsed, ents)
    t3 = time.perf_counter()
    print(f"one {len(rec.article.text):,}-character paragraph: parse {t1 - t0:.1f} s, entities {t2 - t1:.2f} s "
          f"({100 * (t2 - t1) / (t1 - t0):.0f}% of parse), quotes {t3 - t2:.2f} s ({100 * (t3 - t2) / (t1 - t0):.0f}%), "
          f"{len(found)} quotations")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--long-page", action="store_true", help="also time one pathologically long paragraph")
    args = ap.parse_args(argv)
    from quotewire.batch.local import process
    from quotewire.nlp.pipeline import get_nlp

    t0 = time.perf_counter()
    get_nlp()
    print(f"model load {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus(args.pages, Path(tmp))
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"corpus: {len(files)} files ({size:.1f} MB): benchmark HTML pages and PolNeAR dev texts")
        times = stage_times(files)
        total = sum(times.values())
        print("one process, by stage: " + ", ".join(
            f"{k} {v:.2f} s ({100 * v / total:.0f}%)" for k, v in times.items()))
        for jobs in args.jobs:
            t0 = time.perf_counter()
            n = sum(1 for _ in process([str(f) for f in files], analyse=True, jobs=jobs))
            dt = time.perf_counter() - t0
            print(f"analyze -j {jobs}: {n} records in {dt:.1f} s = {n / dt:.1f} pages/s")
    if args.long_page:
        long_page()
    print(f"peak memory: main process {peak_rss_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest worker {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
