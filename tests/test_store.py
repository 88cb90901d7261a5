"""The store on a real SQLite file and a real PostgreSQL server, with records from the seed page."""
import copy
import os

import pytest
from sqlalchemy.exc import IntegrityError

from quotewire.pipeline import run
from quotewire.store import Store
from quotewire.store.schema import metadata

PG_URL = os.environ.get("QUOTEWIRE_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        db = Store(f"sqlite:///{tmp_path / 'quotewire.db'}")
    else:
        if not PG_URL:
            if os.environ.get("CI"):
                pytest.fail("CI must start PostgreSQL and set QUOTEWIRE_TEST_PG")
            pytest.skip("set QUOTEWIRE_TEST_PG to a PostgreSQL URL to test the PostgreSQL store")
        from sqlalchemy import create_engine

        engine = create_engine(PG_URL)
        metadata.drop_all(engine)
        engine.dispose()
        db = Store(PG_URL)
    yield db
    db.close()


@pytest.fixture(scope="module")
def seed_record(seed_text_path):
    (rec,) = list(run([seed_text_path]))
    assert rec.ok and rec.quotes
    return rec


def as_other_outlet(rec, outlet, sha):
    other = copy.deepcopy(rec)
    other.article.outlet = outlet
    other.source.sha256 = sha
    return other


def test_store_is_idempotent_and_returns_the_record(store, seed_record):
    first = store.put(seed_record)
    counts = store.count()
    assert counts["articles"] == 1 and counts["quotes"] == len(seed_record.quotes)
    again = store.put_many([seed_record])
    assert again["replaced"] == 1 and again["stored"] == 0
    assert store.count() == counts
    (found,) = store.search_articles()
    back = store.get(found["id"])
    assert back.article == seed_record.article and back.quotes == seed_record.quotes
    assert first >= 1


def test_search_finds_any_spelling_and_phrases(store, seed_record):
    store.put(seed_record)
    assert store.search_articles("Kyiv"), "the canonical name of Kiev must find the article"
    hits = store.search_quotes('"dangerous escalation"')
    assert hits and any("Cameron" in (h["speaker_canonical"] or "") for h in hits)
    by_speaker = store.search_quotes(speaker="Honcharenko")
    assert by_speaker and all("Honcharenko" in h["speaker_canonical"] for h in by_speaker)
    assert store.search_quotes(speaker="Goncharenko") == by_speaker
    # a spelling no article used still finds him, through the resolver's romanisation key
    assert store.search_quotes(speaker="Oleksiy Honcharenko") == by_speaker
    assert store.search_quotes("NATO", outlet="rt", since="2024-05-01", until="2024-05-05")
    assert store.search_quotes("NATO", since="2024-05-06") == []


@pytest.mark.parametrize("query", ['NEAR("unbalanced', "*", "AND OR NOT", "title:x", "''", "Szijjártó)"])
def test_search_never_fails_on_operator_text(store, seed_record, query):
    store.put(seed_record)
    store.search_quotes(query)
    store.search_articles(query)


def test_one_entity_per_person_across_outlets_and_reopenings(store, seed_record):
    store.put(seed_record)
    store.close()
    reopened = Store(store.url)  # the resolver's registry comes back from the database
    reopened.put(as_other_outlet(seed_record, "Example Wire", "e" * 64))
    people = [e for e in reopened.find_entities("Goncharenko") if e["type"] == "PERSON"]
    assert len(people) == 1 and people[0]["articles"] == 2
    assert reopened.count()["entities"] == len(seed_record.entities)
    reopened.close()


def test_a_failed_write_leaves_the_earlier_copy_whole(store, seed_record):
    store.put(seed_record)
    broken = copy.deepcopy(seed_record)
    broken.quotes[-1].text = None  # violates NOT NULL halfway through the write
    with pytest.raises(IntegrityError):
        store.put(broken)
    assert store.count()["quotes"] == len(seed_record.quotes)
    (row,) = store.search_articles()
    assert store.get(row["id"]).quotes == seed_record.quotes


def test_speaker_timeline_and_outlet_comparison(store, seed_record):
    store.put(seed_record)
    store.put(as_other_outlet(seed_record, "Example Wire", "f" * 64))
    (ent,) = [e for e in store.find_entities("Goncharenko") if e["type"] == "PERSON"]
    assert ent["articles"] == 2
    profile = store.entity_profile(ent["id"])
    assert "Aleksey Goncharenko" in profile["names"]
    assert {a["outlet"] for a in profile["appearances"]} == {"RT", "Example Wire"}
    timeline = store.speaker_timeline(ent["id"])
    per_article = sum(1 for q in seed_record.quotes if q.speaker.name and "Goncharenko" in q.speaker.name)
    assert len(timeline) == 2 * per_article
    outlets = {r["outlet"]: r for r in store.outlet_comparison(ent["id"])}
    assert set(outlets) == {"RT", "Example Wire"}
    assert outlets["RT"]["quotes"] == per_article
