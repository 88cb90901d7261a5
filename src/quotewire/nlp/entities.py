"""Named entities of an article: people, organisations, places, nationalities.

* :func:`configure_pipeline` adds an ``entity_ruler`` before spaCy's ``ner`` with the
  gazetteer of ``data/entities/`` (countries, capitals, major cities and their older
  spellings, organisations, "Russian Foreign Ministry"-style ministries): the small
  English model tags Kiev and Kharkov as PERSON and Slovakia as ORG.
* :func:`find_entities` cleans the model's spans (possessives, brackets, a leading
  gerund, title words), relabels them with the gazetteer and the article's own people
  ("Macron’s" tagged ORG next to "Emmanuel Macron"), groups mentions within the article
  (Goncharenko ↔ Aleksey Goncharenko, Kiev ↔ Kyiv) into :class:`Entity` objects with ids
  e1, e2 … in order of first appearance (title, standfirst, body), attaches roles
  (:mod:`quotewire.nlp.roles`) and canonical names (:mod:`quotewire.nlp.canonical`).

Type and span repairs for the small model (measured with ``python -m benchmarks.entity_audit``):

* a role inside a PERSON span goes to the role: "Browns DL Sheldon Richardson", "Pittsburgh center
  Maurkice Pouncey" (the name starts after the last title-lexicon word or lower-case word);
* a span with a lower-case verb inside is a clause, not a name ("Garrett hit Rudolph");
* a person-shaped ORG/GPE/LOC/NORP (two or three capitalised words, no place, organisation word,
  title or plural) is a PERSON when its surname is a person's in the article, its first word is a
  known given name (``given_names.tsv``, ``first_names.txt``), a person title leads it, or the same
  name is a PERSON elsewhere; words English uses as nouns/adjectives ("Royal Navy", "Forest Hill")
  need a given name first;
* a capitalised plural PERSON used like a team ("the Browns", "Steelers defensive captain") is an
  ORG, unless it is the plural of a person of the article ("the Clintons") or follows a title;
* names the model left untagged after a title ("center Maurkice Pouncey") and a given name left out
  of a one-word PERSON span ("Nachman [Shai]") are added.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from quotewire.nlp import canonical as canon
from quotewire.nlp import roles as rolemod
from quotewire.nlp.canonical import clean_surface, fold, gazetteer
from quotewire.record import Entity, Mention

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
RULER_NAME = "quotewire_gazetteer"
_JUNK = re.compile(r"(https?:|www\.|@|\.com\b|\.org\b|icon|[<>{}|=_#/\\])", re.I)
_LEAD_DROP_POS = {"VERB", "AUX", "ADP", "DET", "PUNCT", "SCONJ", "CCONJ", "PRON", "PART", "ADV", "SPACE", "SYM", "NUM"}
_POSS = {"'s", "’s", "'", "’"}


# -- pipeline ---------------------------------------------------------------------------------

def ruler_patterns(tokenizer=None) -> list[dict]:
    """EntityRuler patterns from the gazetteer; ambiguous names (Georgia, Jordan, Washington) are left to the model.

    With a ``tokenizer`` (``nlp.make_doc``) phrase patterns become ORTH token patterns, which the
    ruler matches without running the tagger and parser over each pattern at load time.
    """
    gaz = gazetteer()
    pats: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, pattern, pid: str | None = None):
        if tokenizer is not None and isinstance(pattern, str):
            pattern = [{"ORTH": t.text} for t in tokenizer(pattern)]
        key = (label, repr(pattern))
        if key in seen:
            return
        seen.add(key)
        d = {"label": label, "pattern": pattern}
        if pid:
            d["id"] = pid
        pats.append(d)

    for name, (kind, country, amb) in gaz.places.items():
        if amb or not name[:1].isupper():
            continue
        add("LOC" if kind == "area" else "GPE", name, name)
    for row in canon._read_lines("name_variants.tsv"):
        if len(row) >= 3 and row[2] in ("GPE", "LOC") and row[0][:1].isupper():
            add(row[2], row[0], row[1])
    for c in gaz.countries.values():
        for a in c["adjectives"]:
            if a.endswith("s") and a[:1].isupper() and " " not in a:
                add("NORP", a)  # plural demonyms: "Ukrainians", "Russians"
    for row in canon._read_lines("groups.tsv"):
        add("NORP", row[0])
    adjectives = sorted({a for c in gaz.countries.values() for a in c["adjectives"] if a[:1].isupper()} | set(gaz.countries))
    for org in gaz.orgs:
        p = org["pattern"]
        if isinstance(p, str):
            add("ORG", p, org.get("canonical"))
        else:
            toks = []
            for t in p:
                if t.get("ENT_NATIONALITY"):
                    toks.append({"TEXT": {"IN": adjectives}})
                else:
                    toks.append(t)
            add("ORG", toks)
    return pats


def configure_pipeline(nlp):
    """Add the gazetteer EntityRuler before ``ner`` (idempotent); returns ``nlp``."""
    _COMMON_WORDS[id(nlp.vocab)] = _common_words_of(nlp)
    _NOUNS[id(nlp.vocab)] = _nouns_of(nlp)
    if RULER_NAME in nlp.pipe_names:
        return nlp
    kwargs = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True, "validate": True}, **kwargs)
    # Phrase patterns go to the PhraseMatcher (a trie: ~10x cheaper per article than as token
    # patterns). With the other components disabled, the ruler only tokenizes the pattern
    # strings instead of tagging and parsing each one.
    with nlp.select_pipes(enable=[RULER_NAME]):
        ruler.add_patterns(ruler_patterns())
    return nlp


# -- mentions ---------------------------------------------------------------------------------

@dataclass
class _Mention:
    where: str
    order: int  # position across segments, for "first appearance"
    span: object  # spaCy Span (cleaned)
    label: str
    text: str  # exact surface text[start:end]
    name: str  # cleaned name (brackets, possessive removed)
    start: int
    end: int
    roles: list[str] = field(default_factory=list)


_SEG_ORDER = {"title": 0, "standfirst": 1, "body": 2}
#: all-caps paragraph labels that are not speakers
_LABEL_WORDS = {"update", "updated", "breaking", "watch", "note", "editor", "correction", "photo", "video", "read",
                "related", "transcript", "source", "sources", "advertisement", "q", "a", "question", "answer", "live",
                "exclusive", "opinion", "analysis", "warning", "disclaimer", "audio", "more", "see", "also", "bbc", "pm"}
_MISTYPED = {"DATE", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "FAC", "TIME"}
_MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _is_titleword(tok) -> bool:
    return fold(tok.text).rstrip(".") in rolemod.lexicon().words


@functools.lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Folded given names: the classes of ``given_names.tsv`` and the common first names of ``first_names.txt``."""
    out = {fold(r[0]) for r in canon._read_lines("first_names.txt") if r and r[0]}
    for row in canon._read_lines("given_names.tsv"):
        out.update(fold(f) for f in row[0].split("|") if f)
    return frozenset(out)


