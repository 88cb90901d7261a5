"""Line features and the learned line classifier for plain-text chrome removal.

A scraped page is a list of lines (one per block element).  Each non-blank line
gets a feature vector made of its own shape (length, punctuation, stop-word and
title-case ratios, chrome-word hits, icon-token density, repetition, resemblance
to the headline ...) and the shape of its neighbourhood (the lines around it and
the page as a whole).  A gradient-boosted tree ensemble, trained by
``benchmarks/train_line_model.py`` and stored as plain JSON in
``data/text/line_model.json``, turns the vectors into body probabilities.

Everything here is pure Python + numpy at run time; scikit-learn is only needed
for training.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data" / "text"
TOKEN = re.compile(r"\w+", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENT_END = re.compile(r"[.!?。！？…]['\"”’»)\]]*$")
_INNER_SENT = re.compile(r"[.!?][\"”’»)]*\s+[\"“‘«(]*[A-ZА-Я]")
_URLISH = re.compile(r"https?://|www\.|\.com\b|@\w")
_DATEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d\d\b|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written by|author|posted by|reporting by|von|par|por)\b[:\s]", re.IGNORECASE)
_CAPTION = re.compile(r"^(?:photo|image|picture|pic|credit|source|file photo|caption|illustration|video)\b\s*[:|(]|\((?:photo|image|credit|getty|reuters|ap|afp)\b|\b(?:getty images|shutterstock|afp via getty|/ ?reuters|/ ?ap\b|/ ?afp\b)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪►▸\-–—*|>]|\d+[.)])\s*")
_SEPARATORS = re.compile(r"\s[|•·/]\s|\s{3,}")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))


def _window_mean(arr: np.ndarray, k: int) -> np.ndarray:
    """Mean of each value's k neighbours on either side (itself excluded; fewer at the edges)."""
    n = len(arr)
    pad = np.concatenate([np.zeros(k), arr, np.zeros(k)])
    cs = np.concatenate([[0.0], np.cumsum(pad)])
    s = cs[2 * k + 1 :] - cs[: -2 * k - 1] - arr
    cnt = np.array([min(i, k) + min(n - 1 - i, k) for i in range(n)], dtype=float)
    return s / np.maximum(cnt, 1)


@lru_cache(maxsize=1)
def _sets() -> tuple[frozenset, frozenset, tuple]:
    lex = lexicon()
    return frozenset(lex["stopwords"]), frozenset(lex["chrome_words"]), tuple(lex["chrome_phrases"])


@lru_cache(maxsize=1)
def _comment_re() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in lexicon()["comment_markers"]), re.IGNORECASE)


@lru_cache(maxsize=1)
def _caption_re() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in lexicon()["caption_patterns"]), re.IGNORECASE)


def is_caption(text: str) -> bool:
    """A picture caption or credit line (lexicon.json caption_patterns)."""
    return eff_tokens(text) <= 50 and bool(_caption_re().search(text))


@lru_cache(maxsize=1)
def _inline_link_re() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in lexicon()["inline_link_patterns"]), re.IGNORECASE)


def is_inline_link(text: str) -> bool:
    """A 'READ MORE: other story' line or an ad label between body paragraphs."""
    return eff_tokens(text) <= 40 and bool(_inline_link_re().search(text))


@lru_cache(maxsize=1)
def _list_header_re() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in lexicon()["list_headers"]), re.IGNORECASE)


def _sentence(text: str) -> bool:
    return eff_tokens(text) >= 8 and bool(_SENT_END.search(text)) and not _BULLET.match(text)


def link_lists(lines: list[Line], max_items: int = 15, item_words: float = 20) -> np.ndarray:
    """Mask of list headers ("Most Popular", "Related stories" ...) and the short lines under them."""
    out = np.zeros(len(lines), dtype=bool)
    hdr = _list_header_re()
    i = 0
    while i < len(lines):
        if eff_tokens(lines[i].text) <= 8 and hdr.search(lines[i].text):
            out[i] = True
            j = i + 1
            while j < len(lines) and j - i <= max_items and eff_tokens(lines[j].text) < item_words:
                if _sentence(lines[j].text) and (eff_tokens(lines[j].text) >= 15 or (j + 1 < len(lines) and _sentence(lines[j + 1].text))):
                    break  # running sentences: the body goes on
                out[j] = True
                j += 1
            i = j
        else:
            i += 1
    return out


_SPACELESS = re.compile("[\u0E00-\u0EFF\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]")


@lru_cache(maxsize=1)
def _end_re() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in lexicon()["end_markers"]), re.IGNORECASE)


