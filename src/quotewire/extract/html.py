"""Article extraction from HTML pages.

The body comes from two independent extractors that are each good and fail differently:
trafilatura (``fast`` mode: its own XPath rules, no internal fallback, comments excluded) and
readability-lxml (text-density scoring of DOM nodes).  Their agreement decides:

* trafilatura's paragraphs are the base: it keeps lists, tables and lead paragraphs best;
* when readability's text contains almost all of trafilatura's and is much longer, trafilatura
  cut the article short (a page split into several containers) and readability's text is used;
* when trafilatura found nothing usable, readability's or the JSON-LD ``articleBody`` is used;
* leading/trailing paragraphs that readability does not have and that look like page chrome
  (short, no sentence punctuation, or a known boilerplate line) are dropped, as are caption,
  share/subscribe, copyright and related-link lines anywhere (``data/html/boilerplate.txt``).

Figures on the Zyte article-extraction benchmark are printed by ``python -m benchmarks.extraction_html``.
"""
from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from pathlib import Path

from quotewire.extract import metadata as md
from quotewire.record import FieldProvenance, Record

log = logging.getLogger(__name__)

# the extractors log at WARNING for ordinary pages ("discarding data", "empty HTML tree")
for _name in ("trafilatura", "readability", "readability.readability", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)

_TOKEN = re.compile(r"\w+", re.UNICODE)
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]。！？]\s*$")

#: readability's block-level tags: each one starts a new paragraph in its text
_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr",
           "td", "th", "dd", "dt", "dl", "section", "article", "figure", "figcaption", "header", "footer", "br",
           "aside", "main", "form", "address", "hr"}


DATA = Path(__file__).resolve().parents[1] / "data" / "html"