def is_given_name(word: str) -> bool:
    """True for a capitalised word that is a known given name (``Mason``, ``Aleksey``)."""
    return word[:1].isupper() and fold(word).strip(".") in _given_names()


#: head words that make a capitalised phrase an organisation, a place or a thing, not a person
_ORG_HEADS = {
    "inc", "corp", "co", "llc", "ltd", "plc", "group", "bank", "university", "college", "institute", "foundation", "center",
    "centre", "fund", "tech", "capital", "partners", "media", "news", "times", "post", "press", "airlines", "airways",
    "motors", "energy", "party", "council", "committee", "association", "club", "church", "school", "hospital", "stadium",
    "arena", "park", "street", "hall", "memorial", "award", "awards", "prize", "house", "tower", "hotel", "county", "city",
    "state", "river", "lake", "mountain", "island", "islands", "bridge", "square", "avenue", "road", "field", "airport",
    "station", "fc", "united", "society", "museum", "library", "theatre", "theater", "studios", "records", "trust",
    "agency", "office", "department", "ministry", "administration", "commission", "board", "league", "conference",
    "cup", "games", "show", "magazine", "journal", "tribune", "herald", "review", "network", "army", "force", "forces",
    "brigade", "battalion", "corps", "company", "holdings", "international", "global", "services", "systems", "labs",
    "project", "initiative", "campaign", "act", "bill", "doctrine", "plan", "day", "week", "prize", "medal", "bowl",
    "series", "open", "tour", "festival", "film", "book", "music", "radio", "tv", "channel", "online", "daily", "weekly",
}
#: verbs after which a name in subject position is a person ("Mason Rudolph said")
_PERSON_VERBS = {"say", "tell", "add", "note", "write", "claim", "argue", "explain", "believe", "think", "insist", "ask",
                 "warn", "admit", "recall", "reply", "respond", "tweet", "announce", "acknowledge", "suggest"}


