"""Page metadata from HTML: title, publication date, authors, outlet, canonical URL, standfirst.

Each value comes with where it was found (:class:`FieldProvenance`): structured data first
(JSON-LD, then ``<meta>`` tags, which publishers fill for search engines and social cards and
which are therefore the most reliable), then what is visible on the page (bylines,
``<time>`` elements), then weaker clues (date in the URL, htmldate's heuristics, the crawl
date of a WARC record).  Nothing here fetches anything.
"""
from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator
from urllib.parse import urlparse

from lxml import html as lxml_html

from quotewire.record import FieldProvenance

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "socialmediaposting", "liveblogposting",
    "scholarlyarticle", "techarticle", "report", "webpage", "creativework", "review", "medicalwebpage",
}
# the more specific a type, the better its fields describe the article (WebPage is the page around it)
_TYPE_RANK = {"webpage": 1, "creativework": 1, "medicalwebpage": 1}


@dataclass
class Candidate:
    value: Any
    source: str
    confidence: float


@dataclass
class PageMeta:
    title: Candidate | None = None
    published: Candidate | None = None
    authors: Candidate | None = None
    outlet: Candidate | None = None
    url: Candidate | None = None
    description: str | None = None
    standfirst_dom: str | None = None
    language: str | None = None
    article_body: str | None = None  # JSON-LD articleBody
    warnings: list[str] = field(default_factory=list)

    def provenance(self) -> dict[str, FieldProvenance]:
        out = {}
        for name in ("title", "published", "authors", "outlet", "url"):
            c = getattr(self, name)
            if c is not None and c.value:
                out[name] = FieldProvenance(c.source, c.confidence)
        return out


# -- helpers ----------------------------------------------------------------

_WS = re.compile(r"\s+")


