"""Quotations and their speakers.

``find_quotes(parsed, entities) -> list[Quote]`` reads the spaCy docs of a
:class:`~quotewire.nlp.pipeline.ParsedArticle` (title, standfirst, body) and returns every
attribution it can stand behind:

* **cue clauses** — a verb of saying (``data/quotes/cues.json``) with a subject and a
  reported clause (ccomp), a parenthetical cue ("…, he said, …"), a quotation next to the
  cue ("“…,” he said" / "said: “…”"), a postposed cue the parser left unlinked ("…, police
  said."), participle cues that inherit the subject (", warning that …", "with X declaring
  that …"), relative cues ("which officials said will …"), "according to X", "X called Y
  “Z”", "describing it as Z", "voiced skepticism about …", "thanked X for …";
* **quotation marks** — what a cue clause's content holds in marks decides the type
  (direct / mixed / indirect); "“A,” he said. “B.”" is one direct quote whose ``text`` joins
  the quoted pieces (``start``/``end`` then span the cue between them); a short quoted
  fragment governed by a describing cue is *partial*; a quote paragraph with no cue is
  *floating* and continues the previous speaker (a paragraph that opens a quote and runs
  on takes the speaker of the paragraph that closes it); "“…” – Name" and "Name: “…”";
* **headline attributions** — "… – MP", "Name: …", title-case "X Says …".

Speakers are resolved by :mod:`quotewire.nlp.speakers`.  ``Quote.confidence`` is a
logistic model's probability that the content is a real attribution (trained on PolNeAR
train, ``nlp/training/quote_confidence.py``) times the speaker resolver's certainty.

Malformed quotation marks never raise: the span is skipped and a warning is added to the
record; any other failure on a page becomes a warning too.  For clauses not to run across
paragraphs the parser needs :func:`add_paragraph_breaks` in the pipeline.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from quotewire.nlp import cues as cuelib
from quotewire.nlp.cues import QuoteSpan, quote_spans
from quotewire.nlp.speakers import SpeakerResolver
from quotewire.record import Entity, Quote, Speaker

#: speech verbs whose content may be a plain object ("reported a steady advance")
DOBJ_SPEECH = {"report", "announce", "confirm", "deny", "reveal", "disclose", "predict", "estimate",
               "acknowledge", "admit", "propose", "promise", "urge", "demand", "recommend", "pledge", "vow",
               "tweet", "write", "post"}
#: speech verbs whose object is the addressee or a manner, never the content
NO_OBJECT_CONTENT = {"say", "tell", "ask", "add", "answer", "respond", "reply", "continue", "inform", "notify", "advise",
                     "assure", "urge", "point", "agree", "object", "protest", "charge", "post", "signal", "certify",
                     "swear", "counter", "comment", "remark", "state", "explain", "argue", "insist", "stress", "recall",
                     "declare", "write", "tweet", "claim", "suggest", "maintain", "threaten", "underscore", "underline",
                     "observe", "deny", "concede"}
#: speech verbs whose content may be an infinitive ("pledged to oppose …")
XCOMP_SPEECH = {"pledge", "promise", "vow", "threaten", "propose", "offer", "agree", "demand", "urge", "swear",
                "claim", "announce"}
_WEAK_OBJECTS = {"it", "so", "this", "that", "something", "anything", "nothing", "much", "little", "what", "which",
                 "everything", "more", "things", "lot", "one"}
_STRIP = " \t\n,;:—–-"
_SENT_END = re.compile(r"[.!?](?:[”\"’)]*)\s")


def _text(doc: Doc) -> str:
    """``doc.text``, computed once (spaCy rebuilds it from the tokens on every access)."""
    t = doc.user_data.get("quotewire_text")
    if t is None:
        t = doc.user_data["quotewire_text"] = doc.text
    return t


def _sent(tok: Token) -> Span:
    """``tok.sent`` from a per-doc table (spaCy's property walks the doc on every call)."""
    doc = tok.doc
    table = doc.user_data.get("quotewire_sents")
    if table is None:
        table = [0] * len(doc)
        bounds = []
        for k, sent in enumerate(doc.sents):
            bounds.append((sent.start, sent.end))
            for i in range(sent.start, sent.end):
                table[i] = k
        doc.user_data["quotewire_sents"] = table
        doc.user_data["quotewire_sent_bounds"] = bounds
    s, e = doc.user_data["quotewire_sent_bounds"][table[tok.i]]
    return doc[s:e]


@dataclass
class Attribution:
    """One attribution before it becomes a :class:`Quote` (offsets into the segment text)."""

    where: str
    start: int
    end: int
    kind: str  # speech | according | describe | object | voice | colon | floating | partial | headline
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    cue_tok: int | None = None
    source: Span | None = None
    mention: str | None = None
    pieces: list[tuple[int, int]] = field(default_factory=list)  # content pieces (discontinuous content)
    type: str = "indirect"
    text: str = ""
    speaker: Speaker = field(default_factory=Speaker)
    confidence: float = 0.5
    para: int = 0
    quote_ids: list[int] = field(default_factory=list)
    continues: "Attribution | None" = None  # a floating quote: the attribution it continues
    features: dict[str, float] = field(default_factory=dict)
    speaker_conf: float = 1.0  # the resolver's certainty about the speaker

    @property
    def source_span(self) -> tuple[int, int] | None:
        if self.source is None:
            return None
        return (self.source.start_char, self.source.end_char)

    def to_quote(self) -> Quote:
        return Quote(type=self.type, text=self.text, start=self.start, end=self.end, cue=self.cue,
                     speaker=self.speaker, confidence=round(self.confidence, 3), where=self.where,
                     cue_start=self.cue_start, cue_end=self.cue_end)


# -- entry points -------------------------------------------------------------------------
def find_quotes(parsed, entities: list[Entity] | None = None) -> list[Quote]:
    """The record's quotations; never raises (a failure becomes a warning and no quotes)."""
    try:
        atts = find_attributions(parsed, entities)
    except Exception as exc:  # a bug on one odd page must not cost the page its entities
        parsed.record.warn(f"quotes stage failed: {type(exc).__name__}: {exc}")
        return []
    out = []
    for a in atts:
        seg = parsed.record.article.segment(a.where) if a.where in ("title", "standfirst", "body") else ""
        if not (0 <= a.start <= a.end <= len(seg)) or not a.text.strip():
            parsed.record.warn(f"quotes ({a.where}): a quote with offsets {a.start}-{a.end} was dropped")
            continue
        out.append(a.to_quote())
    return out


def find_attributions(parsed, entities: list[Entity] | None = None) -> list[Attribution]:
    rec = parsed.record
    resolver = SpeakerResolver(parsed, entities)
    quoted: dict[str, list[tuple[int, int]]] = {}
    per_segment: list[tuple[str, Doc, list[Attribution], list[QuoteSpan], list[tuple[int, int]]]] = []
    for where, doc in parsed.segments():
        try:
            per_segment.append(_segment_attributions(rec, where, doc, quoted))
        except Exception as exc:
            rec.warn(f"quotes ({where}) skipped: {type(exc).__name__}: {exc}")

    # speakers, in reading order (pronouns look back)
    resolver.drop_quoted_subjects(quoted)
    out: list[Attribution] = []
    for where, doc, atts, qs, paras in per_segment:
        atts.sort(key=lambda a: (a.cue_start if a.cue_start is not None else a.start))
        for a in atts:
            mention = a.mention if a.mention is not None else (a.source.text if a.source is not None else None)
            a.mention = mention
            try:
                sp, conf = resolver.resolve(where, a.source, mention, a.cue_start if a.cue_start is not None else a.start)
            except Exception as exc:
                rec.warn(f"speaker of a quote ({where}) not resolved: {type(exc).__name__}: {exc}")
                sp, conf = Speaker(mention=mention), 0.5
            a.speaker = sp
            a.speaker_conf = conf
        atts[:] = [a for a in atts if not _headline_label(a, rec)]
        try:
            atts += _unattributed_quotes(doc, where, atts, qs, paras, resolver)
        except Exception as exc:
            rec.warn(f"floating/partial quotes ({where}) skipped: {type(exc).__name__}: {exc}")
        atts.sort(key=lambda a: a.start)
        model = confidence_model()
        for a in atts:
            a.features = features(a, doc)
            # how sure the content is an attribution (learned) × how sure the speaker is
            a.confidence = (model.predict(a.features) if model is not None else a.confidence) * a.speaker_conf
        out.extend(atts)
    return out


def _segment_attributions(rec, where: str, doc: Doc, quoted: dict):
    """Cue clauses of one segment (title, standfirst or body), before speakers."""
    text = _text(doc)
    if where == "body":
        paras = [(s, e) for s, e in rec.article.paragraph_spans() if s < len(text)]
        if paras:
            paras[-1] = (paras[-1][0], min(paras[-1][1], len(text)))
        else:
            paras = [(0, len(text))]
    else:
        paras = [(0, len(text))]
    warnings: list[str] = []
    qs = _SpanIndex(quote_spans(text, paras, warnings))
    quoted[where] = [(q.inner_start, q.inner_end) for q in qs]
    for w in warnings:
        rec.warn(f"quotes ({where}): {w}")
    atts = [a for a in (_clip_to_paragraph(a, paras) for a in _cue_attributions(doc, where, qs)) if a is not None]
    if where == "title":
        atts += _headline(doc, atts)
    atts = _prune(atts)
    for a in atts:
        a.para = _para_index(paras, a.start)
        _apply_marks(_text(doc), a, qs)
    _continue_quotes(_text(doc), atts, qs, paras)
    return (where, doc, atts, qs, paras)


# -- cue clauses ----------------------------------------------------------------------------
def _para_index(paras: list[tuple[int, int]], offset: int) -> int:
    for i, (s, e) in enumerate(paras):
        if offset < e + 2:
            return i
    return len(paras) - 1


class _SpanIndex(list):
    """A segment's quote spans (in text order, never overlapping) with their offsets indexed,
    so finding the span at or near an offset is a binary search, not a scan: a page with
    thousands of quotations stays linear."""

    def __init__(self, spans):
        super().__init__(spans)
        self.starts = [q.start for q in self]
        self.ends = [q.end for q in self]
        self.inner_starts = [q.inner_start for q in self]


def _in_quote(qs: list[QuoteSpan], i: int) -> QuoteSpan | None:
    if isinstance(qs, _SpanIndex):
        k = bisect.bisect_right(qs.inner_starts, i) - 1  # the only span that can hold i
        candidates = qs[k : k + 1] if k >= 0 else []
    else:
        candidates = qs
    for q in candidates:
        if q.inner_start <= i < q.inner_end:
            return q
    return None


_DATELINE_DASHES = {"--", "—", "–", "-"}


def _past_dateline(subj: Token) -> Token:
    """'WASHINGTON -- President Obama, …, said …': the parser takes a wire dateline that opens
    the sentence for the subject and the real speaker for its apposition after the dash."""
    doc = subj.doc
    if subj.left_edge.i != subj.sent.start or subj.i + 1 >= len(doc) or doc[subj.i + 1].text not in _DATELINE_DASHES:
        return subj
    after = [c for c in subj.children if c.dep_ == "appos" and c.i > subj.i + 1]
    return after[0] if after else subj


def _subject(tok: Token, depth: int = 0) -> Token | None:
    subs = [c for c in tok.children if c.dep_ == "nsubj"]
    if subs:
        # the nearest ("“…, Ferguson,” Trump said")
        return _past_dateline(min(subs, key=lambda c: abs(c.i - tok.i)))
    if depth >= 3:
        return None
    head = tok.head
    if tok.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return _subject(head, depth + 1)
        return None
    if tok.dep_ == "advcl" and tok.tag_ != "VBG":
        return None  # "When asked …": only participles ("…, warning that") share the subject
    if tok.dep_ in ("advcl", "xcomp", "conj") and head is not tok and head.pos_ in ("VERB", "AUX"):
        if any(c.dep_ == "nsubjpass" for c in head.children) and not any(c.dep_ == "nsubj" for c in head.children):
            return None
        return _subject(head, depth + 1)
    return None


def _source_span(subj: Token) -> Span:
    doc = subj.doc
    left = subj.left_edge.i
    right = subj.i
    for c in subj.rights:
        if c.dep_ in ("prep", "compound", "flat", "nummod", "case", "amod", "acl") or (c.dep_ in ("cc", "conj") and c.i - right <= 6):
            right = max(right, c.right_edge.i)
        else:
            break
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].lower_ in ("however", "but", "and")):
        left += 1
    return doc[left : right + 1]