@functools.lru_cache(maxsize=1)
def boilerplate_patterns() -> dict[str, list[re.Pattern]]:
    """Whole-paragraph boilerplate patterns from ``data/html/boilerplate.txt``, by kind (always/unconfirmed)."""
    pats: dict[str, list[re.Pattern]] = {"always": [], "unconfirmed": []}
    for line in (DATA / "boilerplate.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            kind, rx = line.split(" ", 1)
            pats[kind].append(re.compile(rx, re.I | re.S))
    return pats


def is_boilerplate(par: str, kinds: tuple[str, ...] = ("always", "unconfirmed")) -> bool:
    if len(par) > 300:
        return False
    s = par.strip()
    pats = boilerplate_patterns()
    return any(p.fullmatch(s) for kind in kinds for p in pats[kind])


# -- candidates -------------------------------------------------------------------

def trafilatura_paragraphs(tree, url: str | None = None) -> list[str]:
    import trafilatura

    try:
        text = trafilatura.extract(tree, url=url, fast=True, include_comments=False, include_tables=True,
                                   output_format="txt", deduplicate=False)
    except Exception as exc:  # a bug in the library on one page must not lose the page
        log.debug("trafilatura failed: %s", exc)
        return []
    return _lines(text or "")


@functools.lru_cache(maxsize=1)
def _readability_class():
    """readability's Document with a cheaper parse: the same cleaning, minus the two passes over every
    link (``javascript:`` URL removal and base-href resolution) that cost a third of its time and do not
    change the text."""
    from lxml_html_clean import Cleaner
    from readability import Document
    from readability.readability import REGEXES

    cleaner = Cleaner(scripts=True, javascript=False, comments=True, style=True, links=True, meta=False,
                      add_nofollow=False, page_structure=False, processing_instructions=True, embedded=False,
                      frames=False, forms=False, annoying_tags=False, remove_tags=None,
                      remove_unknown_tags=False, safe_attrs_only=False)

    class FastDocument(Document):
        def _parse(self, input):
            doc = md.parse(input) if isinstance(input, str) else input
            if doc is None:
                raise ValueError("no markup")
            self.encoding = "utf-8"
            for elem in doc.xpath("//*[@hidden]"):
                elem.drop_tree()
            for elem in doc.xpath("//*[@style]"):
                if REGEXES["displayNoneRe"].search(elem.get("style")):
                    elem.drop_tree()
            return cleaner.clean_html(doc)

    return FastDocument


def readability_paragraphs(html: str, url: str | None = None) -> list[str]:
    from lxml import html as lxml_html

    try:
        summary = _readability_class()(html).summary(html_partial=True)
        frag = lxml_html.fragment_fromstring(summary, create_parent="div")
    except Exception as exc:
        log.debug("readability failed: %s", exc)
        return []
    for el in frag.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    return _lines(frag.text_content())


def _lines(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = _WS.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _cover(a: Counter, b: Counter) -> float:
    """Share of a's shingles that are also in b."""
    total = sum(a.values())
    return sum((a & b).values()) / total if total else 0.0


def _ntokens(pars: list[str]) -> int:
    return sum(len(_TOKEN.findall(p)) for p in pars)


# -- merging ----------------------------------------------------------------------------

def choose_body(traf: list[str], read: list[str], jsonld: list[str]) -> tuple[list[str], str]:
    """The body paragraphs and which extractor(s) they came from."""
    nt, nr = _ntokens(traf), _ntokens(read)
    st = _shingles("\n".join(traf))
    sr = _shingles("\n".join(read))
    if nt < 25:
        # trafilatura found (almost) nothing: take the other candidate with the most text
        for cand, name in ((read, "readability"), (jsonld, "json-ld")):
            if _ntokens(cand) >= 50:
                return cand, name
        return traf or read or jsonld, "trafilatura" if traf else "readability" if read else "json-ld"
    if nr and _cover(st, sr) >= 0.85 and nr >= 1.6 * nt:
        # readability has all of trafilatura's text and much more: trafilatura stopped early
        return read, "readability"
    if jsonld and _ntokens(jsonld) >= 1.6 * nt and _cover(st, _shingles("\n".join(jsonld))) >= 0.85:
        return jsonld, "json-ld"
    pars = list(traf)
    if nr >= 50 and _cover(st, sr) >= 0.6:
        pars = _trim_edges(pars, sr)
        # Adding readability's extra paragraphs inside the shared text (or a lead right before it) was
        # measured and rejected: they are mostly captions and embeds (F1 0.972 -> 0.967 / 0.9717).
    return pars, "trafilatura"


def _looks_like_chrome(par: str) -> bool:
    """Short and not a sentence: a menu entry, link, label, counter or tag."""
    return len(par) < 120 and (not _SENTENCE_END.search(par) or len(_TOKEN.findall(par)) < 4)


def _trim_edges(pars: list[str], support: Counter) -> list[str]:
    """Drop leading and trailing chrome-like paragraphs the second extractor does not confirm."""
    def unsupported(p: str) -> bool:
        return _cover(_shingles(p), support) < 0.34

    while pars and unsupported(pars[0]) and (_looks_like_chrome(pars[0]) or is_boilerplate(pars[0])):
        pars = pars[1:]
    while pars and unsupported(pars[-1]) and (_looks_like_chrome(pars[-1]) or is_boilerplate(pars[-1])):
        pars = pars[:-1]
    return pars


def _drop_link_runs(pars: list[str], support: Counter | None) -> list[str]:
    """Drop runs of >= 3 short unpunctuated lines (menus, related links, tag lists) the other extractor lacks.

    Lists that belong to the article (tour dates, ingredients) are usually found by both extractors,
    so a run is only dropped when readability's text does not contain it.
    """
    out: list[str] = []
    i = 0
    while i < len(pars):
        j = i
        while j < len(pars) and _looks_like_chrome(pars[j]) and len(pars[j]) < 100:
            j += 1
        if j - i >= 3:
            run = pars[i:j]
            at_edge = i == 0 or j == len(pars)
            supported = support is not None and _cover(_shingles("\n".join(run)), support) >= 0.5
            if not supported and (at_edge or j - i >= 5 or support is not None):
                i = j
                continue
            out.extend(run)
            i = j
        else:
            out.append(pars[i])
            i += 1
    return out


def clean_paragraphs(pars: list[str], title: str | None = None, support: Counter | None = None) -> list[str]:
    """Remove boilerplate lines the second extractor does not confirm, and a repeated headline."""
    out = []
    for p in pars:
        p = p.strip()
        if p.startswith("- "):
            p = p[2:].strip()  # trafilatura's list-item marker
        if not p:
            continue
        if is_boilerplate(p, ("always",)):
            continue
        if is_boilerplate(p, ("unconfirmed",)) and (
                support is None or _cover(_shingles(p), support) < 0.5):
            continue
        if title and p == title and not out:
            continue  # the headline repeated at the top of the body
        out.append(p)
    out = _cut_after_related_label(out)
    return _drop_link_runs(out, support)


_RELATED_LABEL = re.compile(
    r"(?:related|more|recommended|trending|most read|most popular|popular|latest|up next|you may also like|"
    r"you might also like|also read|read (also|more|next)|see also|more (stories|news|articles|coverage)"
    r"(?: (from|on|in) [\w .]+)?|more great [\w .]+ stories)\s*(?:stories|articles|posts|links|reading|videos)?"
    r"\s*[:.…]*",
    re.I,
)


def _cut_after_related_label(pars: list[str]) -> list[str]:
    """A bare "Related" / "You may also like" label followed only by short lines ends the article."""
    for i in range(max(1, len(pars) - 12), len(pars)):
        if _RELATED_LABEL.fullmatch(pars[i]) and all(len(p) < 160 for p in pars[i + 1:]):
            return pars[:i]
    return pars


def split_jsonld_body(text: str) -> list[str]:
    text = text.replace("\r\n", "\n")
    parts = re.split(r"\n\s*\n|\n", text) if "\n" in text else [text]
    return [_WS.sub(" ", md.clean(p)) for p in parts if md.clean(p)]


# -- the stage entry point ---------------------------------------------------------------

def extract_html(html: str, rec: Record) -> None:
    """Fill ``rec.article`` from an HTML page (never raises for an odd page; records warnings)."""
    art = rec.article
    tree = md.parse(html)
    if tree is None:
        rec.warn("the page has no HTML markup")
        return
    url = rec.source.url
    pm = md.extract_metadata(tree, url=url, warc_date=rec.source.warc_date)
    for w in pm.warnings:
        rec.warn(w)

    # body
    traf = trafilatura_paragraphs(tree, url=url)
    read = readability_paragraphs(html, url=url)
    jsonld = split_jsonld_body(pm.article_body) if pm.article_body else []
    pars, chosen = choose_body(traf, read, jsonld)
    title = pm.title.value if pm.title else None
    support = _shingles("\n".join(read)) if chosen != "readability" and _ntokens(read) >= 50 else None
    art.set_paragraphs(clean_paragraphs(pars, title, support))

    # metadata
    if title:
        art.title = title
    if pm.outlet is None:
        host = md.outlet_from_url(url or (pm.url.value if pm.url else None))
        if host:
            pm.outlet = md.Candidate(host, "url", 0.4)
    if pm.outlet:
        art.outlet = pm.outlet.value
    if url is None and pm.url:
        art.url = pm.url.value
    elif url:
        art.url = url
    if pm.published is None:
        pm.published = md.date_by_htmldate(tree, url, rec.source.warc_date)
    if pm.published is None and rec.source.warc_date:
        d = md.parse_date(rec.source.warc_date)
        if d is not None:
            # the crawl date bounds the publication date; it is only a last resort
            pm.published = md.Candidate(md.iso(d), "warc-date", 0.2)
    if pm.published:
        art.published = pm.published.value
    if pm.authors:
        art.authors = list(pm.authors.value)
    art.standfirst = choose_standfirst(pm, art.paragraphs, title)
    art.provenance.update(pm.provenance())
    if art.paragraphs:
        art.provenance["text"] = FieldProvenance(chosen, 0.9 if chosen == "trafilatura" else 0.7)
    if pm.language and not art.language:
        art.language = pm.language
        art.provenance["language"] = FieldProvenance("meta", 0.7)


def choose_standfirst(pm: md.PageMeta, paragraphs: list[str], title: str | None) -> str | None:
    """The page's lead/dek when it is one, not an automatic excerpt of the first paragraph."""
    first = paragraphs[0] if paragraphs else ""
    for cand in (pm.standfirst_dom, pm.description):
        if not cand:
            continue
        cand = cand.strip()
        if not 30 <= len(cand) <= 600 or cand.endswith(("...", "…")):
            continue
        if title and (cand == title or cand in title):
            continue
        if first and (first.startswith(cand[: max(30, len(cand) - 5)]) or cand.startswith(first)):
            continue  # an excerpt of the body's first paragraph, not a separate standfirst
        if is_boilerplate(cand):
            continue
        if pm.outlet and pm.outlet.value and pm.outlet.value.lower() in cand.lower()[:60] and "news" in cand.lower():
            continue  # a site-wide description ("The latest news from …")
        return cand
    return None
