"""Visible datelines: "5 May, 2024 15:34", "November 19, 2019 at 9:45 am", "2019-11-18 07:45" ...

``parse_dateline(s)`` finds the first date (with its time, when one follows) in a line and
returns a :class:`Dateline` whose ``iso`` is "YYYY-MM-DDTHH:MM:SS" (local time as the page
gives it; a time zone name is ignored) or "YYYY-MM-DD" when the line has no time.
Month names come from ``data/text/months.json`` (several languages).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "text"


@dataclass
class Dateline:
    iso: str
    has_time: bool
    start: int  # offset of the match in the line
    end: int
    kind: str  # "published" | "updated" | "plain"

    @property
    def value(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.iso)


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    spec = json.loads((DATA / "months.json").read_text(encoding="utf-8"))
    out = {}
    for num, names in spec["months"].items():
        for name in names:
            out[name.casefold()] = int(num)
    return out


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    names = sorted(_months(), key=len, reverse=True)
    mon = "(?P<mon>" + "|".join(re.escape(n) for n in names) + r")\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    sep = r"[\s,/.-]*(?:de\s+|of\s+)?"
    return [
        # 2019-11-18, 2019-11-18T07:45:00, 2019/11/18
        ("ymd", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/.](?P<mon>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)")),
        # 5 May, 2024 / 5. Mai 2024 / 5 de mayo de 2024
        ("dmy", re.compile(r"(?<![\w])" + day + r"\s*(?:de\s+)?" + mon + sep + year + r"(?!\d)", re.IGNORECASE)),
        # May 5, 2024 / Nov. 18 2019 / November 18th, 2019
        ("mdy", re.compile(r"(?<![\w])" + mon + r"\s+" + day + r",?\s*" + year + r"(?!\d)", re.IGNORECASE)),
        # 18.11.2019 / 18/11/2019 / 11/18/2019
        ("num", re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)(?P<s>[./-])(?P<b>[0-3]?\d)(?P=s)(?P<year>(?:19|20)\d\d)(?!\d)")),
        # 11/19/19 06:56 AM: a two-digit year only when a time follows
        ("num", re.compile(r"(?<![\d./])(?P<a>[0-3]?\d)(?P<s>[./-])(?P<b>[0-3]?\d)(?P=s)(?P<year>\d\d)(?=,?\s+(?:at\s+)?[0-2]?\d[:.][0-5]\d)")),
    ]


_TIME = re.compile(
    r"[\s,|·•–—-]*(?:at\s+|um\s+|à\s+|a las\s+|às\s+|alle\s+|в\s+|-\s*|T)?"
    r"(?P<h>[0-2]?\d)[:.h](?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:\.\d+)?\s*(?P<ap>[ap]\.?\s?m\.?)?",
    re.IGNORECASE,
)
_TIME_BEFORE = re.compile(r"(?P<h>[0-2]?\d)[:.](?P<m>[0-5]\d)\s*(?P<ap>[ap]\.?\s?m\.?)?(?:[\s,]+[A-Za-z]{2,9}\.?){0,2}\s*[,|·•–—-]?\s*(?:on\s+)?$", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|last update|aktualisiert|mis à jour|actualizado|atualizado|обновлено)\b", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:published|posted|publicado|publié|veröffentlicht|опубликовано|date)\b", re.IGNORECASE)


def _time(h: str, m: str, s: str | None, ap: str | None) -> tuple[int, int, int] | None:
    hh, mm, ss = int(h), int(m), int(s or 0)
    if ap:
        a = ap.lower().replace(".", "").replace(" ", "")
        if hh > 12 or hh == 0:
            return None
        if a == "pm" and hh != 12:
            hh += 12
        if a == "am" and hh == 12:
            hh = 0
    if hh > 23:
        return None
    return hh, mm, ss


def parse_dateline(line: str, *, after: int = 0) -> Dateline | None:
    """The first date (and time) in ``line`` at or after offset ``after``; ``None`` if none."""
    best = None
    for kind, pat in _patterns():
        for m in pat.finditer(line, after):
            try:
                if kind == "num":
                    a, b, y = int(m["a"]), int(m["b"]), int(m["year"])
                    if y < 100:
                        y += 2000
                    # day first (most of the world) unless impossible; ambiguous orders are flagged
                    if b > 12 and a <= 12:
                        mo, d = a, b
                    else:
                        d, mo = a, b
                    date = dt.date(y, mo, d)
                elif kind == "ymd":
                    date = dt.date(int(m["year"]), int(m["mon"]), int(m["day"]))
                else:
                    date = dt.date(int(m["year"]), _months()[m["mon"].casefold().rstrip(".")], int(m["day"]))
            except (ValueError, KeyError):
                continue
            if best is None or m.start() < best[0].start():
                best = (m, date)
            break
    if best is None:
        return None
    m, date = best
    start, end = m.start(), m.end()
    tm = _TIME.match(line, end)
    t = None
    if tm:
        t = _time(tm["h"], tm["m"], tm["s"], tm["ap"])
        if t:
            end = tm.end()
    if t is None:
        tb = _TIME_BEFORE.search(line[:start])
        if tb:
            t = _time(tb["h"], tb["m"], None, tb["ap"])
            if t:
                start = tb.start()
    before = line[:start]
    kind = "updated" if _UPDATED.search(before[-40:]) else "published" if _PUBLISHED.search(before[-40:]) else "plain"
    if t:
        iso = dt.datetime(date.year, date.month, date.day, *t).isoformat()
    else:
        iso = date.isoformat()
    return Dateline(iso, t is not None, start, end, kind)


def is_dateline(line: str) -> bool:
    """A line that is mostly a date (plus a time, a weekday, a byline or a place)."""
    d = parse_dateline(line)
    if d is None:
        return False
    rest = line[: d.start] + line[d.end :]
    return len(re.findall(r"\w+", rest)) <= 12


def month_names() -> frozenset:
    """All month names and abbreviations of the lexicon (casefolded)."""
    return frozenset(_months())
