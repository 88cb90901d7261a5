"""Speaker resolution: from the words at a cue to a named person or organisation.

A cue's subject may be a name ("Kremlin spokesman Dmitry Peskov"), a surname
("Goncharenko"), a pronoun ("he"), or a description ("the MP", "the French leader",
"a senior Ukrainian lawmaker").  :class:`SpeakerResolver` turns each into a
:class:`~quotewire.record.Speaker`:

* names and surnames → the entity whose mentions or name variants they match;
* he/she → the most recent person who spoke or was the subject of a clause before;
* descriptions → the person whose role in the article falls under the same concept
  (``data/quotes/descriptors.json``: lawmaker ≈ MP ≈ "represents X in the Ukrainian
  parliament"; leader ⊇ president), with a compatible nationality; the nearest such
  person before the cue, else the nearest after it (articles often name the speaker in
  the next paragraph);
* institutions ("the Russian military") → that institution, named by the description;
* anything else keeps its mention with ``name = None``.

Roles come from the entity stage (``Entity.roles``) when it provides them and, in any
case, from the text around each name: the title words before it ("UK Foreign Secretary
David Cameron"), an apposition ("Macron, the French president,") or a relative clause
("Goncharenko, who represents Odessa in the Ukrainian parliament").
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Span, Token

from quotewire.record import Entity, Speaker

PRONOUNS_PERSON = {"he", "she", "him", "her"}
_HONORIFIC = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f", "madam": "f"}
PRONOUNS_OTHER = {"they", "it", "we", "i", "you", "who", "which", "that", "this", "those", "these", "one"}
_DETS = {"the", "a", "an", "this", "that", "another", "its", "their", "his", "her"}


@functools.lru_cache(maxsize=1)
def descriptors() -> dict:
    raw = json.loads(resources.files("quotewire.data.quotes").joinpath("descriptors.json").read_text(encoding="utf-8"))
    compiled = []
    for name, c in raw["concepts"].items():
        for pat in c["patterns"]:
            rx = re.escape(pat).replace(r"\*", r"(?:\S+\s+){0,4}?\S+")
            compiled.append((re.compile(r"(?<![\w.])" + rx + r"(?![\w])"), name))
    raw["compiled"] = compiled
    raw["institution_rx"] = re.compile(r"\b(?:" + "|".join(re.escape(i) for i in sorted(raw["institutions"], key=len, reverse=True)) + r")$")
    return raw


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").lower()).strip()


def concepts(text: str, broaden: bool = True) -> set[str]:
    """Role concepts a description or role names ("French President" → president, leader, …)."""
    d = descriptors()
    low = _norm(text)
    found = {name for rx, name in d["compiled"] if rx.search(low)}
    # a more specific concept hides the generic one it contains ("foreign minister" is not
    # just "minister"; "prime minister" is not a "minister")
    if found & {"foreign_minister", "defense_minister"}:
        found.discard("minister")
    if "prime_minister" in found and not re.search(r"(?<!prime )minister", low):
        found.discard("minister")
    if broaden:
        for c in list(found):
            found |= set(d["concepts"][c]["broader"])
    return found


def nationalities(text: str) -> set[str]:
    nat = descriptors()["nationalities"]
    low = _norm(text)
    out = set()
    for w in re.findall(r"[\w.]+(?:'s)?", low):
        w = w.removesuffix("'s")
        if w in nat and not nat[w].startswith("party:"):
            out.add(nat[w])
    return out


def role_match(description: str, role: str) -> float:
    """How well ``description`` ("the French leader") fits ``role`` ("French President"): 0..1.

    The larger of this module's concept match and the entity stage's
    ``roles.match_description`` (when that module is there)."""
    mine = _role_match(description, role)
    try:
        from quotewire.nlp import roles as _roles

        theirs = _roles.match_description(description, [role])
    except Exception:  # the entity stage's helper is optional
        theirs = 0.0
    return max(mine, theirs)


def _role_match(description: str, role: str) -> float:
    dc = concepts(description, broaden=False)
    if not dc:
        return 0.0
    rc = concepts(role, broaden=True)
    if not dc & rc:
        return 0.0
    dn, rn = nationalities(description), nationalities(role)
    if dn and rn and not dn & rn:
        return 0.0
    score = 0.6 + (0.3 if dn and dn & rn else 0.0)
    if dc & concepts(role, broaden=False):
        score += 0.1
    return min(score, 1.0)


def is_description(text: str) -> bool:
    return bool(concepts(text, broaden=False))


def institution_name(text: str) -> str | None:
    """'the Russian military' → 'Russian military'; None if the phrase is no institution."""
    words = text.split()
    while words and words[0].lower() in _DETS:
        words = words[1:]
    phrase = " ".join(words)
    # a bare common noun ("officials", "the government") names nobody: it takes a modifier
    if len(words) >= 2 and descriptors()["institution_rx"].search(_norm(phrase)):
        return phrase
    return None


# -- roles from the text -------------------------------------------------------------------
_TITLE_DEPS = {"compound", "amod", "poss", "case", "nmod"}


def role_before_name(tok: Token) -> str | None:
    """Title words in front of a name: 'UK Foreign Secretary David Cameron' → 'UK Foreign Secretary'."""
    head = tok
    start = head.i
    doc = head.doc
    # the name's head token: walk right through the name
    while head.dep_ in ("compound", "flat") and head.head.i > head.i and head.head.ent_type_ == head.ent_type_:
        head = head.head
    left = [t for t in head.lefts if t.dep_ in _TITLE_DEPS or t.dep_ == "det"]
    if not left:
        return None
    first = min(t.left_edge.i for t in left)
    # stop at the name itself
    name_start = start
    while name_start > 0 and doc[name_start - 1].ent_type_ == tok.ent_type_ and doc[name_start - 1].ent_iob_ != "O" and doc[name_start - 1].dep_ == "compound" and doc[name_start - 1].pos_ == "PROPN" and tok.ent_type_:
        name_start -= 1
    toks = [t for t in doc[first:name_start] if t.dep_ != "det" and not t.is_punct]
    if not toks:
        return None
    text = doc[toks[0].i : toks[-1].i + 1].text
    return text if concepts(text, broaden=False) else None


def role_after_name(tok: Token) -> str | None:
    """Apposition or relative clause after a name."""
    head = tok
    while head.dep_ in ("compound", "flat") and head.head.i > head.i:
        head = head.head
    for ch in head.rights:
        if ch.dep_ == "appos":
            text = head.doc[ch.left_edge.i : ch.right_edge.i + 1].text.strip(" ,")
            if concepts(text, broaden=False):
                return text
        if ch.dep_ == "relcl":
            toks = [t for t in ch.subtree if t.dep_ != "nsubj" or t.lower_ not in ("who", "which", "that")]
            if toks:
                text = head.doc[toks[0].i : ch.right_edge.i + 1].text.strip(" ,")
                if concepts(text, broaden=False):
                    return text
    return None


# -- entities ----------------------------------------------------------------------------
@dataclass
class Person:
    """An entity as the resolver sees it: its names, roles and mention offsets."""

    entity: Entity | None
    name: str
    canonical: str | None
    type: str
    roles: list[str] = field(default_factory=list)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # (where, start, end)
    keys: set[str] = field(default_factory=set)  # lower-case names and surnames

    @property
    def id(self) -> str | None:
        return self.entity.id if self.entity is not None else None

    def speaker(self, mention: str | None, role: str | None = None) -> Speaker:
        return Speaker(entity=self.id, name=self.name, canonical=self.canonical or self.name,
                       mention=mention, role=role or (self.roles[0] if self.roles else None))


def _name_keys(name: str) -> set[str]:
    words = [w for w in re.findall(r"[\w’'-]+", name) if w[:1].isupper() or w[:1].isdigit()]
    keys = {_norm(name)}
    if words:
        keys.add(_norm(words[-1]).removesuffix("'s"))
    return keys


_ORDER = {"title": 0, "standfirst": 1, "body": 2}


def _pos(where: str, offset: int) -> tuple[int, int]:
    return (_ORDER.get(where, 2), offset)


class SpeakerResolver:
    def __init__(self, parsed, entities: list[Entity] | None):
        self.parsed = parsed
        self.people: list[Person] = []
        self._by_key: dict[str, list[Person]] = {}
        self.history: list[tuple[tuple[int, int], Person]] = []  # (position, person) of resolved speakers
        self.gender: dict[int, str] = {}  # id(person) → "m" / "f" when the article shows it
        self._index: dict[str, tuple[list[int], list]] = {}
        self.subjects: list[tuple[tuple[int, int], Person]] = []  # person subjects of any clause
        if entities:
            for e in entities:
                if e.type not in ("PERSON", "ORG", "NORP", "GPE"):
                    continue
                p = Person(e, e.name, e.canonical, e.type, list(e.roles),
                           [(m.where, m.start, m.end) for m in e.mentions])
                for n in [e.name, *(e.variants or []), *(m.text for m in e.mentions)]:
                    if n:
                        p.keys |= _name_keys(n) if e.type == "PERSON" else {_norm(n)}
                self.people.append(p)
        else:
            self._people_from_docs()
        for p in self.people:
            for k in p.keys:
                self._by_key.setdefault(k, []).append(p)
        self._roles_from_text()
        self._collect_subjects()

    # -- building ------------------------------------------------------------------------
    def _people_from_docs(self) -> None:
        """Fallback when the entity stage gave nothing: group doc.ents by surname."""
        groups: dict[str, Person] = {}
        for where, doc in self.parsed.segments():
            for ent in doc.ents:
                if ent.label_ not in ("PERSON", "ORG"):
                    continue
                toks = list(ent)
                while toks and (toks[0].pos_ != "PROPN" or toks[0].lower_.endswith("ing") and toks[0].is_sent_start):
                    toks = toks[1:]
                if not toks:
                    continue
                text = doc[toks[0].i : ent.end].text.strip().removesuffix("’s").removesuffix("'s")
                if not text:
                    continue
                key = _norm(text.split()[-1]) if ent.label_ == "PERSON" else _norm(text)
                p = groups.get(key)
                if p is None:
                    p = groups[key] = Person(None, text, text, ent.label_)
                if len(text) > len(p.name) and ent.label_ == p.type:
                    p.name = p.canonical = text
                p.mentions.append((where, toks[0].idx, toks[0].idx + len(text)))
                p.keys |= _name_keys(text) if ent.label_ == "PERSON" else {_norm(text)}
        self.people = list(groups.values())

    def _roles_from_text(self) -> None:
        for where, doc in self.parsed.segments():
            for p in self.people:
                if p.type != "PERSON":
                    continue
                for w, s, e in p.mentions:
                    if w != where:
                        continue
                    span = doc.char_span(s, e, alignment_mode="expand")
                    if span is None or not len(span):
                        continue
                    for r in (role_before_name(span[0]), role_after_name(span[-1])):
                        if r and r not in p.roles:
                            p.roles.append(r)

    def _collect_subjects(self) -> None:
        """Person subjects of clauses (antecedents for he/she) and gender evidence: an
        honorific before the name (Mr./Mrs./Ms.), a gendered role (spokeswoman), or the
        pronouns of a sentence whose only person subject they are."""
        votes: dict[int, list[int]] = {}
        for where, doc in self.parsed.segments():
            for sent in doc.sents:
                subs = []
                for tok in sent:
                    if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PROPN":
                        p = self.person_at(where, tok.idx, tok.idx + len(tok), tok.text)
                        if p is not None and p.type == "PERSON":
                            self.subjects.append((_pos(where, tok.idx), p))
                            subs.append((tok, p))
                    if tok.pos_ == "PROPN" and tok.i > 0 and doc[tok.i - 1].lower_.rstrip(".") in _HONORIFIC:
                        p = self.person_at(where, tok.idx, tok.idx + len(tok), tok.text)
                        if p is not None:
                            v = votes.setdefault(id(p), [0, 0])
                            v[0 if _HONORIFIC[doc[tok.i - 1].lower_.rstrip(".")] == "m" else 1] += 3
                persons_here = {id(self.person_at(where, t.idx, t.idx + len(t), t.text)) for t in sent
                                if t.ent_type_ == "PERSON" or t.pos_ == "PROPN"} - {id(None)}
                if len({id(p) for _, p in subs}) == 1 and len(persons_here) <= 1:
                    # "Sanders said he …": a subject pronoun in a sentence about one person only
                    tok0, p = subs[0]
                    v = votes.setdefault(id(p), [0, 0])
                    for t in sent[tok0.i - sent.start + 1 :]:
                        if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ == "he":
                            v[0] += 1
                        elif t.dep_ in ("nsubj", "nsubjpass") and t.lower_ == "she":
                            v[1] += 1
        for p in self.people:
            v = votes.get(id(p), [0, 0])
            for r in p.roles:
                low = r.lower()
                if re.search(r"\b\w*(?:woman|women|queen|first lady|mother|wife|daughter|sister)\b", low):
                    v[1] += 3
                elif re.search(r"\b\w*(?:man|men|king|father|husband|son|brother)\b", low):
                    v[0] += 3
            # an honorific or a gendered role (3 votes) settles it; pronouns need a margin of 2
            if v[0] - v[1] >= 2:
                self.gender[id(p)] = "m"
            elif v[1] - v[0] >= 2:
                self.gender[id(p)] = "f"
        self.subjects.sort(key=lambda x: x[0])

    def drop_quoted_subjects(self, quoted: dict[str, list[tuple[int, int]]]) -> None:
        """Forget clause subjects that stand inside quotations (the speaker's words, not the
        article's narrative: "“… Obama wouldn’t have won,” he said")."""
        order = {v: k for k, v in _ORDER.items()}
        self.subjects = [(pos, p) for pos, p in self.subjects
                         if not any(s <= pos[1] < e for s, e in quoted.get(order.get(pos[0], "body"), []))]

    # -- lookup ----------------------------------------------------------------------------
    def _mention_index(self, where: str) -> tuple[list[int], list[tuple[int, int, Person]]]:
        idx = self._index.get(where)
        if idx is None:
            rows = sorted(((s, e, p) for p in self.people for w, s, e in p.mentions if w == where), key=lambda r: (r[0], r[1]))
            idx = self._index[where] = ([r[0] for r in rows], rows)
        return idx

    def person_at(self, where: str, start: int, end: int, text: str | None = None) -> Person | None:
        import bisect

        best = None
        starts, rows = self._mention_index(where)
        # mentions are short: look at those starting up to 200 characters before ``end``
        lo = bisect.bisect_left(starts, start - 200)
        hi = bisect.bisect_left(starts, end)
        for s, e, p in rows[lo:hi]:
            if s < end and start < e:
                if best is None or (p.type == "PERSON" and best.type != "PERSON"):
                    best = p
        if best is not None:
            return best
        if text:
            cands = self._by_key.get(_norm(text).removesuffix("'s"), [])
            if cands:
                return next((c for c in cands if c.type == "PERSON"), cands[0])
        return None

    def person_in(self, where: str, span: Span) -> Person | None:
        """The person a source phrase names: an entity mention inside it, preferring PERSON."""
        found: list[Person] = []
        head = span.root
        for t in span:
            if t.pos_ not in ("PROPN", "NOUN") and not t.ent_type_:
                continue
            p = self.person_at(where, t.idx, t.idx + len(t), t.text if t.pos_ == "PROPN" or t.ent_type_ else None)
            if p is None or p in found:
                continue
            # an organisation speaks only as the head of the phrase ("the Kremlin said"), a
            # nationality or place never ("a senior Ukrainian lawmaker" is no Ukraine)
            if p.type in ("NORP", "GPE") or (p.type != "PERSON" and t.i != head.i and head.pos_ != "PROPN"):
                continue
            found.append(p)
        persons = [p for p in found if p.type == "PERSON"]
        if persons:
            return persons[-1]
        return found[-1] if found else None

    def by_role(self, description: str, where: str, offset: int) -> tuple[Person | None, str | None]:
        """The person a description fits, nearest before the cue, else nearest after."""
        here = _pos(where, offset)
        scored = []
        for p in self.people:
            if p.type != "PERSON":
                continue
            best, best_role = 0.0, None
            for r in p.roles:
                s = role_match(description, r)
                if s > best:
                    best, best_role = s, r
            if best <= 0:
                continue
            positions = [_pos(w, s) for w, s, e in p.mentions] or [(9, 0)]
            before = [x for x in positions if x < here]
            if before:
                dist = (0, -max(before)[0], -max(before)[1])
            else:
                after = min(positions)
                dist = (1, after[0], after[1])
            scored.append((-best, dist, p, best_role))
        if not scored:
            return None, None
        scored.sort(key=lambda x: (x[0], x[1]))
        return scored[0][2], scored[0][3]

    def recent_person(self, where: str, offset: int, pronoun: str | None = None) -> Person | None:
        here = _pos(where, offset)
        want = {"he": "m", "him": "m", "she": "f", "her": "f"}.get((pronoun or "").lower())
        cands = [(pos, p) for pos, p in self.history if pos < here and p.type == "PERSON"]
        cands += [(pos, p) for pos, p in self.subjects if pos < here]
        if want:
            cands = [(pos, p) for pos, p in cands if self.gender.get(id(p), want) == want]
        if not cands:
            return None
        ranked: list[Person] = []
        for _, p in sorted(cands, key=lambda x: x[0], reverse=True):
            if p not in ranked:
                ranked.append(p)
        if want:
            # of the two most recent people, one known to fit the pronoun beats one unknown
            for p in ranked[:2]:
                if self.gender.get(id(p)) == want:
                    return p
        return ranked[0]

    def remember(self, where: str, offset: int, p: Person | None) -> None:
        if p is not None:
            self.history.append((_pos(where, offset), p))

    # -- the entry point -----------------------------------------------------------------
    def resolve(self, where: str, source: Span | None, mention: str | None, cue_offset: int) -> tuple[Speaker, float]:
        """Speaker for a cue whose subject is ``source`` (a span of the segment's doc).

        Returns the speaker and a confidence factor for the resolution."""
        if source is None and not mention:
            return Speaker(), 0.3
        text = mention if mention is not None else source.text
        low = _norm(text)
        if source is not None:
            p = self.person_in(where, source)
            if p is not None:
                role = None
                if p.type == "PERSON":
                    head = source[-1]
                    role = role_before_name(head) if head.pos_ == "PROPN" else None
                self.remember(where, cue_offset, p)
                return p.speaker(text, role), 1.0
        if low in PRONOUNS_PERSON:
            p = self.recent_person(where, cue_offset, low)
            if p is not None:
                self.remember(where, cue_offset, p)
                return p.speaker(text), 0.8
            return Speaker(mention=text), 0.5
        if low in PRONOUNS_OTHER:
            return Speaker(mention=text), 0.5
        # a bare name the entity stage did not list
        if source is not None and any(t.pos_ == "PROPN" for t in source) and not is_description(text):
            p = self.person_at(where, source[-1].idx, source[-1].idx, source[-1].text)
            if p is not None:
                self.remember(where, cue_offset, p)
                return p.speaker(text), 0.9
        if source is not None and source.root.pos_ == "PROPN" and not is_description(text):
            # a proper name no entity covers ("Tester added: …"): the name itself
            name_toks = [t for t in source if t.pos_ == "PROPN" or t.dep_ in ("compound", "flat") and t.head.pos_ == "PROPN"]
            name = source.doc[name_toks[0].i : source.root.i + 1].text if name_toks and name_toks[0].i <= source.root.i else source.root.text
            return Speaker(name=name, canonical=name, mention=text), 0.8
        if is_description(text):
            p, role = self.by_role(text, where, cue_offset)
            if p is not None:
                self.remember(where, cue_offset, p)
                return p.speaker(text, role), 0.8
        inst = institution_name(text)
        if inst:
            return Speaker(name=inst, canonical=inst, mention=text), 0.7
        if source is not None:
            root = source.root
            if root.ent_type_ in ("PERSON", "ORG"):
                s_, e_ = root.i, root.i + 1
                while s_ > source.start and source.doc[s_ - 1].ent_type_ == root.ent_type_ and source.doc[s_].ent_iob_ != "B":
                    s_ -= 1
                while e_ < source.end and source.doc[e_].ent_type_ == root.ent_type_ and source.doc[e_].ent_iob_ == "I":
                    e_ += 1
                name = source.doc[s_:e_].text
                return Speaker(name=name, canonical=name, mention=text), 0.7
        return Speaker(mention=text), 0.5
