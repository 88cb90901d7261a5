"""Canonical names across spellings, transliterations and scripts.

Three layers, from general to specific:

* :func:`fold` — Unicode to plain lower-case ASCII (``Szijjártó`` → ``szijjarto``,
  ``Зеленський`` → ``zelens'kii``), typographic quotes and dashes unified.
* :func:`token_key` — a phonetic romanisation key, so that the spellings of one
  Cyrillic original meet: Sergey/Sergei/Serhij, Zelensky/Zelenskyy/Zelenskiy,
  Goncharenko/Honcharenko (Ukrainian г → h against Russian г → g),
  Gorbachev/Gorbatschow/Gorbaczow.  The rewrite rules are data
  (``data/entities/romanisation.tsv``); rules marked ``slavic`` only apply to
  names that look East Slavic, so that Hill and Gill stay apart.
* the given-name classes (``given_names.tsv``: Aleksey ≡ Oleksii, Vladimir ≡
  Volodymyr, Bill ≡ William) and the variants table of well-known names
  (``name_variants.tsv``: Kiev → Kyiv, Aleksey Goncharenko → Oleksii Honcharenko).
  The table is indexed by *match key*, not by exact string, so an unseen
  spelling of a listed name (``Oleksiy Honcharenko``) still finds its canonical.

:func:`person_match` decides whether two person names can denote one person
(surname keys equal, given names compatible); :func:`canonical_name` gives the
canonical form of a name.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from anyascii import anyascii

DATA = "quotewire.data.entities"

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-"})

#: honorifics and particles dropped before matching
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "rev", "gen", "col", "sen", "rep", "gov", "pres", "st", "mx"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}
#: lower-case particles that belong to a surname (von der Leyen, de Gaulle, al-Assad)
PARTICLES = {"von", "van", "der", "den", "de", "du", "la", "le", "da", "di", "del", "della", "dos", "das", "al", "el", "bin", "ibn", "ben", "ter", "zu", "af"}

#: endings that make a name look East Slavic (enables the ``slavic`` romanisation rules)
_SLAVIC = re.compile(
    r"(enko|chuk|czuk|iuk|yuk|uk|ov|ova|ev|eva|yov|iov|ow|owa|ew|off|iv|yn|yna|ina|sky|skyi|skyy|skiy|skii|ski|ska|skaya|skaia|ckaya|ckaia|ckiy|ckij|tsky|tskyi|tskiy|zky|ich|ych|vich|vych|ko|nyi|niy|ny|nyy|shin|kin|gin)$"
)
_SLAVIC_INNER = re.compile(r"(kh|zh|shch|iy$|yy$|yi$|ii$|^ol[eai]ks|^vol|^yev|^yu|^ya|^vla|^dmy|^dmi|^myk|^mykh|^serh|^hry|^ihor|^oleh|^yuli|^tet|^svit|^olh|^kyr)")


def _read_lines(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, skipping the provenance line and comments."""
    text = resources.files(DATA).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


@functools.lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """Lower-case ASCII with accents removed and quotes/dashes unified."""
    text = unicodedata.normalize("NFC", (text or "").translate(_QUOTES))
    return anyascii(text).casefold().strip()


def clean_surface(text: str) -> str:
    """A surface form without brackets, possessive 's, stray punctuation and extra spaces."""
    t = text or ""  # typography kept: the name is the article's own form
    t = re.sub(r"[\[\]\(\)\{\}\"“”«»]", " ", t)
    t = re.sub(r"['’]s?$", "", t.strip())
    t = re.sub(r"\s+", " ", t).strip(" ,;:-/\\")
    if t.endswith(".") and not re.search(r"(?:\b[A-Z]|\b(?:Jr|Sr|St|Co|Inc|Ltd|Corp|Gov|Sen|Rep|Gen|Col|Dr|Mr|Mrs|Ms))\.$", t):
        t = t[:-1]
    return t


