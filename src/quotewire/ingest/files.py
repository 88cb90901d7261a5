"""Files and directories to raw documents; every input yields at least one document."""
from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from quotewire.ingest.decode import MAX_PAGE_BYTES, UndecodableError, decode, looks_binary
from quotewire.ingest.raw import RawDocument
from quotewire.ingest.sniff import GZIP_MAGIC, sniff
from quotewire.record import Source


def iter_paths(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | None]]:
    """(path, error) for every file under the inputs: directories recursively, in sorted order."""
    for p in paths:
        p = str(p)
        if os.path.isdir(p):
            yield from _walk(p)
        elif os.path.exists(p):
            yield p, None
        else:
            yield p, f"{p}: no such file or directory; check the path"


def _walk(top: str) -> Iterator[tuple[str, str | None]]:
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError as exc:
        yield top, f"{top}: cannot list the directory ({exc.strerror or exc}); check its permissions"
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(entry.path)
        else:
            yield entry.path, None


def read_file(path: str, body: bool = False) -> Iterator[RawDocument]:
    """The documents of one file (one, or one per WARC record / feed item)."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        yield RawDocument(source=Source(path=path), error=f"{path}: cannot open ({exc.strerror or exc})")
        return
    with f:
        try:
            head = f.read(8192)
            gz = head.startswith(GZIP_MAGIC)
            inner = head
            if gz:
                try:
                    inner = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 8192)
                except zlib.error as exc:
                    yield RawDocument(source=Source(path=path), error=f"{path}: corrupt gzip data ({exc})")
                    return
            kind = sniff(inner, path.removesuffix(".gz"))
            if kind == "warc":
                from quotewire.ingest.warc import iter_warc

                f.seek(0)
                yield from iter_warc(path, f)
                return
            f.seek(0)
            data, cut, err = _read_capped(f, gz)
        except OSError as exc:
            yield RawDocument(source=Source(path=path), error=f"{path}: read error ({exc.strerror or exc})")
            return
    yield from _document(path, data, cut, err, body)


def _read_capped(f, gz: bool) -> tuple[bytes, bool, str | None]:
    """(bytes, whether the cap cut them, a decompression error if the gzip stream broke)."""
    err = None
    if gz:
        stream = gzip.GzipFile(fileobj=f)
        chunks, total = [], 0
        try:
            while total <= MAX_PAGE_BYTES:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        except (EOFError, OSError, zlib.error) as exc:
            err = f"gzip stream is truncated or corrupt ({exc or type(exc).__name__}); what was read before it is used"
        data = b"".join(chunks)
    else:
        data = f.read(MAX_PAGE_BYTES + 1)
    cut = len(data) > MAX_PAGE_BYTES
    return data[:MAX_PAGE_BYTES], cut, err


def _document(path: str, data: bytes, cut: bool, err: str | None, body: bool) -> Iterator[RawDocument]:
    src = Source(path=path, sha256=hashlib.sha256(data).hexdigest())
    warnings = [f"{path}: {err}"] if err else []
    if not data.strip():
        yield RawDocument(source=src, error=f"{path}: empty file" + (f" ({err})" if err else ""), warnings=warnings)
        return
    kind = sniff(data[:8192], path.removesuffix(".gz"))
    if kind == "feed":
        from quotewire.ingest.feeds import parse_feed

        src.format = "rss"
        for doc in parse_feed(path, data):
            doc.warnings[:0] = warnings
            yield doc
        return
    if kind == "sitemap":
        from quotewire.ingest.feeds import sitemap_skip

        yield sitemap_skip(path, data)
        return
    if looks_binary(data):
        yield RawDocument(source=src, error=f"{path}: binary data (NUL or control bytes), not a page or text; skipped")
        return
    if cut:
        data = _cut_at_boundary(data)
        warnings.append(f"{path}: larger than {MAX_PAGE_BYTES // 1_000_000} MB; only the first "
                        f"{MAX_PAGE_BYTES // 1_000_000} MB were read (see ingest.decode.MAX_PAGE_BYTES)")
    is_html = kind == "html"
    try:
        text, enc, w = decode(data, html=is_html)
    except UndecodableError as exc:
        yield RawDocument(source=src, error=f"{path}: {exc}; skipped")
        return
    src.encoding = enc
    if is_html:
        src.format = "html"
    else:
        src.format = "body" if body else "text"
    if not is_html and _replacement_share(text) > 0.05:
        yield RawDocument(source=src, error=f"{path}: undecodable bytes (not text in any known encoding); skipped")
        return
    yield RawDocument(source=src, content=text, warnings=warnings + [f"{path}: {m}" for m in w])


def _cut_at_boundary(data: bytes) -> bytes:
    """Cut a capped page after its last complete tag or line, never inside a UTF-8 sequence."""
    i = max(data.rfind(b">"), data.rfind(b"\n"))
    return data[: i + 1] if i > len(data) // 2 else data


def _replacement_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return bad / len(sample)
