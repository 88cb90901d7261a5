"""Speaker resolution: names, pronouns, descriptions before and after the name, floating
quotes, institutions and the unresolvable — on the seed page's sentences."""
from __future__ import annotations

import pytest

from quotewire.nlp import quotes
from quotewire.nlp.speakers import concepts, institution_name, nationalities, role_match
from quotewire.record import Record, Source

SEED_BODY = [
    "Kiev could request that Western troops be deployed on its soil if it deems the situation on the battlefield to have "
    "become bad enough, a senior Ukrainian lawmaker has said.\nIn an interview with French broadcaster LCI on Saturday, "
    "Aleksey Goncharenko, who represents Odessa in the Ukrainian parliament, thanked French President Emmanuel Macron for "
    "not ruling out sending Western military to his country.",
    "The French leader earlier suggested that this issue could be put up for consideration on two conditions, first, "
    "“if the Russians were to break through the front lines [and, second,] if there were a Ukrainian request.”",
    "Describing Macron’s remarks as a “very good signal” to Russia, Goncharenko noted that foreign troops in Ukraine could "
    "be tasked with training Kiev’s military and performing other missions without engaging Moscow’s forces head-on.\nWhen "
    "asked whether Ukraine would ask the West for direct assistance if Russian troops were to approach Kharkov or Kiev, the "
    "MP said he did not rule out any scenarios. “Yes, I think it is possible… If the frontline situation shows us that "
    "Ukraine cannot stop [Russian President Vladimir] Putin alone without European military support and troops, this is "
    "absolutely possible,” he said, voicing the hope that such a drastic measure wouldn’t be necessary.",
    "He also stressed that it would be in the EU’s interest to heed the appeal for assistance that he described, as it "
    "would be easier to stop Moscow with Ukraine than without it.",
]


@pytest.fixture(scope="module")
def seed_rec(nlp):
    from quotewire.nlp.pipeline import annotate

    quotes.add_paragraph_breaks(nlp)
    rec = Record(source=Source(path="seed-excerpt", format="body"))
    rec.article.set_paragraphs(SEED_BODY)
    rec.article.language = "en"
    return next(annotate([rec], nlp))


def by_cue(rec, cue, occurrence=0):
    hits = [q for q in rec.quotes if q.cue == cue]
    assert len(hits) > occurrence, [(q.cue, q.text[:40]) for q in rec.quotes]
    return hits[occurrence]


def test_description_resolved_to_a_name_given_later(seed_rec):
    q = by_cue(seed_rec, "has said")
    assert q.speaker.mention == "a senior Ukrainian lawmaker"
    assert q.speaker.name == "Aleksey Goncharenko"
    assert q.speaker.role and "parliament" in q.speaker.role


def test_description_resolved_to_a_name_given_earlier(seed_rec):
    q = by_cue(seed_rec, "suggested")
    assert q.speaker.mention == "The French leader" and q.speaker.name == "Emmanuel Macron"
    assert q.type == "mixed"


def test_surname_and_the_mp(seed_rec):
    assert by_cue(seed_rec, "noted").speaker.name == "Aleksey Goncharenko"
    q = by_cue(seed_rec, "said", 0)
    assert q.speaker.mention == "the MP" and q.speaker.name == "Aleksey Goncharenko"
    assert q.text == "he did not rule out any scenarios"


def test_pronouns_follow_the_last_speaker(seed_rec):
    direct = [q for q in seed_rec.quotes if q.type == "direct"][0]
    assert direct.speaker.mention == "he" and direct.speaker.name == "Aleksey Goncharenko"
    stressed = by_cue(seed_rec, "stressed")
    assert stressed.speaker.mention == "He" and stressed.speaker.name == "Aleksey Goncharenko"


def test_speaker_carries_entity_id_and_canonical(seed_rec):
    q = by_cue(seed_rec, "noted")
    ent = seed_rec.entity(q.speaker.entity) if q.speaker.entity else None
    if seed_rec.entities:  # the entity stage is there: the speaker points at its entity
        assert ent is not None and ent.name == q.speaker.name
        assert q.speaker.canonical == ent.canonical


def test_unresolvable_keeps_mention(nlp):
    from quotewire.nlp.pipeline import annotate

    rec = Record(source=Source(path="t", format="body"))
    rec.article.set_paragraphs(["A source close to the talks said the deal was off."])
    rec.article.language = "en"
    rec = next(annotate([rec], nlp))
    assert len(rec.quotes) == 1
    sp = rec.quotes[0].speaker
    assert sp.name is None and sp.mention == "A source close to the talks"


