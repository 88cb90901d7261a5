"""Article extraction from plain text a scraper saved (one line per block element).

``extract_text(text, rec)`` fills ``rec.article``: title, standfirst, published,
authors, outlet, paragraphs and a provenance entry for each field it sets.

Steps:
1. split the page into non-blank lines and score each with the line classifier
   (``lines.py``: line shape + neighbourhood features, a gradient-boosted tree
   ensemble stored as JSON in ``data/text/line_model.json``);
2. decode the body (``select_body``): nothing after a reader-comment marker or an
   article's end (copyright line, tags); link lists under "Most popular"-style
   headers, captions and "READ MORE" links are never body but do not break the
   body either; the main run of body lines is the maximum-sum span of the
   probabilities, preferring a span that starts after the headline; a page whose
   one long prose line outweighs everything else is a one-paragraph article;
3. drop the headline's repeats (image captions), the <title> copy, datelines,
   bylines and duplicate lines from the body;
4. the headline is the line that matches the page's <title> copy (its first
   line), else a line repeated just above the body, else the title copy itself;
   the standfirst is a sentence-like line between headline and body; the
   published time comes from the datelines around them (``dateline.py``; a date
   later than the WARC crawl is rejected), authors from a byline there;
5. the outlet comes from site-chrome fingerprints (``data/text/outlets.tsv``),
   else the title's " - Site" suffix, else a copyright footer.

Lexicons (stop words, chrome words, caption/link/comment/end patterns, month
names) are data files in ``data/text/`` with their provenance.
"""
from __future__ import annotations

import re

import numpy as np

from quotewire.extract import dateline as D
from quotewire.extract import lines as L
from quotewire.extract import outlets as O
from quotewire.record import FieldProvenance, Record

# decoding thresholds (3-fold cross-validation on the train half of benchmarks/splits/scraped_text.json;
# F1 is flat within +-0.003 for SPAN_BIAS 0.4, KEEP_IN_SPAN 0.15-0.3, KEEP_OUTSIDE 0.85-0.95)
SPAN_BIAS = 0.4  # a line adds (p - SPAN_BIAS) * sqrt(words) to the span score
KEEP_IN_SPAN = 0.25  # inside the main span keep lines with p >= this
KEEP_OUTSIDE = 0.9  # outside it only very confident lines


def body_probabilities(lines: list[L.Line]) -> np.ndarray:
    return body_scores(lines)[1]


def body_scores(lines: list[L.Line]) -> tuple[np.ndarray, np.ndarray]:
    """(features, body probabilities) of the page's lines."""
    model = L.line_model()
    if model is None or len(lines) == 0:
        X = L.page_features(lines)
        return X, _rule_probabilities(lines, X)
    return model.proba(lines)


def _rule_probabilities(lines: list[L.Line], X: np.ndarray) -> np.ndarray:
    """Fallback when no trained weights are present: long, sentence-like, stop-word-rich lines."""
    if len(lines) == 0:
        return np.zeros(0)
    f = {n: X[:, i] for i, n in enumerate(L.FEATURES)}
    z = (f["log_tokens"] - 2.3) * 1.5 + f["ends_sentence"] + (f["stop_ratio"] - 0.2) * 4 + (f["nb3_len"] - 2) - 3 * f["chrome_phrase"]
    return 1 / (1 + np.exp(-z))


