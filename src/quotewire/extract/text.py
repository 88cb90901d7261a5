"""Article extraction from plain text a scraper saved (one line per block element).

``extract_text(text, rec)`` fills ``rec.article``: title, standfirst, published,
authors, outlet, paragraphs and a provenance entry for each field it sets.

Steps:
1. split the page into non-blank lines and score each with the line classifier
   (``lines.py``: line shape + neighbourhood features, JSON tree ensemble);
2. decode the body: the main run of body lines (a maximum-sum span over the
   probabilities), minus chrome inside it (captions, repeated headlines, share
   bars), plus strong body lines just outside it;
3. find the headline (the line above the body that best matches the page's
   <title> copy, or is repeated), the standfirst, dateline and byline in the
   lines between headline and body;
4. name the outlet from site-chrome fingerprints (``outlets.py``) or the
   title's " - Site" suffix.
"""
from __future__ import annotations

import re

import numpy as np

from quotewire.extract import dateline as D
from quotewire.extract import lines as L
from quotewire.extract import outlets as O
from quotewire.record import FieldProvenance, Record

# decoding thresholds (tuned on the train half of benchmarks/splits/scraped_text.json)
SPAN_BIAS = 0.5  # a line adds (p - SPAN_BIAS) * weight to the span score
KEEP_IN_SPAN = 0.35  # inside the main span keep lines with p >= this
KEEP_OUTSIDE = 0.8  # outside it only very confident lines


def body_probabilities(lines: list[L.Line]) -> np.ndarray:
    model = L.line_model()
    if model is None or len(lines) == 0:
        return _rule_probabilities(lines, L.page_features(lines))
    return model.proba(lines)[1]


def _rule_probabilities(lines: list[L.Line], X: np.ndarray) -> np.ndarray:
    """Fallback when no trained weights are present: long, sentence-like, stop-word-rich lines."""
    if len(lines) == 0:
        return np.zeros(0)
    f = {n: X[:, i] for i, n in enumerate(L.FEATURES)}
    z = (f["log_tokens"] - 2.3) * 1.5 + f["ends_sentence"] + (f["stop_ratio"] - 0.2) * 4 + (f["nb3_len"] - 2) - 3 * f["chrome_phrase"]
    return 1 / (1 + np.exp(-z))


def select_body(lines: list[L.Line], p: np.ndarray) -> list[int]:
    """Indices (into ``lines``) of the body lines."""
    n = len(lines)
    if n == 0:
        return []
    mass = np.array([max(L.eff_tokens(l.text), 1.0) for l in lines])
    normed = [L.norm_line(l.text) for l in lines]
    head = L.headline_index(lines, normed, normed[0])
    bs, be = L.main_span(p, mass, head, SPAN_BIAS)
    keep = []
    for i in range(n):
        if bs <= i <= be:
            if p[i] >= KEEP_IN_SPAN:
                keep.append(i)
        elif p[i] >= KEEP_OUTSIDE:
            keep.append(i)
    return keep


def extract_text(text: str, rec: Record) -> None:
    art = rec.article
    lines = L.split_lines(text)
    if not lines:
        return
    p = body_probabilities(lines)
    body = select_body(lines, p)
    art.set_paragraphs(lines[i].text for i in body)
    if body:
        art.provenance["paragraphs"] = FieldProvenance("line-model" if L.line_model() else "text-layout", round(float(np.mean(p[body])), 3))
