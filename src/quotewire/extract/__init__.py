"""Extract stage: a :class:`RawDocument` becomes a :class:`Record` with its article filled."""
from __future__ import annotations

import re

from quotewire.ingest.raw import RawDocument
from quotewire.record import Record
from quotewire.extract.language import detect_language


def extract(raw: RawDocument) -> Record:
    """Fill the article of a record from one raw page; never raises for bad pages."""
    rec = Record(source=raw.source, warnings=list(raw.warnings))
    if raw.error or raw.content is None:
        return rec.fail(raw.error or "input could not be read")
    try:
        fmt = raw.source.format
        if fmt == "html":
            from quotewire.extract.html import extract_html

            extract_html(raw.content, rec)
        elif fmt == "text":
            from quotewire.extract.text import extract_text

            extract_text(raw.content, rec)
        elif fmt == "body":
            extract_body(raw.content, rec)
        else:
            return rec.fail(f"no extractor for format {fmt!r}")
    except Exception as exc:  # an extractor bug on one page must not end a batch
        return rec.fail(f"extraction failed: {type(exc).__name__}: {exc}")
    if not rec.article.language:
        sample = " ".join([rec.article.title or "", rec.article.text[:5000]])
        rec.article.language = detect_language(sample)
    if not rec.article.text.strip():
        rec.warn("no article body found")
    return rec


_BLANK_LINES = re.compile(r"\n\s*\n")


def extract_body(text: str, rec: Record) -> None:
    """``--body`` input: the text is only the article body, so no title or dateline detection.

    Paragraphs are separated by blank lines; a text without blank lines has one
    paragraph per line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _BLANK_LINES.split(text) if _BLANK_LINES.search(text) else text.split("\n")
    rec.article.set_paragraphs(" ".join(p.split()) for p in parts)
