"""What a file holds, from its first bytes (the name is only a tie-breaker)."""
from __future__ import annotations

import re

GZIP_MAGIC = b"\x1f\x8b"
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]", re.I)
_TAGS = re.compile(rb"</?(p|div|span|a|br|h[1-6]|article|section|table|li|ul|img|script|style)(\s[^>]*)?>", re.I)
_XML_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.:-]*)")


def sniff(head: bytes, name: str = "") -> str:
    """One of ``warc``, ``html``, ``feed``, ``sitemap``, ``text``, ``empty``.

    ``head`` is the first few KB, already un-gzipped.  Binary data is recognised by the decoder.
    """
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        return "empty"
    if stripped.startswith((b"WARC/", b"warc/")):
        return "warc"
    lower = stripped[:4096].lower()
    if lower.startswith(b"<?xml") or lower.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf")):
        root = _root(lower)
        if root in (b"rss", b"feed", b"rdf:rdf", b"rdf"):
            return "feed"
        if root in (b"urlset", b"sitemapindex"):
            return "sitemap"
        if root == b"html" or _HTML.search(lower):
            return "html"
        return "text"
    if _HTML.search(lower[:2048]) or len(_TAGS.findall(lower)) >= 3:
        return "html"
    low_name = name.lower()
    if low_name.endswith((".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")) and b"<" in lower:
        return "html"
    return "text"


def _root(lower: bytes) -> bytes | None:
    body = re.sub(rb"<!--.*?-->", b"", lower, flags=re.S)
    m = _XML_ROOT.search(body)
    return m.group(1) if m else None
