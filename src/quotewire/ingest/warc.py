"""WARC files (gzip'd or not): every HTML ``response`` (and ``resource``) record is one page.

Records are read with warcio without its HTTP parsing (``no_record_parse``), and the HTTP
header block is parsed here: a record whose HTTP header is broken then becomes one error
document and the records after it are still read.  A truncated file (a crawl cut short, a
partial download) yields every record read before the cut, then an error document naming it.
"""
from __future__ import annotations

import hashlib
import logging
import re
import zlib
from typing import Iterator

from quotewire.ingest.decode import MAX_PAGE_BYTES, UndecodableError, decode, header_charset, looks_binary
from quotewire.ingest.raw import RawDocument
from quotewire.ingest.sniff import sniff
from quotewire.record import Source

log = logging.getLogger(__name__)


_STATUS = re.compile(rb"^HTTP/\d(?:\.\d)?\s+(\d{3})")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml", "text/xml")


class HttpHeaderError(ValueError):
    pass


class WarcTruncated(EOFError):
    pass


def parse_http(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-cased names, body) of an HTTP response block."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        i = block.find(sep)
        if i >= 0:
            head, body = block[:i], block[i + len(sep):]
            break
    else:
        raise HttpHeaderError("no end of the HTTP header block")
    lines = re.split(rb"\r?\n", head)
    m = _STATUS.match(lines[0])
    if not m:
        raise HttpHeaderError(f"bad HTTP status line {lines[0][:60]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line.strip():
            continue
        if b":" not in line:
            raise HttpHeaderError(f"bad HTTP header line {line[:60]!r}")
        k, v = line.split(b":", 1)
        headers[k.strip().decode("latin-1").lower()] = v.strip().decode("latin-1")
    return int(m.group(1)), headers, body


def _dechunk(body: bytes) -> bytes:
    out, pos = [], 0
    while True:
        end = body.find(b"\r\n", pos)
        if end < 0:
            raise ValueError("bad chunk")
        size = int(body[pos:end].split(b";")[0].strip() or b"0", 16)
        if size == 0:
            return b"".join(out)
        out.append(body[end + 2:end + 2 + size])
        pos = end + 2 + size + 2


def decode_payload(headers: dict[str, str], body: bytes, warnings: list[str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        try:
            body = _dechunk(body)
        except ValueError:
            pass  # many crawlers store the de-chunked body but keep the header
    enc = headers.get("content-encoding", "").lower().strip()
    if enc in ("gzip", "x-gzip", "deflate"):
        try:
            body = zlib.decompressobj(zlib.MAX_WBITS | 32 if enc != "deflate" else -zlib.MAX_WBITS).decompress(body)
        except zlib.error:
            if enc == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:
                    pass
            # a body stored already decompressed is common; keep the bytes as they are
    elif enc == "br":
        try:
            import brotli  # type: ignore

            body = brotli.decompress(body)
        except Exception:
            warnings.append("brotli-compressed body could not be decompressed")
    return body


def iter_warc(path: str, stream) -> Iterator[RawDocument]:
    from warcio.archiveiterator import ArchiveIterator

    n_pages = 0
    it = ArchiveIterator(stream, no_record_parse=True)
    records = iter(it)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # truncated gzip member, cut record, garbage between records
            yield RawDocument(
                source=Source(path=path, format="warc"),
                error=(f"{path}: WARC file is truncated or corrupt after {n_pages} page(s) "
                       f"({type(exc).__name__}: {exc}); the pages before it were read"),
            )
            return
        try:
            doc = _record_document(path, record)
        except WarcTruncated as exc:
            yield RawDocument(
                source=Source(path=path, format="warc", url=record.rec_headers.get_header("WARC-Target-URI")),
                error=f"{path}: WARC file is truncated after {n_pages} page(s): {exc}; the pages before it were read",
            )
            return
        except Exception as exc:  # one bad record must not end the file
            doc = RawDocument(source=Source(path=path, format="html",
                                            url=record.rec_headers.get_header("WARC-Target-URI")),
                              error=f"{path}: unreadable WARC record: {type(exc).__name__}: {exc}")
        if doc is not None:
            n_pages += 1
            yield doc
    if n_pages == 0:
        yield RawDocument(source=Source(path=path, format="warc"),
                          error=f"{path}: the WARC file has no HTML response records")


def _record_document(path: str, record) -> RawDocument | None:
    rtype = record.rec_type
    if rtype not in ("response", "resource"):
        return None
    h = record.rec_headers
    url = h.get_header("WARC-Target-URI")
    src = Source(path=path, url=url, format="html", warc_date=h.get_header("WARC-Date"),
                 warc_record_id=h.get_header("WARC-Record-ID"))
    warc_type = (h.get_header("Content-Type") or "").lower()
    # decide from the first 64 KB whether this is a page, so images and videos are never read whole
    head = record.raw_stream.read(64 * 1024)
    if rtype == "response" and "application/http" in warc_type:
        try:
            _, head_headers, head_body = parse_http(head)
            ctype = head_headers.get("content-type", "").lower()
            if ctype and not any(t in ctype for t in _HTML_TYPES):
                return None  # an image, a script, a PDF: not a page
        except HttpHeaderError:
            pass  # reported below, with the whole record's digest
    elif "html" not in warc_type and sniff(head[:4096]) != "html":
        return None
    raw = head + record.raw_stream.read(MAX_PAGE_BYTES + 64 * 1024 - len(head))
    truncated = bool(record.raw_stream.read(1))
    declared = record.length
    if not truncated and declared is not None and len(raw) < int(declared):
        raise WarcTruncated(f"record {src.warc_record_id} ({url}) has {len(raw)} of its {declared} bytes")
    warnings: list[str] = []
    headers: dict[str, str] = {}
    if rtype == "response" and "application/http" in warc_type:
        try:
            status, headers, body = parse_http(raw)
        except HttpHeaderError as exc:
            src.sha256 = hashlib.sha256(raw).hexdigest()
            return RawDocument(source=src, error=f"{path}: record {src.warc_record_id} ({url}): broken HTTP header: {exc}")
        ctype = headers.get("content-type", "").lower()
        if ctype and not any(t in ctype for t in _HTML_TYPES):
            return None  # an image, a script, a PDF: not a page
        if not ctype and sniff(body[:4096]) != "html":
            return None
        if status >= 300:
            if 300 <= status < 400 or not body.strip():
                return None  # redirects and empty error pages carry no article
            warnings.append(f"HTTP status {status}")
        body = decode_payload(headers, body, warnings)
    else:
        body = raw
        if "html" not in warc_type and sniff(body[:4096]) != "html":
            return None
    if truncated:
        warnings.append(f"page larger than {MAX_PAGE_BYTES // 1_000_000} MB; only its beginning was read")
    src.sha256 = hashlib.sha256(body).hexdigest()
    if looks_binary(body):
        return RawDocument(source=src, error=f"{path}: record {src.warc_record_id} ({url}): binary data labelled as HTML")
    try:
        text, enc, w = decode(body, header_charset(headers.get("content-type")))
    except UndecodableError as exc:
        return RawDocument(source=src, error=f"{path}: record {src.warc_record_id} ({url}): {exc}")
    src.encoding = enc
    return RawDocument(source=src, content=text, warnings=warnings + w)
