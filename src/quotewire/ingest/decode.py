"""Bytes to text: the page's declared charset when it has one, else detection.

Order (as browsers do): byte-order mark, HTTP ``Content-Type`` charset (WARC responses), the
``<meta charset>`` / ``http-equiv`` declaration in the first 4 KB, strict UTF-8, then
charset-normalizer.  charset-normalizer cannot tell single-byte Western encodings apart on
short texts (a Latin-1 French page scores the same as cp1250 "Romanian"), so among its equally
good guesses windows-1252 wins: it is the web's most common single-byte encoding, and what the
WHATWG encoding standard decodes ``iso-8859-1`` as.
"""
from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
#: WHATWG: these labels are decoded as windows-1252, a superset of Latin-1 for printable text
_WHATWG = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
           "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252",
           "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030"}
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "iso8859_1")


#: Only the first 8 MB of one page are read.  News pages are rarely above 2 MB; what makes a page
#: bigger is inlined data (base64 images, JSON state, endless comment threads), and the extractors'
#: time and memory grow faster than the size (a 20 MB DOM takes seconds and hundreds of MB).  The
#: article body sits near the top of the markup, so cutting keeps the page and the batch's pace; the
#: record carries a warning saying it was cut.
MAX_PAGE_BYTES = 8_000_000


class UndecodableError(ValueError):
    pass


def normalise_charset(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def declared_charset(data: bytes) -> str | None:
    m = _XML_ENCODING.match(data[:200]) or _META_CHARSET.search(data[:4096])
    return normalise_charset(m.group(1).decode("ascii", "ignore")) if m else None


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return normalise_charset(m.group(1)) if m else None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB (and no UTF-16/32 BOM)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, enc in BOMS if enc != "utf-8-sig"):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 100)


def decode(data: bytes, http_charset: str | None = None, html: bool = True) -> tuple[str, str, list[str]]:
    """(text, encoding used, warnings); raises :class:`UndecodableError` when nothing fits."""
    warnings: list[str] = []
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc, warnings
    declared = [("HTTP header", http_charset)]
    if html:
        declared.append(("meta charset", declared_charset(data)))
    for where, enc in declared:
        if not enc:
            continue
        try:
            return data.decode(enc), enc, warnings
        except (UnicodeDecodeError, LookupError):
            # a wrong declaration is common (a UTF-8 page labelled latin-1 and vice versa); detect instead
            warnings.append(f"declared charset {enc} ({where}) does not fit the bytes; detected instead")
            break
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    enc = detect(data)
    if enc is None:
        raise UndecodableError("the bytes are not text in any known encoding")
    return data.decode(enc, errors="replace"), enc, warnings


def detect(data: bytes) -> str | None:
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data[:200_000]))
    if not matches:
        # every single-byte string is valid cp1252/latin-1 apart from 5 unused bytes; one last try
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return None
    best = matches[0]
    for m in matches:
        if m.encoding in _WESTERN and m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.02:
            return "cp1252" if m.encoding != "iso8859_15" else m.encoding
    return best.encoding
