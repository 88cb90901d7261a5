"""Recount the cue lexicon's provenance from PolNeAR train.

    python -m benchmarks.polnear_lexicon [--write]

For every lemma of ``data/quotes/cues.json`` it counts the train attributions (first
annotator file per document) whose Cue span contains one of the lemma's word forms, and
how often those forms occur in the train texts at all (so ``cue_rate`` = share of
occurrences annotated as a cue).  Also lists the most frequent cue words the lexicon does
not cover, for review.  ``--write`` saves ``data/quotes/cue_counts.tsv``.  Only the train
split is read.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from benchmarks.polnear_data import iter_docs
from quotewire.nlp import cues as cuelib

OUT = Path(__file__).resolve().parents[1] / "src" / "quotewire" / "data" / "quotes" / "cue_counts.tsv"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    lx = cuelib.lexicon()
    lemmas = sorted(set(lx["speech"]) | set(lx["describe"]) | set(lx["object"]) | set(lx["voice"]))
    form2lemma = {}
    for lemma in lemmas:
        for f in cuelib.word_forms(lemma):
            form2lemma.setdefault(f, lemma)
    as_cue, seen, other = Counter(), Counter(), Counter()
    ndocs = natt = 0
    for doc in iter_docs("train"):
        ndocs += 1
        low = doc.text.lower()
        for w in re.findall(r"[a-z]+", low):
            if w in form2lemma:
                seen[form2lemma[w]] += 1
        seen["according to"] += len(re.findall(r"\baccording to\b", low))
        for a in doc.attributions:
            natt += 1
            words = re.findall(r"[a-z]+", a.cue_text.lower())
            hits = {form2lemma[w] for w in words if w in form2lemma}
            if "according" in words:
                hits.add("according to")
            for h in hits:
                as_cue[h] += 1
            if not hits:
                other[" ".join(words[-1:]) or a.cue_text] += 1
    rows = []
    for lemma in lemmas + ["according to"]:
        kind = next((k for k in ("speech", "describe", "object", "voice") if lemma in lx.get(k, ())), "according")
        n, s = as_cue[lemma], seen[lemma]
        rows.append((lemma, kind, n, s, round(n / s, 3) if s else 0.0))
    rows.sort(key=lambda r: -r[2])
    print(f"PolNeAR train: {ndocs} documents, {natt} attributions")
    for r in rows[:40]:
        print("  %-14s %-9s cue %5d  seen %6d  rate %.3f" % r)
    print("most frequent cue words outside the lexicon:", other.most_common(30))
    if args.write:
        with OUT.open("w", encoding="utf-8") as f:
            f.write("# PolNeAR train (first annotator per document): attributions whose Cue contains a form of the lemma,"
                    " occurrences of those forms in the train texts, and the share annotated as a cue."
                    " Written by benchmarks/polnear_lexicon.py --write.\n")
            f.write("lemma\tkind\tcue_count\tseen\tcue_rate\n")
            for r in rows:
                f.write("\t".join(str(x) for x in r) + "\n")
        print("wrote", OUT)


if __name__ == "__main__":
    main()