@functools.lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern, str, str]]:
    out = []
    for row in _read_lines("romanisation.tsv"):
        pat, rep = row[0], row[1] if len(row) > 1 else ""
        scope = row[2] if len(row) > 2 else "all"
        out.append((re.compile(pat), rep, scope))
    return out


def looks_slavic(token: str) -> bool:
    t = fold(token).replace("'", "")
    return bool(_SLAVIC.search(t) or _SLAVIC_INNER.search(t))


@functools.lru_cache(maxsize=65536)
def token_key(token: str, slavic: bool | None = None) -> str:
    """Phonetic romanisation key of one word (``Goncharenko`` and ``Honcharenko`` → ``goncarenko``-like key)."""
    raw = token
    t = unicodedata.normalize("NFC", (token or "").translate(_QUOTES)).casefold().replace("đ", "dj")
    t = re.sub(r"[\u0300-\u036f]", "", unicodedata.normalize("NFD", t))  # combining marks
    # keep the Slavic letters the rules name (č š ž ŝ) out of anyascii's reach by folding after
    t = anyascii(t).casefold()
    t = re.sub(r"[^a-z]", "", t)
    if slavic is None:
        slavic = looks_slavic(raw)
    for pat, rep, scope in _rules():
        if scope == "slavic" and not slavic or scope == "western" and slavic:
            continue
        t = pat.sub(rep, t)
    return t


def name_tokens(name: str) -> list[str]:
    """Words of a name, honorifics and suffixes dropped, particles kept."""
    return list(_name_tokens(name))


@functools.lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    t = clean_surface(name).translate(_QUOTES)
    words = [w for w in re.split(r"[\s,]+", t) if w]
    out = []
    for i, w in enumerate(words):
        f = fold(w).strip(".")
        if i == 0 and f in HONORIFICS and len(words) > 1:
            continue
        if f in SUFFIXES and i == len(words) - 1 and len(words) > 1:
            continue
        out.append(w)
    return tuple(out)


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]  # given names (and initials), surface forms
    surname: str  # surname with its particles, surface form

    @property
    def surname_key(self) -> str:
        return surname_key(self.surname, slavic=any(slavic_given(g) for g in self.given) or None)

    @property
    def given_keys(self) -> tuple[str, ...]:
        return tuple(given_class(g) for g in self.given)


@functools.lru_cache(maxsize=65536)
def split_person(name: str) -> PersonName:
    """Given names and surname: the last word plus any particles before it (``Ursula von der Leyen``)."""
    toks = name_tokens(name)
    if not toks:
        return PersonName((), "")
    # East Asian order (Xi Jinping) is left as is: the last word is the key either way.
    i = len(toks) - 1
    while i > 0 and fold(toks[i - 1]) in PARTICLES:
        i -= 1
    # a hyphenated particle like al-Assad stays one word
    return PersonName(tuple(toks[:i]), " ".join(toks[i:]))


@functools.lru_cache(maxsize=65536)
def surname_key(surname: str, slavic: bool | None = None) -> str:
    """Key of a surname; ``slavic`` forces the East Slavic rules (e.g. the given name is Slavic)."""
    parts = [p for p in re.split(r"[\s\-]+", surname) if p]
    core = [p for p in parts if fold(p) not in PARTICLES] or parts
    if not slavic:
        slavic = looks_slavic(core[-1]) if core else False
    return "".join(token_key(p, slavic) for p in core)


@functools.lru_cache(maxsize=1)
def _given_table() -> tuple[dict[str, str], frozenset[str]]:
    out: dict[str, str] = {}
    slavic: set[str] = set()
    for row in _read_lines("given_names.tsv"):
        forms = [f for f in row[0].split("|") if f]
        label = forms[0]
        if len(row) > 1 and row[1] == "slavic":
            slavic.add(label)
        for f in forms:
            out.setdefault(token_key(f, True), label)
            out.setdefault(token_key(f, False), label)
    return out, frozenset(slavic)


def _given_classes() -> dict[str, str]:
    return _given_table()[0]