def _team_plural(tok) -> bool:
    """A capitalised plural used like a team or group name: "the Browns", "Steelers defensive captain"."""
    t = tok.text
    if len(t) < 4 or not t[:1].isupper() or t.isupper() or not t.endswith("s") or t.endswith(("ss", "us", "is")):
        return False
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if tok.tag_ == "NNPS":
        return True
    if prev is not None and prev.lower_ == "the":
        return True
    return False


def _person_shaped(span) -> bool:
    """Two or three capitalised words that can be a person's name (no place, organisation word, acronym or plural)."""
    toks = [t for t in span if not t.is_punct]
    words = [t for t in toks if fold(t.text) not in canon.PARTICLES]
    if not 2 <= len(words) <= 3 or len(toks) != len(span):
        return False
    gaz = gazetteer()
    for t in words:
        if not t.text[:1].isupper() or (t.text.isupper() and len(t.text) > 1 and not t.text.endswith(".")):
            return False
        if not re.fullmatch(r"[^\W\d_][\w'’.-]*", t.text):
            return False
        if t.text in gaz.places or fold(t.text) in gaz.by_form or fold(t.text) in _ORG_HEADS:
            return False
        low = fold(t.text).rstrip(".")
        if low in rolemod.lexicon().words or low.endswith("s") and low[:-1] in rolemod.lexicon().words:
            return False  # "Chief Strategy Officer", "Legislative Candidates"
    last = words[-1]
    if last.tag_ == "NNPS" or _team_plural(last):
        return False
    name = span.text
    if name in gaz.places or fold(name) in _org_surfaces() or canon.lookup_variant(name, "ORG") \
            or canon.lookup_variant(name, "GPE"):
        return False
    return True


def _person_evidence(span, surnames: set[str], full_surnames: set[str] = frozenset()) -> bool:
    """A person-shaped span the model typed otherwise is a person when its surname is a person's in the
    article ("Rudolph" … "Mason Rudolph"), or its first word is a known given name and nothing around it
    says organisation (no "the" before it).

    ``full_surnames``: surnames of the article's multi-word PERSON names (strong evidence);
    ``surnames``: those of any PERSON mention — a lone word the model called a PERSON is weak
    evidence ("Moon" beside "Blue Moon"), so the name's words must not be common English words."""
    if not _person_shaped(span):
        return False
    name = clean_surface(span.text)
    key = canon.split_person(name).surname_key
    given = is_given_name(span[0].text)
    if given and len(span) == 3 and re.fullmatch(r"[A-Z]\.", span[1].text):
        return True  # a middle initial: "Dwight D. Eisenhower"
    if key in full_surnames and (given or not _common_word(span[-1])):
        return True  # ("Pro" of a model's "MacBook Pro" PERSON does not make "Radeon Pro" one)
    if key in surnames and given:
        return True
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ == "the":
        return False
    # a given name alone is weak evidence: "Royal Navy", "Forest Hill", "Carolina Panthers" end in a common word
    return is_given_name(span[0].text) and not _common_word(span[-1])


