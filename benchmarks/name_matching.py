"""Name matching and entity-stage cost: ``python -m benchmarks.name_matching``.

1. Matcher quality on ``benchmarks/data/name_pairs.tsv`` (real names: spellings of one person
   across romanisations, diacritics, initials, nicknames; and different people who share a surname
   or have similar names).  Reports precision and recall of
   :func:`quotewire.nlp.resolver.same_person` (key + given-name classes + variants table + role
   countries) and of the bare romanisation key (:func:`quotewire.nlp.canonical.person_match`, no
   variants table, no context), with recall per kind and every error.
2. Entity-stage cost per article on the seed page and the PolNeAR dev texts: spaCy parse time
   (the whole pipeline including the gazetteer ruler) against :func:`find_entities` time.

3. With ``--coverage``: the share of PolNeAR dev attribution sources that look like names and
   overlap an entity mention (a speaker the entity stage misses cannot be named by the quote engine).

Options: ``--limit N`` (PolNeAR texts, default all), ``--no-speed``, ``--coverage``, ``--json``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "data" / "name_pairs.tsv"
SHARED = HERE.parent.parent / "shared"
SEED = SHARED / "seed" / "rt-2024-05-05-ukraine-intervention.txt"
POLNEAR_DEV = SHARED / "data" / "polnear" / "data" / "dev" / "text"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    rows = []
    split = "dev"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#heldout"):
            split = "heldout"  # written after the rules were frozen: never used to tune them
            continue
        if not line.strip() or line.startswith("#"):
            continue
        c = line.split("\t")
        rows.append({
            "split": split,
            "a": c[0], "b": c[1], "same": c[2] == "1", "kind": c[3] if len(c) > 3 else "",
            "roles_a": [c[4]] if len(c) > 4 and c[4] else [], "roles_b": [c[5]] if len(c) > 5 and c[5] else [],
        })
    return rows


def evaluate(pairs: list[dict], predict) -> dict:
    tp = fp = fn = tn = 0
    errors = []
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for p in pairs:
        got = bool(predict(p))
        by_kind[p["kind"]]["n"] += 1
        by_kind[p["kind"]]["right"] += got == p["same"]
        if got and p["same"]:
            tp += 1
        elif got and not p["same"]:
            fp += 1
            errors.append(("FP", p["a"], p["b"], p["kind"]))
        elif not got and p["same"]:
            fn += 1
            errors.append(("FN", p["a"], p["b"], p["kind"]))
        else:
            tn += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(prec, 4), "recall": round(rec, 4),
            "by_kind": {k: f"{v['right']}/{v['n']}" for k, v in sorted(by_kind.items())}, "errors": errors}


def matcher_figures() -> dict:
    from quotewire.nlp.canonical import person_match
    from quotewire.nlp.resolver import same_person

    pairs = load_pairs()
    full = lambda p: same_person(p["a"], p["b"], p["roles_a"], p["roles_b"])  # noqa: E731
    key = lambda p: person_match(p["a"], p["b"]) >= 1.0  # noqa: E731
    held = [p for p in pairs if p["split"] == "heldout"]
    return {
        "same_person (all pairs)": evaluate(pairs, full),
        "key_only (all pairs)": evaluate(pairs, key),
        "same_person (held-out pairs)": evaluate(held, full),
    }


def _record(title: str | None, standfirst: str | None, paragraphs: list[str]):
    from quotewire.record import Record

    rec = Record()
    rec.article.title = title
    rec.article.standfirst = standfirst
    rec.article.set_paragraphs(paragraphs)
    return rec


def seed_record():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("Kiev could request"))
    return _record("Ukraine could request Western military intervention – MP",
                   "Kiev may ask for help if it becomes clear that the country is not able to stop Russia on its own, "
                   "Aleksey Goncharenko says", lines[start:])


def polnear_records(limit: int | None = None):
    files = sorted(POLNEAR_DEV.glob("*.txt"))[: limit or None]
    for f in files:
        paras = [p.strip() for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
        if paras:
            yield _record(paras[0], None, paras[1:] or paras)


def speed_figures(limit: int | None = None) -> dict:
    from quotewire.nlp.entities import find_entities
    from quotewire.nlp.pipeline import get_nlp, parse

    t0 = time.perf_counter()
    nlp = get_nlp()
    load_s = time.perf_counter() - t0
    out = {"model_load_s": round(load_s, 2)}
    sets = {"seed": [seed_record()] if SEED.exists() else []}
    if POLNEAR_DEV.exists():
        sets["polnear_dev"] = list(polnear_records(limit))
    list(nlp.pipe(["Warm-up: Kremlin spokesman Dmitry Peskov spoke in Kiev."]))
    for name, recs in sets.items():
        if not recs:
            continue
        t0 = time.perf_counter()
        parsed = list(parse(recs, nlp))
        parse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        n_ents = 0
        for p in parsed:
            n_ents += len(find_entities(p))
        ent_s = time.perf_counter() - t0
        chars = sum(len(r.article.text) for r in recs)
        # the gazetteer ruler's own share of the parse: the same texts without it
        from quotewire.nlp.entities import RULER_NAME

        # (the component alone on tokenized texts: comparing two full parses on a shared machine is noise)
        texts = [t for r in recs for t in (r.article.title or "", r.article.standfirst or "", r.article.text)]
        docs = [nlp.make_doc(t) for t in texts]
        ruler = nlp.get_pipe(RULER_NAME)
        t0 = time.perf_counter()
        for doc in docs:
            ruler(doc)
        ruler_s = time.perf_counter() - t0
        out[name] = {
            "ruler_ms_per_article": round(1000 * ruler_s / len(recs), 2),
            "articles": len(recs), "chars": chars, "entities": n_ents,
            "parse_ms_per_article": round(1000 * parse_s / len(recs), 1),
            "entity_stage_ms_per_article": round(1000 * ent_s / len(recs), 2),
            "entity_share_of_nlp": round(ent_s / (parse_s + ent_s), 3),
        }
    return out


def source_coverage(limit: int | None = None) -> dict:
    """Share of PolNeAR dev attribution sources that look like names (1-4 capitalised words) which
    overlap an entity mention: the quote engine can only name a speaker the entity stage found."""
    from benchmarks.polnear_data import iter_docs
    from quotewire.nlp.entities import find_entities
    from quotewire.nlp.pipeline import parse

    docs = list(iter_docs("dev"))[: limit or None]
    recs = [_record(None, None, [d.text]) for d in docs]  # one paragraph: offsets equal the gold offsets
    total = hit = 0
    missed: list[str] = []
    for d, p in zip(docs, parse(recs)):
        spans = [(m.start, m.end) for e in find_entities(p) if e.type in ("PERSON", "ORG", "NORP", "GPE")
                 for m in e.mentions if m.where == "body"]
        for a in d.attributions:
            for s, e in a.source:
                txt = d.text[s:e]
                words = txt.split()
                if not (1 <= len(words) <= 4 and all(w[:1].isupper() for w in words if w.isalpha())):
                    continue
                if txt.lower() in ("i", "we", "he", "she", "they", "it", "you"):
                    continue
                total += 1
                if any(ms < e and s < me for ms, me in spans):
                    hit += 1
                else:
                    missed.append(txt)
    return {"docs": len(docs), "name_like_sources": total, "covered": hit,
            "coverage": round(hit / total, 3) if total else 0.0, "missed": missed}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--coverage", action="store_true", help="also: PolNeAR dev name-like sources covered by entities")
    args = ap.parse_args(argv)
    res = {"matcher": matcher_figures()}
    if not args.no_speed:
        res["speed"] = speed_figures(args.limit)
    if args.coverage:
        res["coverage"] = source_coverage(args.limit)
    if args.json:
        print(json.dumps(res, indent=1, ensure_ascii=False))
        return 0
    for name, r in res["matcher"].items():
        print(f"[{name}] pairs {r['pairs']}: precision {r['precision']:.3f} recall {r['recall']:.3f} "
              f"(tp {r['tp']} fp {r['fp']} fn {r['fn']} tn {r['tn']})")
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in r["by_kind"].items()))
        for e in r["errors"]:
            print("   ", *e, sep="  ")
    if "speed" in res:
        s = res["speed"]
        print(f"[speed] model load {s['model_load_s']} s")
        for name in ("seed", "polnear_dev"):
            if name in s:
                v = s[name]
                print(f"  {name}: {v['articles']} articles, {v['chars']} chars, {v['entities']} entities; parse "
                      f"{v['parse_ms_per_article']} ms/article, entity stage {v['entity_stage_ms_per_article']} ms/article "
                      f"({100 * v['entity_share_of_nlp']:.1f}% of parse+entities); the gazetteer ruler inside the parse "
                      f"{v['ruler_ms_per_article']} ms/article")
    if "coverage" in res:
        c = res["coverage"]
        print(f"[coverage] PolNeAR dev ({c['docs']} docs): {c['covered']}/{c['name_like_sources']} name-like attribution "
              f"sources overlap an entity mention ({100 * c['coverage']:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