def test_institution_speaker(nlp):
    from quotewire.nlp.pipeline import annotate

    rec = Record(source=Source(path="t", format="body"))
    rec.article.set_paragraphs(["In recent weeks, the Russian military has reported a steady advance, capturing numerous "
                                "settlements in Donbass."])
    rec.article.language = "en"
    rec = next(annotate([rec], nlp))
    assert [q.speaker.name for q in rec.quotes] == ["Russian military"]


def test_floating_quote_continues_speaker(nlp):
    from quotewire.nlp.pipeline import annotate

    quotes.add_paragraph_breaks(nlp)
    rec = Record(source=Source(path="t", format="body"))
    rec.article.set_paragraphs([
        "“We will win,” Kremlin spokesman Dmitry Peskov said on Monday.",
        "“It is a disgrace. Nothing less. The West knows it.”",
    ])
    rec.article.language = "en"
    rec = next(annotate([rec], nlp))
    floating = [q for q in rec.quotes if q.text.startswith("It is a disgrace")]
    assert len(floating) == 1 and floating[0].speaker.name == "Dmitry Peskov" and floating[0].cue is None


@pytest.mark.parametrize("description, role", [
    ("the French leader", "French President"),
    ("the French president", "French President"),
    ("a senior Ukrainian lawmaker", "represents Odessa in the Ukrainian parliament"),
    ("the MP", "represents Odessa in the Ukrainian parliament"),
    ("MP", "member of the Ukrainian parliament"),
    ("the Kremlin spokesman", "Kremlin spokesman"),
    ("the British foreign secretary", "UK Foreign Secretary"),
])
def test_role_match(description, role):
    assert role_match(description, role) >= 0.6


@pytest.mark.parametrize("description, role", [
    ("the French leader", "UK Foreign Secretary"),
    ("a senior Ukrainian lawmaker", "French President"),
    ("the Russian president", "French President"),
])
def test_role_mismatch(description, role):
    assert role_match(description, role) == 0.0


def test_lexicon_helpers():
    assert {"legislator", "politician"} <= concepts("represents Odessa in the Ukrainian parliament")
    assert "president" in concepts("French President") and "leader" in concepts("French President")
    assert nationalities("Slovakia’s Prime Minister") == {"slovakia"}
    assert institution_name("the Russian military") == "Russian military"
    assert institution_name("a senior Ukrainian lawmaker") is None


def test_pronoun_gender_from_honorific(nlp):
    from quotewire.nlp.pipeline import annotate

    quotes.add_paragraph_breaks(nlp)
    rec = Record(source=Source(path="t", format="body"))
    rec.article.set_paragraphs([
        # PolNeAR train (breitbart), shortened
        "“Look, how about an honest woman? But I’m never going to ask for people’s support because I’m a woman,” "
        "Mrs. Fiorina said on Monday.",
        "Viguerie says the party must unite behind Cruz.",
        "“I’m going to ask for their support because I’m the most qualified candidate,” she said.",
    ])
    rec.article.language = "en"
    rec = next(annotate([rec], nlp))
    she = [q for q in rec.quotes if q.speaker.mention == "she"]
    assert len(she) == 1 and she[0].speaker.name and she[0].speaker.name.endswith("Fiorina")


@pytest.mark.parametrize("paragraph, speaker", [
    # PolNeAR train: a wire dateline opens the sentence and the parser makes it the subject
    ("WASHINGTON — Hillary Clinton argued during Saturday’s Democratic presidential debate that she could take a "
     "hard line on Wall Street excesses while accepting millions from the industry in campaign contributions.",
     "Hillary Clinton"),
    ("WASHINGTON -- President Obama, dedicating the new museum on Saturday, said it would tell an American story.",
     "Obama"),
])
def test_a_dateline_is_never_the_speaker(nlp, paragraph, speaker):
    from quotewire.nlp.pipeline import annotate

    rec = Record(source=Source(path="t", format="body"))
    rec.article.set_paragraphs([paragraph])
    rec.article.language = "en"
    rec = next(annotate([rec], nlp))
    assert rec.quotes and rec.quotes[0].speaker.name == speaker