def select_body(lines: list[L.Line], p: np.ndarray, head: int | None = None, X: np.ndarray | None = None) -> list[int]:
    """Indices (into ``lines``) of the body lines."""
    n = len(lines)
    if n == 0:
        return []
    mass = np.array([max(L.eff_tokens(l.text), 1.0) for l in lines])
    if head is None:
        normed = [L.norm_line(l.text) for l in lines]
        head = L.headline_index(lines, normed, normed[0])
    X = L.page_features(lines) if X is None else X
    # reader comments: nothing after a comment-section marker that follows body text
    after_comments = X[:, L.FEATURES.index("after_comments")] > 0
    p = np.where(after_comments | L.after_end_marker(lines, head), 0.0, p)
    # known furniture that sits inside articles ("Related stories" lists, captions, "READ MORE"
    # links) is never body but does not break the run of body lines around it either
    furniture = L.link_lists(lines) | np.array([L.is_caption(l.text) or L.is_inline_link(l.text) for l in lines])
    p = np.where(furniture, 0.0, p)
    bs, be = L.main_span(p, np.where(furniture, 0.0, mass), head, SPAN_BIAS)
    keep = []
    for i in range(n):
        if bs <= i <= be:
            if p[i] >= KEEP_IN_SPAN:
                keep.append(i)
        elif p[i] >= KEEP_OUTSIDE:
            keep.append(i)
    # a one-paragraph page: a long prose line among short chrome outweighs the selection
    sel = float(mass[keep].sum()) if keep else 0.0
    best, best_mass = None, 0.0
    for i in range(n):
        if mass[i] > best_mass and mass[i] >= 30 and _prose(lines[i].text):
            best, best_mass = i, float(mass[i])
    if best is not None and best not in keep and best_mass > 2 * sel:
        keep = [best]
    return keep


def _prose(text: str) -> bool:
    """Running text: ends like a sentence, has function words (or is in a spaceless script)."""
    toks = L.TOKEN.findall(text)
    if not toks or not L._SENT_END.search(text):
        return False
    stop, _, phrases = L._sets()
    low = text.casefold()
    if any(ph in low for ph in phrases):
        return False
    ratio = sum(1 for t in toks if t.casefold() in stop) / len(toks)
    return ratio >= 0.15 or L.eff_tokens(text) > 1.5 * len(toks)


# -- metadata -----------------------------------------------------------------------

_BYLINE = re.compile(
    r"(?:^|[\s|,·•–—-])(?i:by|written by|words by|author:?|posted by|reporting by|von|par|por)\s+"
    r"(?P<names>[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]+(?:\s+[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|&|und|et|y|e)\s+[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]+(?:\s+[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]+){0,3})*)",
)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*")


def _names(chunk: str) -> list[str]:
    stop, chrome, _ = L._sets()
    roles = frozenset(L.lexicon()["byline_stopwords"])
    out: list[str] = []
    for name in _NAME_SPLIT.split(chunk):
        words = name.split()
        while words and (words[-1].casefold() in stop or words[-1].casefold() in chrome):
            words.pop()  # "By Jane Doe Updated" -> "Jane Doe"
        if not 2 <= len(words) <= 4:
            continue
        if any(w.casefold().strip(".") in stop or w.casefold() in chrome or w.casefold() in D.month_names() for w in words):
            continue
        if any(ch.isdigit() for ch in name) or any(w.casefold().strip(".,") in roles for w in words):
            continue
        half = len(words) // 2
        if len(words) % 2 == 0 and words[:half] == words[half:]:
            words = words[:half]  # "Sean Martin Sean Martin": a name printed twice
            if len(words) < 2:
                continue
        name = " ".join(words)
        if name not in out:
            out.append(name)
    return out


def find_authors(texts: list[str]) -> list[str]:
    for t in texts:
        if len(t.split()) > 25 or L.is_caption(t) or re.search(r"\b(?:photo|image|picture|getty|illustration)s?\b", t, re.IGNORECASE):
            continue
        m = _BYLINE.search(t)
        if m:
            names = _names(m["names"])
            if names:
                return names
    return []


def _title_like(line: L.Line) -> bool:
    toks = L.TOKEN.findall(line.text)
    if not 2 <= len(toks) <= 30:
        return False
    if D.is_dateline(line.text) or _BYLINE.search(line.text):
        return False
    low = line.text.casefold()
    chrome = L._sets()[1]
    if sum(1 for t in toks if t.casefold() in chrome) > 0.25 * len(toks):
        return False
    return "icon" not in low and not any(ph in low for ph in L._sets()[2])