def _clean_span(ent):
    """Trim a model span to the name: leading verbs/determiners/titles, trailing possessives and brackets."""
    doc = ent.doc
    s, e = ent.start, ent.end
    while s < e and (doc[s].pos_ in _LEAD_DROP_POS and not doc[s].text[:1].isupper()
                     or doc[s].tag_ == "VBG" or doc[s].text in "[](){}\"“”'‘’"
                     or fold(doc[s].text) == "the"):
        s += 1
    while e > s and (doc[e - 1].text in _POSS or doc[e - 1].text in "[](){}\"“”'‘’,.;:" or doc[e - 1].is_space):
        e -= 1
    if s >= e:
        return None
    if ent.label_ == "PERSON" and e - s > 1:
        # a sentence-initial common word swallowed by the model ("Describing Macron’s remarks")
        t = doc[s]
        if (t.is_sent_start or t.i == 0) and (t.tag_.startswith("VB") or t.text.lower().endswith("ing")
                                              or (t.lemma_.islower() and t.lemma_ != t.text.lower() and t.pos_ != "PROPN")):
            s += 1
    if ent.label_ == "PERSON":
        # a headline verb swallowed at the end ("Obama Says African-American Museum …")
        while e - s > 1 and (doc[e - 1].pos_ in ("VERB", "AUX")
                             or doc[e - 1].lemma_.islower() and doc[e - 1].lemma_ != doc[e - 1].text.lower()
                             and doc[e - 1].pos_ != "PROPN"):
            e -= 1
        # "President Emmanuel Macron" as one PERSON span: the title belongs to the role
        while s < e - 1 and (_is_titleword(doc[s]) or doc[s].ent_type_ in ("NORP",)) and doc[s].text[:1].isupper():
            s += 1
        # a role inside the span: "Browns DL Sheldon Richardson", "Pittsburgh center Maurkice Pouncey",
        # "CBS Sports NFL Insider Jason La Canfora": the name starts after the last title word (or
        # lower-case common word) that a capitalised name follows
        cut = None
        for k in range(s, e - 1):
            t = doc[k]
            low = fold(t.text)
            if low in canon.PARTICLES:
                continue
            if _is_titleword(t) or (t.is_alpha and t.text.islower()):
                cut = k
        if cut is not None:
            rest = doc[cut + 1 : e]
            words = [t for t in rest if fold(t.text).strip(".") not in canon.SUFFIXES | canon.HONORIFICS]
            if words and all(t.text[:1].isupper() or fold(t.text) in canon.PARTICLES or t.is_punct for t in rest) \
                    and rest[0].text[:1].isupper() and not _is_titleword(rest[0]):
                s = cut + 1
    if ent.label_ == "PERSON" and e - s == 1 and s > 0:
        # the given name left out of the span: "Amandla [Stenberg]" (a compound proper noun, no entity of its own)
        t = doc[s - 1]
        if (t.tag_ == "NNP" and t.dep_ == "compound" and t.head.i == s and t.ent_iob_ == "O" and t.is_alpha
                and t.text[:1].isupper() and not t.text.isupper() and not _is_titleword(t) and not _team_plural(t)
                and t.text not in gazetteer().places and fold(t.text) not in gazetteer().by_form
                and not (t.is_sent_start and fold(t.text) in _COMMON_WORDS.get(id(doc.vocab), frozenset()))):
            s -= 1
    return doc[s:e]


def _junk(name: str, span) -> bool:
    if not name or not re.search(r"[A-Za-z]", name):
        return True
    if name == name.lower():
        return True  # all-lowercase: not a name
    if len(name) > 80 or _JUNK.search(name):
        return True
    if all(_is_titleword(t) or t.is_punct for t in span) and fold(name) not in _org_surfaces():
        return True  # "Defense", "Foreign Ministry" alone (but "Congress", "Senate" are bodies)
    if len(span) == 1 and _shouted_word(span[0]):
        return True  # "an immature WHITE college frat boy"
    if len(span) > 2 and any(t.pos_ in ("VERB", "AUX") and t.text[:1].islower() for t in span[1:-1]):
        return True  # a clause, not a name: "Garrett hit Rudolph" (its names are found one by one)
    return False


#: per vocabulary: adjectives, adverbs and verbs the lemmatizer knows (the WordNet index shipped with
#: the model), filled by :func:`configure_pipeline`
_COMMON_WORDS: dict[int, frozenset[str]] = {}


def _common_words_of(nlp) -> frozenset[str]:
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except Exception:  # another pipeline: the rule is simply off
        return frozenset()
    out: set[str] = set()
    for pos in ("adj", "adv", "verb"):
        key = nlp.vocab.strings[pos]
        if key in table:
            out.update(table[key])
    return frozenset(out)


#: per vocabulary: the nouns of the same index (with some famous surnames: used only to doubt a name)
_NOUNS: dict[int, frozenset[str]] = {}


def _nouns_of(nlp) -> frozenset[str]:
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        key = nlp.vocab.strings["noun"]
        return frozenset(table[key]) if key in table else frozenset()
    except Exception:
        return frozenset()


def _common_word(tok) -> bool:
    """A word (or the singular of a plural) that English uses as a noun, adjective, verb or adverb: Navy, Hook, Panthers."""
    vid = id(tok.doc.vocab)
    low = tok.text.lower()
    for words in (_COMMON_WORDS.get(vid, frozenset()), _NOUNS.get(vid, frozenset())):
        if low in words or (low.endswith("s") and low[:-1] in words):
            return True
    return False


def _shouted_word(tok) -> bool:
    """An all-caps common word used for emphasis, not an acronym or a speaker label ("PENCE:")."""
    t = tok.text
    if len(t) < 3 or not t.isalpha() or not t.isupper():
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.text == ":":
        return False
    if t in gazetteer().places or canon.lookup_variant(t, "ORG") or canon.lookup_variant(t, "GPE"):
        return False
    return t.lower() in _COMMON_WORDS.get(id(tok.doc.vocab), frozenset())