#: forms of Slavic given-name classes that are just as common in Western names: they do not by
#: themselves make a surname East Slavic (Andrew Hill and Andrew Gill stay apart)
_PAN_EUROPEAN = {"andrew", "george", "eugene", "victor", "viktor", "roman", "anna", "hanna", "maria", "julia", "helena",
                 "catherine", "natalie", "natalia", "denis", "ivan", "inna", "elena", "alexander", "peter", "petr"}


def slavic_given(given: str) -> bool:
    """True if a given name belongs to an East Slavic class of the given-name table."""
    if fold(given).strip(".") in _PAN_EUROPEAN:
        return False
    return given_class(given) in _given_table()[1]


def given_class(given: str) -> str:
    """The class of a given name: its equivalence-class label or its own key; initials stay initials."""
    g = fold(given).strip(".")
    if len(g) == 1:
        return g
    k = token_key(given)
    return _given_classes().get(k) or _given_classes().get(token_key(given, True)) or k


def _initial(k: str) -> str:
    return k[:1]


def _given_parts(given: tuple[str, ...]) -> list[str]:
    """Given names split at hyphens, cut at a patronymic particle (Tamim *bin Hamad*: Hamad is the father)."""
    out = []
    for g in given:
        if fold(g) in PARTICLES and out:
            break
        out.extend(p for p in re.split(r"-", g) if p)
    return out


def _is_initial(g: str) -> bool:
    f = fold(g).replace(".", "")
    return len(f) == 1 or (len(f) <= 3 and g.replace(".", "").isupper() and len(g) <= 3 and "." in g)


def _consonants(k: str) -> str:
    return re.sub(r"[aeiou]", "", k)


def _near_given(a: str, b: str) -> bool:
    """Spelling variants of a given name outside the table: Mohammed/Mohammad, Mikheil/Mikhail.
    Same first and last letter, same consonants, at most two edits (vowels only); Maria/Mario and
    Maria/Marina stay apart."""
    if min(len(a), len(b)) < 4 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    return _consonants(a) == _consonants(b) and _edit_distance(a, b) <= 2


def given_compatible(a: tuple[str, ...], b: tuple[str, ...], slavic: bool | None = None) -> bool | None:
    """True if the given names can be one person's, False if they conflict, None if one side has none.

    ``slavic``: the name is East Slavic (its surname says so), so the Slavic rules apply to the
    given names too (Hlib/Gleb)."""
    if not a or not b:
        return None
    pa, pb = _given_parts(a), _given_parts(b)
    ka = [given_class(x) for x in pa]
    kb = [given_class(x) for x in pb]
    fa, fb = ka[0], kb[0]
    ia, ib = _is_initial(pa[0]), _is_initial(pb[0])
    if ia or ib:
        # "V. Putin" / "Vladimir Putin", "J.D. Vance" / "JD Vance"
        ok = fold(pa[0])[:1] == fold(pb[0])[:1]
    else:
        ok = (fa == fb or fa in kb or fb in ka or _near_given(fa, fb)
              or _near_given(token_key(pa[0]), token_key(pb[0]))
              or _near_given(token_key(pa[0], False), token_key(pb[0], False))
              or bool(slavic) and _near_given(token_key(pa[0], True), token_key(pb[0], True)))
    if not ok:
        return False
    # middle initials that differ: George W. Bush / George H. W. Bush
    mid_a = [fold(x)[:1] for x in pa[1:] if _is_initial(x)]
    mid_b = [fold(x)[:1] for x in pb[1:] if _is_initial(x)]
    if mid_a and mid_b and mid_a != mid_b:
        return False
    return True


def _edit_distance(a: str, b: str) -> int:
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def surname_compatible(a: str, b: str, slavic: bool | None = None) -> bool:
    ka, kb = surname_key(a, slavic), surname_key(b, slavic)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    # double-barrelled or maiden names: "Clinton" vs "Rodham Clinton"
    pa = [token_key(p) for p in re.split(r"[\s\-]+", a) if fold(p) not in PARTICLES]
    pb = [token_key(p) for p in re.split(r"[\s\-]+", b) if fold(p) not in PARTICLES]
    if len(pa) != len(pb) and pa and pb and pa[-1] == pb[-1]:
        return True
    return False


