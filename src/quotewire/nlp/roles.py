"""Roles and titles of people (and descriptors of organisations), and role keys for matching.

Extraction reads a name's spaCy span and its sentence:

* pre-modifiers: ``UK Foreign Secretary David Cameron``, ``Kremlin spokesman Dmitry Peskov``,
  ``Slovakia’s Prime Minister Robert Fico``, ``[Russian President Vladimir] Putin``;
* appositions either side: ``Fico, Slovakia’s prime minister,`` / ``Slovakia’s prime minister, Robert Fico,``;
* relative clauses: ``Aleksey Goncharenko, who represents Odessa in the Ukrainian parliament``
  (``who is …``/``who serves as …`` keep only the predicate).

A role counts only when it holds a term of the title lexicon (``data/entities/titles.tsv``).

Matching descriptions to people (the quote engine's "the MP", "the French leader") goes through
**role keys**: :func:`role_keys` maps an entity's roles to title classes (MP ≈ lawmaker ≈
legislator ≈ member of parliament; president ≈ leader ≈ head of state) and nationality keys
(``french``/``france``), and :func:`match_description` scores a description against an entity.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Iterable

from quotewire.nlp.canonical import _read_lines, clean_surface, fold, gazetteer

_POSS = {"'s", "’s", "'", "’"}
#: words that may stand inside a pre-modifier title without being lexicon terms themselves
_TITLE_GLUE = {"former", "acting", "deputy", "first", "senior", "top", "chief", "then", "vice", "ex", "-", "of", "and",
               "interim", "outgoing", "incoming", "new", "current", "late", "veteran", "state", "general", "lead", "assistant",
               "associate", "principal", "special", "permanent"}
_RELATIVISERS = {"who", "whom", "which", "that", ","}
_COPULA = re.compile(r"^(?:is|was|are|were|has been|had been|serves as|served as|is also|was also|became|is now|acts as)\s+", re.I)
_DETS = re.compile(r"^(?:the|a|an)\s+", re.I)


@dataclass(frozen=True)
class Term:
    text: str
    head: bool
    keys: tuple[str, ...]


@dataclass
class TitleLexicon:
    terms: dict[tuple[str, ...], Term]
    words: frozenset[str]  # every word of every term
    max_len: int
    verbs: frozenset[str] = frozenset()  # lemmas that make a relative clause a role ("who represents …")


@functools.lru_cache(maxsize=1)
def lexicon() -> TitleLexicon:
    terms: dict[tuple[str, ...], Term] = {}
    words: set[str] = set()
    verbs: set[str] = set()
    for row in _read_lines("titles.tsv"):
        if len(row) >= 2 and row[1] == "verb":
            verbs.add(row[0].lower())
            continue
        if len(row) < 3:
            continue
        term, head, keys = row[0].lower(), row[1] == "yes", tuple(k for k in row[2].split("|") if k)
        toks = tuple(_words(term))
        terms[toks] = Term(term, head, keys)
        words.update(t.rstrip(".") for t in toks if t not in {"the", "of"})
    return TitleLexicon(terms, frozenset(words), max(len(k) for k in terms), frozenset(verbs))


def _words(text: str) -> list[str]:
    """Folded words of a text, possessives split off, punctuation dropped (``Slovakia’s`` → ``slovakia``)."""
    t = fold(text)
    t = re.sub(r"'s\b", " ", t)
    return [w for w in re.findall(r"[a-z0-9]+(?:[.-][a-z0-9]+)*\.?", t) if w]


def _longest_matches(words: list[str], max_len: int, lookup) -> list[tuple[int, int, object]]:
    """Scan left to right, taking at each word the longest run (up to ``max_len`` words) that
    ``lookup`` knows: (start word, end word, what lookup returned)."""
    out, i = [], 0
    while i < len(words):
        for n in range(min(max_len, len(words) - i), 0, -1):
            found = lookup(words[i : i + n])
            if found:
                out.append((i, i + n, found))
                i += n
                break
        else:
            i += 1
    return out


def find_terms(text: str | Iterable[str]) -> list[tuple[int, int, Term]]:
    """Longest-first title terms in a text: (start word, end word, term)."""
    lex = lexicon()
    words = _words(text) if isinstance(text, str) else [fold(w) for w in text]

    def term(run: list[str]) -> Term | None:
        key = tuple(run)
        return lex.terms.get(key) or (lex.terms.get(tuple(w.rstrip(".") for w in key)) if len(run) == 1 else None)

    return _longest_matches(words, lex.max_len, term)


def countries_in(text: str) -> set[str]:
    """Countries a text names or implies: nationality adjectives, country names, capitals, places, national bodies."""
    gaz = gazetteer()

    def country(run: list[str]) -> str | None:
        phrase = " ".join(run)
        # places are stored in their surface case
        return gaz.by_form.get(phrase) or gaz.org_country.get(phrase) or (
            gaz.country_of(phrase.title()) if len(run) <= 2 else None)

    return {c for _, _, c in _longest_matches(_words(text), 3, country)}


def country_keys(country: str) -> set[str]:
    """Lower-case keys that stand for a country: its name, aliases and nationality adjectives."""
    info = gazetteer().countries.get(country)
    keys = {country.lower()}
    if info:
        keys |= {a.lower() for a in info["adjectives"]}
        keys |= {a.lower() for a in info["aliases"] if not a.lower().startswith("the ")}
    return keys


@dataclass
class Description:
    """What a role or a description says: head title classes, all keys, countries."""

    heads: set[str] = field(default_factory=set)  # the head terms themselves ("leader", "mp", "president")
    keys: set[str] = field(default_factory=set)  # classes of every term
    countries: set[str] = field(default_factory=set)
    orgs: set[str] = field(default_factory=set)  # organisations named (canonical, folded): "kremlin"
    gender: str | None = None  # "m" / "f" when a head term is gendered (spokesman / spokeswoman)


@functools.lru_cache(maxsize=4096)
def describe(text: str) -> Description:
    """Analyse a role or description: ``the French leader`` → heads {leader}, countries {France}."""
    d = Description()
    terms = find_terms(text)
    heads = [t for t in terms if t[2].head]
    for idx, (s, e, term) in enumerate(terms):
        if term.head:
            # a head term followed by another head term only modifies it (Deputy Foreign Minister)
            later_head = any(h[0] >= e for h in heads)
            if later_head and term.text in {"deputy", "vice president", "head", "chief", "leader", "secretary"}:
                d.keys.add(term.text)
                continue
            d.heads.add(term.text)
        d.keys.add(term.text)
        d.keys.update(term.keys)
    d.countries = countries_in(text)
    d.orgs = orgs_in(text)
    for h in d.heads:
        if h.endswith(("woman", "women")) or h in {"queen", "first lady", "chairwoman"}:
            d.gender = "f"
        elif h.endswith("man") or h in {"king", "prince", "crown prince"}:
            d.gender = "m"
    return d


@functools.lru_cache(maxsize=1)
def _org_forms() -> dict[tuple[str, ...], str]:
    out = {}
    for o in gazetteer().orgs:
        if isinstance(o["pattern"], str):
            out[tuple(_words(o["pattern"]))] = fold(o["canonical"])
    return out


def orgs_in(text: str) -> set[str]:
    """Organisations of the gazetteer a text names (folded canonical names)."""
    words = _words(text)
    forms = _org_forms()
    out = set()
    for n in (4, 3, 2, 1):
        for i in range(len(words) - n + 1):
            hit = forms.get(tuple(words[i : i + n]))
            if hit:
                out.add(hit)
    return out


def role_keys(entity_or_roles) -> set[str]:
    """Normalised keys of an entity's roles, for matching descriptions.

    ``role_keys(goncharenko)`` ⊇ {"mp", "lawmaker", "member of parliament", "parliament", "ukrainian", "ukraine"};
    ``role_keys(macron)`` ⊇ {"president", "leader", "head of state", "french", "france"}.
    Accepts an :class:`~quotewire.record.Entity` or an iterable of role strings.
    """
    roles = getattr(entity_or_roles, "roles", entity_or_roles) or []
    keys: set[str] = set()
    for role in roles:
        d = describe(role)
        keys |= d.keys
        for c in d.countries:
            keys |= country_keys(c)
    return keys


def entity_countries(entity_or_roles) -> set[str]:
    roles = getattr(entity_or_roles, "roles", entity_or_roles) or []
    out: set[str] = set()
    for role in roles:
        out |= describe(role).countries
    return out


def match_description(description: str, entity) -> float:
    """Score in [0, 1] that a description ("the MP", "the French leader", "a senior Ukrainian lawmaker")
    refers to ``entity`` (an Entity or its roles), judged by title classes and nationality.

    0 when the description's head title is not among the entity's role keys or the countries conflict;
    otherwise 0.6, +0.3 when a country agrees, +0.1 when the description's other terms all agree.
    A description without a title (``the Ukrainian``) scores 0.4 on an agreeing country only.
    """
    d = describe(description)
    roles = getattr(entity, "roles", entity) or []
    keys = role_keys(roles)
    countries = entity_countries(roles)
    if d.countries and countries and not (d.countries & countries):
        return 0.0
    descs = [describe(r) for r in roles]
    e_orgs = set().union(*(x.orgs for x in descs)) if descs else set()
    if d.orgs and e_orgs and not (d.orgs & e_orgs):
        return 0.0  # "the Kremlin spokesman" is not the Foreign Ministry's spokeswoman
    e_gender = {x.gender for x in descs if x.gender}
    if d.gender and e_gender and d.gender not in e_gender:
        return 0.0
    if not d.heads:
        return 0.4 if d.countries and (d.countries & countries) else 0.0
    if not any(h in keys for h in d.heads):
        return 0.0
    score = 0.6
    if d.countries and (d.countries & countries):
        score += 0.3
    modifiers = d.keys - d.heads - {"senior", "top", "former", "acting"}
    if modifiers <= keys:
        score += 0.1
    if d.orgs and (d.orgs & e_orgs) and not d.countries:
        score += 0.3
    if d.heads & set().union(*(x.heads for x in descs)):
        score += 0.05  # the very title, not only its class ("foreign minister" over "foreign secretary")
    return round(min(score, 1.0), 3)


def best_match(description: str, entities, types: tuple[str, ...] = ("PERSON",), min_score: float = 0.6):
    """The entity a description most likely refers to, with its score, or (None, 0.0).

    Ties (two French presidents in one article) return the first entity in ``entities`` order;
    callers that know recency should pass entities ordered by proximity.
    """
    best, best_score = None, 0.0
    for e in entities:
        if types and getattr(e, "type", None) not in types:
            continue
        sc = match_description(description, e)
        if sc > best_score:
            best, best_score = e, sc
    if best_score < min_score:
        return None, 0.0
    return best, best_score


# -- extraction from a parse --------------------------------------------------------------------

def _is_title_word(tok) -> bool:
    return fold(tok.text).rstrip(".") in lexicon().words


def _model_ent_start(doc, i: int) -> int | None:
    """Start of the model's entity that holds token ``i`` (None outside entities)."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def premodifier_role(span) -> str | None:
    """``UK Foreign Secretary`` in ``UK Foreign Secretary David Cameron``; None without a title term."""
    doc = span.doc
    i = span.start - 1
    start = None
    # the model may have tagged the role with the name as one PERSON ("Browns DL Sheldon Richardson"):
    # its capitalised words before the title are part of the role
    own = _model_ent_start(doc, span.start) if doc[span.start].ent_type_ == "PERSON" else None
    while i >= 0:
        t = doc[i]
        low = fold(t.text)
        if t.ent_type_ == "PERSON" and (own is None or t.i < own) and t.text[:1].isupper():
            break  # another person's name: "Paul Singer and Ken Griffin" (Singer is no title here)
        if t.text in ("[", "(") or t.text in _POSS:
            ok = True
        elif t.is_punct and t.text not in ("-",):
            break
        elif _is_title_word(t) or low in _TITLE_GLUE:
            ok = True
        elif t.ent_type_ in ("GPE", "NORP", "ORG", "LOC") and (t.text[:1].isupper() or t.text.isupper()):
            ok = True
        elif own is not None and own <= t.i and start is not None and t.text[:1].isupper() and t.pos_ == "PROPN":
            ok = True
        elif t.dep_ in ("amod", "compound", "nmod") and t.pos_ in ("ADJ", "NOUN", "PROPN") and start is not None \
                and start <= t.head.i < span.end and t.ent_type_ != "PERSON":
            ok = True  # "Republican presidential candidate", "campaign spokesman"
        else:
            break
        if ok:
            start = i
            i -= 1
    if start is None:
        return None
    toks = list(doc[start : span.start])
    # trim glue at the edges
    while toks and (fold(toks[0].text) in {"of", "and", "-", "then"} or toks[0].text in _POSS or toks[0].text in "[("):
        toks = toks[1:]
    while toks and (fold(toks[-1].text) in {"of", "and", "-"} or toks[-1].text in "[("):
        toks = toks[:-1]
    if not toks:
        return None
    if fold(doc[span.start - 1].text) == "of":
        return None  # "president of Keep the Promise PAC": the title is someone else's
    if doc[span.start - 1].text in _POSS:
        return None  # "Media Research Center’s Brent Bozell": an owner, not a title
    text = _span_text(toks)
    if not any(t.head for _, _, t in find_terms(text)):
        return None
    return text