def _attributive(span) -> bool:
    """A one-word country name modifying a title (``UK`` in ``UK Foreign Secretary``), not a possessive."""
    if len(span) != 1 or fold(span.text) not in gazetteer().by_form:
        return False  # a city before a title stays a place ("Pittsburgh quarterback")
    t = span[0]
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if nxt is None or nxt.text in _POSS or not _is_titleword(nxt):
        return False
    return t.dep_ in ("compound", "amod", "nmod", "npadvmod") and t.head.i > t.i


@functools.lru_cache(maxsize=1)
def _org_surfaces() -> frozenset[str]:
    return frozenset(fold(o["pattern"]) for o in gazetteer().orgs if isinstance(o["pattern"], str))


def _relabel(label: str, name: str, persons: dict[str, str]) -> str:
    gaz = gazetteer()
    if label == "PERSON" and name in persons.values():
        return label
    surf = name
    place = gaz.places.get(surf)
    if not place:
        c = canon.lookup_variant(surf, "GPE")
        place = gaz.places.get(c) if c else None
        if c and not place:
            place = ("region", "", False)
    if place and not (place[2] and label == "PERSON"):
        return "LOC" if place[0] == "area" else "GPE"
    if fold(surf) in _org_surfaces():
        return "ORG"
    if label != "PERSON" and len(surf.split()) == 1:
        k = canon.surname_key(surf)
        if k in persons:
            return "PERSON"
    if label == "NORP" and surf in gaz.countries:
        return "GPE"
    return label


def _collect(parsed) -> list[_Mention]:
    raw: list[tuple] = []
    for where, doc in parsed.segments():
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                continue
            span = _clean_span(ent)
            if span is None:
                continue
            name = clean_surface(span.text)
            if _junk(name, span):
                continue
            raw.append((where, span, ent.label_, name))
    raw = _fix_labels(raw)
    # surnames of multi-word PERSON names found anywhere in the article
    persons: dict[str, str] = {}
    for where, span, label, name in raw:
        toks = canon.name_tokens(name)
        if label == "PERSON" and len(toks) >= 2:
            persons.setdefault(canon.split_person(name).surname_key, name)
    out: list[_Mention] = []
    covered: set[tuple[str, int]] = set()
    for where, span, label, name in raw:
        lab = _relabel(label, name, persons)
        if lab == "GPE" and _attributive(span):
            lab = "NORP"  # "UK Foreign Secretary", "US President": the country name used as a nationality
        out.append(_Mention(where, 0, span, lab, span.text, name, span.start_char, span.end_char))
        covered.update((where, t.i) for t in span)
    # names of the article's people inside spans the model gave another type: "Ivanka Trump" as a
    # PRODUCT, "WALLACE: Let’s start with breaking news" as a WORK_OF_ART, "Last week Stumpf" as a DATE
    if persons:
        for where, doc in parsed.segments():
            for ent in doc.ents:
                if ent.label_ not in _MISTYPED or (where, ent.start) in covered:
                    continue
                toks = [t for t in ent if t.pos_ in ("PROPN", "NOUN") and t.text[:1].isupper()]
                run = []
                for t in ent:  # the leading run of capitalised proper nouns
                    if t in toks and (not run or t.i == run[-1].i + 1):
                        run.append(t)
                    elif run:
                        break
                if not run or len(run) > 3 or ent.label_ == "DATE" and fold(run[-1].text) in _MONTHS_DAYS:
                    continue
                span = doc[run[0].i : run[-1].i + 1]
                name = clean_surface(span.text)
                if canon.split_person(name).surname_key in persons and not gazetteer().places.get(name):
                    out.append(_Mention(where, 0, span, "PERSON", span.text, name, span.start_char, span.end_char))
                    covered.update((where, t.i) for t in span)
    # transcript speaker labels: "WALLACE: Let’s start …", "CHRIS WALLACE: …" at a paragraph start
    for where, doc in parsed.segments():
        for t in doc:
            if t.text != ":" or t.i == 0:
                continue
            j = t.i
            while j > 0 and doc[j - 1].text.isalpha() and doc[j - 1].text.isupper() and len(doc[j - 1].text) > 1 and t.i - j < 3:
                j -= 1
            if j == t.i or (where, j) in covered:
                continue
            before = doc.text[: doc[j].idx].rstrip(" \"“'")
            if before and not before.endswith("\n"):
                continue
            span = doc[j : t.i]
            name = span.text
            if name in gazetteer().places or fold(name) in _org_surfaces():
                continue
            common = _COMMON_WORDS.get(id(doc.vocab), frozenset())
            if any(fold(x.text) in _LABEL_WORDS or fold(x.text) in common or x.lemma_.lower() in common for x in span):
                continue  # "UPDATE:", "WATCH:", "EDITOR'S NOTE:" (and "TRUMP:" is found as a known surname below)
            out.append(_Mention(where, 0, span, "PERSON", span.text, name, span.start_char, span.end_char))
            covered.update((where, x.i) for x in span)
    # names the model left untagged after a title: "Pittsburgh center Maurkice Pouncey"
    for where, doc in parsed.segments():
        for t in doc:
            if not _is_titleword(t) or t.pos_ not in ("NOUN", "PROPN") or t.i + 2 >= len(doc):
                continue
            j = t.i + 1
            while j < len(doc) and j - t.i <= 4 and doc[j].tag_ == "NNP" and not doc[j].ent_type_ \
                    and (where, j) not in covered and doc[j].text[:1].isupper():
                j += 1
            if not 2 <= j - t.i - 1 <= 3 or (j < len(doc) and doc[j].pos_ == "PROPN"):
                continue
            span = doc[t.i + 1 : j]
            if _is_titleword(span[0]) or not _person_shaped(span):
                continue
            name = clean_surface(span.text)
            out.append(_Mention(where, 0, span, "PERSON", span.text, name, span.start_char, span.end_char))
            covered.update((where, x.i) for x in span)
            persons.setdefault(canon.split_person(name).surname_key, name)
    # surnames the model missed ("Goncharenko noted" left untagged)
    if persons:
        for where, doc in parsed.segments():
            for t in doc:
                if (where, t.i) in covered or t.pos_ not in ("PROPN", "NOUN") or not t.text[:1].isupper() or len(t.text) < 3:
                    continue
                if t.ent_type_ and t.ent_type_ not in LABELS:
                    continue
                if canon.surname_key(t.text) in persons and not gazetteer().places.get(t.text):
                    span = doc[t.i : t.i + 1]
                    out.append(_Mention(where, 0, span, "PERSON", t.text, t.text, span.start_char, span.end_char))
    out.sort(key=lambda m: (_SEG_ORDER[m.where], m.start))
    for i, m in enumerate(out):
        m.order = i
    return out