def after_end_marker(lines: list[Line], head: int | None) -> np.ndarray:
    """Mask of lines after an article's end (a copyright line, tag list, author box) that
    follows body-like text; the marker line itself included."""
    end = _end_re()
    mass = np.array([eff_tokens(l.text) for l in lines])
    marks = np.array([1.0 if m <= 25 and end.search(l.text) else 0.0 for l, m in zip(lines, mass)])
    out = _after_comments(marks, mass, head) > 0
    return out | ((marks > 0) & np.roll(out, -1)) if len(out) else out


def _spaceless(c: str) -> bool:
    """A letter of a script written without spaces between words (CJK, kana, hangul, Thai ...)."""
    return bool(_SPACELESS.match(c))


@lru_cache(maxsize=16384)
def eff_tokens(s: str) -> float:
    """Word count, counting two characters of a spaceless script as one word."""
    toks = TOKEN.findall(s)
    cjk = len(_SPACELESS.findall(s))
    if not cjk:
        return float(len(toks))
    return len([t for t in toks if not _SPACELESS.search(t)]) + cjk / 2.0


def norm_line(s: str) -> str:
    return " ".join(TOKEN.findall(s.casefold()))


@dataclass
class Line:
    idx: int  # position among all lines of the page
    text: str
    blank_before: bool
    blank_after: bool


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of a page, with whether a blank line borders each."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[Line] = []
    for i, line in enumerate(raw):
        s = " ".join(line.split())
        if not s:
            continue
        out.append(Line(i, s, i == 0 or not raw[i - 1].strip(), i + 1 >= len(raw) or not raw[i + 1].strip()))
    return out


FEATURES = [
    # own shape
    "log_tokens", "log_chars", "ends_sentence", "inner_sentences", "punct_ratio", "comma_rate", "stop_ratio",
    "title_ratio", "digit_ratio", "upper_ratio", "chrome_word_ratio", "chrome_phrase", "icon_density",
    "separators", "bullet", "byline", "caption", "urlish", "dateish", "quote_chars", "non_latin",
    "blank_before", "blank_after", "dup_count", "title_sim", "is_title_line", "len_vs_max", "len_rank",
    # position
    "rel_pos", "mass_before", "mass_after", "after_longest", "dist_longest",
    "after_headline", "dist_headline", "comment_marker", "after_comments",
    # neighbourhood (k = window half-width over non-blank lines)
    "nb1_len", "nb1_stop", "nb1_end", "nb1_chrome",
    "nb3_len", "nb3_stop", "nb3_end", "nb3_chrome", "nb3_long",
    "nb8_len", "nb8_long", "nb8_end",
    "prev_len", "next_len", "prev_end", "next_end", "prev_long", "next_long",
    "short_run", "long_before20", "long_after20",
]


def _shape(s: str, stop: frozenset, chrome: frozenset, phrases: tuple) -> list[float]:
    toks = TOKEN.findall(s)
    words = _WORD.findall(s)
    n = len(toks)
    ne = eff_tokens(s)
    nc = len(s)
    spaceless = len(_SPACELESS.findall(s)) / max(nc, 1)
    low = [t.casefold() for t in toks]
    letters = sum(c.isalpha() for c in s)
    non_latin = sum(1 for c in s if c.isalpha() and ord(c) > 0x24F) / max(letters, 1)
    punct = sum(1 for c in s if not c.isalnum() and not c.isspace())
    sl = s.casefold()
    icon = sum(1 for t in low if "icon" in t or t in {"svg", "bicon"}) / max(n, 1)
    stop_ratio = sum(1 for t in low if t in stop) / max(n, 1)
    if spaceless > 0.3:
        stop_ratio = 0.4  # unknown for scripts without spaces: impute a typical body value
    return [
        math.log1p(ne),
        math.log1p(nc),
        1.0 if _SENT_END.search(s) else 0.0,
        len(_INNER_SENT.findall(s)) / max(n, 1) * 10,
        punct / max(nc, 1),
        s.count(",") / max(n, 1),
        stop_ratio,
        sum(1 for w in words if w[:1].isupper()) / max(len(words), 1),
        sum(c.isdigit() for c in s) / max(nc, 1),
        sum(1 for w in words if len(w) > 1 and w.isupper()) / max(len(words), 1),
        sum(1 for t in low if t in chrome) / max(n, 1),
        1.0 if any(p in sl for p in phrases) else 0.0,
        icon,
        float(len(_SEPARATORS.findall(s))),
        1.0 if _BULLET.match(s) else 0.0,
        1.0 if _BYLINE.match(s) else 0.0,
        1.0 if _CAPTION.search(s) else 0.0,
        1.0 if _URLISH.search(s) else 0.0,
        1.0 if _DATEISH.search(s) else 0.0,
        sum(1 for c in s if c in "\"“”«»„") / max(n, 1),
        non_latin,
    ]


