"""Entity audit: suspicious entities on real pages, counted by rule.

    python -m benchmarks.entity_audit [--html N] [--polnear N] [--show K] [--json]

Runs extraction and the entity stage (no quotes) over a fixed sample — the first N
article-extraction-benchmark HTML pages and the first N PolNeAR *train* texts (never dev,
which scores the quote benchmark) — and flags entities by rule:

* ``title_in_name``   a PERSON name holding a word of the title lexicon or a lower-case word
  other than a name particle ("Browns DL Sheldon Richardson", "Pittsburgh center Maurkice Pouncey");
* ``verb_in_name``    a name holding a lower-case verb, auxiliary, pronoun or adverb ("Garrett hit Rudolph");
* ``plural_person``   a PERSON whose every mention is one plural proper noun ("Browns",
  "Steelers": teams, not people);
* ``surname_split``   a one-word name (any type) whose surname key is the surname of a
  multi-word PERSON entity of the same article, but is a separate entity (Rudolph ↔ Mason Rudolph);
* ``given_name_not_person``  a multi-word non-PERSON whose first word is a given name of
  the given-name table ("Mason Rudolph" as ORG);
* ``single_token_person_gpe`` a lone surname of a PERSON typed as GPE/LOC/NORP
  (subsumed by ``surname_split`` when a full name exists).

The counts are heuristics, not gold: use them to compare two versions of the code.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from quotewire.nlp import canonical as canon
from quotewire.nlp import roles as rolemod
from quotewire.record import Record, Source

SHARED = Path("/work/shared/data")
DATA = Path(__file__).resolve().parents[1] / "src" / "quotewire" / "data" / "entities"
HTML = SHARED / "article-extraction-benchmark" / "html"

_PARTICLES = canon.PARTICLES | {"of", "the", "and", "for", "on", "in", "at", "&"}


def html_records(n: int) -> list[Record]:
    from quotewire.pipeline import extract_records

    paths = sorted(HTML.glob("*.html.gz"))[:n]
    return [r for r in extract_records([str(p) for p in paths])
            if r.ok and r.article.text.strip() and r.article.language in (None, "", "en")]


def polnear_records(n: int) -> list[Record]:
    from benchmarks.polnear import build_record
    from benchmarks.polnear_data import iter_docs

    out = []
    for i, doc in enumerate(iter_docs("train")):
        if i >= n:
            break
        out.append(build_record(doc)[0])
    return out


def _given_names() -> set[str]:
    """The given names the entity stage knows (read from this tree, so an older code version is audited alike)."""
    out = set()
    for fn in ("first_names.txt", "given_names.tsv"):
        p = DATA / fn
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    out.update(canon.fold(f) for f in line.split("\t")[0].split("|") if f)
    return out


def _title_words() -> set[str]:
    """Words of the title lexicon of this tree (as ``roles.lexicon().words``)."""
    out = set()
    for line in (DATA / "titles.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 3:
            continue
        out.update(w.rstrip(".") for w in rolemod._words(cols[0]) if w not in {"the", "of"})
    return out


def _spans(parsed, ent):
    for m in ent.mentions:
        doc = parsed.doc(m.where or "body")
        if doc is None:
            continue
        sp = doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is not None:
            yield sp


def audit(parsed, ents) -> dict[str, list[str]]:
    flags: dict[str, list[str]] = defaultdict(list)
    words = _title_words()
    full_person_keys = {}
    for e in ents:
        if e.type == "PERSON" and len(canon.name_tokens(e.name)) >= 2:
            full_person_keys.setdefault(canon.split_person(e.name).surname_key, e)
    given = _given_names()
    for e in ents:
        spans = list(_spans(parsed, e))
        label = f"{e.type}:{e.name}"
        toks = e.name.split()
        if e.type == "PERSON" and any(canon.fold(t).strip(".,") in words or t.isalpha() and t.islower()
                                      and canon.fold(t) not in _PARTICLES for t in toks):
            flags["title_in_name"].append(label)
        bad = False
        for sp in spans:
            for t in sp:
                if t.pos_ in ("VERB", "AUX", "PRON", "ADV") and t.text[:1].islower():
                    bad = True
        if bad:
            flags["verb_in_name"].append(label)
        if e.type == "PERSON" and spans and all(len(sp) == 1 and (sp[0].tag_ == "NNPS" or sp[0].text.endswith("s") and
                                                                   sp.start > 0 and sp.doc[sp.start - 1].lower_ == "the")
                                                for sp in spans):
            flags["plural_person"].append(label)
        if len(canon.name_tokens(e.name)) == 1:
            k = canon.surname_key(e.name)
            full = full_person_keys.get(k)
            if full is not None and full is not e:
                flags["surname_split"].append(f"{label} / {full.name}")
            elif e.type in ("GPE", "LOC", "NORP") and full is not None:
                flags["single_token_person_gpe"].append(label)
        if e.type != "PERSON" and len(toks) >= 2 and toks[0][:1].isupper():
            if canon.fold(toks[0]) in given:
                flags["given_name_not_person"].append(label)
    return flags


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--html", type=int, default=40)
    ap.add_argument("--polnear", type=int, default=40)
    ap.add_argument("--show", type=int, default=15, help="examples per rule")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dump", help="write every entity (source, type, name, roles) to this file")
    args = ap.parse_args(argv)

    from quotewire.nlp.entities import find_entities
    from quotewire.nlp.pipeline import get_nlp, parse

    nlp = get_nlp()
    records = html_records(args.html) + polnear_records(args.polnear)
    counts: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    n_ents = Counter()
    dump: list[str] = []
    for parsed in parse(records, nlp):
        ents = find_entities(parsed)
        n_ents.update(e.type for e in ents)
        src = Path(parsed.record.source.path or "?").name[:12]
        if args.dump:
            dump.extend(f"{src}\t{e.type}\t{e.name}\t{'; '.join(e.roles)}" for e in ents)
        for rule, items in audit(parsed, ents).items():
            counts[rule] += len(items)
            examples[rule].extend(f"{src}  {x}" for x in items)
    if args.dump:
        Path(args.dump).write_text("\n".join(dump) + "\n", encoding="utf-8")
    result = {"records": len(records), "entities": dict(n_ents), "flags": dict(sorted(counts.items())),
              "total_flags": sum(counts.values())}
    if args.json:
        json.dump(result | {"examples": examples}, sys.stdout, indent=1)
        print()
        return 0
    print(f"records {len(records)}  entities {sum(n_ents.values())} {dict(n_ents)}")
    for rule in sorted(set(counts) | {"title_in_name", "verb_in_name", "plural_person", "surname_split",
                                      "given_name_not_person", "single_token_person_gpe"}):
        print(f"{rule:26s} {counts[rule]:4d}")
        for x in examples[rule][: args.show]:
            print(f"    {x}")
    print(f"{'total':26s} {sum(counts.values()):4d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
