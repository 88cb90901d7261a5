"""Bad input through the whole extract pipeline: every input yields a record that says what went wrong,
and a good page after it in the same batch still comes out."""
from __future__ import annotations

import gzip
import io
import json
import os
import uuid
from pathlib import Path

import pytest

from quotewire.ingest.decode import MAX_PAGE_BYTES
from quotewire.pipeline import extract_records

FIX = Path(__file__).parent / "fixtures" / "html"
TRUTH = json.loads((FIX / "ground-truth.json").read_text(encoding="utf-8"))
GOOD = "slashgear-vw"


def page_bytes(name: str) -> bytes:
    return gzip.decompress((FIX / f"{name}.html.gz").read_bytes())


@pytest.fixture
def good(tmp_path) -> Path:
    p = tmp_path / "zz-good.html"
    p.write_bytes(page_bytes(GOOD))
    return p


def batch(*paths) -> list:
    return list(extract_records([str(p) for p in paths]))


def assert_good_last(records, good):
    last = records[-1]
    assert last.source.path == str(good)
    assert last.ok and "VIZZION" in last.article.title and len(last.article.paragraphs) > 5


def test_empty_file(tmp_path, good):
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    recs = batch(bad, good)
    assert len(recs) == 2
    assert "empty file" in recs[0].error and str(bad) in recs[0].error
    assert_good_last(recs, good)


def test_binary_junk(tmp_path, good):
    bad = tmp_path / "junk.html"
    bad.write_bytes(bytes(range(256)) * 40 + b"\x00" * 100)
    recs = batch(bad, good)
    assert len(recs) == 2 and "binary" in recs[0].error
    assert_good_last(recs, good)


def test_undecodable_bytes(tmp_path, good):
    bad = tmp_path / "noise.txt"
    bad.write_bytes(os.urandom(3000).replace(b"\x00", b"\x01"))
    recs = batch(bad, good)
    assert len(recs) == 2 and recs[0].error
    assert_good_last(recs, good)


def test_huge_page_is_cut_with_a_warning(tmp_path, good):
    html = page_bytes(GOOD).decode("utf-8")
    head, tail = html.split("</body>", 1)
    filler = "<div class='comment'><p>" + "spam comment text " * 50 + "</p></div>\n"
    big = head + filler * (20_000_000 // len(filler)) + "</body>" + tail
    bad = tmp_path / "huge.html"
    bad.write_text(big, encoding="utf-8")
    assert bad.stat().st_size > 20_000_000
    recs = batch(bad, good)
    assert len(recs) == 2
    rec = recs[0]
    assert rec.ok, rec.error
    assert any("only the first" in w for w in rec.warnings)
    assert "VIZZION" in rec.article.title  # the article at the top of the page was still read
    assert_good_last(recs, good)
    assert MAX_PAGE_BYTES < 20_000_000


def _warc(path: Path, pages, gz=True, broken_http=None):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        for i, (url, body) in enumerate(pages):
            if broken_http == i:
                # a record whose HTTP header block is garbage, written by hand (warcio's writer would repair it)
                block = b"HTTP/1.1 200 OK\r\nContent-Type text/html\r\n\x00\x01garbage\r\n\r\n" + body
                raw = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
                       f"WARC-Target-URI: {url}\r\nWARC-Date: 2019-11-21T10:00:00Z\r\n"
                       f"Content-Type: application/http; msgtype=response\r\n"
                       f"Content-Length: {len(block)}\r\n\r\n").encode() + block + b"\r\n\r\n"
                f.write(gzip.compress(raw) if gz else raw)
                continue
            h = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=h))


def test_truncated_gzip_warc(tmp_path, good):
    names = ["aljazeera-helicopter", "paradigm-senate", "slashgear-vw"]
    full = tmp_path / "full.warc.gz"
    _warc(full, [(TRUTH[n]["url"], page_bytes(n)) for n in names])
    data = full.read_bytes()
    bad = tmp_path / "cut.warc.gz"
    bad.write_bytes(data[: int(len(data) * 0.8)])  # cut inside the last record
    recs = batch(bad, good)
    ok = [r for r in recs[:-1] if r.ok]
    assert [r.source.url for r in ok] == [TRUTH[n]["url"] for n in names[:2]]
    err = [r for r in recs[:-1] if not r.ok]
    assert len(err) == 1 and "truncated" in err[0].error and str(bad) in err[0].error
    assert_good_last(recs, good)


def test_warc_record_with_broken_http_header(tmp_path, good):
    names = ["aljazeera-helicopter", "paradigm-senate", "ru-skyrim"]
    bad = tmp_path / "mixed.warc"
    _warc(bad, [(TRUTH[n]["url"], page_bytes(n)) for n in names], gz=False, broken_http=1)
    recs = batch(bad, good)
    assert len(recs) == 4
    assert recs[0].ok and recs[2].ok
    assert "broken HTTP header" in recs[1].error and recs[1].source.url == TRUTH["paradigm-senate"]["url"]
    assert_good_last(recs, good)


def test_missing_file_and_directory_errors(tmp_path, good):
    missing = tmp_path / "nope.html"
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.html").write_bytes(page_bytes(GOOD))
    locked.chmod(0)
    try:
        recs = batch(missing, locked, good)
    finally:
        locked.chmod(0o755)
    assert "no such file" in recs[0].error and str(missing) in recs[0].error
    if os.geteuid() != 0:  # root can read a 000 directory
        assert "cannot list" in recs[1].error
    assert_good_last(recs, good)