def person_match(a: str, b: str) -> float:
    """How likely two person names denote one person, from the names alone.

    1.0 same surname key and compatible given names; 0.6 same surname key and one
    side without given names (a surname-only mention: needs context to decide);
    0.0 otherwise.
    """
    pa, pb = split_person(a), split_person(b)
    if not pa.surname or not pb.surname:
        return 0.0
    slavic = any(slavic_given(g) for g in pa.given + pb.given) or None
    if not surname_compatible(pa.surname, pb.surname, slavic):
        # a name written surname-first or given name only is not handled: no match
        return 0.0
    slavic_name = bool(slavic) or looks_slavic(pa.surname.split()[-1]) or looks_slavic(pb.surname.split()[-1])
    g = given_compatible(pa.given, pb.given, slavic_name)
    if g is None:
        return 0.6
    return 1.0 if g else 0.0


def person_key(name: str) -> str:
    """One string key for a full person name: given-name class + surname key (``oleksii goncarenko``)."""
    p = split_person(name)
    if not p.surname:
        return ""
    given = given_class(p.given[0]) if p.given else ""
    return f"{given} {p.surname_key}".strip()


def match_key(name: str, type_: str = "PERSON") -> str:
    """The key under which names of one thing meet: person key for people, romanised words otherwise."""
    if type_ == "PERSON":
        return person_key(name)
    toks = [w for w in re.split(r"[\s\-]+", clean_surface(name)) if w]
    if toks and fold(toks[0]) == "the":
        toks = toks[1:]
    return " ".join(token_key(w, False) for w in toks)


@dataclass
class VariantsTable:
    exact: dict[tuple[str, str], str]  # (type group, folded surface) -> canonical
    keyed: dict[tuple[str, str], str]  # (type group, match key) -> canonical


def _group(type_: str) -> str:
    return {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}.get(type_, type_)


@functools.lru_cache(maxsize=1)
def variants_table() -> VariantsTable:
    exact: dict[tuple[str, str], str] = {}
    keyed: dict[tuple[str, str], str] = {}
    for row in _read_lines("name_variants.tsv"):
        if len(row) < 3:
            continue
        variant, canon, type_ = row[0], row[1], row[2]
        g = _group(type_)
        for form in (variant, canon):
            exact.setdefault((g, fold(form)), canon)
            k = match_key(form, type_)
            if k:
                keyed.setdefault((g, k), canon)
    return VariantsTable(exact, keyed)


def lookup_variant(name: str, type_: str) -> str | None:
    """The canonical name the variants table gives for ``name`` (by exact form, then by match key)."""
    tab = variants_table()
    g = _group(type_)
    surface = clean_surface(name)
    hit = tab.exact.get((g, fold(surface)))
    if hit:
        return hit
    if type_ == "PERSON":
        if len(name_tokens(surface)) < 2:
            return None  # a bare surname is resolved through the article's full name, not the table
        return tab.keyed.get((g, person_key(surface)))
    return tab.keyed.get((g, match_key(surface, type_)))


def template_name(name: str) -> str | None:
    """Canonical name of a national ministry from its news form, by the templates of orgs.jsonl:
    "Ukraine’s Defense Ministry", "Ukrainian Defence Ministry" → "Ministry of Defence of Ukraine"."""
    gaz = gazetteer()
    words = [w for w in re.split(r"\s+", fold(name).replace("'s ", " ").replace("’s ", " ")) if w]
    if words and words[0] == "the":
        words = words[1:]
    for tmpl in gaz.orgs:
        fields = tmpl.get("fields")
        if not fields or "template" not in tmpl or "{country}" not in tmpl["template"]:
            continue
        for n in (3, 2, 1):
            country = gaz.by_form.get(" ".join(words[:n]))
            if not country:
                continue
            rest = words[n:]
            field = None
            if len(rest) == 2 and rest[1] == "ministry":
                field = fields.get(rest[0])
            elif len(rest) >= 3 and rest[0] == "ministry" and rest[1] == "of":
                key = rest[2]
                field = fields.get(key) or " ".join(w.capitalize() for w in rest[2:])
            if field and "{field}" in tmpl["template"]:
                return tmpl["template"].format(field=field, country=country)
            break
    return None


