"""The store-side commands: store, search, entity.  Page text is untrusted, so every
value printed to the terminal goes through rich ``Text`` (never parsed as markup)."""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quotewire.record import Record, Source, read_jsonl


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _is_record_file(path: Path) -> bool:
    """A file of quotewire records (``analyze --format jsonl`` output or Spark part files):
    its first line is a JSON object with a schema_version."""
    if not path.is_file():
        return False
    with path.open("rb") as f:
        first = f.readline(1_000_000)
    if not first.lstrip().startswith(b"{"):
        return False
    try:
        head = json.loads(first)
    except ValueError:
        return False
    return isinstance(head, dict) and "schema_version" in head and "article" in head


def _records_for(paths: list[str], body: bool, jobs: int) -> Iterator[Record]:
    """Records from .jsonl record files as they are, and from every other input by analysis."""
    from quotewire.batch.local import input_files, process

    pages: list[str] = []
    for p in input_files(paths):
        if _is_record_file(Path(p)):
            if pages:
                yield from process(pages, body=body, analyse=True, jobs=jobs)
                pages = []
            with open(p, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    try:
                        yield from read_jsonl([line])
                    except ValueError as exc:
                        yield Record(source=Source(path=f"{p}:{n}")).fail(f"not a quotewire record: {exc}")
        else:
            pages.append(p)
    if pages:
        yield from process(pages, body=body, analyse=True, jobs=jobs)


def store(args: argparse.Namespace) -> int:
    from quotewire.store import Store

    db = Store(args.db)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    counts = db.put_many(_records_for(args.paths, args.body, jobs))
    totals = db.count()
    print(
        f"quotewire: stored {counts['stored']} new and replaced {counts['replaced']} record(s) "
        f"({counts['quotes']} quotations) in {db.url}; the store holds {totals['articles']} articles, "
        f"{totals['entities']} entities, {totals['quotes']} quotations",
        file=sys.stderr,
    )
    return 0


def search(args: argparse.Namespace) -> int:
    from quotewire.store import Store

    db = Store(args.db)
    for value in (args.since, args.until):
        if value and not re.match(r"^\d{4}-\d{2}-\d{2}", value):
            print(f"quotewire: {value!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    if args.articles:
        rows = db.search_articles(args.query, outlet=args.outlet, since=args.since, until=args.until, limit=args.limit)
        columns = ("published", "outlet", "title", "url")
    else:
        rows = db.search_quotes(
            args.query, speaker=args.speaker, outlet=args.outlet, quote_type=args.quote_type,
            since=args.since, until=args.until, limit=args.limit,
        )
        columns = ("published", "outlet", "speaker_canonical", "type", "text")
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c.replace("speaker_canonical", "speaker"), overflow="fold")
    for r in rows:
        table.add_row(*(Text(str(r.get(c) or "")) for c in columns))
    _console().print(table)
    print(f"{len(rows)} result(s)", file=sys.stderr)
    return 0


def entity(args: argparse.Namespace) -> int:
    from quotewire.store import Store

    db = Store(args.db)
    found = db.find_entities(args.name)
    if not found:
        print(f"quotewire: no stored entity is named {args.name!r}", file=sys.stderr)
        return 1
    reports = []
    for e in found:
        reports.append({
            "entity": db.entity_profile(e["id"]),
            "timeline": db.speaker_timeline(e["id"]),
            "outlets": db.outlet_comparison(e["id"]),
        })
    if args.format == "json":
        print(json.dumps(reports, ensure_ascii=False, indent=1))
        return 0
    con = _console()
    for rep in reports:
        ent = rep["entity"]
        con.print(Text(f"{ent['canonical']} ({ent['type']}), in {ent['articles']} article(s)", style="bold"))
        con.print(Text("names: " + ", ".join(ent["names"])))
        roles = sorted({r["role"] for r in ent["roles"]})
        if roles:
            con.print(Text("roles: " + "; ".join(roles)))
        if rep["outlets"]:
            cols = ("outlet", "articles", "quotes", "direct", "partial", "mixed", "indirect", "first", "last")
            t = Table(title="by outlet")
            for c in cols:
                t.add_column(c)
            for r in rep["outlets"]:
                t.add_row(*(Text("" if r[c] is None else str(r[c])) for c in cols))
            con.print(t)
        if rep["timeline"]:
            t = Table(title="timeline")
            for c in ("published", "outlet", "type", "text"):
                t.add_column(c, overflow="fold")
            for r in rep["timeline"]:
                t.add_row(*(Text(str(r[c] or "")) for c in ("published", "outlet", "type", "text")))
            con.print(t)
    return 0


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from quotewire.api import create_app

    uvicorn.run(create_app(args.db), host=args.host, port=args.port, log_level="info")
    return 0
