"""Run the pipeline over many inputs on every core of one machine.

Inputs are dealt to worker processes file by file (a WARC's records stay with
one worker, in order); each worker loads the spaCy pipeline once.  Records come
back in input order, and a worker that fails on one file yields an error record
for it instead of ending the batch.
"""
from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Iterable, Iterator

from quotewire.record import Record, Source


def process(paths: Iterable[str | Path], body: bool = False, analyse: bool = True, jobs: int = 1) -> Iterator[Record]:
    from quotewire.pipeline import run

    paths = list(paths)
    if jobs <= 1:
        yield from run(paths, body=body, analyse=analyse)
        return
    files = input_files(paths)
    ctx = mp.get_context("fork")
    with ctx.Pool(processes=jobs, initializer=_init_worker, initargs=(analyse,)) as pool:
        for batch in pool.imap(_process_file, [(str(f), body, analyse) for f in files], chunksize=1):
            yield from batch


def input_files(paths: Iterable[str | Path]) -> list[str]:
    """Every file under the inputs, in the order the pipeline reads them; a missing path
    stays in the list so that it still gets its error record."""
    from quotewire.ingest.files import iter_paths

    return [path for path, _error in iter_paths(paths)]


def _init_worker(analyse: bool) -> None:
    if analyse:
        from quotewire.nlp.pipeline import get_nlp

        get_nlp()


def file_records(path: str, body: bool, analyse: bool) -> Iterator[Record]:
    """The records of one input file, streamed; a failure yields an error record after the
    records already made, so the batch goes on and the input keeps a record."""
    from quotewire.pipeline import run

    try:
        yield from run([path], body=body, analyse=analyse)
    except Exception as exc:
        yield Record(source=Source(path=path)).fail(f"processing failed: {type(exc).__name__}: {exc}")


def _process_file(job: tuple[str, bool, bool]) -> list[Record]:
    return list(file_records(*job))
