"""Attribution cues and quotation marks.

Two small, parser-independent pieces the quote finder builds on:

* the cue lexicon (``data/quotes/cues.json``): which lemmas introduce reported speech and
  how their content attaches (a clause, an object, a description);
* :func:`quote_spans`: the quoted stretches of a text, from curly, straight, guillemet
  and low-9 marks.  Possessive apostrophes ("Paris’") are never quote marks; single
  quotes are ignored (too ambiguous with apostrophes); unbalanced or nested marks are
  skipped and reported, never raised.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("quotewire.data.quotes").joinpath("cues.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


def speech_lemmas() -> frozenset[str]:
    return lexicon()["speech"]


def is_cue_lemma(lemma: str) -> str | None:
    """The cue class of a lemma: 'speech', 'describe', 'object', 'voice', or None."""
    lx = lexicon()
    for kind in ("speech", "describe", "object", "voice"):
        if lemma in lx[kind]:
            return kind
    return None


# -- speech-verb word forms (for filtering gold cues in the benchmark) ---------------------
_IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"],
    "write": ["wrote", "written", "writes", "writing"], "speak": ["spoke", "spoken"],
    "swear": ["swore", "sworn"], "forecast": ["forecast"], "repeat": ["repeated"],
}


def word_forms(lemma: str) -> set[str]:
    forms = {lemma}
    forms.update(_IRREGULAR.get(lemma, []))
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        es = "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s"
        forms |= {lemma + es, lemma + "ed", lemma + "ing"}
        if len(lemma) > 2 and lemma[-1] in "tpgdmn" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@functools.lru_cache(maxsize=1)
def speech_forms() -> frozenset[str]:
    out: set[str] = set()
    for lemma in speech_lemmas():
        out |= word_forms(lemma)
    return frozenset(out)


def is_speech_cue_text(cue: str) -> bool:
    """Whether a cue string (as annotated, e.g. "has said", "According to") is a speech cue."""
    low = cue.lower()
    if "according to" in low:
        return True
    words = [w.strip(".,:;\"“”'") for w in low.split()]
    return any(w in speech_forms() for w in words)


# -- quotation marks ------------------------------------------------------------------------
OPENERS = {"“": "”", "«": "»", "„": "“"}
CLOSERS = {"”", "»"}
STRAIGHT = '"'


@dataclass
class QuoteSpan:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end when it runs on)
    inner_start: int
    inner_end: int
    runs_on: bool = False  # opened at a paragraph start and not closed: continues in the next paragraph
    continued: bool = False  # this paragraph continues a quote opened in an earlier paragraph


def _is_open_straight(text: str, i: int, mlen: int = 1) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + mlen] if i + mlen < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/") and not nxt.isspace()


def quote_spans(text: str, paragraphs: list[tuple[int, int]] | None = None,
                warnings: list[str] | None = None) -> list[QuoteSpan]:
    """Quoted stretches of ``text``, paragraph by paragraph.

    A mark that opens a paragraph and is not closed there runs on (newspaper style for a
    multi-paragraph quote: only the last paragraph closes it).  Anything else unbalanced is
    skipped with a warning.
    """
    def warn(msg: str) -> None:
        if warnings is not None and msg not in warnings:
            warnings.append(msg)

    if paragraphs is None:
        paragraphs = [(0, len(text))]
    out: list[QuoteSpan] = []
    carrying = False  # the previous paragraph ran on
    for ps, pe in paragraphs:
        open_at: int | None = None
        closer = ""
        spans: list[QuoteSpan] = []
        open_len = 1
        i = ps
        end = min(pe, len(text))
        while i < end:
            ch = text[i]
            mlen = 1
            if ch == "'" and text[i + 1 : i + 2] == "'":
                ch, mlen = STRAIGHT, 2  # '' as a double quotation mark (NYT / LaTeX style)
            if open_at is None:
                if ch in OPENERS:
                    open_at, closer, open_len = i, OPENERS[ch], mlen
                elif ch == STRAIGHT:
                    if _is_open_straight(text, i, mlen):
                        open_at, closer, open_len = i, STRAIGHT, mlen
                    else:
                        warn(f"stray quotation mark at offset {i} skipped")
                elif ch in CLOSERS:
                    warn(f"closing quotation mark at offset {i} without an opening one skipped")
            elif (ch == closer or (ch in CLOSERS or ch == STRAIGHT) and closer in ("”", STRAIGHT)
                  or ch == "“" and closer == "”" and i > ps and not text[i - 1].isspace()
                  and (i + 1 >= end or text[i + 1].isspace() or text[i + 1] in ".,;:!?")):
                # (a “ typed where ” belongs closes too: “It's unusual,“ said …)
                if i - open_at > open_len:
                    spans.append(QuoteSpan(open_at, i + mlen, open_at + open_len, i))
                open_at = None
            elif ch in OPENERS:
                warn(f"nested or unbalanced quotation mark at offset {i}: the quote opened at {open_at} is skipped")
                open_at, closer, open_len = i, OPENERS[ch], mlen
            i += mlen
        runs_on = False
        if open_at is not None:
            if open_at == ps:
                spans.append(QuoteSpan(open_at, pe, open_at + open_len, pe, runs_on=True))
                runs_on = True
            else:
                warn(f"quotation mark opened at offset {open_at} is never closed: skipped")
        if carrying and spans and spans[0].start == ps:
            spans[0].continued = True
        out.extend(spans)
        carrying = runs_on
    return out
