"""quotewire's command line: thin; parses arguments and calls the stages."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from quotewire import __version__
from quotewire.record import Record


def _add_input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders: HTML, WARC, RSS/Atom, scraped text")
    p.add_argument(
        "--format",
        choices=("json", "jsonl"),
        default="jsonl",
        help="jsonl: one record per line (default); json: one object for one record, else an array",
    )
    p.add_argument("--body", action="store_true", help="inputs are clean article bodies: no title or dateline detection")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (0 = one per core); records keep input order",
    )
    p.add_argument("--quiet", action="store_true", help="no progress or summary on standard error")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotewire",
        description="Turn news pages into records of who said what, when, about what, and where it was reported.",
    )
    parser.add_argument("--version", action="version", version=f"quotewire {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="extract articles, entities and quotations (the full record)")
    _add_input_args(p)
    p = sub.add_parser("extract", help="extract articles only (fast; no NLP stages)")
    _add_input_args(p)

    p = sub.add_parser("store", help="analyse inputs (or read records from .jsonl) and store them")
    p.add_argument("paths", nargs="+", metavar="PATH", help="inputs as for analyze, or .jsonl files of records")
    p.add_argument("--body", action="store_true", help="inputs are clean article bodies")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (0 = one per core)")
    _add_db_arg(p)

    p = sub.add_parser("search", help="search stored quotations (or articles) by words, speaker, outlet and date")
    p.add_argument("query", nargs="?", default=None, help='words and "quoted phrases", all must match')
    p.add_argument("--articles", action="store_true", help="search articles instead of quotations")
    p.add_argument("--speaker", help="a speaker's name, in any spelling the store has seen")
    p.add_argument("--outlet")
    p.add_argument("--type", dest="quote_type", choices=("direct", "partial", "mixed", "indirect"))
    p.add_argument("--since", metavar="DATE", help="ISO date, e.g. 2024-05-01")
    p.add_argument("--until", metavar="DATE")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    _add_db_arg(p)

    sub.add_parser("spark", add_help=False, help="the pipeline as a Spark job for crawl-scale corpora "
                   "(quotewire spark --help)")

    p = sub.add_parser("serve", help="the REST API and web UI over a store")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    _add_db_arg(p)

    p = sub.add_parser("entity", help="one person, organisation or place: names, roles, timeline, outlets")
    p.add_argument("name", help="any spelling the store has seen")
    p.add_argument("--format", choices=("table", "json"), default="table")
    _add_db_arg(p)
    return parser


def _add_db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL: sqlite:///file.db or postgresql+psycopg://user:pass@host/db "
        "(default: $QUOTEWIRE_DB, else sqlite:///quotewire.db)",
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["spark"]:  # its own parser: the job can also run under spark-submit
        from quotewire.batch.spark import main as spark_main

        return spark_main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.command in ("analyze", "extract"):
        return _run_records(args, analyse=args.command == "analyze")
    from quotewire import commands

    return {"store": commands.store, "search": commands.search, "entity": commands.entity, "serve": commands.serve}[args.command](args)


def _run_records(args: argparse.Namespace, analyse: bool) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"quotewire: {p}: no such file or folder (it gets a record with an error)", file=sys.stderr)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    if analyse:
        from quotewire.nlp.pipeline import ModelMissing, get_nlp

        try:
            get_nlp()  # fail early, with the fix, rather than once per record
        except ModelMissing as exc:
            print(f"quotewire: {exc}", file=sys.stderr)
            return 3
    from quotewire.batch.local import process

    records = process(args.paths, body=args.body, analyse=analyse, jobs=jobs)
    out: TextIO
    if args.output:
        out = open(args.output, "w", encoding="utf-8")
    else:
        out = sys.stdout
    counts = {"records": 0, "errors": 0, "quotes": 0}
    try:
        with _progress(args.quiet) as advance:
            for rec in _write(records, out, args.format, counts):
                advance(rec)
    finally:
        if out is not sys.stdout:
            out.close()
    if not args.quiet:
        print(
            f"quotewire: {counts['records']} record(s), {counts['errors']} unreadable, {counts['quotes']} quotation(s)",
            file=sys.stderr,
        )
    return 0 if counts["records"] else 1


def _write(records: Iterable[Record], out: TextIO, fmt: str, counts: dict) -> Iterator[Record]:
    """Write records as they come, one whole record at a time, so an interrupted batch
    leaves only complete records behind."""
    if fmt == "jsonl":
        for rec in records:
            out.write(rec.to_json() + "\n")
            out.flush()
            _count(rec, counts)
            yield rec
        return
    # json: a single record prints as an object (what a person reading one page expects),
    # several as an array.  Buffer the first to know which.
    first: Record | None = None
    n = 0
    for rec in records:
        n += 1
        _count(rec, counts)
        if n == 1:
            first = rec
        elif n == 2:
            out.write("[\n" + _indent(first) + ",\n" + _indent(rec))
        else:
            out.write(",\n" + _indent(rec))
        out.flush()
        yield rec
    if n == 1 and first is not None:
        out.write(first.to_json(indent=1) + "\n")
    elif n >= 2:
        out.write("\n]\n")
    else:
        out.write("[]\n")
    out.flush()


def _indent(rec: Record) -> str:
    return "\n".join(" " + line for line in rec.to_json(indent=1).splitlines())


def _count(rec: Record, counts: dict) -> None:
    counts["records"] += 1
    counts["errors"] += rec.error is not None
    counts["quotes"] += len(rec.quotes)


class _progress:
    """A rich progress line on standard error, only when a person is watching."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()

    def __enter__(self):
        if not self.enabled:
            return lambda rec: None
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} records"),
            TimeElapsedColumn(), transient=True, console=None,
        )
        self._progress.start()
        task = self._progress.add_task("analysing", total=None)

        def advance(rec: Record) -> None:
            self._progress.update(task, advance=1, description=(rec.source.path or "")[-60:])

        return advance

    def __exit__(self, *exc):
        if self.enabled:
            self._progress.stop()
        return False


if __name__ == "__main__":
    sys.exit(main())