def _cue_words(tok: Token, extra_right: Token | None = None) -> tuple[int, int, str]:
    """The cue as annotated: auxiliaries + verb (+ particle / object noun)."""
    doc = tok.doc
    start = tok.i
    for c in tok.lefts:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "had", "'s", "’s", "'ve", "’ve") and tok.i - c.i <= 3:
            start = min(start, c.i)
    end = tok.i
    for c in tok.rights:
        if c.dep_ == "prt" and c.i == end + 1:
            end = c.i
    if extra_right is not None:
        end = max(end, extra_right.i)
    span = doc[start : end + 1]
    return span.start_char, span.end_char, span.text


def _strip_span(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Token range → char range without a leading 'that' and edge punctuation."""
    while s < e and (doc[s].lower_ == "that" and doc[s].dep_ == "mark" or doc[s].is_space
                     or doc[s].is_punct and doc[s].text not in "“\"«„[(" ):
        s += 1
    while e > s and (doc[e - 1].is_space or doc[e - 1].is_punct and doc[e - 1].text not in "”\"»])"):
        e -= 1
    if s >= e:
        return (0, 0)
    return doc[s].idx, doc[e - 1].idx + len(doc[e - 1])


#: dependents of a cue verb, after its reported clause, that still belong to the content
#: ("said he would be honoured to meet the pope[, but no meeting has been arranged]")
EXTEND_DEPS = {"cc", "conj", "advcl", "npadvmod", "punct", "dep"}


def _extend_right(tok: Token, content: Token, hi: int) -> int:
    for r in tok.rights:
        if r.i <= content.i or r.i < hi:
            continue
        if r.dep_ == "punct" and r.text in ".;:!?":
            break
        if r.dep_ not in EXTEND_DEPS:
            break
        if r.pos_ == "VERB" and (cuelib.is_cue_lemma(r.lemma_) or r.tag_ == "VBG"):
            break
        if any(t.lower_ == "according" for t in r.subtree):
            break
        hi = r.right_edge.i + 1
    return hi


def _subtree_range(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _words(doc: Doc, s: int, e: int) -> int:
    return len(re.findall(r"\w+", _text(doc)[s:e]))


def _adjacent_quote(doc: Doc, tok: Token, subj: Token | None, qs: list[QuoteSpan]) -> QuoteSpan | None:
    """A quotation right before the cue clause ("“…,” he said") or right after it ("said: “…”")."""
    text = _text(doc)
    first = min(tok.i, subj.left_edge.i if subj is not None else tok.i)
    begin = doc[first].idx
    # before: the quote closes within a few characters of the cue clause
    near = qs[bisect.bisect_left(qs.ends, begin - 3) : bisect.bisect_right(qs.ends, begin)] \
        if isinstance(qs, _SpanIndex) else qs
    for q in near:
        if q.end <= begin and begin - q.end <= 3 and not text[q.end:begin].replace(",", " ").strip():
            return q
    # after: "said: “…”", "said, “…”", "told reporters: “…”" within the same sentence
    after = tok.idx + len(tok)
    near = qs[bisect.bisect_left(qs.starts, after) : bisect.bisect_right(qs.starts, after + 60)] \
        if isinstance(qs, _SpanIndex) else qs
    for q in near:
        if q.start >= after and q.start - after <= 60:
            gap = text[after:q.start]
            if "\n" in gap or re.search(r"[.!?]", gap):
                continue
            if re.search(r"[:,]\s*$", gap) and len(gap.split()) <= 8 or not gap.strip():
                return q
    return None


_POSTPOSED_TAIL = {"dobj", "dative", "npadvmod", "prep", "advmod", "punct", "agent", "nsubj", "compound", "appos", "prt"}


def _postposed_content(doc: Doc, tok: Token, subj: Token) -> tuple[int, int] | None:
    """"…, he said." / "…, said Grimm, a Trump supporter." / "…, Ash Carter told a Senate
    panel Wednesday." when the parser did not link the clause before the comma to the cue."""
    sent = _sent(tok)
    if any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
        return None
    if subj.i < tok.i:
        first = subj.left_edge.i
        if tok.i - first > 8:
            return None
    else:
        first = tok.i
        for c in tok.lefts:
            if c.dep_ in ("aux", "advmod", "neg"):
                first = min(first, c.i)
    # the cue clause opens right after a comma (or a closing mark and a comma)
    j = first - 1
    while j > sent.start and doc[j].text in ("”", '"', "''", "’"):
        j -= 1
    if j <= sent.start or doc[j].text not in (",", "—", "–"):
        return None
    # nothing after the cue but its addressee, adverbials and the full stop
    for c in tok.rights:
        if c.dep_ not in _POSTPOSED_TAIL or c.pos_ == "VERB":
            return None
        if c.dep_ == "dobj" and tok.lemma_ not in ("tell", "ask"):
            return None  # "In her speech, Clinton emphasized the need …": the object is the content
        if c.dep_ == "prep" and c.lower_ in ("of", "about", "upon", "on", "to", "for"):
            return None
    # the clause before the comma must be a clause, not a fronted adverbial
    if not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod",) for t in doc[sent.start:j]):
        return None
    s, e = _strip_span(doc, sent.start, j)
    if e <= s or _words(doc, s, e) < 3:
        return None
    return s, e


def _colon_content(doc: Doc, tok: Token, qs: list[QuoteSpan]) -> tuple[int, int] | None:
    """'X said:' followed by the rest of the sentence/paragraph."""
    text = _text(doc)
    after = tok.idx + len(tok)
    m = re.match(r"[^.!?\n:]{0,60}?:\s*", text[after:]) or re.match(r"[^.!?\n:,]{0,60}?,\s*\n\s*(?=[“\"«])", text[after:])
    if not m:
        return None
    s = after + m.end()
    if s >= len(text):
        return None
    if "\n" in text[after:s]:
        # "As X reported:" closing a paragraph: the next paragraph is the content
        nxt = re.match(r"\s*", text[s:])
        s = s + (nxt.end() if nxt else 0)
    end = text.find("\n", s)
    end = len(text) if end < 0 else end
    return (s, end)


def _clip_to_paragraph(a: Attribution, paras: list[tuple[int, int]]) -> Attribution | None:
    """Keep a cue clause inside the cue's paragraph (a parse without paragraph breaks can run
    a clause or a subject across them); "said:" at a paragraph end may take the next one."""
    if a.cue_start is None or len(paras) < 2:
        return a
    k = _para_index(paras, a.cue_start)
    ps, pe = paras[k]
    if a.kind == "colon" and k + 1 < len(paras):
        pe = paras[k + 1][1]
    src = a.source_span
    if src is not None and not (ps <= src[0] and src[1] <= pe):
        return None
    pieces = [(max(s, ps), min(e, pe)) for s, e in a.pieces if min(e, pe) > max(s, ps)]
    if not pieces:
        return None
    a.pieces = pieces
    a.start, a.end = pieces[0][0], pieces[-1][1]
    return a


def _cue_attributions(doc: Doc, where: str, qs: list[QuoteSpan]) -> list[Attribution]:
    lx = cuelib.lexicon()
    out: list[Attribution] = []
    for tok in doc:
        try:
            a = _cue_attribution(doc, tok, where, qs)
        except Exception:  # an odd parse around one token: skip that cue only
            a = None
        if a is not None:
            out.append(a)
    return out


def _cue_attribution(doc: Doc, tok: Token, where: str, qs: list[QuoteSpan]) -> Attribution | None:
    """The attribution a token cues, if any."""
    low = tok.lower_
    if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return _according(doc, tok, where)
    if tok.pos_ != "VERB":
        return None
    kind = cuelib.is_cue_lemma(tok.lemma_)
    if kind is None:
        return None
    if _in_quote(qs, tok.idx) is not None:
        return None  # speech reported inside a quotation belongs to its content
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return None
    has_aux = any(c.dep_ == "aux" for c in tok.children)
    if tok.tag_ == "VBN" and not has_aux and not any(c.dep_ == "nsubj" for c in tok.children):
        return None  # "When asked whether …", "the so-called …": a passive participle
    subj = _subject(tok)
    if subj is None:
        return None
    if subj.lower_ in ("that", "which", "who") and subj.dep_ == "nsubj" and tok.dep_ == "relcl":
        subj = tok.head if tok.head.pos_ in ("PROPN", "NOUN") else None
        if subj is None:
            return None
    if kind == "speech" and tok.lemma_ == "point" and not any(c.dep_ == "prt" for c in tok.children):
        return None
    if kind == "speech":
        a = _speech(doc, tok, subj, where, qs)
    elif kind == "describe":
        a = _describe(doc, tok, subj, where, qs)
    elif kind == "object":
        a = _object(doc, tok, subj, where)
    else:
        a = _voice(doc, tok, subj, where)
    if a is not None and a.end > a.start and _words(doc, a.start, a.end) >= 2:
        return a
    return None


def _speech(doc: Doc, tok: Token, subj: Token, where: str, qs: list[QuoteSpan]) -> Attribution | None:
    cs, ce, cue = _cue_words(tok)
    src = _source_span(subj)
    make = lambda s, e, kind="speech", conf=0.9, pieces=None: Attribution(  # noqa: E731
        where, s, e, kind, cue, cs, ce, tok.i, src, None, pieces or [(s, e)], confidence=conf)
    ccomps = [c for c in tok.children if c.dep_ == "ccomp" and c.i != subj.i]
    # "“…,” he said" parses the quote as ccomp too; prefer an adjacent quote when the
    # ccomp lies inside it
    if ccomps:
        c = max(ccomps, key=lambda c: c.right_edge.i - c.left_edge.i)
        lo, hi = _subtree_range(c)
        # "which officials said will go into effect": the clause wraps the cue; the content
        # is the clause around it ("which … will go into effect …")
        if lo <= subj.i < hi or lo <= tok.i < hi:
            cut_lo = min(subj.left_edge.i, tok.i)
            pieces = []
            for a_, b_ in ((lo, cut_lo), (tok.i + 1, hi)):
                if b_ > a_:
                    s_, e_ = _strip_span(doc, a_, b_)
                    if e_ > s_:
                        pieces.append((s_, e_))
            if len(pieces) == 2 and _words(doc, *pieces[1]) >= 2 and (doc[lo].tag_ in ("WDT", "WP", "WP$") or doc[lo].lower_ == "that"):
                return make(pieces[0][0], pieces[-1][1], conf=0.7, pieces=pieces)
            return None
        if c.i > tok.i:
            hi = _extend_right(tok, c, hi)
        s, e = _strip_span(doc, lo, hi)
        if e > s:
            return make(s, e)
    phead = tok.head.head if tok.head.dep_ in ("aux", "auxpass") else tok.head
    if tok.dep_ == "parataxis" and phead.pos_ in ("VERB", "AUX") and phead.dep_ in ("ROOT", "ccomp", "conj"):
        head = phead
        lo, hi = _subtree_range(head)
        sent = _sent(tok)
        lo, hi = max(lo, sent.start), min(hi, sent.end)
        # never across a paragraph break
        nl = _text(doc).rfind("\n", doc[lo].idx, tok.idx)
        if nl >= 0:
            lo = doc.char_span(nl + 1, tok.idx, alignment_mode="expand").start if doc.char_span(nl + 1, tok.idx, alignment_mode="expand") is not None else tok.i
        nl = _text(doc).find("\n", tok.idx, doc[hi - 1].idx + len(doc[hi - 1]))
        if nl >= 0:
            cut = doc.char_span(tok.idx, nl, alignment_mode="expand")
            hi = cut.end if cut is not None else hi
        tlo, thi = _subtree_range(tok)
        pieces = []
        for a, b in ((lo, tlo), (thi, hi)):
            if b > a:
                s, e = _strip_span(doc, a, b)
                if e > s and _words(doc, s, e) >= 1:
                    pieces.append((s, e))
        if pieces:
            return make(pieces[0][0], pieces[-1][1], conf=0.85, pieces=pieces)
    q = _adjacent_quote(doc, tok, subj, qs)
    if q is not None:
        return make(q.start, q.end, conf=0.85)
    post = _postposed_content(doc, tok, subj)
    if post is not None:
        return make(post[0], post[1], kind="postposed", conf=0.7)
    if tok.lemma_ == "say":
        # "Stone says the increase … makes his election less likely": a clause the parser
        # took for an object
        dobj = next((c for c in tok.rights if c.dep_ == "dobj" and c.lower_ not in _WEAK_OBJECTS), None)
        if dobj is not None and any(t.pos_ in ("VERB", "AUX") for t in dobj.subtree):
            s_, e_ = _strip_span(doc, dobj.left_edge.i, tok.right_edge.i + 1)
            if e_ > s_ and _words(doc, s_, e_) >= 4:
                return make(s_, e_, conf=0.6)
    col = _colon_content(doc, tok, qs)
    if col is not None:
        return make(col[0], col[1], kind="colon", conf=0.75)
    if tok.lemma_ not in NO_OBJECT_CONTENT:
        for c in tok.children:
            if c.dep_ == "dobj" and c.lower_ not in _WEAK_OBJECTS and c.pos_ == "NOUN" and c.i > tok.i:
                s, e = _strip_span(doc, c.left_edge.i, c.right_edge.i + 1)
                if e > s:
                    return make(s, e, conf=0.6 if tok.lemma_ in DOBJ_SPEECH else 0.5)
            if c.dep_ == "prep" and c.lower_ in ("about", "of", "at") and c.i == tok.i + 1:
                pobj = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    s, e = _strip_span(doc, c.i + 1, c.right_edge.i + 1)
                    if e > s:
                        cs2, ce2, cue2 = _cue_words(tok, c)
                        return Attribution(where, s, e, "speech", cue2, cs2, ce2, tok.i, src, None, [(s, e)], confidence=0.5)
        for c in tok.children:
            if c.dep_ == "xcomp" and tok.lemma_ in XCOMP_SPEECH and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children):
                s, e = _strip_span(doc, c.left_edge.i, c.right_edge.i + 1)
                if e > s:
                    return make(s, e, conf=0.6)
    return None


