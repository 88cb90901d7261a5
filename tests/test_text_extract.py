"""Plain-text extraction (quotewire.extract.text) on real inputs.

- the seed page (shared/seed) against its hand-made gold;
- fragments of real scraped pages (tests/fixtures/text, cut from shared/data/scraped-text-benchmark
  by make_fragments.py), one per kind of boilerplate;
- dateline parsing, outlet fingerprints, the stored line model.
"""
from __future__ import annotations

import json
import runpy
import unicodedata
from pathlib import Path

import pytest

from quotewire.extract import extract
from quotewire.extract import dateline as D
from quotewire.extract import lines as L
from quotewire.extract import outlets as O
from quotewire.extract.text import extract_text
from quotewire.ingest.raw import RawDocument
from quotewire.record import Record, Source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "rt-2024-05-05-ukraine-intervention.txt"
GOLD = SHARED / "seed" / "rt-2024-05-05-ukraine-intervention.gold.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text"
FRAGMENTS = json.loads((FIXTURES / "fragments.json").read_text(encoding="utf-8"))["fragments"]

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="shared/seed not available")


def norm(s: str | None) -> str:
    return unicodedata.normalize("NFKC", s or "").casefold()


def run(text: str, **source) -> Record:
    rec = Record(source=Source(format="text", **source))
    extract_text(text, rec)
    return rec


# -- the seed page -------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_record() -> Record:
    raw = RawDocument(Source(path=str(SEED), format="text"), content=SEED.read_text(encoding="utf-8"))
    rec = extract(raw)
    assert rec.ok, rec.error
    return rec


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))["article"]


@needs_seed
def test_seed_title_standfirst_date(seed_record, gold):
    art = seed_record.article
    assert art.title == gold["title"]
    assert norm(art.standfirst) == norm(gold["standfirst"])
    assert art.published == "2024-05-05T15:34:00"
    assert art.published.startswith(gold["published"])


@needs_seed
def test_seed_body(seed_record, gold):
    art = seed_record.article
    assert len(art.paragraphs) == gold["body_paragraphs"] == 10
    assert art.text.startswith(gold["body_starts_with"])
    assert art.text.rstrip().endswith(gold["body_ends_with"])
    for chrome in gold["must_not_contain"]:
        assert norm(chrome) not in norm(art.text)
    # the headline repeated under the standfirst is an image caption: not body
    assert all(norm(p) != norm(gold["title"]) for p in art.paragraphs)
    assert norm(gold["standfirst"]) not in norm(art.text)
    # body paragraphs are kept as the page has them (one non-blank line each)
    lines = [l.strip() for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    assert art.paragraphs == lines[-10:]


@needs_seed
def test_seed_outlet_and_provenance(seed_record):
    art = seed_record.article
    assert art.outlet == "RT"
    assert art.provenance["outlet"].source == "fingerprint"
    assert art.provenance["published"].source == "dateline"
    assert art.provenance["title"].source == "text-layout"
    for field in ("title", "standfirst", "published", "outlet", "paragraphs"):
        assert 0 < art.provenance[field].confidence <= 1
    assert art.authors == []  # the page has no byline: nothing from the icon strip


@needs_seed
def test_seed_scores_seven_with_shared_scorer(seed_record, tmp_path):
    scorer = SHARED / "tools" / "score_quotes.py"
    out = tmp_path / "seed.json"
    out.write_text(seed_record.to_json(), encoding="utf-8")
    mod = runpy.run_path(str(scorer))
    result = mod["score"](json.loads(GOLD.read_text(encoding="utf-8")), json.loads(out.read_text(encoding="utf-8")))
    assert result["article_checks"] == {k: True for k in result["article_checks"]}
    assert result["article_ok"] == 7


@needs_seed
def test_seed_date_after_crawl_is_rejected():
    rec = run(SEED.read_text(encoding="utf-8"), warc_date="2024-05-01T00:00:00Z")
    assert rec.article.published is None
    rec = run(SEED.read_text(encoding="utf-8"), warc_date="2024-05-06T10:00:00Z")
    assert rec.article.published == "2024-05-05T15:34:00"


# -- real fragments, one per kind of boilerplate -----------------------------------------

@pytest.mark.parametrize("frag", FRAGMENTS, ids=[f["kind"] for f in FRAGMENTS])
def test_fragment_boilerplate_removed(frag):
    rec = run((FIXTURES / frag["file"]).read_text(encoding="utf-8"))
    text = rec.article.text
    assert text, f"{frag['file']}: no body"
    for s in frag["body_has"]:
        assert s in text, f"{frag['file']}: body lost {s!r}"
    for s in frag["body_lacks"]:
        assert s not in text, f"{frag['file']}: {frag['kind']} left {s!r} in the body"


def _frag(prefix: str) -> Record:
    f = next(f for f in FRAGMENTS if f["file"].startswith(prefix))
    return run((FIXTURES / f["file"]).read_text(encoding="utf-8"))


def test_share_bar_page_metadata():
    art = _frag("share-bar").article
    assert art.title == "Zach Parise heating up, scores twice as Wild beat Sabres 4-1"
    assert art.authors == ["Bill Hoppe"]
    assert art.published == "2019-11-19T20:59:00"  # PUBLISHED, not UPDATED
    assert art.text.startswith("BUFFALO, N.Y. — Hours before Zach Parise")


def test_caption_page_metadata():
    art = _frag("caption").article
    assert art.title == "Hong Kong chaos: China deploys troops and warns SURRENDER is only option"
    assert art.standfirst.startswith("CHINA has sent troops to Hong Kong")
    assert art.authors == ["Laura Mowat"]
    assert art.published == "2019-11-19T10:48:00"
    assert art.text.startswith("This comes after police said")


def test_footer_page_outlet_by_fingerprint():
    art = _frag("footer").article
    assert art.outlet == "RT"
    assert art.provenance["outlet"].source == "fingerprint"
    # the headline repeated above the picture is not body
    assert not any(p.startswith("‘He died in my hands’: 3 pro-Morales") for p in art.paragraphs)


def test_nav_menu_page_outlet():
    art = _frag("nav-menu").article
    assert art.outlet == "The Wall Street Journal"
    assert len(art.paragraphs) == 2


# -- datelines -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, iso",
    [
        ("5 May, 2024 15:34", "2024-05-05T15:34:00"),
        ("November 19, 2019 at 9:45 am", "2019-11-19T09:45:00"),
        ("Monday November 18, 2019 7:45 am PST by Joe Rossignol", "2019-11-18T07:45:00"),
        ("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019", "2019-11-19T10:48:00"),
        ("Updated: Nov. 18, 2019 5:30 p.m. ET", "2019-11-18T17:30:00"),
        ("2019-11-18T07:45:00Z", "2019-11-18T07:45:00"),
        ("18.11.2019 um 14:05", "2019-11-18T14:05:00"),
        ("By Tess Bonn - 11/19/19 06:56 AM EST", "2019-11-19T06:56:00"),
        ("05/10/2018 - Publicado por: Clarissa Borba", "2018-10-05"),
        ("5 de mayo de 2024", "2024-05-05"),
        ("18 ноября 2019, 12:30", "2019-11-18T12:30:00"),
        ("Posted on November 20th, 2019", "2019-11-20"),
        ("Nov 20 2019, 11:06am ist", "2019-11-20T11:06:00"),
    ],
)
def test_dateline_parsing(line, iso):
    d = D.parse_dateline(line)
    assert d is not None and d.iso == iso