#: verbs whose object is a person (an unknown "place" as their object is a person: "hire Belichick")
_PERSON_OBJECT_VERBS = {"hire", "fire", "interview", "thank", "praise", "criticize", "criticise", "accuse", "sue",
                        "elect", "appoint", "nominate", "arrest", "marry", "endorse", "impeach", "indict", "quote"}


_PERSON_SUBJECT_VERBS = {"ask", "tell", "reply", "recall", "admit", "joke", "laugh", "smile", "shrug"}


def _person_not_place(span) -> bool:
    """A one-word GPE/LOC the gazetteer does not know, which the article uses as a person somewhere: the
    subject of a verb only people do ("Earhardt then asked Rubio") or the object of a verb taking people
    ("the chance to hire Belichick")."""
    if len(span) != 1:
        return False
    t = span[0]
    gaz = gazetteer()
    if t.text in gaz.places or fold(t.text) in gaz.by_form or canon.lookup_variant(t.text, "GPE") \
            or not t.text[:1].isupper() or t.text.isupper() or _common_word(t):
        return False
    for x in t.doc:
        if x.text != t.text or x.ent_type_ in ("GPE", "LOC") and x.i != t.i and x.dep_ == "pobj":
            continue
        if x.dep_ == "dobj" and x.head.lemma_ in _PERSON_OBJECT_VERBS:
            return True
        if x.dep_ == "nsubj" and x.head.lemma_ in _PERSON_SUBJECT_VERBS:
            return True  # (not "say" or "announce": clubs and firms say things too)
    return False


def _plural_of_person(name: str, surnames: set[str]) -> bool:
    """"Clintons" beside a Clinton of the article: the family, a group of people."""
    for cut in (1, 2):
        if len(name) > cut + 2 and canon.surname_key(name[:-cut]) in surnames:
            return True
    return False