def _describe(doc: Doc, tok: Token, subj: Token, where: str, qs: list[QuoteSpan]) -> Attribution | None:
    cs, ce, cue = _cue_words(tok)
    src = _source_span(subj)
    dobj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubj") and c.i > tok.i), None)
    # X called Y “Z”: a quotation right after the object (or inside its phrase)
    if dobj is not None:
        for q in qs:
            if dobj.idx <= q.start <= doc[dobj.right_edge.i].idx + len(doc[dobj.right_edge.i]) + 3 and q.start > tok.idx:
                a = Attribution(where, q.start, q.end, "describe", cue, cs, ce, tok.i, src, pieces=[(q.start, q.end)], confidence=0.85)
                a.type = "partial"
                return a
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            lo = c.i + 1
            hi = tok.right_edge.i + 1
            # stop at a following participle clause / coordination of the cue
            for r in tok.rights:
                if r.i > c.i and r.dep_ in ("advcl", "conj", "cc") and r.pos_ in ("VERB", "CCONJ"):
                    hi = min(hi, r.left_edge.i)
            s, e = _strip_span(doc, lo, hi)
            if e > s:
                return Attribution(where, s, e, "describe", cue, cs, ce, tok.i, src, pieces=[(s, e)], confidence=0.75)
        if c.dep_ in ("oprd", "ccomp", "xcomp") and tok.lemma_ in ("call", "dub", "label", "brand", "term", "deem"):
            s, e = _strip_span(doc, *_subtree_range(c))
            if e > s:
                return Attribution(where, s, e, "describe", cue, cs, ce, tok.i, src, pieces=[(s, e)], confidence=0.7)
    if tok.lemma_ == "call":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "on"):
                s, e = _strip_span(doc, c.i + 1, c.right_edge.i + 1)
                if e > s:
                    cs2, ce2, cue2 = _cue_words(tok, c)
                    return Attribution(where, s, e, "describe", cue2, cs2, ce2, tok.i, src, pieces=[(s, e)], confidence=0.6)
    return None


