"""Ingest on real inputs: HTML files (plain and gzip'd), a WARC built from benchmark pages, an RSS feed."""
from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

from quotewire.ingest import iter_documents

FIX = Path(__file__).parent / "fixtures" / "html"
TRUTH = json.loads((FIX / "ground-truth.json").read_text(encoding="utf-8"))


def page_bytes(name: str) -> bytes:
    return gzip.decompress((FIX / f"{name}.html.gz").read_bytes())


def write_warc(path: Path, pages: list[tuple[str, bytes]], gzipped: bool = True, extra=None) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": "2019-11-21T10:00:00Z"})
            writer.write_record(rec)
            if extra:
                extra(writer, url)


def test_html_file_plain_and_gzipped(tmp_path):
    raw = page_bytes("slashgear-vw")
    (tmp_path / "a.html").write_bytes(raw)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.htm.gz").write_bytes(gzip.compress(raw))
    docs = list(iter_documents([tmp_path]))
    assert [Path(d.source.path).name for d in docs] == ["a.html", "b.htm.gz"]  # recursive, sorted
    for d in docs:
        assert d.error is None
        assert d.source.format == "html"
        assert d.source.encoding == "utf-8"
        assert d.source.sha256 == hashlib.sha256(raw).hexdigest()
        assert "VIZZION" in d.content


def test_format_from_content_not_name(tmp_path):
    (tmp_path / "page.txt").write_bytes(page_bytes("aljazeera-helicopter"))
    (tmp_path / "notes.html").write_text("Just a line of scraped text.\nAnd another one.\n", encoding="utf-8")
    docs = {Path(d.source.path).name: d for d in iter_documents([tmp_path])}
    assert docs["page.txt"].source.format == "html"
    assert docs["notes.html"].source.format == "text"


def test_text_and_body_formats(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("Headline here\n\nThe minister said on Monday that talks would continue.\n", encoding="utf-8")
    assert next(iter_documents([p])).source.format == "text"
    assert next(iter_documents([p], body=True)).source.format == "body"


def test_warc_with_several_records(tmp_path):
    names = ["aljazeera-helicopter", "slashgear-vw", "paradigm-senate"]
    pages = [(TRUTH[n]["url"], page_bytes(n)) for n in names]

    def add_noise(writer, url):  # a request record and a non-HTML response must not become pages
        from warcio.statusandheaders import StatusAndHeaders

        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url + "/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(100)),
                                                      http_headers=img))

    for gz in (True, False):
        path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
        write_warc(path, pages, gzipped=gz, extra=add_noise)
        docs = list(iter_documents([path]))
        assert len(docs) == 3, [d.error for d in docs]
        for d, (url, body) in zip(docs, pages):
            assert d.error is None
            assert d.source.format == "html"
            assert d.source.url == url
            assert d.source.path == str(path)
            assert d.source.warc_date == "2019-11-21T10:00:00Z"
            assert d.source.warc_record_id.startswith("<urn:uuid:")
            assert d.source.sha256 == hashlib.sha256(body).hexdigest()
            assert d.content == body.decode("utf-8")


def test_warc_pages_extract_with_crawl_date_bound(tmp_path):
    from quotewire.pipeline import extract_records

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [(TRUTH["aljazeera-helicopter"]["url"], page_bytes("aljazeera-helicopter"))])
    rec = next(extract_records([path]))
    assert rec.ok
    assert rec.article.url == TRUTH["aljazeera-helicopter"]["url"]
    assert rec.article.published.startswith("2019-11-20")
    assert rec.article.published <= rec.source.warc_date


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Al Jazeera English</title>
  <link>https://www.aljazeera.com</link>
  <item>
    <title>US service members killed in Afghanistan helicopter crash</title>
    <link>https://www.aljazeera.com/news/2019/11/service-members-killed-afghanistan-helicopter-crash-191120070028895.html</link>
    <pubDate>Wed, 20 Nov 2019 08:02:00 GMT</pubDate>
    <dc:creator>Jane Doe</dc:creator>
    <content:encoded><![CDATA[{body}]]></content:encoded>
  </item>
  <item>
    <title>A second story</title>
    <link>https://example.org/second</link>
    <description>The mayor said the bridge would reopen next week after repairs that took three months.</description>
  </item>
  <item>
    <title>A link-only item</title>
    <link>https://example.org/third</link>
  </item>