def _span_text(toks) -> str:
    out = ""
    for t in toks:
        if t.text in "[]()":
            continue
        out += t.text + t.whitespace_
    out = re.sub(r"\s+", " ", out).strip(" ,;:-")
    return out


def _trim_clause(toks) -> list:
    """Cut a subtree at its first comma/dash/quote (one clause) and drop edge punctuation."""
    out = []
    for t in toks:
        if out and (t.text in {",", ";", "—", "–", "(", ")", "“", "”", '"'}):
            break
        out.append(t)
    while out and (out[-1].is_punct or out[-1].is_space):
        out = out[:-1]
    while out and (out[0].is_punct or out[0].is_space):
        out = out[1:]
    return out


def _role_from_tokens(toks, max_tokens: int = 16) -> str | None:
    toks = _trim_clause(toks)
    if not toks or len(toks) > max_tokens:
        return None
    text = _span_text(toks)
    text = _DETS.sub("", _COPULA.sub("", text))
    text = _DETS.sub("", text)
    if not text or not find_terms(text):
        return None
    return text


def _head_with_of(head) -> list:
    """A title noun with its pre-modifiers and a short "of" phrase: "The head of the major Super PAC"."""
    doc = head.doc
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ != "PERSON":
                end = pobj.i + 1
            break
    return list(doc[head.left_edge.i : end])


