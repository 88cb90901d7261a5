"""Name the outlet of a scraped page from its site chrome.

Three sources, strongest first:

1. fingerprints (``data/text/outlets.tsv``): token sets or regexes matched against single
   chrome lines (e.g. rt.com's icon strip "icon bookmark-bicon ... yticon wticon fm" → RT);
2. the site suffix of the page's <title> copy (its first line): "Headline – TechCrunch";
3. a copyright footer: "© 2019 Billboard. All Rights Reserved." (weak: often a parent company).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "text"


@dataclass(frozen=True)
class Fingerprint:
    outlet: str
    kind: str  # tokens | regex
    tokens: frozenset = frozenset()
    regex: re.Pattern | None = None

    def matches(self, line: str, line_tokens: frozenset) -> bool:
        if self.kind == "tokens":
            return self.tokens <= line_tokens
        return bool(self.regex.search(line))


@lru_cache(maxsize=1)
def fingerprints() -> tuple[Fingerprint, ...]:
    out = []
    for raw in (DATA / "outlets.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        outlet, kind, pattern = raw.split("\t", 2)
        if kind == "tokens":
            out.append(Fingerprint(outlet, kind, tokens=frozenset(pattern.casefold().split())))
        elif kind == "regex":
            out.append(Fingerprint(outlet, kind, regex=re.compile(pattern, re.IGNORECASE)))
        else:
            raise ValueError(f"{DATA / 'outlets.tsv'}: unknown fingerprint kind {kind!r} for {outlet!r}")
    return tuple(out)


def match_fingerprint(lines: list[str]) -> str | None:
    """The outlet whose fingerprint matches a line, or ``None``."""
    fps = fingerprints()
    for line in lines:
        toks = frozenset(line.casefold().split())
        for fp in fps:
            if fp.matches(line, toks):
                return fp.outlet
    return None


_TITLE_SEP = re.compile(r"\s+(?:[-–—|:·•»]|::)\s+")


def title_suffix(first_line: str, headline: str | None) -> str | None:
    """"Headline – Site" → "Site" when the rest is the headline (or the suffix is short)."""
    parts = _TITLE_SEP.split(first_line.strip())
    if len(parts) < 2:
        return None
    site = parts[-1].strip()
    words = site.split()
    if not 1 <= len(words) <= 5 or len(site) > 40 or re.search(r"\b(?:19|20)\d\d\b", site):
        return None
    rest = " ".join(parts[:-1])
    norm = lambda s: " ".join(re.findall(r"\w+", s.casefold()))  # noqa: E731
    if headline and norm(headline) and (norm(headline) in norm(rest) or norm(rest) in norm(headline)):
        return site
    if headline is None and len(rest.split()) >= 4 and len(words) <= 3:
        return site
    return None


_COPYRIGHT = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|ⓒ)\s*(?:copyright\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?[,.]?\s*)?"
    r"(?P<name>[A-Z][\w&'’. -]{1,40}?)"
    r"(?:,?\s*(?:Inc|LLC|Ltd|Limited|Corp|GmbH|Pty|S\.A|Co)\b\.?)*\s*(?:[.,|]|All rights|$)",
    re.IGNORECASE,
)


def copyright_owner(line: str) -> str | None:
    m = _COPYRIGHT.match(line.strip())
    if not m:
        return None
    name = m["name"].strip(" .,")
    name = re.sub(r"^(?:by|the contents of this site are)\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"[\s,.]*(?:(?:19|20)\d\d|unless otherwise noted|limited|ltd|inc|llc)\W*$", "", name, flags=re.IGNORECASE)
    name = re.sub(r"[\s,.]*(?:(?:19|20)\d\d|limited|ltd|inc|llc)\W*$", "", name, flags=re.IGNORECASE).strip(" .,")
    if not name or name.casefold() in {"all rights reserved", "copyright", "all"} or len(name.split()) > 5:
        return None
    return name