def _title_sim(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a)


def page_features(lines: list[Line], title_hint: str | None = None) -> np.ndarray:
    """Feature matrix (len(lines) x len(FEATURES)) for the non-blank lines of one page.

    ``title_hint`` is the page's first line (a scraper's copy of <title>) unless given.
    """
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    stop, chrome, phrases = _sets()
    shapes = np.array([_shape(l.text, stop, chrome, phrases) for l in lines], dtype=float)
    mass = np.array([eff_tokens(l.text) for l in lines], dtype=float)
    normed = [norm_line(l.text) for l in lines]
    counts: dict[str, int] = {}
    for t in normed:
        counts[t] = counts.get(t, 0) + 1
    dup = np.array([counts[t] - 1 for t in normed], dtype=float)
    hint = title_hint if title_hint is not None else lines[0].text
    hint_toks = set(TOKEN.findall(hint.casefold()))
    tsim = np.array([_title_sim(set(t.split()), hint_toks) if t else 0.0 for t in normed])
    hint_norm = norm_line(hint)
    is_title = np.array([1.0 if i > 0 and t and len(t) > 10 and t in hint_norm else 0.0 for i, t in enumerate(normed)])
    head = headline_index(lines, normed, hint_norm)
    cre = _comment_re()
    cmark = np.array([1.0 if m <= 14 and cre.search(l.text) else 0.0 for l, m in zip(lines, mass)])
    maxmass = mass.max() or 1.0
    order = np.argsort(-mass, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    longest = int(order[0])
    total = mass.sum() or 1.0
    cum = np.cumsum(mass) - mass
    is_long = (mass >= 15).astype(float)
    loglen = shapes[:, 0]
    stopr = shapes[:, 6]
    endr = shapes[:, 2]
    chr_ = shapes[:, 10] + shapes[:, 11]

    def shift(arr: np.ndarray, d: int) -> np.ndarray:
        out = np.zeros(n)
        if d > 0:
            out[d:] = arr[:-d] if n > d else 0
        else:
            out[:d] = arr[-d:] if n > -d else 0
        return out

    # length of the run of short lines (< 6 tokens) this line belongs to
    short = mass < 6
    run = np.zeros(n)
    i = 0
    while i < n:
        if short[i]:
            j = i
            while j < n and short[j]:
                j += 1
            run[i:j] = math.log1p(j - i)
            i = j
        else:
            i += 1
    cl = np.concatenate([[0.0], np.cumsum(is_long)])
    idx = np.arange(n)
    before20 = (cl[idx] - cl[np.maximum(idx - 20, 0)]) / 20
    after20 = (cl[np.minimum(idx + 21, n)] - cl[idx + 1]) / 20
    blank_b = np.array([float(l.blank_before) for l in lines])
    blank_a = np.array([float(l.blank_after) for l in lines])
    feats = np.column_stack([
        shapes,
        blank_b, blank_a, dup, tsim, is_title,
        mass / maxmass, rank / n,
        idx / max(n - 1, 1), cum / total, (total - cum - mass) / total,
        (idx > longest).astype(float), (idx - longest) / n,
        (idx > head).astype(float) if head is not None else np.full(n, 0.5),
        np.clip((idx - head) / 50.0, -1, 1) if head is not None else np.zeros(n),
        cmark, _after_comments(cmark, mass, head),
        _window_mean(loglen, 1), _window_mean(stopr, 1), _window_mean(endr, 1), _window_mean(chr_, 1),
        _window_mean(loglen, 3), _window_mean(stopr, 3), _window_mean(endr, 3), _window_mean(chr_, 3), _window_mean(is_long, 3),
        _window_mean(loglen, 8), _window_mean(is_long, 8), _window_mean(endr, 8),
        shift(loglen, 1), shift(loglen, -1), shift(endr, 1), shift(endr, -1), shift(is_long, 1), shift(is_long, -1),
        run, before20, after20,
    ])
    assert feats.shape[1] == len(FEATURES), (feats.shape, len(FEATURES))
    return feats


def headline_index(lines: list[Line], normed: list[str], hint_norm: str) -> int | None:
    """Index of the headline line: the first line after the first that the page's <title>
    copy (its first line) contains or that contains most of it; ``None`` if none."""
    hint_toks = set(hint_norm.split())
    if not hint_toks:
        return None
    best, best_i = 0.0, None
    for i, t in enumerate(normed[1:], start=1):
        toks = t.split()
        if len(toks) < 3 or len(toks) > 40:
            continue
        if t in hint_norm:
            sim = len(toks) / max(len(hint_toks), 1) + 1.0
        else:
            st = set(toks)
            sim = 2 * len(st & hint_toks) / (len(st) + len(hint_toks))
        if sim > best + 1e-9:
            best, best_i = sim, i
    return best_i if best >= 0.6 else None


def _after_comments(cmark: np.ndarray, mass: np.ndarray, head: int | None) -> np.ndarray:
    """1 for lines after a comment-section marker that follows some body-like text."""
    out = np.zeros(len(cmark))
    seen_text = 0.0
    on = False
    for i in range(len(cmark)):
        if on:
            out[i] = 1.0
        if head is not None and i <= head:
            continue
        seen_text += mass[i] if mass[i] >= 12 else 0
        if cmark[i] and seen_text >= (40 if head is not None else 150):
            on = True
    return out


# -- second stage: the line in its page's block structure ---------------------------

STAGE2_FEATURES = [
    "p", "p_nb1", "p_nb3", "p_nb8", "p_max_prev5", "p_max_next5",
    "in_span", "span_dist", "gap_lines", "gap_mass", "span_mass_share",
    "block_mass", "block_share", "block_rank", "block_is_top", "block_len",
    "log_tokens", "ends_sentence", "chrome_word_ratio", "chrome_phrase", "caption", "byline", "dateish",
    "dup_count", "is_title_line", "title_sim", "after_headline", "dist_headline", "comment_marker", "after_comments",
    "rel_pos", "len_vs_max", "short_run", "bullet", "urlish", "stop_ratio",
]


def max_span(gain: np.ndarray) -> tuple[int, int]:
    """(start, end) inclusive of the maximum-sum contiguous run of ``gain``."""
    best, cur, start, bs, be = -1e18, 0.0, 0, 0, 0
    for i, g in enumerate(gain):
        if cur <= 0:
            cur, start = g, i
        else:
            cur += g
        if cur > best:
            best, bs, be = cur, start, i
    return bs, be


def headline_from_features(X: np.ndarray) -> int | None:
    after = X[:, FEATURES.index("after_headline")]
    if len(after) == 0 or after[0] == 0.5:
        return None
    return int((after == 0).sum()) - 1


HEADLINE_PRIOR = 4.0  # how much stronger a span above the headline must be to win


def main_span(p: np.ndarray, mass: np.ndarray, head: int | None, bias: float = 0.5) -> tuple[int, int]:
    """The page's main run of body lines: the maximum-sum span of (p - bias) * sqrt(mass).

    When a headline was found, a span starting after it is preferred unless the best span
    anywhere is HEADLINE_PRIOR times as strong (headline-first is how articles are laid out;
    teaser lists and navigation come before it).
    """
    gain = (p - bias) * np.sqrt(mass)
    bs, be = max_span(gain)
    if head is None or bs > head - 3 or head + 1 >= len(p):
        return bs, be
    hs, he = max_span(gain[head + 1 :])
    hs, he = hs + head + 1, he + head + 1
    if gain[hs : he + 1].sum() * HEADLINE_PRIOR >= gain[bs : be + 1].sum():
        return hs, he
    return bs, be


def stage2_features(lines: list[Line], X: np.ndarray, p: np.ndarray) -> np.ndarray:
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(STAGE2_FEATURES)))
    col = {name: X[:, i] for i, name in enumerate(FEATURES)}
    mass = np.array([max(eff_tokens(l.text), 1.0) for l in lines])
    idx = np.arange(n)

    pmax_prev = np.array([p[max(i - 5, 0) : i].max() if i > 0 else 0.0 for i in range(n)])
    pmax_next = np.array([p[i + 1 : i + 6].max() if i + 1 < n else 0.0 for i in range(n)])
    bs, be = main_span(p, mass, headline_from_features(X))
    in_span = ((idx >= bs) & (idx <= be)).astype(float)
    low = (p < 0.5).astype(float)
    lowmass = low * mass
    cl = np.concatenate([[0.0], np.cumsum(low)])
    cm = np.concatenate([[0.0], np.cumsum(lowmass)])
    gap_lines = np.where(idx < bs, cl[bs] - cl[idx + 1], np.where(idx > be, cl[idx] - cl[be + 1], 0.0))
    gap_mass = np.where(idx < bs, cm[bs] - cm[idx + 1], np.where(idx > be, cm[idx] - cm[be + 1], 0.0))
    span_dist = np.where(idx < bs, idx - bs, np.where(idx > be, idx - be, 0)) / 20.0
    good = p * mass
    span_share = good[bs : be + 1].sum() / max(good.sum(), 1e-9)
    # blocks: runs of p >= 0.5 lines allowing single low lines inside
    block_id = np.full(n, -1)
    blocks: list[list[int]] = []
    i = 0
    while i < n:
        if p[i] >= 0.5:
            j = i
            members = [i]
            while j + 1 < n and (p[j + 1] >= 0.5 or (j + 2 < n and p[j + 2] >= 0.5 and mass[j + 1] < 15)):
                j += 1
                members.append(j)
            for m in members:
                block_id[m] = len(blocks)
            blocks.append(members)
            i = j + 1
        else:
            i += 1
    bmass = np.array([good[b].sum() for b in blocks]) if blocks else np.zeros(0)
    order = np.argsort(-bmass) if blocks else np.zeros(0, dtype=int)
    brank = np.empty(len(blocks))
    brank[order] = np.arange(len(blocks))
    total_b = bmass.sum() or 1.0
    f_bmass = np.array([math.log1p(bmass[b]) if b >= 0 else 0.0 for b in block_id])
    f_bshare = np.array([bmass[b] / total_b if b >= 0 else 0.0 for b in block_id])
    f_brank = np.array([math.log1p(brank[b]) if b >= 0 else 3.0 for b in block_id])
    f_btop = np.array([1.0 if b >= 0 and brank[b] == 0 else 0.0 for b in block_id])
    f_blen = np.array([math.log1p(len(blocks[b])) if b >= 0 else 0.0 for b in block_id])
    feats = np.column_stack([
        p, _window_mean(p, 1), _window_mean(p, 3), _window_mean(p, 8), pmax_prev, pmax_next,
        in_span, span_dist, np.log1p(gap_lines), np.log1p(gap_mass), np.full(n, span_share),
        f_bmass, f_bshare, f_brank, f_btop, f_blen,
    ] + [col[name] for name in STAGE2_FEATURES[16:]])
    assert feats.shape[1] == len(STAGE2_FEATURES)
    return feats


