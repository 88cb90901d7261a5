"""Read the PolNeAR corpus (brat standoff) into attribution records.

PolNeAR (Newell et al., LREC 2018) lives in ``shared/data/polnear/data/{train,dev}``:
``text/<stem>.txt`` and ``attributions/<stem>_<annotator>.ann``.  We take the first
annotator file per document (sorted by name), keep discontinuous spans as lists of
(start, end) pairs and skip the continuation lines brat writes when a span contains a
newline.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "data" / "polnear" / "data"

Spans = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    content: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    source: Spans = field(default_factory=list)
    content_text: str = ""
    cue_text: str = ""
    source_text: str = ""


@dataclass
class GoldDoc:
    stem: str
    text: str
    attributions: list[GoldAttribution]


def _spans(s: str) -> Spans:
    out = []
    for part in s.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path, text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line or "\t" not in line:
            continue  # blank or continuation line of a span that held a newline
        head = line.split("\t", 1)[0]
        if head.startswith("T") and head[1:].isdigit():
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            try:
                kind, rest = parts[1].split(" ", 1)
                spans[head] = (kind, _spans(rest))
            except ValueError:
                continue
        elif head.startswith("E") and head[1:].isdigit():
            args = {}
            for arg in line.split("\t")[1].split():
                role, _, tid = arg.partition(":")
                args[role] = tid
            events.append(args)
    out = []
    for ev in events:
        a = GoldAttribution()
        for role in ("Content", "Cue", "Source"):
            tid = ev.get(role)
            if tid and tid in spans:
                sp = spans[tid][1]
                setattr(a, role.lower(), sp)
                setattr(a, role.lower() + "_text", " ".join(text[s:e] for s, e in sp))
        out.append(a)
    return out


def iter_docs(split: str = "dev", root: Path = POLNEAR) -> Iterator[GoldDoc]:
    base = root / split
    anns: dict[str, Path] = {}
    for p in sorted((base / "attributions").glob("*.ann")):
        stem = p.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, p)
    for txt in sorted((base / "text").glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        ann = anns.get(txt.stem)
        yield GoldDoc(txt.stem, text, read_ann(ann, text) if ann else [])


def headline_and_paragraphs(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Split a PolNeAR text like the ``--body`` reader: the first line is the headline;
    paragraphs are separated by blank lines.  Returns the headline and the (start, end)
    offsets of each body paragraph in the original text."""
    nl = text.find("\n")
    headline = text[:nl].strip() if nl >= 0 else text.strip()
    pos = nl + 1 if nl >= 0 else len(text)
    paras = []
    import re

    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text[pos:]):
        s, e = m.start() + pos, m.end() + pos
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if seg.strip():
            paras.append((s + ls, s + rs))
    return headline, paras