</channel>
</rss>
"""


def test_rss_feed_items(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in TRUTH["aljazeera-helicopter"]["articleBody"].split("\n\n"))
    path = tmp_path / "feed.xml"
    path.write_text(RSS.replace("{body}", body), encoding="utf-8")
    docs = list(iter_documents([path]))
    pages = [d for d in docs if d.error is None]
    assert [d.source.url for d in pages] == [
        "https://www.aljazeera.com/news/2019/11/service-members-killed-afghanistan-helicopter-crash-191120070028895.html",
        "https://example.org/second",
    ]
    assert all(d.source.format == "html" for d in pages)
    # the link-only item is reported, not silently dropped
    errors = [d for d in docs if d.error]
    assert len(errors) == 1 and "never fetches" in errors[0].error

    from quotewire.extract import extract

    rec = extract(pages[0])
    assert rec.article.title == "US service members killed in Afghanistan helicopter crash"
    assert rec.article.published.startswith("2019-11-20T08:02")
    assert rec.article.authors == ["Jane Doe"]
    assert rec.article.outlet == "Al Jazeera English"
    assert "Two US service members" in rec.article.text or len(rec.article.paragraphs) >= 5
    rec2 = extract(pages[1])
    assert "bridge would reopen" in rec2.article.text


def test_atom_feed(tmp_path):
    path = tmp_path / "atom.xml"
    path.write_text("""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>Atom story</title><link rel="alternate" href="https://example.org/atom-story"/>
<published>2024-05-05T15:34:00Z</published><author><name>John Smith</name></author>
<content type="html">&lt;p&gt;The spokesman said the agreement was signed on Sunday evening in Geneva.&lt;/p&gt;</content></entry>
</feed>""", encoding="utf-8")
    docs = list(iter_documents([path]))
    assert len(docs) == 1 and docs[0].error is None
    assert docs[0].source.url == "https://example.org/atom-story"


def test_sitemap_is_a_clean_skip(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    "<url><loc>https://example.org/a</loc></url><url><loc>https://example.org/b</loc></url></urlset>")
    (doc,) = list(iter_documents([path]))
    assert doc.source.format == "sitemap"
    assert "sitemap" in doc.error and "2 URL" in doc.error and "never fetches" in doc.error


def test_warc_compressed_chunked_and_latin1_payloads(tmp_path):
    """Real crawls store bodies as sent: gzip content-encoding, chunked transfer, a charset only in the header."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = page_bytes("it-remember8090").decode("utf-8")
    import re

    latin1 = re.sub(r"<meta[^>]*charset[^>]*>", "", html, flags=re.I).encode("latin-1", "xmlcharrefreplace")
    gz_body = gzip.compress(page_bytes("slashgear-vw"))
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (gz_body[:1000], gz_body[1000:])) + b"0\r\n\r\n"
    path = tmp_path / "real.warc.gz"
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        h1 = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                                         ("Transfer-Encoding", "chunked")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://www.slashgear.com/vw", "response",
                                            payload=io.BytesIO(chunked), http_headers=h1))
        h2 = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://www.remember8090.it/x", "response",
                                            payload=io.BytesIO(latin1), http_headers=h2))
    docs = list(iter_documents([path]))
    assert [d.error for d in docs] == [None, None]
    assert "VIZZION" in docs[0].content
    assert docs[1].source.encoding == "cp1252"
    assert "Netflix" in docs[1].content and "Ã" not in docs[1].content
