"""The article record: quotewire's one data model and public output contract.

Every stage reads a :class:`Record` and fills its part: ingest sets ``source``,
extract fills ``article``, the NLP stages fill ``entities`` and ``quotes``,
the store persists it and the API serves it.  The JSON shape is documented in
``shared/contract/record.md``; field names here are that contract, so rename
nothing without bumping :data:`SCHEMA_VERSION`.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterable, Iterator

SCHEMA_VERSION = 1

#: Where a span lives: offsets of a span with ``where == "body"`` index into
#: ``article.text``; "title" and "standfirst" spans index into those strings.
WHERES = ("body", "title", "standfirst")
QUOTE_TYPES = ("direct", "partial", "mixed", "indirect")


@dataclass
class Source:
    path: str | None = None
    url: str | None = None
    format: str | None = None  # html | warc | text | body | rss | sitemap
    sha256: str | None = None
    encoding: str | None = None
    warc_date: str | None = None  # crawl time, for records that came from a WARC
    warc_record_id: str | None = None


@dataclass
class FieldProvenance:
    """Where a metadata value came from and how far to trust it."""

    source: str  # json-ld | meta | dateline | url | warc-date | trafilatura | text-layout | fingerprint ...
    confidence: float


@dataclass
class Article:
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601, local time as the page gives it
    title: str | None = None
    standfirst: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    text: str = ""
    provenance: dict[str, FieldProvenance] = field(default_factory=dict)

    def set_paragraphs(self, paragraphs: Iterable[str]) -> None:
        """Set the body; ``text`` is always the paragraphs joined by blank lines."""
        self.paragraphs = [p for p in (p.strip() for p in paragraphs) if p]
        self.text = "\n\n".join(self.paragraphs)

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """(start, end) offsets of each paragraph in ``text``."""
        spans, pos = [], 0
        for p in self.paragraphs:
            spans.append((pos, pos + len(p)))
            pos += len(p) + 2
        return spans

    def segment(self, where: str) -> str:
        if where == "body":
            return self.text
        if where == "title":
            return self.title or ""
        if where == "standfirst":
            return self.standfirst or ""
        raise ValueError(f"unknown segment {where!r}")


@dataclass
class Mention:
    text: str
    start: int
    end: int
    where: str = "body"


@dataclass
class Entity:
    id: str
    type: str  # PERSON | ORG | GPE | LOC | NORP
    name: str  # the fullest form the article gives
    canonical: str | None = None
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)  # surface forms seen in this article
    # The cross-article id from the entity resolver ("person:oleksii-honcharenko"): the same
    # for every article of a run (and of a store) that names this entity, in any spelling.
    global_id: str | None = None


@dataclass
class Speaker:
    entity: str | None = None
    name: str | None = None
    canonical: str | None = None
    mention: str | None = None
    role: str | None = None


@dataclass
class Quote:
    type: str
    text: str
    start: int
    end: int
    cue: str | None = None
    speaker: Speaker = field(default_factory=Speaker)
    confidence: float = 0.5
    where: str = "body"
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass
class Record:
    source: Source = field(default_factory=Source)
    article: Article = field(default_factory=Article)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    schema_version: int = SCHEMA_VERSION

    # -- helpers -----------------------------------------------------------
    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def fail(self, message: str) -> "Record":
        """Mark the record as unreadable; it keeps its source so a batch never loses an input."""
        self.error = message
        return self

    @property
    def ok(self) -> bool:
        return self.error is None

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    # -- JSON --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        ordered = {"schema_version": d.pop("schema_version")}
        ordered.update(d)
        if ordered["error"] is None:
            del ordered["error"]
        return ordered

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        version = d.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise ValueError(f"record schema_version {version} is not {SCHEMA_VERSION}")
        art = dict(d.get("article") or {})
        art["provenance"] = {k: FieldProvenance(**v) for k, v in (art.get("provenance") or {}).items()}
        article = _build(Article, art)
        if not article.text and article.paragraphs:
            article.text = "\n\n".join(article.paragraphs)
        entities = []
        for e in d.get("entities") or []:
            e = dict(e)
            e["mentions"] = [_build(Mention, m) for m in e.get("mentions") or []]
            entities.append(_build(Entity, e))
        quotes = []
        for q in d.get("quotes") or []:
            q = dict(q)
            q["speaker"] = _build(Speaker, q.get("speaker") or {})
            quotes.append(_build(Quote, q))
        return cls(
            source=_build(Source, d.get("source") or {}),
            article=article,
            entities=entities,
            quotes=quotes,
            warnings=list(d.get("warnings") or []),
            error=d.get("error"),
        )

    @classmethod
    def from_json(cls, text: str) -> "Record":
        return cls.from_dict(json.loads(text))


def _build(kind, data: dict[str, Any]):
    """Build a dataclass from a dict, ignoring keys a newer minor version may add."""
    names = {f.name for f in fields(kind)}
    return kind(**{k: v for k, v in data.items() if k in names})


def read_jsonl(lines: Iterable[str]) -> Iterator[Record]:
    for line in lines:
        line = line.strip()
        if line:
            yield Record.from_json(line)