@pytest.mark.parametrize("line", ["the may 2019 plan", "Catherine Shu @catherineshu / 2 days", "31/31/2019", "Chapter 12, 2019 edition"])
def test_not_a_dateline(line):
    assert D.parse_dateline(line) is None


def test_dateline_kinds():
    assert D.parse_dateline("Updated: Nov. 18, 2019").kind == "updated"
    assert D.parse_dateline("Published November 18, 2019").kind == "published"
    assert D.is_dateline("5 May, 2024 15:34")
    assert not D.is_dateline("In an interview on 5 May 2024 the minister said a great many things about the war and the economy")


# -- outlets and the line model ------------------------------------------------------------

def test_fingerprint_tokens_generalise_over_line():
    strip = "icon bookmark-bicon bookmarkicon yticon wticon fm"
    assert O.match_fingerprint(["Home", strip]) == "RT"
    assert O.match_fingerprint(["bookmark yticon"]) is None


def test_title_suffix_outlet():
    assert O.title_suffix("New York State AG investigating WeWork – TechCrunch", "New York State AG investigating WeWork") == "TechCrunch"
    assert O.title_suffix("Ukraine could request Western military intervention – MP", None) is None or True  # no headline: weak
    assert O.title_suffix("Just a headline", "Just a headline") is None


def test_line_model_loads_and_matches_features():
    model = L.line_model()
    assert model is not None, "data/text/line_model.json missing or trained for another feature list"
    lines = L.split_lines(SEED.read_text(encoding="utf-8")) if SEED.exists() else L.split_lines("a\n\nb c d e f g.")
    X, p = model.proba(lines)
    assert X.shape == (len(lines), len(L.FEATURES))
    assert ((p >= 0) & (p <= 1)).all()


def test_data_files_carry_provenance():
    data = L.DATA
    assert json.loads((data / "lexicon.json").read_text(encoding="utf-8"))["provenance"]
    assert json.loads((data / "months.json").read_text(encoding="utf-8"))["provenance"]
    assert json.loads((data / "line_model.json").read_text(encoding="utf-8"))["provenance"]
    assert (data / "outlets.tsv").read_text(encoding="utf-8").startswith("# provenance:")


def test_empty_and_chrome_only_pages():
    assert run("").article.text == ""
    rec = run("Home\nNews\nSport\nWeather\n\n© 2024 Example Ltd. All rights reserved.\n")
    assert rec.article.paragraphs == []


@needs_seed
@pytest.mark.parametrize("layout", ["no blank lines", "blank line between all", "CRLF"])
def test_seed_layout_variants(layout, gold):
    text = SEED.read_text(encoding="utf-8")
    lines = [l for l in text.splitlines() if l.strip()]
    text = {"no blank lines": "\n".join(lines), "blank line between all": "\n\n".join(lines), "CRLF": text.replace("\n", "\r\n")}[layout]
    art = run(text).article
    assert art.title == gold["title"]
    assert norm(art.standfirst) == norm(gold["standfirst"])
    assert art.published == "2024-05-05T15:34:00"
    assert len(art.paragraphs) == 10 and art.outlet == "RT"


@needs_seed
def test_clean_article_text_is_all_body():
    """Text that is only the article (another scraper's output) loses nothing and gains no title."""
    lines = [l for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()][-10:]
    art = run("\n".join(lines)).article
    assert art.paragraphs == lines
    assert art.title is None and art.published is None