def appositive_roles(span) -> list[str]:
    """Roles in an apposition after the name (``Fico, Slovakia’s prime minister,``) or before it."""
    doc = span.doc
    out = []
    for tok in span:
        for child in tok.children:
            if child.dep_ != "appos" or child.i < span.end:
                continue
            if child.ent_type_ == "PERSON" or not _is_title_word(child):
                continue  # the apposition's head must be a title ("the daughter of …" is not a role)
            toks = list(doc[child.left_edge.i : child.right_edge.i + 1])
            # the apposition without its own relative clause ("the Republican pollster who is …")
            cut = next((k for k, t in enumerate(toks) if t.i > child.i and fold(t.text) in {"who", "which", "that", "whose"}), None)
            if cut is not None:
                toks = toks[:cut]
            role = _role_from_tokens(toks)
            if role and any(t.head for _, _, t in find_terms(role)):
                out.append(role)
    root = span.root
    if root.dep_ == "appos" and root.head.i < span.start:
        head = root.head
        if _is_title_word(head) and head.ent_type_ != "PERSON":
            # "The head of the major Super PAC backing …, Mike Murphy": up to the comma before the name
            toks = list(doc[head.left_edge.i : span.start])
            while toks and (toks[-1].is_punct or toks[-1].is_space):
                toks = toks[:-1]
            if len(toks) > 12 or any(t.ent_type_ == "PERSON" for t in toks):
                toks = _head_with_of(head)
            role = _role_from_tokens(toks)
            if role and any(t.head for _, _, t in find_terms(role)):
                out.append(role)
    return out


