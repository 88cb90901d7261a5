"""The line of stages: ingest → extract → nlp.  The CLI, batch runner and API call this."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from quotewire.extract import extract
from quotewire.ingest import iter_documents
from quotewire.record import Record


def extract_records(paths: Iterable[str | Path], body: bool = False) -> Iterator[Record]:
    """One record per page (per WARC response), article filled, in input order."""
    for raw in iter_documents(paths, body=body):
        yield extract(raw)


def run(paths: Iterable[str | Path], body: bool = False, analyse: bool = True) -> Iterator[Record]:
    """Records with article, entities and quotes; unreadable inputs still yield a record with ``error``."""
    records = extract_records(paths, body=body)
    if not analyse:
        yield from records
        return
    from quotewire.nlp.pipeline import annotate

    yield from annotate(records)


def analyse_records(records: Iterable[Record]) -> Iterator[Record]:
    """Run the NLP stages on records that are already extracted (e.g. read back from JSONL)."""
    from quotewire.nlp.pipeline import annotate

    yield from annotate(records)