def canonical_name(name: str, type_: str = "PERSON") -> str:
    """Canonical form of a name: the variants table (by key), else the cleaned, honorific-free name."""
    hit = lookup_variant(name, type_)
    if hit:
        return hit
    if type_ == "ORG" and "ministry" in fold(name):
        t = template_name(name)
        if t:
            return t
    surface = clean_surface(name)
    if type_ == "PERSON":
        toks = [w for i, w in enumerate(surface.split()) if not (i == 0 and fold(w).strip(".") in HONORIFICS and len(surface.split()) > 1)]
        return " ".join(toks) if toks else surface
    if surface.lower().startswith("the "):
        surface = surface[4:]
    return surface


# -- gazetteer: countries, nationality adjectives, places, organisations -------------------

@dataclass
class Gazetteer:
    countries: dict[str, dict]  # country -> {"code", "adjectives", "aliases", "capital"}
    by_form: dict[str, str]  # folded country name / alias / adjective / demonym -> country
    places: dict[str, tuple[str, str, bool]]  # surface -> (kind, country, ambiguous)
    orgs: list[dict]  # rows of orgs.jsonl
    org_country: dict[str, str]  # folded org surface or canonical -> country

    def country_of(self, text: str) -> str | None:
        """The country a word or phrase names or implies (French → France, Kremlin → Russia, Odesa → Ukraine)."""
        f = fold(clean_surface(text))
        if f.startswith("the "):
            f = f[4:]
        if f in self.by_form:
            return self.by_form[f]
        if f in self.org_country:
            return self.org_country[f]
        canon = lookup_variant(text, "GPE")
        for cand in (text, canon):
            if cand and cand in self.places:
                return self.places[cand][1] or None
        return None


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    import json

    countries: dict[str, dict] = {}
    by_form: dict[str, str] = {}
    places: dict[str, tuple[str, str, bool]] = {}
    for row in _read_lines("countries.tsv"):
        row = row + [""] * (5 - len(row))
        name, code, adjs, aliases, capital = row[:5]
        ambiguous = name.startswith("?")
        name = name.lstrip("?")
        cap_amb = capital.startswith("?")
        capital = capital.lstrip("?")
        adj_l = [a for a in adjs.split("|") if a.strip()]
        ali_l = [a for a in aliases.split("|") if a.strip()]
        countries[name] = {"code": code, "adjectives": adj_l, "aliases": ali_l, "capital": capital}
        for f in [name, *adj_l, *ali_l]:
            by_form.setdefault(fold(f), name)
        places[name] = ("country", name, ambiguous)
        for a in ali_l:
            if a[:1].isupper() and not a.startswith("the "):
                places.setdefault(a, ("country", name, False))
        if capital:
            places.setdefault(capital, ("city", name, cap_amb))
    for row in _read_lines("places.tsv"):
        row = row + [""] * (3 - len(row))
        name, kind, country = row[:3]
        amb = name.startswith("?")
        places.setdefault(name.lstrip("?"), (kind, country, amb))
    orgs: list[dict] = []
    org_country: dict[str, str] = {}
    text = resources.files(DATA).joinpath("orgs.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        d = json.loads(line)
        orgs.append(d)
        if d.get("country") and isinstance(d["pattern"], str):
            org_country[fold(d["pattern"])] = d["country"]
            org_country[fold(d["canonical"])] = d["country"]
    return Gazetteer(countries, by_form, places, orgs, org_country)
