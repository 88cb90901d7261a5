"""RSS / Atom feeds and sitemaps.

A feed item that carries its content (``content:encoded``, Atom ``content``, ``description`` /
``summary``) becomes one HTML document; its title, date and author are put in ``<meta>`` tags of
that document so the HTML extractor reads them like any page's.  quotewire never fetches, so an
item with only a link, and a sitemap (a list of URLs), yield an explained error instead.
"""
from __future__ import annotations

import hashlib
import html as html_lib
from typing import Iterator

from lxml import etree

from quotewire.ingest.raw import RawDocument
from quotewire.record import Source

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rss1": "http://purl.org/rss/1.0/",
}


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(item, *names: str) -> str:
    """Text of the first child whose local name (or prefix:name) matches, in the order given."""
    for name in names:
        for child in item:
            if not isinstance(child.tag, str):
                continue
            q = etree.QName(child.tag)
            prefix = {v: k for k, v in NS.items()}.get(q.namespace or "", "")
            full = f"{prefix}:{q.localname}" if prefix and prefix not in ("atom", "rss1") else q.localname
            if full.lower() == name.lower():
                if name.lower() in ("content", "summary") and child.get("type") == "xhtml":
                    return "".join(etree.tostring(c, encoding="unicode") for c in child)
                text = "".join(child.itertext()).strip()
                if text:
                    return text
    return ""


def _link(item) -> str:
    for child in item:
        if _local(child.tag) == "link":
            href = child.get("href")
            if href and child.get("rel", "alternate") == "alternate":
                return href.strip()
            if not href and (child.text or "").strip():
                return child.text.strip()
    guid = _child_text(item, "guid", "id")
    return guid if guid.startswith(("http://", "https://")) else ""


def _authors(item) -> list[str]:
    names = []
    for child in item:
        if _local(child.tag) == "author":
            name = "".join(c.text or "" for c in child if _local(c.tag) == "name").strip() or (child.text or "").strip()
            if name:
                names.append(name)
    creator = _child_text(item, "dc:creator")
    if creator:
        names.append(creator)
    return names


def parse_feed(path: str, data: bytes) -> Iterator[RawDocument]:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    err = "no XML elements"
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        root, err = None, str(exc)
    if root is None:
        yield RawDocument(source=Source(path=path, format="rss"), error=f"{path}: unreadable feed XML ({err})")
        return
    channel_title = ""
    for el in root.iter():
        if _local(el.tag) in ("channel", "feed"):
            channel_title = _child_text(el, "title")
            break
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    n_without = 0
    for item in items:
        content = _child_text(item, "content:encoded", "content", "description", "summary")
        link = _link(item)
        if not content:
            n_without += 1
            continue
        title = _child_text(item, "title")
        date = _child_text(item, "pubDate", "published", "dc:date", "updated")
        page = _as_html(content, title, date, _authors(item), channel_title, link)
        src = Source(path=path, url=link or None, format="html", encoding="utf-8",
                     sha256=hashlib.sha256(content.encode("utf-8")).hexdigest())
        yield RawDocument(source=src, content=page)
    if n_without:
        msg = (f"{path}: {n_without} of {len(items)} feed item(s) carry only a link and no content; "
               "quotewire never fetches pages, so save the pages (or a WARC) and analyse those")
        yield RawDocument(source=Source(path=path, format="rss"), error=msg)
    elif not items:
        yield RawDocument(source=Source(path=path, format="rss"), error=f"{path}: the feed has no items")


def _as_html(content: str, title: str, date: str, authors: list[str], outlet: str, link: str) -> str:
    esc = html_lib.escape
    metas = []
    if title:
        metas.append(f'<meta property="og:title" content="{esc(title)}">')
    if date:
        from quotewire.extract.metadata import iso, parse_date

        dt = parse_date(date)
        if dt is not None:
            metas.append(f'<meta property="article:published_time" content="{esc(iso(dt))}">')
    for a in authors:
        metas.append(f'<meta name="author" content="{esc(a)}">')
    if outlet:
        metas.append(f'<meta property="og:site_name" content="{esc(outlet)}">')
    if link:
        metas.append(f'<link rel="canonical" href="{esc(link)}">')
    # content:encoded is HTML; a plain-text description becomes one paragraph per line
    if "<" not in content:
        content = "".join(f"<p>{esc(line)}</p>" for line in content.splitlines() if line.strip())
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{esc(title)}</title>{''.join(metas)}"
            f"</head><body><article><h1>{esc(title)}</h1>{content}</article></body></html>")


def sitemap_skip(path: str, data: bytes) -> RawDocument:
    n = data.count(b"<loc>") + data.count(b"<loc ")
    return RawDocument(
        source=Source(path=path, format="sitemap", sha256=hashlib.sha256(data).hexdigest()),
        error=(f"{path}: a sitemap (a list of {n} URL(s)), not a page; skipped because quotewire never "
               "fetches pages: save the pages (or a WARC) and analyse those"),
    )
