"""The REST API and the web UI over one store.

JSON endpoints live under ``/api``; the HTML pages (search, article, speaker
timeline with outlet comparison) are server-rendered with Jinja2 autoescaping,
so page text from the store is never rendered as markup.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates

from quotewire import __version__
from quotewire.store import Store

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
assert TEMPLATES.env.autoescape, "page text must never be rendered unescaped"


def _http_url(value: str | None) -> str | None:
    """Only http(s) links from page data: a javascript: or data: URL must never become a link."""
    return value if value and value.lower().startswith(("http://", "https://")) else None


TEMPLATES.env.filters["http_url"] = _http_url
#: Uploads bigger than this are refused: the page extractors cap their input well below it.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
#: since/until: a date, or a date and time, as ISO 8601 ("2024-05-05", "2024-05-05T15:34").
ISO_DATE = r"^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$"
EXPORT_COLUMNS = (
    "id", "published", "outlet", "speaker_canonical", "speaker_name", "speaker_mention", "speaker_role",
    "type", "cue", "text", "confidence", "title", "url", "article_id",
)


def create_app(db_url: str | None = None) -> FastAPI:
    store = Store(db_url)
    app = FastAPI(title="quotewire", version=__version__,
                  description="Who said what, when, about what, and where it was reported.")
    app.state.store = store

    # -- JSON API ------------------------------------------------------------
    @app.get("/api/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, **store.count()}

    @app.get("/api/articles")
    def list_articles(q: str | None = None, outlet: str | None = None, since: str | None = Query(None, pattern=ISO_DATE),
                      until: str | None = Query(None, pattern=ISO_DATE), limit: int = Query(50, ge=1, le=500),
                      offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        return store.search_articles(q, outlet=outlet, since=since, until=until, limit=limit, offset=offset)

    @app.get("/api/articles/{article_id}")
    def get_article(article_id: int) -> dict[str, Any]:
        rec = store.get(article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id}")
        return rec.to_dict()

    @app.delete("/api/articles/{article_id}")
    def delete_article(article_id: int) -> dict[str, Any]:
        if not store.delete(article_id):
            raise HTTPException(404, f"no article {article_id}")
        return {"deleted": article_id}

    @app.get("/api/quotes")
    def list_quotes(q: str | None = None, speaker: str | None = None, outlet: str | None = None,
                    type: str | None = Query(None, pattern="^(direct|partial|mixed|indirect)$"),
                    since: str | None = Query(None, pattern=ISO_DATE),
                    until: str | None = Query(None, pattern=ISO_DATE),
                    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        return store.search_quotes(q, speaker=speaker, outlet=outlet, quote_type=type, since=since,
                                   until=until, limit=limit, offset=offset)

    @app.get("/api/entities")
    def list_entities(name: str) -> list[dict[str, Any]]:
        return store.find_entities(name)

    @app.get("/api/entities/{entity_id}")
    def get_entity(entity_id: int) -> dict[str, Any]:
        profile = store.entity_profile(entity_id)
        if profile is None:
            raise HTTPException(404, f"no entity {entity_id}")
        return {"entity": profile, "timeline": store.speaker_timeline(entity_id),
                "outlets": store.outlet_comparison(entity_id)}

    @app.get("/api/export/quotes.{fmt}")
    def export_quotes(fmt: str, q: str | None = None, speaker: str | None = None, outlet: str | None = None,
                      since: str | None = Query(None, pattern=ISO_DATE),
                      until: str | None = Query(None, pattern=ISO_DATE),
                      limit: int = Query(10_000, ge=1, le=100_000)) -> Response:
        rows = store.search_quotes(q, speaker=speaker, outlet=outlet, since=since, until=until, limit=limit)
        if fmt == "jsonl":
            body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            return PlainTextResponse(body, media_type="application/x-ndjson")
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            for r in rows:
                writer.writerow({k: _csv_safe(r.get(k)) for k in EXPORT_COLUMNS})
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="quotes.csv"'})
        raise HTTPException(404, "exports are quotes.csv and quotes.jsonl")

    @app.post("/api/analyze")
    async def analyze(file: UploadFile = File(...), body: bool = Form(False), store_it: bool = Form(False)) -> dict:
        data = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"upload is over {MAX_UPLOAD_BYTES} bytes")
        records = _analyse_upload(file.filename or "upload", data, body)
        ids = [store.put(r) for r in records] if store_it else []
        return {"records": [r.to_dict() for r in records], "stored": ids}

    # -- web UI --------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, q: str | None = None, speaker: str | None = None, outlet: str | None = None,
             since: str | None = None, until: str | None = None) -> HTMLResponse:
        # The form sends empty fields; a date the store can't read is said, not a server error.
        q, speaker, outlet = q or None, speaker or None, outlet or None
        problems = [f"{v!r} is not a date (YYYY-MM-DD)" for v in (since, until) if v and not re.match(ISO_DATE, v)]
        since = since if since and not problems else None
        until = until if until and not problems else None
        searched = any([q, speaker, outlet, since, until])
        quotes = store.search_quotes(q, speaker=speaker, outlet=outlet, since=since, until=until, limit=100) \
            if searched else store.search_quotes(limit=30)
        speakers = store.find_entities(speaker) if speaker else []
        return TEMPLATES.TemplateResponse(request, "search.html", {
            "quotes": quotes, "speakers": speakers, "counts": store.count(), "searched": searched,
            "problems": problems,
            "form": {"q": q or "", "speaker": speaker or "", "outlet": outlet or "", "since": since or "",
                     "until": until or ""},
        })

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: int) -> HTMLResponse:
        rec = store.get(article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id}")
        return TEMPLATES.TemplateResponse(request, "article.html", {
            "rec": rec, "article_id": article_id, "paragraphs": _highlight(rec),
        })

    @app.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity_page(request: Request, entity_id: int) -> HTMLResponse:
        profile = store.entity_profile(entity_id)
        if profile is None:
            raise HTTPException(404, f"no entity {entity_id}")
        return TEMPLATES.TemplateResponse(request, "entity.html", {
            "entity": profile, "timeline": store.speaker_timeline(entity_id),
            "outlets": store.outlet_comparison(entity_id),
        })

    return app


def _csv_safe(value: Any) -> Any:
    """Spreadsheets run cells that start with = + - @ as formulas; page text must not."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _analyse_upload(filename: str, data: bytes, body: bool):
    import tempfile

    from quotewire.pipeline import run

    safe_name = Path(filename).name or "upload"
    with tempfile.TemporaryDirectory(prefix="quotewire-") as tmp:
        path = Path(tmp) / safe_name
        path.write_bytes(data)
        records = list(run([path], body=body))
    for r in records:
        r.source.path = safe_name
    return records


def _highlight(rec) -> list[list[tuple[str, dict | None]]]:
    """Each body paragraph as (text, quote-or-None) pieces, so the template marks quotes
    without ever building HTML from page text."""
    body_quotes = sorted((q for q in rec.quotes if q.where == "body"), key=lambda q: q.start)
    out = []
    for start, end in rec.article.paragraph_spans():
        pieces, pos = [], start
        for q in body_quotes:
            if q.end <= start or q.start >= end or q.start < pos:
                continue
            if q.start > pos:
                pieces.append((rec.article.text[pos:q.start], None))
            q_end = min(q.end, end)
            pieces.append((rec.article.text[q.start:q_end], {
                "type": q.type, "speaker": q.speaker.name or q.speaker.mention or "unknown", "cue": q.cue,
            }))
            pos = q_end
        if pos < end:
            pieces.append((rec.article.text[pos:end], None))
        out.append(pieces)
    return out
