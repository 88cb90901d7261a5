"""What ingest hands to extract: one decoded page and where it came from."""
from __future__ import annotations

from dataclasses import dataclass, field

from quotewire.record import Source


@dataclass
class RawDocument:
    """One page read from an input: an HTML file, one WARC response, a text file.

    ``content`` is the decoded page (HTML or plain text) or ``None`` when the
    input could not be read; ``error`` then says why, so the pipeline can still
    emit a record for it and a batch never loses track of an input.
    """

    source: Source
    content: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
