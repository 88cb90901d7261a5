"""Ingest stage: files, directories, WARC files and feeds to :class:`RawDocument` pages.

The format is recognised from the content (gzip'd or not): HTML, WARC, RSS/Atom, sitemap or
plain text.  Nothing here raises for bad input: an unreadable input yields a document with
``error`` (and a readable one with ``warnings`` when something was off), so a batch never loses
track of an input.  Nothing is fetched from the network.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable, Iterator

from quotewire.ingest.raw import RawDocument
from quotewire.record import Source

__all__ = ["RawDocument", "iter_documents"]

log = logging.getLogger(__name__)


def iter_documents(paths: Iterable[str | Path], body: bool = False) -> Iterator[RawDocument]:
    """One :class:`RawDocument` per page found under ``paths`` (files or directories, recursively, sorted).

    ``body=True`` marks plain-text inputs as article bodies only (format ``body``).
    """
    from quotewire.ingest.files import iter_paths, read_file

    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path, error in iter_paths(paths):
        if error:
            yield RawDocument(source=Source(path=path), error=error)
            continue
        try:
            yield from read_file(path, body=body)
        except Exception as exc:  # a reader bug on one input must not end the batch
            log.exception("ingest failed on %s", path)
            yield RawDocument(source=Source(path=path), error=f"{path}: could not be read: {type(exc).__name__}: {exc}")