def find_headline(lines: list[L.Line], normed: list[str], head: int | None, body0: int) -> tuple[int | None, str | None, float]:
    """(line index, title text, confidence) of the headline."""
    if head is not None and head <= body0:
        return head, lines[head].text, 0.9
    # a line repeated just above the body: the headline and its image caption
    lo = max(0, body0 - 10)
    for i in range(lo, body0):
        if normed[i] and 4 <= len(normed[i].split()) <= 30 and normed.count(normed[i]) >= 2 and _title_like(lines[i]):
            return i, lines[i].text, 0.8
    # the <title> copy (first line), minus its " - Site" suffix
    first = lines[0]
    if body0 > 0 and _title_like(first):
        parts = O._TITLE_SEP.split(first.text)
        title = " - ".join(parts[:-1]) if len(parts) > 1 and len(parts[-1].split()) <= 5 else first.text
        return 0, title.strip(), 0.6
    # the nearest title-like line above the body
    for i in range(body0 - 1, max(-1, body0 - 10), -1):
        if _title_like(lines[i]) and not lines[i].text.rstrip().endswith((".", ",", ":")):
            return i, lines[i].text, 0.4
    return None, None, 0.0


def _is_standfirst(line: L.Line) -> bool:
    """A sentence-like line: long enough, no chrome words, no caption or credit."""
    toks = L.TOKEN.findall(line.text)
    if len(toks) < 8 or len(toks) > 80:
        return False
    if L._CAPTION.search(line.text) or L._BULLET.match(line.text) or L._URLISH.search(line.text):
        return False
    stop, chrome, phrases = L._sets()
    low = [t.casefold() for t in toks]
    if sum(1 for t in low if t in chrome) > 0.1 * len(toks) or any(ph in line.text.casefold() for ph in phrases):
        return False
    if re.match(r"^\s*(?:above|below|top|left|right|pictured|photo|image)\b\s*:", line.text, re.IGNORECASE):
        return False
    if re.search(r"\b(?:photo|image|picture|file photo|pictured|took this|seen here|in this \w+ \d)", line.text, re.IGNORECASE):
        return False  # a caption
    if re.match(r"^\s*(?:i am|i'm|we are|chat with us|join us|sign up|get the|download)\b", line.text, re.IGNORECASE):
        return False  # an author bio or a call to action
    words = [w for w in toks if w[:1].isalpha()]
    if words and sum(1 for w in words if w[:1].isupper()) > 0.6 * len(words):
        return False  # a title-cased teaser, not a sentence
    ratio = sum(1 for t in low if t in stop) / len(toks)
    return ratio >= 0.15 or L.eff_tokens(line.text) > len(toks) * 1.5


def _is_meta(line: L.Line) -> bool:
    """A dateline, byline or other short metadata line."""
    return L.eff_tokens(line.text) < 20 and (D.is_dateline(line.text) or bool(_BYLINE.search(line.text)))


def find_published(lines: list[L.Line], window: list[int], head: int | None, limit: str | None) -> tuple[str | None, float]:
    """The publication time among the dateline candidates in ``window`` (line indices)."""
    best, best_score = None, -1e9
    anchor = head if head is not None else (window[-1] if window else 0)
    for i in window:
        d = D.parse_dateline(lines[i].text)
        if d is None:
            continue
        if limit and d.iso > limit[: len(d.iso)]:
            continue  # later than the crawl: not this page's publication date
        score = (1.0 if d.has_time else 0.0) + {"published": 1.0, "updated": -0.7, "plain": 0.0}[d.kind]
        score += 0.5 if D.is_dateline(lines[i].text) else 0.0
        score -= 0.05 * abs(i - anchor)
        if score > best_score:
            best, best_score = d, score
    if best is None:
        return None, 0.0
    return best.iso, 0.9 if best.has_time and best_score > 0.5 else 0.7


