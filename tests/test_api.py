"""The REST API and web UI on a real SQLite store holding the seed page's record."""
import copy
import csv
import io

import pytest
from fastapi.testclient import TestClient

from quotewire.api import create_app
from quotewire.pipeline import run

HOSTILE = '<script>document.body.dataset.pwned = "1"</script><img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def seed_record(seed_text_path):
    (rec,) = list(run([seed_text_path]))
    return rec


def hostile_copy(rec):
    """The seed record as a malicious page might make it: markup in every text field."""
    bad = copy.deepcopy(rec)
    bad.source.sha256 = "b" * 64
    bad.article.title = HOSTILE
    bad.article.outlet = "=HYPERLINK(\"http://x\")"
    bad.article.url = "javascript:alert(1)"
    bad.quotes[0].text = HOSTILE
    bad.quotes[0].speaker.name = HOSTILE
    return bad


@pytest.fixture
def client(tmp_path, seed_record):
    app = create_app(f"sqlite:///{tmp_path / 'api.db'}")
    app.state.store.put(seed_record)
    app.state.store.put(hostile_copy(seed_record))
    return TestClient(app)


def test_health_counts_what_is_stored(client, seed_record):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["articles"] == 2
    assert body["quotes"] == 2 * len(seed_record.quotes)


def test_article_record_round_trips(client, seed_record):
    (row,) = client.get("/api/articles", params={"q": "Kyiv", "outlet": "RT"}).json()
    rec = client.get(f"/api/articles/{row['id']}").json()
    assert rec["article"]["title"] == seed_record.article.title
    assert len(rec["quotes"]) == len(seed_record.quotes)
    assert client.get("/api/articles/99999").status_code == 404


def test_quotes_and_entities(client):
    hits = client.get("/api/quotes", params={"speaker": "Honcharenko", "outlet": "RT"}).json()
    assert hits and {h["speaker_canonical"] for h in hits} == {"Oleksii Honcharenko"}
    ents = client.get("/api/entities", params={"name": "Kiev"}).json()
    assert ents and ents[0]["canonical"] == "Kyiv"
    person = client.get("/api/entities", params={"name": "Goncharenko"}).json()[0]
    detail = client.get(f"/api/entities/{person['id']}").json()
    assert detail["timeline"] and detail["outlets"][0]["quotes"] >= 1
    assert client.get("/api/quotes", params={"type": "bogus"}).status_code == 422


def test_csv_export_neutralises_formulas(client):
    res = client.get("/api/export/quotes.csv")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert rows and all(not (r["outlet"] or "").startswith("=") for r in rows)
    assert any(r["outlet"].startswith("'=HYPERLINK") for r in rows)
    jsonl = client.get("/api/export/quotes.jsonl").text.splitlines()
    assert len(jsonl) == len(rows)


def test_pages_escape_untrusted_text(client):
    for path in ["/", "/?q=troops", "/articles/2", "/articles/1"]:
        html = client.get(path).text
        assert "<script>document" not in html and "<img src=x" not in html, path
    page = client.get("/articles/2").text
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_upload_is_analysed_and_stored(client, seed_text_path):
    with open(seed_text_path, "rb") as f:
        res = client.post("/api/analyze", files={"file": ("../../etc/seed.txt", f, "text/plain")},
                          data={"store_it": "true"})
    assert res.status_code == 200
    body = res.json()
    (rec,) = body["records"]
    assert rec["source"]["path"] == "seed.txt"  # no path from the client is trusted
    assert rec["article"]["outlet"] == "RT" and rec["quotes"]
    assert body["stored"]


def test_bad_dates_are_refused_not_crashed_on(client):
    assert client.get("/api/quotes", params={"until": "next tuesday"}).status_code == 422
    page = client.get("/", params={"since": "<b>soon</b>", "q": "NATO"})
    assert page.status_code == 200
    assert "is not a date" in page.text and "<b>soon</b>" not in page.text
    day = client.get("/api/quotes", params={"since": "2024-05-05", "until": "2024-05-05"}).json()
    assert day and all(q["published"].startswith("2024-05-05") for q in day)