def _object(doc: Doc, tok: Token, subj: Token, where: str) -> Attribution | None:
    cs, ce, cue = _cue_words(tok)
    kids = [c for c in tok.rights if c.dep_ in ("dobj", "prep", "dative", "ccomp", "xcomp", "advcl") and c.pos_ != "PUNCT"]
    # keep the object and the prepositions attached to it; stop at a participle clause
    keep = []
    for c in kids:
        if c.dep_ == "advcl" and c.pos_ in ("VERB", "AUX") and c.tag_ == "VBG" and keep:
            break
        keep.append(c)
    if not keep or not any(c.dep_ == "dobj" for c in keep):
        return None
    lo = min(c.left_edge.i for c in keep)
    hi = max(c.right_edge.i for c in keep) + 1
    s, e = _strip_span(doc, lo, hi)
    if e <= s:
        return None
    return Attribution(where, s, e, "object", cue, cs, ce, tok.i, _source_span(subj), pieces=[(s, e)], confidence=0.6)


def _voice(doc: Doc, tok: Token, subj: Token, where: str) -> Attribution | None:
    dobj = next((c for c in tok.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if dobj is None:
        return None
    cs, ce, cue = _cue_words(tok, dobj)
    for c in dobj.children:
        if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            s, e = _strip_span(doc, *_subtree_range(c))
            if e > s:
                return Attribution(where, s, e, "voice", cue, cs, ce, tok.i, _source_span(subj), pieces=[(s, e)], confidence=0.6)
    s, e = _strip_span(doc, dobj.left_edge.i, dobj.right_edge.i + 1)
    if e <= s:
        return None
    return Attribution(where, s, e, "voice", cue, cs, ce, tok.i, _source_span(subj), pieces=[(s, e)], confidence=0.5)


def _according(doc: Doc, tok: Token, where: str) -> Attribution | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    src = _source_span(pobj)
    cs, ce = tok.idx, to.idx + len(to)
    cue = _text(doc)[cs:ce]
    sent = _sent(tok)
    plo, phi = tok.i, max(pobj.right_edge.i, to.right_edge.i) + 1
    # the reported content: the rest of the sentence around the PP
    pieces = []
    for a, b in ((sent.start, plo), (phi, sent.end)):
        if b > a:
            s, e = _strip_span(doc, a, b)
            if e > s and _words(doc, s, e) >= 2:
                pieces.append((s, e))
    if not pieces:
        return None
    return Attribution(where, pieces[0][0], pieces[-1][1], "according", cue, cs, ce, tok.i, src, pieces=pieces, confidence=0.8)


_HEADLINE_DASH = re.compile(r"^(?P<content>.{12,}?)\s+[–—-]{1,2}\s+(?P<src>[^–—-]{1,60})$")
_HEADLINE_COLON = re.compile(r"^(?P<src>[A-Z][\w.’' -]{1,40}?):\s+(?P<content>.{12,})$")


_HEADLINE_VERB = re.compile(
    r"^(?P<src>(?:[A-Z][\w.’'-]*\s+){1,5}?)(?P<cue>Says|Said|Tells|Told|Warns|Warned|Claims|Insists|Vows|Urges|Admits|"
    r"Denies|Predicts|Declares|Suggests|Argues|Explains|Stresses|Promises|Pledges|Confirms|Announces|Reveals)"
    r"\s+(?:That\s+)?(?P<content>\S.{8,})$")


def _headline(doc: Doc, existing: list[Attribution]) -> list[Attribution]:
    """'Ukraine could request Western military intervention – MP'; 'Peskov: …';
    title-case 'Clinton Says Russians Hacked DNC' (the parser is lost in title case)."""
    text = _text(doc)
    m = _HEADLINE_VERB.match(text.strip())
    if m:
        off = len(text) - len(text.lstrip())
        s, e = m.start("content") + off, len(text.rstrip())
        while e > s and text[e - 1] in ".!?":
            e -= 1
        src_text = m.group("src").strip()
        ss = m.start("src") + off
        span = doc.char_span(ss, ss + len(src_text), alignment_mode="expand")
        cs, ce = m.start("cue") + off, m.end("cue") + off
        # the dependency reading of a title-case headline is unreliable: this one wins
        existing[:] = [a for a in existing if not (a.start < e and s < a.end or a.cue_start is not None and cs <= a.cue_start < ce)]
        return [Attribution("title", s, e, "headline", text[cs:ce], cs, ce, None, span, src_text,
                            pieces=[(s, e)], confidence=0.7)]
    for rx in (_HEADLINE_DASH, _HEADLINE_COLON):
        m = rx.match(text.strip())
        if not m:
            continue
        src = m.group("src").strip()
        if len(src.split()) > 5:
            continue
        if rx is _HEADLINE_DASH and not (src[:1].isupper() or src.isupper()):
            continue
        off = len(text) - len(text.lstrip())
        s, e = m.start("content") + off, m.end("content") + off
        ss, se = m.start("src") + off, m.start("src") + off + len(src)
        if any(a.start < e and s < a.end for a in existing):
            continue
        span = doc.char_span(ss, se, alignment_mode="expand")
        if rx is _HEADLINE_DASH:
            cue_s = text.rfind(text[m.end("content") + off:ss].strip()[:1], 0, ss)
            cue_e = cue_s + 1
        else:
            cue_s, cue_e = ss + len(src), ss + len(src) + 1
        return [Attribution("title", s, e, "headline", text[cue_s:cue_e], cue_s, cue_e, None, span, src,
                            pieces=[(s, e)], confidence=0.7)]
    return []


def _headline_label(a: Attribution, rec) -> bool:
    """A headline's "Label: …" or "… – Name" is an attribution only when the name resolves to a
    speaker: "BREAKING NEWS: …" and "… - IGN" (the outlet's own name) are not."""
    if a.kind != "headline" or (a.cue or "").strip() not in (":", "-", "–", "—"):
        return False
    name = a.speaker.name if a.speaker is not None else None
    outlet = rec.article.outlet or ""
    return not name or (bool(outlet) and name.casefold() == outlet.casefold())


def _prune(atts: list[Attribution]) -> list[Attribution]:
    """Drop attributions nested in another one's content, and near-duplicates."""
    keep = []
    for a in atts:
        nested = False
        for b in atts:
            if b is a or a.cue_start is None:
                continue
            if b.kind in ("object", "describe", "voice") and a.kind not in ("object", "describe", "voice"):
                continue  # "accused X of blocking a change that he said would …": both stand
            if b.start <= a.cue_start < b.end and not (a.start <= b.cue_start < a.end if b.cue_start is not None else False):
                nested = True
                break
        if not nested:
            keep.append(a)
    keep.sort(key=lambda a: (-a.confidence, a.start))
    out: list[Attribution] = []
    for a in keep:
        dup = False
        for b in out:
            inter = min(a.end, b.end) - max(a.start, b.start)
            if inter > 0.5 * min(a.end - a.start, b.end - b.start):
                dup = True
                break
        if not dup:
            out.append(a)
    return out


# -- quotation marks ------------------------------------------------------------------------
def _apply_marks(text: str, a: Attribution, qs: list[QuoteSpan]) -> None:
    """Extend content to the quotation marks it cuts, then set type and text."""
    if a.type == "partial":
        q = next((q for q in qs if q.start == a.start), None)
        if q is not None:
            a.start, a.end = q.inner_start, q.inner_end
            a.text = text[q.inner_start:q.inner_end]
            a.pieces = [(a.start, a.end)]
            return
    pieces = list(a.pieces) or [(a.start, a.end)]
    new = []
    for s, e in pieces:
        for q in qs:
            if s <= q.start < e < q.end and q.end - e <= 4 and not q.runs_on:
                e = q.end  # content stops before the closing mark
            if q.start < s < q.end <= e and s - q.start <= 2:
                s = q.start
            if q.start <= s and e <= q.end and (e - s) < (q.end - q.start) and not q.runs_on:
                s, e = q.start, q.end  # content inside one quotation: take all of it
        new.append((s, e))
    a.pieces = new
    a.start, a.end = new[0][0], new[-1][1]
    inside = [q for q in qs if q.start < a.end and a.start < q.end]
    if not inside:
        a.type = "indirect"
        a.text = " ".join(text[s:e] for s, e in new)
        return
    # words of the content outside any quotation?
    outside = 0
    for s, e in new:
        pos = s
        for q in sorted(inside, key=lambda q: q.start):
            if q.end <= s or q.start >= e:
                continue
            outside += len(re.findall(r"\w+", text[pos:max(pos, q.start)]))
            pos = max(pos, q.end)
        outside += len(re.findall(r"\w+", text[pos:e]))
    if outside == 0:
        a.type = "direct"
        qsorted = sorted(inside, key=lambda q: q.start)
        a.start, a.end = qsorted[0].inner_start, qsorted[-1].inner_end
        a.text = " ".join(text[q.inner_start:q.inner_end].strip() for q in qsorted)
        a.pieces = [(q.inner_start, q.inner_end) for q in qsorted]
        a.quote_ids = [qs.index(q) for q in qsorted]
    else:
        a.type = "mixed"
        a.text = " ".join(text[s:e] for s, e in new)
        a.quote_ids = [qs.index(q) for q in inside]


def _continue_quotes(text: str, atts: list[Attribution], qs: list[QuoteSpan], paras: list[tuple[int, int]]) -> None:
    """“A,” he said. “B.” — the quotation after the cue sentence continues the same speaker."""
    used = {i for a in atts for i in a.quote_ids}
    for a in atts:
        if a.type not in ("direct", "mixed") or a.cue_end is None:
            continue
        ps, pe = paras[a.para] if a.para < len(paras) else (0, len(text))
        pos = max(a.end, a.cue_end)
        for i, q in enumerate(qs):
            if i in used or q.start < pos or q.start >= pe:
                continue
            gap = text[pos:q.start]
            if len(gap) > 160 or re.search(r"[“”\"«»]", gap) or "\n" in gap:
                break
            if any(b is not a and b.cue_start is not None and pos <= b.cue_start < q.start for b in atts):
                break
            if pos > a.end and not re.search(r"[.!?,:;]\s*$", gap):
                break
            a.pieces.append((q.inner_start, q.inner_end))
            a.quote_ids.append(i)
            used.add(i)
            a.end = q.inner_end
            a.text = a.text + " " + text[q.inner_start:q.inner_end].strip()
            pos = q.end


def _sentence_bounds(text: str, para: tuple[int, int], pos: int, ends: list[int] | None = None) -> tuple[int, int]:
    """The sentence around ``pos`` in its paragraph; ``ends`` (the paragraph's sentence-end
    matches' ends, from :func:`_sentence_ends`) saves rescanning the paragraph for each call."""
    ps, pe = para
    if ends is None:
        ends = _sentence_ends(text, para)
    k = bisect.bisect_right(ends, pos)
    s = ends[k - 1] if k else ps
    m = _SENT_END.search(text, pos, pe)
    return s, (m.start() + 1 if m else pe)


def _sentence_ends(text: str, para: tuple[int, int]) -> list[int]:
    return [m.end() for m in _SENT_END.finditer(text, para[0], para[1])]


_DESCRIBE_RX = re.compile(r"\b(describ\w*|call(?:s|ed|ing)?|dubb\w*|label\w*|brand\w*|term\w*)\b", re.I)


def _unattributed_quotes(doc: Doc, where: str, atts: list[Attribution], qs: list[QuoteSpan],
                         paras: list[tuple[int, int]], resolver: SpeakerResolver) -> list[Attribution]:
    text = _text(doc)
    used = set()
    for a in atts:
        used.update(a.quote_ids)
        # the spans overlapping the attribution (spans are in order and never overlap)
        lo = bisect.bisect_right(qs.ends, a.start) if isinstance(qs, _SpanIndex) else 0
        hi = bisect.bisect_left(qs.starts, a.end) if isinstance(qs, _SpanIndex) else len(qs)
        for i in range(lo, hi):
            q = qs[i]
            if q.start < a.end and a.start < q.end:
                used.add(i)
    out: list[Attribution] = []
    # multi-paragraph quotes: a quote paragraph that runs on takes the speaker of the
    # paragraph that closes it, when that one is attributed
    by_start = {q.start: i for i, q in enumerate(qs)}
    para_words: dict[int, int] = {}
    para_sentence_ends: dict[int, list[int]] = {}
    for i, q in enumerate(qs):
        if i in used:
            continue
        para_i = _para_index(paras, q.start)
        ps, pe = paras[para_i]
        words_q = len(re.findall(r"\w+", text[q.inner_start:q.inner_end]))
        if para_i not in para_words:
            para_words[para_i] = len(re.findall(r"\w+", text[ps:pe]))
        words_p = para_words[para_i]
        cue_in_para = any(ps <= (a.cue_start or a.start) < pe for a in atts + out)
        # dash- or colon-attributed: "“…” – Dmitry Peskov", "Peskov: “…”"
        tagged = _tagged_quote(doc, where, q, ps, pe, resolver)
        if tagged is not None and not cue_in_para:
            tagged.para, tagged.quote_ids = para_i, [i]
            out.append(tagged)
            continue
        if words_p and words_q >= 0.7 * words_p and not cue_in_para and words_q >= 4:
            # a quote that runs on into the next paragraph belongs to whoever closes it
            prev = _speaker_after(atts, qs, i) if q.runs_on else None
            if prev is None:
                prev = _speaker_before(atts + out, para_i, q.start)
            if prev is None:
                prev = _speaker_next_paragraph(atts, qs, paras, para_i)
            if prev is not None:
                a = Attribution(where, q.inner_start, q.inner_end, "floating", None, None, None, None, None,
                                prev.mention, pieces=[(q.inner_start, q.inner_end)], confidence=0.55)
                a.type, a.text, a.speaker, a.para = "direct", text[q.inner_start:q.inner_end], prev.speaker, para_i
                a.speaker_conf = prev.speaker_conf * 0.9
                a.quote_ids = [i]
                a.continues = prev.continues or prev
                out.append(a)
            continue
        # partial: a short fragment after a describing cue, in the sentence of an attribution
        if words_q > 12:
            continue
        if para_i not in para_sentence_ends:
            para_sentence_ends[para_i] = _sentence_ends(text, (ps, pe))
        ss, se = _sentence_bounds(text, (ps, pe), q.start, para_sentence_ends[para_i])
        before = text[ss:q.start]
        m = None
        for m in _DESCRIBE_RX.finditer(before):
            pass
        if m is None:
            continue
        owner = None
        for a in atts:
            if a.cue_start is not None and ps <= a.cue_start < pe and not _SENT_END.search(text[min(a.cue_start, q.end):max(a.cue_start, q.start)]):
                if a.kind in ("speech", "describe", "voice", "object") and (owner is None or abs(a.cue_start - q.start) < abs(owner.cue_start - q.start)):
                    owner = a
        if owner is None:
            continue
        cs = ss + m.start()
        a = Attribution(where, q.inner_start, q.inner_end, "partial", m.group(0), cs, cs + len(m.group(0)), None,
                        owner.source, owner.mention, pieces=[(q.inner_start, q.inner_end)], confidence=0.7)
        a.type, a.text, a.speaker, a.para = "partial", text[q.inner_start:q.inner_end], owner.speaker, para_i
        a.speaker_conf = owner.speaker_conf
        a.quote_ids = [i]
        out.append(a)
    return out


_DASH_TAG = re.compile(r"\s*,?\s*[–—-]{1,2}\s*(?P<src>[A-Z][^\n.!?“”\"]{1,60}?)\s*\.?\s*$")
_COLON_TAG = re.compile(r"^(?P<src>[A-Z][\w.’' -]{1,40}?)\s*:\s*$")


def _tagged_quote(doc: Doc, where: str, q: QuoteSpan, ps: int, pe: int, resolver: SpeakerResolver) -> Attribution | None:
    text = _text(doc)
    m = _DASH_TAG.match(text[q.end:pe])
    if m and text[ps:q.start].strip() == "":
        ss, se = q.end + m.start("src"), q.end + m.end("src")
        cs = text.find(m.group(0).strip()[0], q.end)
        cue = (cs, cs + 1)
    else:
        m = _COLON_TAG.match(text[ps:q.start])
        if not m or text[q.end:pe].strip(" .") != "":
            return None
        ss, se = ps + m.start("src"), ps + m.end("src")
        cs = text.rfind(":", ps, q.start)
        cue = (cs, cs + 1)
    span = doc.char_span(ss, se, alignment_mode="expand")
    if span is None or len(span.text.split()) > 6:
        return None
    if not any(t.pos_ == "PROPN" for t in span) and not any(t.lower_ in ("he", "she") for t in span):
        return None
    a = Attribution(where, q.inner_start, q.inner_end, "tagged", text[cue[0]:cue[1]], cue[0], cue[1], None, span,
                    span.text, pieces=[(q.inner_start, q.inner_end)], confidence=0.7)
    a.type, a.text = "direct", text[q.inner_start:q.inner_end]
    a.speaker, a.speaker_conf = resolver.resolve(where, span, span.text, cue[0])
    return a


def _speaker_before(atts: list[Attribution], para_i: int, pos: int) -> Attribution | None:
    best = None
    for a in atts:
        if a.start < pos and para_i - 2 <= a.para <= para_i and (a.speaker.name or a.speaker.mention):
            if best is None or a.start > best.start:
                best = a
    if best is not None and best.para < para_i - 1:
        # only when the paragraph between is itself a floating quote of that speaker
        if not any(b.kind == "floating" and b.para == para_i - 1 for b in atts):
            return None
    return best


def _speaker_next_paragraph(atts: list[Attribution], qs: list[QuoteSpan], paras: list[tuple[int, int]],
                            para_i: int) -> Attribution | None:
    """A closed quote paragraph followed by a paragraph that opens with a quotation and
    attributes it after the quote ("“…,” Viguerie notes."): the same speaker."""
    if para_i + 1 >= len(paras):
        return None
    nps = paras[para_i + 1][0]
    for a in atts:
        if a.para == para_i + 1 and a.type == "direct" and a.quote_ids and qs[a.quote_ids[0]].start == nps \
                and a.cue_start is not None and a.cue_start >= qs[a.quote_ids[0]].end and a.speaker.name:
            return a
    return None


def _speaker_after(atts: list[Attribution], qs: list[QuoteSpan], i: int) -> Attribution | None:
    j = i + 1
    while j < len(qs) and qs[j].continued:
        for a in atts:
            if j in a.quote_ids and a.speaker.name:
                return a
        if not qs[j].runs_on:
            break
        j += 1
    return None


# -- confidence ------------------------------------------------------------------------------
MODEL_FILE = "confidence.json"


def features(a: Attribution, doc: Doc) -> dict[str, float]:
    """Features of one attribution for the confidence model (all cheap, from the parse)."""
    f: dict[str, float] = {"bias": 1.0, f"kind={a.kind}": 1.0, f"type={a.type}": 1.0, f"where={a.where}": 1.0,
                           "rule_conf": float(a.confidence)}
    if a.cue_tok is not None and a.cue_tok < len(doc):
        t = doc[a.cue_tok]
        f[f"lemma={t.lemma_.lower()}"] = 1.0
        f[f"dep={t.dep_}"] = 1.0
        f[f"tag={t.tag_}"] = 1.0
    src = a.source
    if src is None or not len(src):
        f["src=none"] = 1.0
    else:
        root = src.root
        low = src.text.lower()
        if low in ("he", "she", "they", "i", "we", "it", "you"):
            f[f"src=pron:{low}"] = 1.0
        else:
            f[f"src={root.pos_}"] = 1.0
        if any(t.ent_type_ == "PERSON" for t in src):  # (Span.ents walks the whole doc)
            f["src_person"] = 1.0
        if any(t.ent_type_ == "ORG" for t in src):
            f["src_org"] = 1.0
    n = len(re.findall(r"\w+", a.text))
    f[f"len={min(n.bit_length(), 7)}"] = 1.0
    if len(a.pieces) > 1:
        f["pieces>1"] = 1.0
    if a.speaker.name:
        f["speaker_named"] = 1.0
    if a.cue_start is not None:
        f["cue_first" if a.cue_start < a.start else "cue_after"] = 1.0
    return f


@dataclass
class ConfidenceModel:
    weights: dict[str, float]
    bias: float = 0.0

    def predict(self, feats: dict[str, float]) -> float:
        import math

        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_MODEL: list = []


def confidence_model() -> ConfidenceModel | None:
    """The logistic confidence model trained on PolNeAR train
    (``src/quotewire/nlp/training/quote_confidence.py``), or None when it is not shipped."""
    if not _MODEL:
        import json
        from importlib import resources

        try:
            raw = json.loads(resources.files("quotewire.data.quotes").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
            _MODEL.append(ConfidenceModel(raw["weights"], raw.get("bias", 0.0)))
        except (FileNotFoundError, KeyError, ValueError):
            _MODEL.append(None)
    return _MODEL[0]


# -- pipeline component ----------------------------------------------------------------------
PARAGRAPH_COMPONENT = "quotewire_paragraph_breaks"


def _register_component() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_breaks(doc: Doc) -> Doc:
        """A token after a blank line starts a sentence (the parser keeps preset starts), so
        no clause runs across paragraphs: “…,” said X.\\n\\nThe next paragraph …"""
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if not tok.is_space and (prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_):
                tok.is_sent_start = True
        return doc


def add_paragraph_breaks(nlp) -> None:
    """Add :data:`PARAGRAPH_COMPONENT` before the parser (idempotent)."""
    _register_component()
    if PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser" if "parser" in nlp.pipe_names else None)
