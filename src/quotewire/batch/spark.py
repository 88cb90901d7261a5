"""The pipeline as a Spark job, for crawl-scale corpora (thousands of WARC files).

Inputs are dealt to tasks by file: a task opens its file itself (local disk or a
shared file system), so a 1 GB WARC is streamed record by record, never loaded
whole into the driver or shipped over the network.  Each Python worker loads the
spaCy pipeline once and keeps it (Spark reuses Python workers).  The output is a
folder of JSONL part files, one record per line, which ``quotewire store`` reads.

Run it with ``quotewire spark INPUT... -o OUT`` (a local Spark on every core) or
``spark-submit --master … -m quotewire.batch.spark INPUT... -o OUT`` on a cluster.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator



def run_job(paths: list[str], output: str, *, body: bool = False, analyse: bool = True,
            master: str | None = None, partitions: int | None = None) -> dict[str, int]:
    """Analyse ``paths`` on Spark and write JSONL parts under ``output``; returns counts."""
    from pyspark.sql import SparkSession

    from quotewire.batch.local import file_records, input_files

    files = input_files(paths)
    builder = SparkSession.builder.appName("quotewire")
    if master:
        builder = builder.master(master)
    elif not os.environ.get("SPARK_HOME") and "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        builder = builder.master("local[*]")
    # Local workers must run the driver's Python (the one quotewire is installed in), not
    # whatever `python3` is first on PATH; SparkContext reads this from the environment.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = builder.config("spark.ui.enabled", "false")
    spark = builder.getOrCreate()
    try:
        sc = spark.sparkContext
        n = partitions or max(1, min(len(files), sc.defaultParallelism * 4))
        # Counted with accumulators as the records stream out, so nothing is cached
        # (a task retried after a failure may count twice; the output itself never holds duplicates).
        counts = {k: sc.accumulator(0) for k in ("records", "errors", "quotes")}

        def process(path: str) -> Iterator[str]:
            for rec in file_records(path, body, analyse):
                counts["records"].add(1)
                counts["errors"].add(int(rec.error is not None))
                counts["quotes"].add(len(rec.quotes))
                yield rec.to_json()

        sc.parallelize(files, n).flatMap(process).saveAsTextFile(output)
        return {k: acc.value for k, acc in counts.items()}
    finally:
        spark.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="quotewire spark", description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="+")
    p.add_argument("-o", "--output", required=True, help="output folder (must not exist)")
    p.add_argument("--body", action="store_true")
    p.add_argument("--extract-only", action="store_true", help="articles only, no NLP stages")
    p.add_argument("--master", help="Spark master URL (default: local[*] unless spark-submit set one)")
    p.add_argument("--partitions", type=int)
    args = p.parse_args(argv)
    if os.path.exists(args.output):
        print(f"quotewire spark: {args.output} exists; choose a new output folder", file=sys.stderr)
        return 2
    counts = run_job(args.paths, args.output, body=args.body, analyse=not args.extract_only,
                     master=args.master, partitions=args.partitions)
    print(f"quotewire spark: {counts['records']} record(s), {counts['errors']} unreadable, "
          f"{counts['quotes']} quotation(s) in {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
