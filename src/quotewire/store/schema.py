"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The full record is kept as JSON beside the columns that search and the
timelines need, so what comes back out is exactly what went in.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    # What makes a record the same page again: its bytes' hash plus, for WARCs, the record id.
    Column("record_key", String(200), nullable=False, unique=True),
    Column("outlet", String(200), index=True),
    Column("url", Text),
    Column("published", String(40), index=True),  # ISO 8601 sorts as text
    Column("title", Text),
    Column("standfirst", Text),
    Column("authors", JSON, nullable=False, default=list),
    Column("language", String(12)),
    Column("body", Text, nullable=False, default=""),
    # Canonical names, variants and their ASCII forms of the article's entities, for search:
    # a search for "Kyiv" finds an article that says "Kiev".
    Column("names", Text, nullable=False, default=""),
    Column("source_path", Text),
    Column("source_format", String(20)),
    Column("source_sha256", String(64)),
    Column("warc_date", String(40)),
    Column("error", Text),
    Column("record", JSON, nullable=False),
    Column("stored_at", String(40), nullable=False),
)

# One row per person, organisation or place across all articles and outlets.
entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),  # the resolver's id: person:oleksii-honcharenko
    Column("type", String(12), nullable=False, index=True),
    Column("canonical", Text, nullable=False),
    # The resolver's entry (names, roles over time, countries, outlets), so the store's
    # resolver picks up where it left off when it is opened again.
    Column("profile", JSON, nullable=False),
)

# Every folded form an entity was named by (and each word of a person's name), so a
# search for "Honcharenko" or "Kiev" finds the entity by index, not by a scan.
entity_names = Table(
    "entity_names",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id"), primary_key=True),
    Column("form", String(300), primary_key=True),
    Index("ix_entity_names_form", "form"),
)

# Each article's view of an entity: the name and roles it used there, and when.
article_entities = Table(
    "article_entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("local_id", String(20), nullable=False),  # the record's "e1", "e2" …
    Column("name", Text, nullable=False),
    Column("variants", JSON, nullable=False, default=list),
    Column("roles", JSON, nullable=False, default=list),
    Column("mentions", Integer, nullable=False, default=0),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), index=True),
    Column("type", String(12), nullable=False),
    Column("text", Text, nullable=False),
    Column("where", String(12), nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("cue", Text),
    Column("speaker_name", Text),
    Column("speaker_canonical", Text, index=True),
    Column("speaker_mention", Text),
    Column("speaker_role", Text),
    Column("confidence", Float),
    # Copied from the article so timelines and outlet comparisons need no join.
    Column("published", String(40), index=True),
    Column("outlet", String(200), index=True),
)

Index("ix_quotes_entity_published", quotes.c.entity_id, quotes.c.published)
