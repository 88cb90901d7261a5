"""The article-extraction benchmark's metric (Zyte/Scrapinghub `evaluate.py`, re-implemented
from the description in shared/data/article-extraction-benchmark/README.md).

Tokens are ``\\w+`` matches; each text becomes a multiset of 4-token shingles (a text with
fewer than 4 tokens is one shorter shingle).  Per page TP/FP/FN are normalised to sum to 1;
precision and recall are averaged over pages, and F1 is taken of the averages.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
AEB = SHARED / "data" / "article-extraction-benchmark"
SCRAPED = SHARED / "data" / "scraped-text-benchmark"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(expected: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    true, pred = shingles(expected), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return tp, fp, fn


def score(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Benchmark figures for (expected, predicted) body pairs."""
    precisions, recalls, exact, n = [], [], 0, 0
    for expected, predicted in pairs:
        n += 1
        tp, fp, fn = page_counts(expected, predicted)
        if fp == 0 and fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
        else:
            precisions.append(tp / (tp + fp) if tp + fp > 0 else 0.0)
            recalls.append(tp / (tp + fn) if tp + fn > 0 else 0.0)
        exact += _TOKEN.findall(expected or "") == _TOKEN.findall(predicted or "")
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"pages": n, "precision": p, "recall": r, "f1": f1, "accuracy": exact / n if n else 0.0}


def ground_truth() -> dict[str, dict]:
    return json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))


def html_page(item_id: str) -> bytes:
    return gzip.decompress((AEB / "html" / f"{item_id}.html.gz").read_bytes())


def scraped_text(item_id: str) -> str:
    return (SCRAPED / "text" / f"{item_id}.txt").read_text(encoding="utf-8")
