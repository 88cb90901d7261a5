import json

import pytest

from quotewire.record import Article, Entity, FieldProvenance, Mention, Quote, Record, Source, Speaker, read_jsonl


def make_record() -> Record:
    rec = Record(source=Source(path="a.txt", format="text", sha256="00"))
    rec.article.title = "Ukraine could request Western military intervention – MP"
    rec.article.set_paragraphs(["  First paragraph. ", "", "Second “quoted” paragraph."])
    rec.article.provenance["published"] = FieldProvenance("dateline", 0.9)
    rec.entities.append(
        Entity(id="e1", type="PERSON", name="Aleksey Goncharenko", canonical="Oleksii Honcharenko",
               mentions=[Mention("Goncharenko", 0, 11)])
    )
    rec.quotes.append(
        Quote(type="direct", text="quoted", start=27, end=33, cue="said",
              speaker=Speaker(entity="e1", name="Aleksey Goncharenko", mention="he"), confidence=0.9)
    )
    return rec


def test_paragraphs_define_text_and_offsets():
    rec = make_record()
    assert rec.article.paragraphs == ["First paragraph.", "Second “quoted” paragraph."]
    assert rec.article.text == "First paragraph.\n\nSecond “quoted” paragraph."
    for (start, end), para in zip(rec.article.paragraph_spans(), rec.article.paragraphs):
        assert rec.article.text[start:end] == para


def test_json_round_trip_keeps_every_field():
    rec = make_record()
    again = Record.from_json(rec.to_json())
    assert again == rec
    d = json.loads(rec.to_json())
    assert list(d)[0] == "schema_version"
    assert "error" not in d  # only present when the page could not be read
    assert d["quotes"][0]["speaker"]["name"] == "Aleksey Goncharenko"


def test_error_records_keep_their_source():
    rec = Record(source=Source(path="junk.bin")).fail("binary content")
    d = json.loads(rec.to_json())
    assert d["error"] == "binary content" and d["source"]["path"] == "junk.bin"
    assert not rec.ok


def test_newer_schema_is_refused_and_unknown_fields_ignored():
    d = make_record().to_dict()
    d["article"]["future_field"] = 1
    assert Record.from_dict(d).article.title.startswith("Ukraine")
    d["schema_version"] = 2
    with pytest.raises(ValueError):
        Record.from_dict(d)


def test_read_jsonl_skips_blank_lines():
    rec = make_record()
    lines = [rec.to_json(), "", rec.to_json()]
    assert len(list(read_jsonl(lines))) == 2