def extract_text(text: str, rec: Record) -> None:
    art = rec.article
    lines = L.split_lines(text)
    if not lines:
        return
    X, p = body_scores(lines)
    normed = [L.norm_line(l.text) for l in lines]
    head0 = L.headline_index(lines, normed, normed[0])
    body = select_body(lines, p, head0, X)
    body0 = body[0] if body else len(lines)
    head, title, tconf = find_headline(lines, normed, head0, body0)
    # the headline repeated inside the body is an image caption; so is the <title> copy
    drop = {normed[0]} if 3 <= len(normed[0].split()) <= 30 and not _prose(lines[0].text) else set()
    if head is not None:
        drop.add(normed[head])
        drop.add(L.norm_line(title or ""))
    body = [i for i in body if i != head and normed[i] not in drop]
    if head is not None:
        # headline, standfirst, the headline again over the picture, body: what sits between the
        # two copies of the headline is the standfirst, not body
        again = next((i for i in range(head + 1, min(len(lines), head + 8)) if normed[i] == normed[head]), None)
        if again is not None:
            body = [i for i in body if not head < i < again]
    # dateline and byline lines are metadata, not body
    body = [i for i in body if not (L.eff_tokens(lines[i].text) < 20 and (D.is_dateline(lines[i].text) or _BYLINE.match(lines[i].text)))]
    # captions and credits, and a second copy of any line (repeated captions, pull quotes)
    seen: set[str] = set()
    kept = []
    for i in body:
        if L.is_caption(lines[i].text) or L.is_inline_link(lines[i].text) or normed[i] in seen:
            continue
        seen.add(normed[i])
        kept.append(i)
    body = kept
    body0 = body[0] if body else len(lines)
    bodyset = set(body)
    if title:
        art.title = title
        art.provenance["title"] = FieldProvenance("text-layout", tconf)
    # standfirst: a sentence-like line between the headline and the body
    if head is not None:
        seen = 0  # lines other than metadata between the headline and this one
        lists = L.link_lists(lines)
        for i in range(head + 1, body0):
            if normed[i] == normed[head] or _is_meta(lines[i]):
                continue
            if lists[i] or L.is_inline_link(lines[i].text):
                break
            if _is_standfirst(lines[i]):
                art.standfirst = lines[i].text
                art.provenance["standfirst"] = FieldProvenance("text-layout", 0.7)
                break
            seen += 1
            if seen >= 3:
                break
    top = head if head is not None else body0
    meta_window = range(max(0, top - 10), min(len(lines), body0 + 3))
    meta_lines = [i for i in meta_window if i not in bodyset]
    published, pconf = find_published(lines, meta_lines, head, rec.source.warc_date)
    if published:
        art.published = published
        art.provenance["published"] = FieldProvenance("dateline", pconf)
    authors = find_authors([lines[i].text for i in meta_lines if i != head])
    if authors:
        art.authors = authors
        art.provenance["authors"] = FieldProvenance("text-layout", 0.7)
    chrome = [lines[i].text for i in range(len(lines)) if i not in bodyset]
    outlet = O.match_fingerprint(chrome)
    if outlet:
        art.outlet, src, conf = outlet, "fingerprint", 0.95
    else:
        outlet = O.title_suffix(lines[0].text, title if head != 0 else None)
        src, conf = "text-layout", 0.6
        if not outlet:
            for t in reversed(chrome[-80:]):
                outlet = O.copyright_owner(t)
                if outlet:
                    src, conf = "text-layout", 0.3
                    break
    if outlet:
        art.outlet = outlet
        art.provenance["outlet"] = FieldProvenance(src, conf)
    art.set_paragraphs(lines[i].text for i in body)
    if body:
        src = "line-model" if L.line_model() else "text-layout"
        art.provenance["paragraphs"] = FieldProvenance(src, round(float(np.mean(p[body])), 3))