def relative_roles(span) -> list[str]:
    """``who represents Odessa in the Ukrainian parliament`` → ``represents Odessa in the Ukrainian parliament``."""
    doc = span.doc
    out = []
    for tok in span:
        for child in tok.children:
            if child.dep_ != "relcl" or child.i < span.end:
                continue
            toks = list(doc[child.left_edge.i : child.right_edge.i + 1])
            while toks and fold(toks[0].text) in _RELATIVISERS:
                toks = toks[1:]
            copular = child.lemma_ == "be" or any(c.dep_ == "auxpass" for c in child.children) is False and \
                child.lemma_ in {"serve", "become", "act"} and any(c.lower_ == "as" for c in child.children)
            if child.lemma_ == "be":
                # "who is Ukraine's foreign minister": the predicate must be a title
                attr = next((c for c in child.children if c.dep_ in ("attr", "acomp")), None)
                if attr is None or not _is_title_word(attr):
                    continue
            elif child.lemma_.lower() not in lexicon().verbs:
                continue  # "who once had an affair with the president" is no role
            elif any(t.ent_type_ == "PERSON" for t in toks) and not copular:
                continue
            role = _role_from_tokens(toks, max_tokens=14)
            if role:
                out.append(role)
    return out


#: title classes that describe an organisation rather than a person
ORG_CLASSES = {"media", "outlet", "company", "firm", "agency", "party", "political party", "organisation", "think tank",
               "broadcaster", "newspaper", "channel", "network", "magazine", "website"}


def is_org_role(role: str) -> bool:
    return any(set(t.keys) & ORG_CLASSES for _, _, t in find_terms(role) if t.head)


def roles_for_span(span, label: str = "PERSON") -> list[str]:
    """All roles found around one mention of a name, pre-modifier first.

    For organisations (``label="ORG"``) only descriptors such as "French broadcaster" count.
    """
    if label != "PERSON":
        return [r for r in roles_for_span(span) if is_org_role(r)]
    roles = []
    pre = premodifier_role(span)
    if pre:
        roles.append(pre)
    roles += appositive_roles(span)
    roles += relative_roles(span)
    seen, out = set(), []
    for r in roles:
        k = fold(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out