# -- the stored tree ensemble ------------------------------------------------------

class TreeEnsemble:
    """A binary gradient-boosted tree ensemble stored as JSON (see train_line_model.py)."""

    def __init__(self, spec: dict):
        self.features = spec["features"]
        self.init = float(spec["init"])
        self.rate = float(spec["learning_rate"])
        self.threshold = float(spec.get("threshold", 0.5))
        self.trees = []
        for t in spec["trees"]:
            self.trees.append((
                np.array(t["feature"], dtype=np.int64),
                np.array(t["threshold"], dtype=float),
                np.array(t["left"], dtype=np.int64),
                np.array(t["right"], dtype=np.int64),
                np.array(t["value"], dtype=float),
            ))
        self.depth = int(spec.get("max_depth", 8)) + 1

    def decision(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        out = np.full(n, self.init)
        rows = np.arange(n)
        for feat, thr, left, right, value in self.trees:
            node = np.zeros(n, dtype=np.int64)
            for _ in range(self.depth):
                f = feat[node]
                leaf = left[node] < 0
                if leaf.all():
                    break
                go_left = X[rows, np.where(leaf, 0, f)] <= thr[node]
                node = np.where(leaf, node, np.where(go_left, left[node], right[node]))
            out += self.rate * value[node]
        return out

    def proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.decision(X), -50, 50)))


class LineModel:
    """Stage 1 (line + neighbourhood) and stage 2 (block structure) ensembles."""

    def __init__(self, spec: dict):
        self.stage1 = TreeEnsemble(spec["stage1"])
        self.stage2 = TreeEnsemble(spec["stage2"]) if spec.get("stage2") else None

    def proba(self, lines: list[Line]) -> tuple[np.ndarray, np.ndarray]:
        """(features, body probabilities) of the page's lines."""
        X = page_features(lines)
        p = self.stage1.proba(X)
        if self.stage2 is not None:
            p = self.stage2.proba(stage2_features(lines, X, p))
        return X, p


@lru_cache(maxsize=1)
def line_model() -> LineModel | None:
    path = DATA / "line_model.json"
    if not path.exists():
        return None
    spec = json.loads(path.read_text(encoding="utf-8"))
    if spec.get("stage1", {}).get("features") != FEATURES or (
        spec.get("stage2") and spec["stage2"].get("features") != STAGE2_FEATURES
    ):
        return None  # stale weights for another feature set: fall back to rules
    return LineModel(spec)
