"""Store records in SQLite (default) or PostgreSQL, and search them.

Writes are idempotent and transactional: storing the same page again replaces
its rows in one transaction, so a crash never leaves half a record behind.
Full-text search uses SQLite FTS5 or PostgreSQL's text search.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any, Iterable

from anyascii import anyascii
from sqlalchemy import case, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine

from quotewire.nlp.canonical import fold
from quotewire.nlp.resolver import EntityResolver
from quotewire.record import Entity, Record
from quotewire.store.schema import article_entities, articles, entities, entity_names, metadata, quotes

DEFAULT_URL = "sqlite:///quotewire.db"


def database_url(url: str | None = None) -> str:
    """The database to use: the argument, else $QUOTEWIRE_DB, else ./quotewire.db."""
    return url or os.environ.get("QUOTEWIRE_DB") or DEFAULT_URL


def record_key(rec: Record) -> str:
    src = rec.source
    base = src.sha256 or src.url or src.path or ""
    return f"{base}#{src.warc_record_id}" if src.warc_record_id else base


def _fold(name: str) -> str:
    """The entity stage's folding (ASCII, case, quotes and dashes), with spaces normalised."""
    return " ".join(fold(name).split())


class Store:
    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        self.engine: Engine = create_engine(self.url, future=True)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        elif self.dialect != "postgresql":
            raise ValueError(f"{self.url}: quotewire stores in SQLite or PostgreSQL, not {self.dialect}")
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            _create_search_indexes(conn, self.dialect)
        self._load_resolver()

    def _load_resolver(self) -> None:
        """One id per person across articles and outlets: the resolver's registry lives in
        the entities table and is read back whole when the store opens (or after a failed write)."""
        with self.engine.connect() as conn:
            profiles = list(conn.execute(select(entities.c.profile)).scalars())
        self.resolver = EntityResolver.from_dict({"version": 1, "entries": profiles})

    def close(self) -> None:
        self.engine.dispose()

    # -- writes ------------------------------------------------------------
    def put(self, rec: Record) -> int:
        """Store one record (replacing an earlier copy of the same page); returns its article id."""
        return self._put_atomically(rec)[0]

    def put_many(self, records: Iterable[Record]) -> dict[str, int]:
        counts = {"stored": 0, "replaced": 0, "quotes": 0}
        for rec in records:
            _, replaced = self._put_atomically(rec)
            counts["replaced" if replaced else "stored"] += 1
            counts["quotes"] += len(rec.quotes)
        return counts

    def _put_atomically(self, rec: Record) -> tuple[int, bool]:
        try:
            with self.engine.begin() as conn:
                existed = conn.execute(
                    select(articles.c.id).where(articles.c.record_key == record_key(rec))
                ).first()
                return self._put(conn, rec), existed is not None
        except Exception:
            # The transaction rolled back; so must the resolver's view of it.
            self._load_resolver()
            raise

    def _put(self, conn: Connection, rec: Record) -> int:
        key = record_key(rec)
        if not key:
            raise ValueError("a record without source hash, URL or path cannot be stored")
        old = conn.execute(select(articles.c.id).where(articles.c.record_key == key)).scalar()
        if old is not None:
            self._delete(conn, old)
        art = rec.article
        names = _search_names(rec.entities)
        article_id = conn.execute(
            insert(articles).values(
                record_key=key,
                outlet=art.outlet,
                url=art.url or rec.source.url,
                published=art.published,
                title=art.title,
                standfirst=art.standfirst,
                authors=list(art.authors),
                language=art.language,
                body=art.text,
                names=names,
                source_path=rec.source.path,
                source_format=rec.source.format,
                source_sha256=rec.source.sha256,
                warc_date=rec.source.warc_date,
                error=rec.error,
                record=rec.to_dict(),
                stored_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            )
        ).inserted_primary_key[0]
        global_ids = {}
        meta = {"published": art.published, "outlet": art.outlet}
        for ent in rec.entities:
            global_ids[ent.id] = self._entity_id(conn, ent, meta)
            conn.execute(
                insert(article_entities).values(
                    article_id=article_id,
                    entity_id=global_ids[ent.id],
                    local_id=ent.id,
                    name=ent.name,
                    variants=list(ent.variants),
                    roles=list(ent.roles),
                    mentions=len(ent.mentions),
                )
            )
        for q in rec.quotes:
            sp = q.speaker
            qid = conn.execute(
                insert(quotes).values(
                    article_id=article_id,
                    entity_id=global_ids.get(sp.entity) if sp.entity else None,
                    type=q.type,
                    text=q.text,
                    where=q.where,
                    start=q.start,
                    end=q.end,
                    cue=q.cue,
                    speaker_name=sp.name,
                    speaker_canonical=sp.canonical or sp.name,
                    speaker_mention=sp.mention,
                    speaker_role=sp.role,
                    confidence=q.confidence,
                    published=art.published,
                    outlet=art.outlet,
                )
            ).inserted_primary_key[0]
            if self.dialect == "sqlite":
                speaker = " ".join(filter(None, [sp.name, sp.canonical, sp.mention, _fold(sp.canonical or sp.name or "")]))
                conn.execute(
                    text("INSERT INTO quotes_fts(rowid, text, speaker) VALUES (:id, :text, :speaker)"),
                    {"id": qid, "text": q.text, "speaker": speaker},
                )
        if self.dialect == "sqlite":
            conn.execute(
                text(
                    "INSERT INTO articles_fts(rowid, title, standfirst, body, names) "
                    "VALUES (:id, :title, :standfirst, :body, :names)"
                ),
                {"id": article_id, "title": art.title or "", "standfirst": art.standfirst or "",
                 "body": art.text, "names": names},
            )
        return article_id

    def _entity_id(self, conn: Connection, ent: Entity, meta: dict[str, Any]) -> int:
        key = self.resolver.observe(ent, meta)
        entry = self.resolver.get(key)
        values = {"type": entry.type, "canonical": entry.canonical, "profile": entry.to_dict()}
        found = conn.execute(select(entities.c.id).where(entities.c.key == key)).scalar()
        if found is None:
            found = conn.execute(insert(entities).values(key=key, **values)).inserted_primary_key[0]
        else:
            conn.execute(update(entities).where(entities.c.id == found).values(**values))
        known = set(conn.execute(select(entity_names.c.form).where(entity_names.c.entity_id == found)).scalars())
        new = _name_forms(ent) - known
        if new:
            conn.execute(insert(entity_names), [{"entity_id": found, "form": f} for f in sorted(new)])
        return found

    def _delete(self, conn: Connection, article_id: int) -> None:
        if self.dialect == "sqlite":
            conn.execute(
                text("DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = :a)"),
                {"a": article_id},
            )
            conn.execute(text("DELETE FROM articles_fts WHERE rowid = :a"), {"a": article_id})
        conn.execute(delete(quotes).where(quotes.c.article_id == article_id))
        conn.execute(delete(article_entities).where(article_entities.c.article_id == article_id))
        conn.execute(delete(articles).where(articles.c.id == article_id))

    def delete(self, article_id: int) -> bool:
        with self.engine.begin() as conn:
            exists = conn.execute(select(articles.c.id).where(articles.c.id == article_id)).scalar()
            if exists is None:
                return False
            self._delete(conn, article_id)
            return True

    # -- reads -------------------------------------------------------------
    def get(self, article_id: int) -> Record | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles.c.record).where(articles.c.id == article_id)).scalar()
        return Record.from_dict(row) if row is not None else None

    def count(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "articles": conn.execute(select(func.count()).select_from(articles)).scalar_one(),
                "entities": conn.execute(select(func.count()).select_from(entities)).scalar_one(),
                "quotes": conn.execute(select(func.count()).select_from(quotes)).scalar_one(),
            }

    def search_quotes(
        self,
        query: str | None = None,
        *,
        speaker: str | None = None,
        outlet: str | None = None,
        quote_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Quotations matching a full-text query and filters, newest first."""
        stmt = select(
            quotes.c.id, quotes.c.article_id, quotes.c.entity_id, quotes.c.type, quotes.c.text, quotes.c.cue,
            quotes.c.speaker_name, quotes.c.speaker_canonical, quotes.c.speaker_mention, quotes.c.speaker_role,
            quotes.c.confidence, quotes.c.published, quotes.c.outlet, articles.c.title, articles.c.url,
        ).join(articles, articles.c.id == quotes.c.article_id)
        if query:
            stmt = stmt.where(self._match_quotes(query))
        if speaker:
            stmt = stmt.where(quotes.c.entity_id.in_(self._entity_ids_for(speaker)) | self._speaker_like(speaker))
        if quote_type:
            stmt = stmt.where(quotes.c.type == quote_type)
        return self._newest_first(stmt, quotes, outlet, since, until, limit, offset)

    def search_articles(
        self,
        query: str | None = None,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Articles matching a full-text query (title, standfirst, body and entity names), newest first."""
        stmt = select(
            articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.url,
            articles.c.standfirst, articles.c.language, articles.c.source_path, articles.c.error,
        )
        if query:
            stmt = stmt.where(self._match_articles(query))
        return self._newest_first(stmt, articles, outlet, since, until, limit, offset)

    def _newest_first(self, stmt, table, outlet, since, until, limit, offset) -> list[dict[str, Any]]:
        """Filter by outlet and publication dates (``until`` a date: that whole day), newest first."""
        if outlet:
            stmt = stmt.where(func.lower(table.c.outlet) == outlet.casefold())
        if since:
            stmt = stmt.where(table.c.published >= since)
        if until:
            stmt = stmt.where(table.c.published < _day_after(until) if len(until) == 10 else table.c.published <= until)
        stmt = stmt.order_by(table.c.published.desc().nulls_last(), table.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def find_entities(self, name: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose canonical name or any name an article used matches ``name`` (folded)."""
        ids = self._entity_ids_for(name)
        if not ids:
            return []
        stmt = (
            select(
                entities.c.id, entities.c.type, entities.c.canonical,
                func.count(func.distinct(article_entities.c.article_id)).label("articles"),
            )
            .join(article_entities, article_entities.c.entity_id == entities.c.id)
            .where(entities.c.id.in_(ids))
            .group_by(entities.c.id, entities.c.type, entities.c.canonical)
            .order_by(func.count(func.distinct(article_entities.c.article_id)).desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def entity_profile(self, entity_id: int) -> dict[str, Any] | None:
        """One entity across articles: every surface form and role seen, with dates and outlets."""
        with self.engine.connect() as conn:
            ent = conn.execute(select(entities).where(entities.c.id == entity_id)).first()
            if ent is None:
                return None
            rows = conn.execute(
                select(article_entities.c.name, article_entities.c.variants, article_entities.c.roles,
                       articles.c.published, articles.c.outlet, articles.c.title, articles.c.id.label("article_id"))
                .join(articles, articles.c.id == article_entities.c.article_id)
                .where(article_entities.c.entity_id == entity_id)
                .order_by(articles.c.published.nulls_last())
            ).all()
        names: dict[str, int] = {}
        roles: list[dict[str, Any]] = []
        for r in rows:
            for n in [r.name, *(r.variants or [])]:
                names[n] = names.get(n, 0) + 1
            for role in r.roles or []:
                roles.append({"role": role, "published": r.published, "outlet": r.outlet, "article_id": r.article_id})
        return {
            "id": ent.id, "type": ent.type, "canonical": ent.canonical,
            "names": sorted(names, key=lambda n: (-names[n], n)),
            "roles": roles,
            "articles": len({r.article_id for r in rows}),
            "appearances": [
                {"article_id": r.article_id, "title": r.title, "outlet": r.outlet, "published": r.published}
                for r in rows
            ],
        }

    def speaker_timeline(self, entity_id: int, limit: int = 500) -> list[dict[str, Any]]:
        """The quotations of one speaker in date order."""
        stmt = (
            select(quotes.c.id, quotes.c.article_id, quotes.c.type, quotes.c.text, quotes.c.cue,
                   quotes.c.speaker_mention, quotes.c.speaker_role, quotes.c.published, quotes.c.outlet,
                   articles.c.title, articles.c.url)
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(quotes.c.entity_id == entity_id)
            .order_by(quotes.c.published.nulls_last(), quotes.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def outlet_comparison(self, entity_id: int) -> list[dict[str, Any]]:
        """For one speaker: how many articles and quotations each outlet carried, and the quote types."""
        stmt = (
            select(
                quotes.c.outlet,
                func.count(func.distinct(quotes.c.article_id)).label("articles"),
                func.count().label("quotes"),
                func.sum(_case_count(quotes.c.type, "direct")).label("direct"),
                func.sum(_case_count(quotes.c.type, "partial")).label("partial"),
                func.sum(_case_count(quotes.c.type, "mixed")).label("mixed"),
                func.sum(_case_count(quotes.c.type, "indirect")).label("indirect"),
                func.min(quotes.c.published).label("first"),
                func.max(quotes.c.published).label("last"),
            )
            .where(quotes.c.entity_id == entity_id)
            .group_by(quotes.c.outlet)
            .order_by(func.count().desc())
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    # -- search internals --------------------------------------------------
    def _match_quotes(self, query: str):
        if self.dialect == "sqlite":
            return quotes.c.id.in_(
                select(text("rowid")).select_from(text("quotes_fts"))
                .where(text("quotes_fts MATCH :q").bindparams(q=_fts5_query(query)))
            )
        return text(
            "to_tsvector('english', coalesce(quotes.text, '') || ' ' || coalesce(quotes.speaker_name, '') || ' ' "
            "|| coalesce(quotes.speaker_canonical, '')) @@ websearch_to_tsquery('english', :q)"
        ).bindparams(q=query)

    def _match_articles(self, query: str):
        if self.dialect == "sqlite":
            return articles.c.id.in_(
                select(text("rowid")).select_from(text("articles_fts"))
                .where(text("articles_fts MATCH :q").bindparams(q=_fts5_query(query)))
            )
        return text(
            "to_tsvector('english', coalesce(articles.title, '') || ' ' || coalesce(articles.standfirst, '') || ' ' "
            "|| articles.body || ' ' || articles.names) @@ websearch_to_tsquery('english', :q)"
        ).bindparams(q=query)

    def _entity_ids_for(self, name: str) -> list[int]:
        folded = _fold(name)
        if not folded:
            return []
        # Spellings never seen in the store still resolve: "Oleksiy Honcharenko" finds the
        # entity stored as "Aleksey Goncharenko" through the resolver's romanisation key.
        keys = {k for t in ("PERSON", "ORG", "GPE") if (k := self.resolver.lookup(name, {"type": t}))}
        with self.engine.connect() as conn:
            by_form = select(entity_names.c.entity_id).where(entity_names.c.form == folded)
            by_key = select(entities.c.id).where(entities.c.key.in_(keys))
            return sorted(set(conn.execute(by_form).scalars()) | set(conn.execute(by_key).scalars()))

    def _speaker_like(self, speaker: str):
        pattern = f"%{speaker.casefold()}%"
        return func.lower(func.coalesce(quotes.c.speaker_name, "")).like(pattern) | func.lower(
            func.coalesce(quotes.c.speaker_canonical, "")
        ).like(pattern)


def _day_after(day: str) -> str:
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        raise ValueError(f"{day!r} is not a date (YYYY-MM-DD)") from None


def _name_forms(ent: Entity) -> set[str]:
    """Folded forms an entity can be looked up by: its names, and each word of a person's name."""
    forms = {_fold(n) for n in [ent.canonical, ent.name, *ent.variants] if n}
    if ent.type == "PERSON":
        forms |= {w for f in list(forms) for w in f.split() if len(w) >= 3}
    return {f[:300] for f in forms if f}


def _case_count(column, value):
    return case((column == value, 1), else_=0)


def _search_names(ents: list[Entity]) -> str:
    forms: list[str] = []
    for e in ents:
        for n in [e.canonical, e.name, *e.variants]:
            if n and n not in forms:
                forms.append(n)
                folded = anyascii(n)
                if folded != n:
                    forms.append(folded)
    return " ".join(forms)


_FTS_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)


def _fts5_query(query: str) -> str:
    """A user's words and "quoted phrases" as an FTS5 query (all must match); FTS5's own
    operators are not passed through, so no query can be a syntax error."""
    parts = []
    for phrase, word in _FTS_TERM.findall(query):
        words = re.findall(r"\w+", phrase or word, re.UNICODE)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts) or '""'


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.close()


def _create_search_indexes(conn: Connection, dialect: str) -> None:
    if dialect == "sqlite":
        # Diacritics folded, so "Szijjarto" finds "Szijjártó".
        tok = "tokenize = 'unicode61 remove_diacritics 2'"
        conn.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(text, speaker, {tok})"))
        conn.execute(
            text(f"CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, standfirst, body, names, {tok})")
        )
    else:
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_quotes_fts ON quotes USING GIN (to_tsvector('english', "
            "coalesce(text, '') || ' ' || coalesce(speaker_name, '') || ' ' || coalesce(speaker_canonical, '')))"
        ))
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING GIN (to_tsvector('english', "
            "coalesce(title, '') || ' ' || coalesce(standfirst, '') || ' ' || body || ' ' || names))"
        ))
