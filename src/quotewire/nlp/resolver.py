"""Cross-article entity resolution: one id per person (organisation, place) across articles and outlets.

:class:`EntityResolver` keeps an in-memory registry that the store can persist with
:meth:`EntityResolver.to_dict` / :meth:`EntityResolver.from_dict`.  Each entry keeps every
surface form seen, the roles seen over time (with first/last date and outlets) and the
countries those roles imply.

Resolution of a name in a context (``type``, ``roles``, ``country``, ``date``, ``outlet``):

1. candidates come from a blocking key: the surname's romanisation key for people
   (Goncharenko = Honcharenko), the match key of the canonical name otherwise;
2. a person candidate needs a name match (:func:`~quotewire.nlp.canonical.person_match`:
   compatible given names, or a bare surname) and no contradiction of context (roles that
   name different countries); a bare surname is accepted only when the context singles out
   one candidate (a shared role class or country), or when there is only one candidate;
3. otherwise a new id is made: ``person:oleksii-honcharenko`` (``-2``, ``-3`` … when two
   different people share a canonical name).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from quotewire.nlp import canonical as canon
from quotewire.nlp import roles as rolemod

_TYPE_PREFIX = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "group", "FAC": "place"}
#: role classes too generic to tell two people apart
_GENERIC = {"politician", "official", "leader", "head", "chief", "government", "senior", "top", "former", "acting", "executive"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", canon.fold(text)).strip("-") or "x"


@dataclass
class RegistryEntry:
    id: str
    type: str
    canonical: str
    names: dict[str, int] = field(default_factory=dict)  # surface form -> times seen
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)  # role -> {first, last, outlets, count}
    countries: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    first_seen: str | None = None
    last_seen: str | None = None
    articles: int = 0

    def full_names(self) -> list[str]:
        return [n for n in self.names if len(canon.name_tokens(n)) >= 2] or list(self.names)

    def role_keys(self) -> set[str]:
        return rolemod.role_keys(list(self.roles))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "canonical": self.canonical, "names": dict(self.names),
            "roles": {k: {**v, "outlets": sorted(v.get("outlets", []))} for k, v in self.roles.items()},
            "countries": sorted(self.countries), "outlets": sorted(self.outlets),
            "first_seen": self.first_seen, "last_seen": self.last_seen, "articles": self.articles,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "RegistryEntry":
        return cls(
            id=d["id"], type=d["type"], canonical=d["canonical"], names=dict(d.get("names") or {}),
            roles={k: {**v, "outlets": set(v.get("outlets") or [])} for k, v in (d.get("roles") or {}).items()},
            countries=set(d.get("countries") or []), outlets=set(d.get("outlets") or []),
            first_seen=d.get("first_seen"), last_seen=d.get("last_seen"), articles=int(d.get("articles") or 0),
        )


def _context(context: dict[str, Any] | None) -> dict[str, Any]:
    ctx = dict(context or {})
    ctx.setdefault("type", "PERSON")
    roles = ctx.get("roles") or []
    if isinstance(roles, str):
        roles = [roles]
    ctx["roles"] = list(roles)
    countries = set(rolemod.entity_countries(ctx["roles"]))
    c = ctx.get("country")
    if c:
        countries |= {c} if isinstance(c, str) else set(c)
    ctx["countries"] = {canon.gazetteer().by_form.get(canon.fold(x), x) for x in countries}
    return ctx


class EntityResolver:
    """In-memory registry of entities seen across articles; see the module docstring."""

    def __init__(self) -> None:
        self.entries: dict[str, RegistryEntry] = {}
        self._blocks: dict[tuple[str, str], set[str]] = defaultdict(set)

    # -- keys -----------------------------------------------------------------------------
    @staticmethod
    def _group(type_: str) -> str:
        return {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}.get(type_, type_)

    def _block_key(self, name: str, type_: str) -> tuple[str, str]:
        if type_ == "PERSON":
            return ("PERSON", canon.split_person(name).surname_key)
        return (self._group(type_), canon.match_key(canon.canonical_name(name, type_), type_))

    # -- scoring --------------------------------------------------------------------------
    def _score(self, entry: RegistryEntry, name: str, ctx: dict[str, Any]) -> float:
        type_ = ctx["type"]
        if type_ != "PERSON":
            return 1.0 if canon.fold(canon.canonical_name(name, type_)) == canon.fold(entry.canonical) or \
                canon.match_key(name, type_) in {canon.match_key(n, type_) for n in entry.names} else 0.0
        cname = canon.canonical_name(name, "PERSON")
        if len(canon.name_tokens(name)) >= 2 and canon.fold(cname) == canon.fold(entry.canonical):
            base = 1.0
        else:
            base = max((canon.person_match(name, n) for n in entry.full_names()), default=0.0)
        if base == 0.0:
            return 0.0
        # context: countries implied by roles must not contradict
        if ctx["countries"] and entry.countries and not (ctx["countries"] & entry.countries):
            return 0.0 if base < 1.0 else 0.5
        bonus = 0.0
        if ctx["roles"] and entry.roles:
            shared = (rolemod.role_keys(ctx["roles"]) & entry.role_keys()) - _GENERIC
            if shared:
                bonus += 0.3
        if ctx["countries"] and (ctx["countries"] & entry.countries):
            bonus += 0.2
        return base + bonus

    # -- API ------------------------------------------------------------------------------
    def lookup(self, name: str, context: dict[str, Any] | None = None) -> str | None:
        """The id ``name`` resolves to in this context, or None (the registry is not changed)."""
        ctx = _context(context)
        block = self._block_key(name, ctx["type"])
        scored = sorted(((self._score(self.entries[i], name, ctx), i) for i in self._blocks.get(block, ())), reverse=True)
        scored = [(s, i) for s, i in scored if s > 0]
        if not scored:
            return None
        best, best_id = scored[0]
        if ctx["type"] != "PERSON":
            return best_id
        bare = len(canon.name_tokens(name)) < 2
        if bare:
            # a bare surname: accept only one candidate, or one that the context singles out
            if len(scored) == 1 and best >= 0.6:
                return best_id
            if best >= 0.8 and (len(scored) == 1 or scored[1][0] < best):
                return best_id
            return None
        if best >= 1.0 and (len(scored) == 1 or scored[1][0] < best or best >= 1.2):
            return best_id
        if best >= 1.0:
            return best_id
        return None

    def resolve(self, name: str, context: dict[str, Any] | None = None) -> str:
        """The canonical id of ``name`` in ``context`` (type, roles, country, date, outlet); a new id when unseen."""
        ctx = _context(context)
        found = self.lookup(name, ctx)
        if found:
            return found
        return self._create(name, ctx).id

    def observe(self, entity, article_meta: dict[str, Any] | None = None) -> str:
        """Record an article's :class:`~quotewire.record.Entity`: its names, roles, date and outlet; returns its id."""
        meta = dict(article_meta or {})
        ctx = {"type": entity.type, "roles": list(entity.roles), "date": meta.get("published") or meta.get("date"),
               "outlet": meta.get("outlet")}
        names = [entity.name] + [v for v in entity.variants if v != entity.name]
        ident = None
        for n in ([entity.canonical] if entity.canonical else []) + names:
            ident = self.lookup(n, ctx)
            if ident:
                break
        if ident is None:
            ident = self._create(entity.name, _context(ctx), canonical=entity.canonical).id
        e = self.entries[ident]
        for n in names:
            e.names[n] = e.names.get(n, 0) + 1
            self._blocks[self._block_key(n, e.type)].add(ident)
        date, outlet = ctx["date"], ctx["outlet"]
        for r in entity.roles:
            info = e.roles.setdefault(r, {"first": date, "last": date, "outlets": set(), "count": 0})
            info["count"] += 1
            if date:
                info["first"] = min(filter(None, [info.get("first"), date]))
                info["last"] = max(filter(None, [info.get("last"), date]))
            if outlet:
                info["outlets"].add(outlet)
        e.countries |= rolemod.entity_countries(entity.roles)
        if outlet:
            e.outlets.add(outlet)
        if date:
            e.first_seen = min(filter(None, [e.first_seen, date]))
            e.last_seen = max(filter(None, [e.last_seen, date]))
        e.articles += 1
        return ident

    def observe_record(self, record) -> dict[str, str]:
        """Observe every entity of a record; returns {entity id in the record: registry id}."""
        meta = {"published": record.article.published, "outlet": record.article.outlet, "url": record.article.url}
        return {ent.id: self.observe(ent, meta) for ent in record.entities}

    def get(self, ident: str) -> RegistryEntry | None:
        return self.entries.get(ident)

    def _create(self, name: str, ctx: dict[str, Any], canonical: str | None = None) -> RegistryEntry:
        type_ = ctx["type"]
        canonical = canonical or canon.canonical_name(name, type_)
        base = f"{_TYPE_PREFIX.get(type_, 'entity')}:{_slug(canonical)}"
        ident, n = base, 1
        while ident in self.entries:
            n += 1
            ident = f"{base}-{n}"
        e = RegistryEntry(id=ident, type=type_, canonical=canonical)
        e.names[name] = 0
        e.countries |= ctx.get("countries") or set()
        for r in ctx.get("roles") or []:
            e.roles.setdefault(r, {"first": ctx.get("date"), "last": ctx.get("date"), "outlets": set(), "count": 0})
        self.entries[ident] = e
        self._blocks[self._block_key(name, type_)].add(ident)
        if canonical != name:
            self._blocks[self._block_key(canonical, type_)].add(ident)
        return e

    # -- persistence ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "entries": [e.to_dict() for e in self.entries.values()]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "EntityResolver":
        r = cls()
        for ed in d.get("entries") or []:
            e = RegistryEntry.from_dict(ed)
            r.entries[e.id] = e
            for n in list(e.names) + [e.canonical]:
                r._blocks[r._block_key(n, e.type)].add(e.id)
        return r