def clean(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    if "&" in text:
        text = html_lib.unescape(text)  # JSON-LD and meta values are often entity-escaped twice
    return _WS.sub(" ", text).strip()


def _walk_jsonld(obj: Any) -> Iterator[dict]:
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            if isinstance(v, (dict, list)):
                yield from _walk_jsonld(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk_jsonld(v)


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def jsonld_objects(tree) -> list[dict]:
    """All JSON objects of the page's ``application/ld+json`` scripts (broken ones skipped)."""
    objs = []
    for script in tree.xpath('//script[contains(translate(@type,"LDJSON","ldjson"),"ld+json")]'):
        text = (script.text or "").strip()
        if not text:
            continue
        text = re.sub(r"^\s*<!--|-->\s*$", "", text)
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            # a common publisher bug: several objects pasted one after the other, or a trailing comma
            try:
                data = json.loads("[" + re.sub(r"}\s*{", "},{", re.sub(r",\s*([}\]])", r"\1", text)) + "]", strict=False)
            except ValueError:
                continue
        objs.extend(_walk_jsonld(data))
    return objs


def _article_object(objs: list[dict]) -> dict | None:
    best, best_rank = None, -1
    for o in objs:
        types = _types(o)
        if not types & ARTICLE_TYPES:
            continue
        rank = max(_TYPE_RANK.get(t, 3) for t in types & ARTICLE_TYPES)
        if o.get("headline") or o.get("articleBody"):
            rank += 1
        if rank > best_rank:
            best, best_rank = o, rank
    return best


def _names(value: Any) -> list[str]:
    """Person names from a JSON-LD author value (string, Person, list of either)."""
    out = []
    if isinstance(value, str):
        out.extend(split_authors(value))
    elif isinstance(value, dict):
        if _types(value) & {"organization", "newsmediaorganization", "corporation"}:
            return out  # the publisher named as author: not a person
        name = value.get("name")
        if isinstance(name, list):
            for n in name:
                out.extend(_names(n))
        elif isinstance(name, str):
            out.extend(split_authors(name))
    elif isinstance(value, list):
        for v in value:
            out.extend(_names(v))
    return out


# -- authors ------------------------------------------------------------------

_BY = re.compile(r"^\s*(?:written\s+|reported\s+|posted\s+|words\s+)?(?:by|from|por|von|par|di|door|av|af)\s*[:\-]?\s+", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bwith\b)\s*", re.I)
_NOT_NAME = re.compile(
    r"(https?:|www\.|@|\.com\b|\d|\b(staff|team|desk|editor(s|ial)?|news|newsroom|agency|contributors?|reporters?|"
    r"correspondents?|wire|service|updated|published|posted|share|follow|subscribe|sign in|log ?in|menu|home|"
    r"search|more|read|click|comments?|twitter|facebook|email|minutes?|min read|admin|administrator|"
    r"guest|anonymous|unknown|associated press|press association|reuters|afp|cnn|bbc|ap|upi|writer|columnist|producer|"
    r"photographer|analyst|contributing|senior|chief|political|by|view|profile|posts|articles|about|"
    r"international|media|times|post|daily|magazine|journal|network|insider|sport|sports|group|inc|ltd|llc|"
    r"online|tv|radio|channel|digital|studio|company|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|january|february|march|april|june|july|august|september|october|november|december)\b)",
    re.I,
)
_PARTICLES = {"de", "da", "das", "do", "dos", "du", "van", "von", "der", "den", "del", "della", "di", "la", "le",
              "bin", "ibn", "al", "el", "y", "e", "ter", "zu", "af", "st."}
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.\-]*$", re.UNICODE)


_GLUED = re.compile(r"(?<=[a-zA-Z])\s?(?:Associated Press|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                    r"Updated|Published|Posted|Staff|Reuters)\b.*$")


def split_authors(text: str) -> list[str]:
    text = clean(text)
    text = _BY.sub("", text)
    text = re.sub(r"(?<=[a-z]{3})\.\s+", ", ", text)  # "Jane Doe. Outlet Name"
    parts = [_GLUED.sub("", p).strip(" .:-–—") for p in _AUTHOR_SPLIT.split(text)]
    return [p for p in parts if p]


def plausible_name(name: str) -> bool:
    """A person's name, not navigation text, a date, an agency or a URL."""
    name = clean(name)
    if not 3 <= len(name) <= 60 or _NOT_NAME.search(name):
        return False
    tokens = name.split()
    if not 1 <= len(tokens) <= 5:
        return False
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    # names are capitalised in scripts that have case; lower-case words ("de", "van") are allowed inside
    cased = [t for t in tokens if t[0].isalpha() and t[0].lower() != t[0].upper()]
    if cased and not cased[0][0].isupper():
        return False
    if cased and sum(t[0].isupper() for t in cased) < max(1, len(cased) - 2):
        return False
    if cased and tokens[0].lower() in ("the", "a", "an", "our", "your", "my"):
        return False
    if len(tokens) > 1 and any(not t[0].isupper() and t.lower() not in _PARTICLES for t in cased):
        return False
    if len(tokens) == 1 and cased:  # a single cased word is more often a label ("Admin", "Editor") than a name
        return False
    return True


def normalise_authors(names: Iterable[str]) -> list[str]:
    out, seen = [], set()
    for n in names:
        for part in split_authors(n):
            part = clean(part)
            if part.isupper() and len(part) > 3:
                part = part.title()  # "TOM KRISHER" -> "Tom Krisher"
            if plausible_name(part) and part.lower() not in seen:
                seen.add(part.lower())
                out.append(part)
    return out


# -- dates ----------------------------------------------------------------------

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
_URL_DATE_COMPACT = re.compile(r"[/_-]((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")


def parse_date(value: Any) -> datetime | None:
    """An ISO-8601-ish date string as a datetime (aware when the string has an offset)."""
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    s = s.replace("Z", "+00:00") if s.endswith("Z") else s
    s = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", s)  # +0100 -> +01:00
    s = re.sub(r"\.\d+(?=[+-]\d\d:\d\d$|$)", "", s)  # fractional seconds
    s = s.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", s) else s
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        pass
    m = re.match(r"(\d{4})-?(\d\d)-?(\d\d)", s)
    if m:
        try:
            return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:  # RFC 822 dates (feeds, some meta tags)
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def iso(dt: datetime) -> str:
    """ISO 8601 as the page gives it: a date alone when there is no time of day."""
    if dt.hour == dt.minute == dt.second == 0 and dt.tzinfo is None:
        return dt.date().isoformat()
    return dt.isoformat()


def _naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt


def not_after(dt: datetime, limit: datetime | None) -> bool:
    if limit is None:
        return True
    # compare in UTC; a date without a time zone is given a day's leeway (local time of the page)
    a, b = _naive_utc(dt), _naive_utc(limit)
    if dt.tzinfo is None:
        return a.date() <= b.date()
    return a <= b


def url_date(url: str | None) -> datetime | None:
    if not url:
        return None
    path = urlparse(url).path
    for rx in (_URL_DATE, _URL_DATE_COMPACT):
        m = rx.search(path)
        if m:
            try:
                return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


# -- outlet / title -------------------------------------------------------------

_TITLE_SEP = re.compile(r"\s+[|–—:·•»-]\s+")


def split_title(title: str, outlet: str | None) -> str:
    """Drop a site-name suffix/prefix ("Story – The Outlet") from a <title>."""
    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title
    low_outlet = (outlet or "").lower()
    if low_outlet:
        keep = [p for p in parts if p.lower() != low_outlet and low_outlet not in p.lower()]
        if keep and len(keep) < len(parts):
            return " - ".join(keep) if len(keep) > 1 else keep[0]
    # otherwise the longest part is the headline (site names are short)
    longest = max(parts, key=len)
    return longest if len(longest) >= 0.5 * len(title) else title


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    host = re.sub(r"^(www\d?|m|amp|mobile|edition|news)\.", "", host)
    return host or None


# -- main ---------------------------------------------------------------------------

_STANDFIRST_XPATH = (
    '//*[self::p or self::div or self::h2 or self::span][contains(concat(" ", normalize-space(@class), " "), " standfirst ")'
    ' or contains(@class, "standfirst") or contains(@class, "article-dek") or contains(@class, "dek ")'
    ' or contains(@class, "subheadline") or contains(@class, "sub-headline") or contains(@class, "subtitle")'
    ' or contains(@class, "article-summary") or contains(@class, "article__summary") or contains(@class, "lede")'
    ' or contains(@class, "intro") or contains(@class, "teaser") or @itemprop="description"]'
)


def _meta(tree) -> dict[str, str]:
    """<meta> tags keyed by lower-cased name/property/itemprop (first one wins)."""
    out: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        content = m.get("content")
        if key and content and content.strip():
            out.setdefault(key.strip().lower(), clean(content))
    return out


def extract_metadata(tree, url: str | None = None, warc_date: str | None = None) -> PageMeta:
    """Metadata of a parsed page; ``url`` is the page's known URL (WARC target), if any."""
    pm = PageMeta()
    meta = _meta(tree)
    objs = jsonld_objects(tree)
    art = _article_object(objs) or {}
    limit = parse_date(warc_date) if warc_date else None

    # outlet
    publisher = art.get("publisher")
    pub_name = clean(publisher.get("name")) if isinstance(publisher, dict) else clean(publisher) if isinstance(publisher, str) else ""
    if not pub_name:
        for o in objs:
            if _types(o) & {"organization", "newsmediaorganization"} and clean(o.get("name")):
                pub_name = clean(o.get("name"))
                break
    if meta.get("og:site_name", "").startswith(("http://", "https://")):
        meta["og:site_name"] = outlet_from_url(meta["og:site_name"]) or ""
    if " | " in meta.get("og:site_name", ""):
        meta["og:site_name"] = meta["og:site_name"].split(" | ")[0]
    if meta.get("og:site_name"):
        pm.outlet = Candidate(meta["og:site_name"], "meta", 0.9)
    elif pub_name:
        pm.outlet = Candidate(pub_name, "json-ld", 0.85)
    elif meta.get("application-name") or meta.get("twitter:site"):
        name = meta.get("application-name") or meta["twitter:site"].lstrip("@")
        pm.outlet = Candidate(name, "meta", 0.5)

    # canonical url
    canon = None
    for link in tree.xpath('//link[@rel="canonical"][@href]'):
        canon = link.get("href").strip()
        break
    for value, source in ((canon, "canonical"), (meta.get("og:url"), "meta"), (_str(art.get("url")), "json-ld")):
        if value and value.startswith(("http://", "https://")):
            pm.url = Candidate(value, source, 0.9 if source == "canonical" else 0.8)
            break

    # title
    headline = clean(_str(art.get("headline")))
    titles = [
        (headline, "json-ld", 0.95),
        (meta.get("og:title", ""), "meta", 0.9),
        (meta.get("twitter:title", ""), "meta", 0.85),
    ]
    h1 = [clean(h.text_content()) for h in tree.xpath("//h1")[:3]]
    tag = tree.find(".//title")
    page_title = clean(tag.text_content()) if tag is not None else ""
    outlet = pm.outlet.value if pm.outlet else None
    for value, source, conf in titles:
        if value:
            value = split_title(value, outlet) if source == "meta" else value
            # an h1 equal to the structured title confirms it
            conf = min(0.99, conf + 0.04) if value in h1 else conf
            pm.title = Candidate(value, source, conf)
            break
    if pm.title is None:
        if page_title:
            t = split_title(page_title, outlet)
            match = next((h for h in h1 if h and (h in t or t in h)), None)
            pm.title = Candidate(match or t, "title", 0.8 if match else 0.6)
        elif h1 and h1[0]:
            pm.title = Candidate(h1[0], "h1", 0.6)

    # published date: structured, then visible <time>, then url
    dates: list[tuple[str, str, float]] = []
    for key in ("datePublished", "dateCreated", "uploadDate"):
        if isinstance(art.get(key), str):
            dates.append((art[key], "json-ld", 0.95))
    for key in ("article:published_time", "og:article:published_time", "article.published", "datepublished",
                "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date", "published-date",
                "dc.date.issued", "dc.date", "dcterms.date", "dcterms.created", "citation_publication_date",
                "citation_date", "date", "article_date_original", "og:published_time", "cxenseparse:recs:publishtime"):
        if key in meta:
            dates.append((meta[key], "meta", 0.9))
    for t in tree.xpath('//time[@datetime][not(ancestor::aside)][not(ancestor::footer)]')[:2]:
        dates.append((t.get("datetime"), "time-element", 0.75))
    dates.append((_str(art.get("dateModified")), "json-ld-modified", 0.5))
    for value, source, conf in dates:
        dt = parse_date(value)
        if dt is None or dt.year < 1990:
            continue
        if not not_after(dt, limit):
            pm.warnings.append(f"ignored {source} date {value} later than the crawl date {warc_date}")
            continue
        pm.published = Candidate(iso(dt), source, conf)
        break
    if pm.published is None:
        dt = url_date(url) or url_date(pm.url.value if pm.url else None)
        if dt is not None and not_after(dt, limit):
            pm.published = Candidate(iso(dt), "url", 0.7)

    # authors
    authors = normalise_authors(_names(art.get("author")) or _names(art.get("creator")))
    if authors:
        pm.authors = Candidate(authors, "json-ld", 0.9)
    else:
        for key in ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author", "citation_author"):
            if key in meta:
                authors = normalise_authors([meta[key]])
                if authors:
                    pm.authors = Candidate(authors, "meta", 0.8)
                    break
    if pm.authors is not None and pm.outlet is not None:
        kept = [a for a in pm.authors.value if a.lower() != pm.outlet.value.lower()]
        pm.authors = Candidate(kept, pm.authors.source, pm.authors.confidence) if kept else None
    if pm.authors is None:
        authors = normalise_authors(_byline_texts(tree))
        if authors:
            pm.authors = Candidate(authors, "byline", 0.6)

    # description / standfirst candidates
    pm.description = clean(meta.get("og:description") or meta.get("description") or meta.get("twitter:description")
                           or _str(art.get("description"))) or None
    for el in tree.xpath(_STANDFIRST_XPATH)[:3]:
        text = clean(el.text_content())
        title = pm.title.value if pm.title else ""
        if 40 <= len(text) <= 600 and not (title and title[:40] in text):
            pm.standfirst_dom = text
            break

    body = art.get("articleBody")
    if isinstance(body, str) and body.strip():
        pm.article_body = body

    # declared language, trusted only when two declarations agree (html lang alone is often a template default)
    decl = [tree.get("lang") or tree.get("xml:lang"), meta.get("og:locale"), meta.get("content-language"),
            _str(art.get("inLanguage"))]
    codes = [d.replace("_", "-").split("-")[0].lower() for d in decl if d]
    if len(codes) >= 2 and len(set(codes)) == 1 and re.fullmatch(r"[a-z]{2}", codes[0]):
        pm.language = codes[0]
    return pm


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _str(value.get("@id") or value.get("url") or value.get("name"))
    if isinstance(value, list) and value:
        return _str(value[0])
    return ""


_BYLINE_XPATH = (
    '//*[@rel="author" or @itemprop="author" or contains(@class, "byline") or contains(@class, "author-name")'
    ' or contains(@class, "author__name") or contains(@class, "article-author") or contains(@class, "contributor-name")]'
)


def _byline_texts(tree) -> list[str]:
    out = []
    for el in tree.xpath(_BYLINE_XPATH)[:6]:
        if el.xpath("ancestor::nav or ancestor::footer or ancestor::aside"):
            continue
        name = el.xpath('.//*[@itemprop="name"]')
        text = clean((name[0] if name else el).text_content())
        if text and len(text) <= 120:
            out.append(text)
    return out


def date_by_htmldate(tree, url: str | None, warc_date: str | None) -> Candidate | None:
    """htmldate's heuristics over the whole page: slower, used only when nothing structured was found."""
    try:
        from htmldate import find_date
        from copy import deepcopy

        kwargs: dict[str, Any] = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
        limit = parse_date(warc_date) if warc_date else None
        if limit is not None:
            kwargs["max_date"] = _naive_utc(limit).strftime("%Y-%m-%d")
        found = find_date(deepcopy(tree), url=url, **kwargs)
    except Exception:  # htmldate is a heuristic helper; its failure only means "no date"
        return None
    if not found:
        return None
    return Candidate(found, "htmldate", 0.55)


def parse(html: str):
    """An lxml tree of an HTML string, or None when it holds no markup at all."""
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses str input with an encoding declaration
    if not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html)
    except Exception:
        return None