def test_broken_symlink_in_a_directory(tmp_path, good):
    d = tmp_path / "dir"
    d.mkdir()
    (d / "dangling.html").symlink_to(tmp_path / "gone.html")
    recs = batch(d, good)
    assert len(recs) == 2 and "dangling.html" in recs[0].error
    assert_good_last(recs, good)


def test_xhtml_with_xml_encoding_declaration(tmp_path, good):
    p = tmp_path / "x.xhtml"
    p.write_bytes('<?xml version="1.0" encoding="iso-8859-1"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
                  "<title>Élection à Genève</title></head><body><p>Le président a déclaré que la réunion était "
                  "très importante pour la région.</p></body></html>".encode("latin-1"))
    rec = batch(p, good)[0]
    assert rec.ok and rec.source.encoding == "cp1252"
    assert "président" in rec.article.text or "président" in (rec.article.title or "") + rec.article.text
    assert_good_last(batch(p, good), good)


def test_corrupt_gzip_html(tmp_path, good):
    bad = tmp_path / "page.html.gz"
    data = gzip.compress(page_bytes("aljazeera-helicopter"))
    bad.write_bytes(data[: len(data) // 2])
    recs = batch(bad, good)
    rec = recs[0]
    # what could be decompressed is used, and the record says the file was cut
    assert rec.error or any("truncated" in w for w in rec.warnings)
    assert_good_last(recs, good)


def test_non_english_page_is_kept_with_its_language(tmp_path, good):
    p = tmp_path / "ru.html.gz"
    p.write_bytes((FIX / "ru-skyrim.html.gz").read_bytes())
    recs = batch(p, good)
    assert recs[0].ok and recs[0].article.language == "ru"
    assert "скорость" in recs[0].article.text
    assert_good_last(recs, good)


def test_latin1_page_without_declared_charset(tmp_path, good):
    html = page_bytes("it-remember8090").decode("utf-8")
    # the same Italian page, re-encoded as Latin-1 with every charset declaration removed
    import re

    html = re.sub(r"<meta[^>]*charset[^>]*>", "", html, flags=re.I)
    html = html.encode("latin-1", errors="xmlcharrefreplace")
    assert b"charset" not in html.lower()
    p = tmp_path / "latin1.html"
    p.write_bytes(html)
    recs = batch(p, good)
    rec = recs[0]
    assert rec.ok
    assert rec.source.encoding in ("cp1252", "iso8859-1", "latin-1", "iso8859-15")
    assert "Netflix" in rec.article.title
    truth = TRUTH["it-remember8090"]["articleBody"]
    accented = [w for w in re.findall(r"\w*[àèéìòù]\w*", truth)][:5]
    assert accented and all(w in rec.article.text for w in accented)
    assert_good_last(recs, good)


def test_sitemap_and_link_only_feed_are_explained(tmp_path, good):
    sm = tmp_path / "a-sitemap.xml"
    sm.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                  "<url><loc>https://example.org/a</loc></url></urlset>")
    recs = batch(sm, good)
    assert "sitemap" in recs[0].error
    assert_good_last(recs, good)


def test_every_bad_input_in_one_analyze_batch(tmp_path, good, capsys):
    """The whole bad-input set through `quotewire analyze` (NLP stages included) in one batch:
    one JSON line per input or WARC record, each bad one saying why, the good page analysed."""
    from quotewire.cli import main

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a-empty.html").write_bytes(b"")
    (inputs / "b-junk.bin").write_bytes(os.urandom(4096))
    html = page_bytes(GOOD).decode("utf-8")
    head, tail = html.split("</body>", 1)
    filler = "<div class='comment'><p>" + "spam comment text " * 50 + "</p></div>\n"
    (inputs / "c-huge.html").write_text(head + filler * (20_000_000 // len(filler)) + "</body>" + tail, encoding="utf-8")
    names = ["aljazeera-helicopter", "paradigm-senate", "slashgear-vw"]
    full = tmp_path / "full.warc.gz"
    _warc(full, [(TRUTH[n]["url"], page_bytes(n)) for n in names])
    (inputs / "d-cut.warc.gz").write_bytes(full.read_bytes()[: int(full.stat().st_size * 0.8)])
    _warc(inputs / "e-broken.warc", [(TRUTH[n]["url"], page_bytes(n)) for n in names], gz=False, broken_http=1)
    (inputs / "f-ru.html.gz").write_bytes((FIX / "ru-skyrim.html.gz").read_bytes())
    (inputs / "zz-good.html").write_bytes(good.read_bytes())

    assert main(["analyze", str(inputs), "--quiet"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_file: dict[str, list] = {}
    for r in records:
        by_file.setdefault(Path(r["source"]["path"]).name, []).append(r)
    assert sorted(by_file) == sorted(p.name for p in inputs.iterdir())
    assert by_file["a-empty.html"][0].get("error") or by_file["a-empty.html"][0]["warnings"]
    assert by_file["b-junk.bin"][0].get("error")
    assert any("only the first" in w for w in by_file["c-huge.html"][0]["warnings"])
    assert [("error" in r) for r in by_file["d-cut.warc.gz"]] == [False, False, True]
    assert [("error" in r) for r in by_file["e-broken.warc"]] == [False, True, False]
    (ru,) = by_file["f-ru.html.gz"]
    assert ru["article"]["language"] == "ru" and any("not English" in w for w in ru["warnings"])
    (ok,) = by_file["zz-good.html"]
    assert "error" not in ok and ok["entities"]