def resolve(name: str, context: dict[str, Any] | None = None, resolver: EntityResolver | None = None) -> str:
    """Module-level convenience over a process-wide registry (or the one given)."""
    global _DEFAULT
    if resolver is None:
        if _DEFAULT is None:
            _DEFAULT = EntityResolver()
        resolver = _DEFAULT
    return resolver.resolve(name, context)


_DEFAULT: EntityResolver | None = None


def same_person(name_a: str, name_b: str, roles_a=(), roles_b=()) -> bool:
    """Whether two person names (with the roles their articles give, if any) denote one person.

    Names must match fully (:func:`~quotewire.nlp.canonical.person_match` = 1: same surname key,
    compatible given names) or through the variants table; roles that place the two in different
    countries keep them apart (Michael Collins the Irish leader / the American astronaut).
    """
    ca, cb = canon.lookup_variant(name_a, "PERSON"), canon.lookup_variant(name_b, "PERSON")
    if ca and cb:
        names_ok = canon.fold(ca) == canon.fold(cb)
    else:
        names_ok = canon.person_match(name_a, name_b) >= 1.0
    if not names_ok:
        return False
    countries_a = rolemod.entity_countries(list(roles_a or []))
    countries_b = rolemod.entity_countries(list(roles_b or []))
    if countries_a and countries_b and not (countries_a & countries_b):
        return False
    return True