def _fix_labels(raw: list[tuple]) -> list[tuple]:
    """Types the small model gets wrong, from the article's own evidence.

    * a person-shaped name of two or three words typed ORG/GPE/LOC/NORP is a PERSON when its surname
      is a person's elsewhere in the article or its first word is a known given name
      ("Pittsburgh quarterback Mason Rudolph" tagged ORG, "Rudolph" tagged PERSON);
    * a one-word capitalised plural typed PERSON and used like a team or group ("the Browns",
      "Steelers defensive captain") is an ORG (a demonym such as "Delhiites" a NORP), unless it is
      the plural of a person's surname ("the Clintons").
    """
    surnames: set[str] = set()
    full_surnames: set[str] = set()
    for where, span, label, name in raw:
        if label == "PERSON":
            toks = canon.name_tokens(name)
            if toks:
                surnames.add(canon.split_person(name).surname_key)
            if len(toks) >= 2:
                full_surnames.add(canon.split_person(name).surname_key)
    plural_names: set[str] = set()
    for where, span, label, name in raw:
        if label == "PERSON" and len(span) == 1 and _team_plural(span[0]) and not _plural_of_person(name, surnames) \
                and not (span.start > 0 and _is_titleword(span.doc[span.start - 1])):  # "both former president Bushes"
            plural_names.add(name)
    out = []
    for where, span, label, name in raw:
        if label in ("ORG", "GPE", "LOC", "NORP") and len(span) >= 2:
            s = span.start  # a leading title the model put in an ORG: "Spokeswoman Haley Morris"
            while s < span.end - 2 and _is_titleword(span.doc[s]) and span.doc[s].text[:1].isupper():
                s += 1
            cand = span.doc[s : span.end]
            titled = s > span.start and not rolemod.is_org_role(span.doc[span.start : s].text)
            if titled and _person_shaped(cand) and not _common_word(cand[-1]) \
                    or _person_evidence(cand, surnames, full_surnames):
                span, label, name = cand, "PERSON", clean_surface(cand.text)
        elif label in ("GPE", "LOC") and _person_not_place(span):
            label = "PERSON"
        elif label == "PERSON" and name in plural_names and len(span) == 1:
            label = "NORP" if fold(name).endswith(("ites", "ians", "eans")) else "ORG"
        out.append((where, span, label, name))
    # one name typed two ways in one article: a person-shaped name that is a PERSON once is one everywhere
    person_names = {fold(n) for _, _, l, n in out if l == "PERSON" and len(canon.name_tokens(n)) >= 2}
    def person_too(sp, l, n) -> bool:
        return (l in ("ORG", "GPE", "LOC", "NORP") and fold(n) in person_names and _person_shaped(sp)
                and (is_given_name(sp[0].text) or not _common_word(sp[-1])))  # not "HuffPost Live"

    return [(w, sp, "PERSON" if person_too(sp, l, n) else l, n) for w, sp, l, n in out]


# -- grouping ---------------------------------------------------------------------------------

def _group_key(m: _Mention) -> tuple[str, str]:
    group = {"GPE": "PLACE", "LOC": "PLACE"}.get(m.label, m.label)
    return group, fold(canon.canonical_name(m.name, m.label))


def _suffix(name: str, bare: bool = False) -> str:
    """Generational suffix of a name (jr, sr, ii …); ``bare`` counts it after a lone surname too."""
    words = canon.clean_surface(name).split()
    last = fold(words[-1]).strip(".,") if words else ""
    return last if last in canon.SUFFIXES and len(words) > (1 if bare else 2) else ""


def _cluster(mentions: list[_Mention]) -> list[list[_Mention]]:
    clusters: list[list[_Mention]] = []
    persons: list[list[_Mention]] = []
    by_key: dict[tuple[str, str], list[_Mention]] = {}

    def add_alone(k: tuple[str, str], m: _Mention) -> None:
        """One cluster per key, for mentions that join no full name."""
        if k not in by_key:
            by_key[k] = []
            clusters.append(by_key[k])
        by_key[k].append(m)

    # 1. people with full names
    for m in mentions:
        if m.label != "PERSON" or len(canon.name_tokens(m.name)) < 2:
            continue
        for c in persons:
            full = [x for x in c if len(canon.name_tokens(x.name)) >= 2]
            # in one article "Donald Trump Jr." and "Donald Trump" are two people
            if any(_suffix(x.name) != _suffix(m.name) for x in full):
                continue
            if all(canon.person_match(m.name, x.name) >= 1.0 for x in full):
                c.append(m)
                break
        else:
            c = [m]
            persons.append(c)
            clusters.append(c)
    # 2. single-word people: attach to the full name with that surname (the nearest preceding one,
    #    else the first one after it); otherwise their own entity
    for m in mentions:
        if m.label != "PERSON" or len(canon.name_tokens(m.name)) >= 2:
            continue
        key = canon.split_person(m.name).surname_key
        cands = [c for c in persons if any(len(canon.name_tokens(x.name)) >= 2 and canon.split_person(x.name).surname_key == key for x in c)]
        same_suffix = [c for c in cands if any(_suffix(x.name) == _suffix(m.name, bare=True) for x in c)]
        if _suffix(m.name, bare=True) and same_suffix:
            cands = same_suffix  # "Trump Jr." goes to "Donald Trump Jr."
        elif not _suffix(m.name, bare=True):
            # "Mr. Trump" is not "Donald Trump Jr." (but may be a Donald Trump named elsewhere)
            cands = [c for c in cands if any(len(canon.name_tokens(x.name)) >= 2 and not _suffix(x.name) for x in c)]
        if not cands:
            # a given name or a lone surname; group equal lone names together
            add_alone(("PERSON", key), m)
            continue
        before = [c for c in cands if min(x.order for x in c) < m.order]
        if before:
            best = max(before, key=lambda c: max(x.order for x in c if x.order < m.order))
        elif len(cands) == 1:
            best = cands[0]  # "Goncharenko says" in a headline, the full name in the body
        else:
            # two people share the surname and neither was named yet (Chelsea "Clinton" before
            # Bill and Hillary Clinton): keep the mention apart rather than guess
            add_alone(("PERSON", key), m)
            continue
        best.append(m)
    # 3. everything else by canonical name
    for m in mentions:
        if m.label != "PERSON":
            add_alone(_group_key(m), m)
    for c in clusters:
        c.sort(key=lambda x: x.order)
    clusters.sort(key=lambda c: c[0].order)
    return clusters


def _entity_type(c: list[_Mention]) -> str:
    labels = [m.label for m in c]
    if "PERSON" in labels and any(len(canon.name_tokens(m.name)) >= 2 for m in c if m.label == "PERSON"):
        return "PERSON"
    return max(set(labels), key=lambda l: (labels.count(l), l == "GPE"))


def _fullest(c: list[_Mention]) -> str:
    names = [m.name for m in c]
    return max(names, key=lambda n: (len(canon.name_tokens(n)), len(n), -names.index(n)))


def _canonical(type_: str, c: list[_Mention], name: str) -> str:
    if type_ == "PERSON":
        forms = sorted({m.name for m in c}, key=lambda n: -len(canon.name_tokens(n)))
        for f in forms:
            hit = canon.lookup_variant(f, "PERSON")
            if hit:
                return hit
        return canon.canonical_name(name, "PERSON")
    for m in c:
        hit = canon.lookup_variant(m.name, "GPE" if type_ == "NORP" else type_)
        if hit:
            return hit
    return canon.canonical_name(name, type_)


def find_entities(parsed) -> list[Entity]:
    """Entities of a :class:`~quotewire.nlp.pipeline.ParsedArticle`, ids e1, e2 … by first appearance."""
    mentions = _collect(parsed)
    for m in mentions:
        if m.label in ("PERSON", "ORG"):
            try:
                m.roles = rolemod.roles_for_span(m.span, m.label)
            except Exception:  # a parse quirk must not lose the entity
                m.roles = []
    entities: list[Entity] = []
    for i, c in enumerate(_cluster(mentions), 1):
        type_ = _entity_type(c)
        name = _fullest(c)
        roles: list[str] = []
        seen: set[str] = set()
        for m in c:
            for r in m.roles:
                if fold(r) not in seen:
                    seen.add(fold(r))
                    roles.append(r)
        variants: list[str] = []
        for m in c:
            if m.name not in variants:
                variants.append(m.name)
        ents_mentions, seen_m = [], set()
        for m in c:
            k = (m.where, m.start, m.end)
            if k not in seen_m:
                seen_m.add(k)
                ents_mentions.append(Mention(text=m.text, start=m.start, end=m.end, where=m.where))
        entities.append(Entity(
            id=f"e{i}",
            type=type_,
            name=name,
            canonical=_canonical(type_, c, name),
            roles=roles,
            mentions=ents_mentions,
            variants=variants,
        ))
    return entities
