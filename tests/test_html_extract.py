"""HTML extraction on real pages: body, title, date, authors, outlet; boilerplate kinds removed."""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from quotewire.extract.html import extract_html
from quotewire.record import Record, Source

FIX = Path(__file__).parent / "fixtures" / "html"
TRUTH = json.loads((FIX / "ground-truth.json").read_text(encoding="utf-8"))


def page(name: str) -> str:
    return gzip.decompress((FIX / f"{name}.html.gz").read_bytes()).decode("utf-8")


def run(html: str, **source) -> Record:
    rec = Record(source=Source(format="html", **source))
    extract_html(html, rec)
    return rec


def shingle_f1(expected: str, predicted: str) -> float:
    def sh(t):
        tok = re.findall(r"\w+", t)
        return Counter(tuple(tok[i:i + 4]) for i in range(max(1, len(tok) - 3)))

    a, b = sh(expected), sh(predicted)
    tp = sum((a & b).values())
    p, r = tp / max(1, sum(b.values())), tp / max(1, sum(a.values()))
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_body_matches_ground_truth(name):
    rec = run(page(name))
    assert shingle_f1(TRUTH[name]["articleBody"], rec.article.text) >= 0.85
    assert rec.article.text == "\n\n".join(rec.article.paragraphs)


def test_aljazeera_metadata():
    rec = run(page("aljazeera-helicopter"))
    a = rec.article
    assert a.title == "US service members killed in Afghanistan helicopter crash"
    assert a.published.startswith("2019-11-20T08:02")
    assert a.outlet == "Al Jazeera"
    assert a.authors == []  # the page names the publisher as author: not a person
    assert a.url.startswith("https://www.aljazeera.com/news/2019/11/service-members-killed")
    assert a.provenance["published"].source == "json-ld"
    assert a.provenance["title"].confidence > 0.8
    assert a.standfirst and "two service members" in a.standfirst.lower()


def test_slashgear_author_and_date():
    a = run(page("slashgear-vw")).article
    assert a.authors == ["Chris Davies"]
    assert a.provenance["authors"].source == "json-ld"
    assert a.published.startswith("2019-11-20")
    assert a.outlet == "SlashGear"
    assert "VIZZION" in a.title


def test_date_never_after_crawl_date():
    # the same page crawled a day before its JSON-LD date: the date is not trusted
    rec = run(page("slashgear-vw"), url="https://www.slashgear.com/x", warc_date="2019-11-19T00:00:00Z")
    assert rec.article.published is None or rec.article.published[:10] <= "2019-11-19"
    assert any("later than the crawl date" in w for w in rec.warnings)


def test_source_url_wins_over_canonical():
    rec = run(page("slashgear-vw"), url="https://mirror.example.org/vw")
    assert rec.article.url == "https://mirror.example.org/vw"


def _article(extra_top: str = "", extra_inside: str = "", extra_bottom: str = "") -> str:
    """A real article body (Al Jazeera fixture's ground truth) inside a page with chrome around it."""
    pars = TRUTH["aljazeera-helicopter"]["articleBody"].split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in pars[:4]) + extra_inside + "".join(f"<p>{p}</p>" for p in pars[4:])
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>US service members killed in Afghanistan helicopter crash | News | Al Jazeera</title>
<meta property="og:site_name" content="Al Jazeera">
<meta property="article:published_time" content="2019-11-20T08:02:00Z">
<meta name="author" content="Jane Roe">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
{extra_top}
<article><h1>US service members killed in Afghanistan helicopter crash</h1>
<div class="byline">By <a href="/profile/jane-roe">Jane Roe</a> · Follow on Twitter</div>
{body}</article>
{extra_bottom}
</body></html>"""


RELATED = """<aside class="related"><h3>Related</h3><ul>
<li><a href="/a">Taliban says it will free US, Australian hostages</a></li>
<li><a href="/b">Afghan election results delayed again</a></li>
<li><a href="/c">US envoy meets Taliban in Doha</a></li>
<li><a href="/d">Kabul blast kills dozens at wedding</a></li></ul></aside>"""
CAPTION = """<figure><img src="/crash.jpg" alt=""><figcaption>The wreckage of the helicopter in Logar
province [File: Rahmat Gul/AP Photo]</figcaption></figure><p>Photo: Rahmat Gul/Getty Images</p>"""
FOOTER = """<footer><p>© 2019 Al Jazeera Media Network. All rights reserved.</p>
<p>Follow us on Twitter</p><ul><li>About</li><li>Contact</li><li>Privacy policy</li></ul></footer>"""


def test_boilerplate_kinds_are_removed():
    rec = run(_article(extra_inside=CAPTION, extra_bottom=RELATED + FOOTER))
    text = rec.article.text
    truth = TRUTH["aljazeera-helicopter"]["articleBody"]
    assert shingle_f1(truth, text) >= 0.95
    for chrome in ("Afghan election results delayed", "Kabul blast", "All rights reserved", "Getty Images",
                   "Follow us", "Privacy policy", "Home"):
        assert chrome not in text, chrome
    assert rec.article.title == "US service members killed in Afghanistan helicopter crash"
    assert rec.article.authors == ["Jane Roe"]
    assert rec.article.outlet == "Al Jazeera"


def test_related_links_inside_article_are_removed():
    inline = """<div class="related-links"><p><strong>Read more:</strong> <a href="/x">Afghan peace talks stall</a></p></div>"""
    text = run(_article(extra_inside=inline)).article.text
    assert "Afghan peace talks stall" not in text


def test_lists_in_the_article_are_kept():
    items = ["Two soldiers were killed", "The cause is under investigation", "No enemy fire was reported"]
    lst = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    text = run(_article(extra_inside="<p>The military listed what is known so far:</p>" + lst)).article.text
    for i in items:
        assert i in text


def test_navigation_text_is_never_an_author():
    html = _article().replace('<meta name="author" content="Jane Roe">', "").replace(
        '<div class="byline">By <a href="/profile/jane-roe">Jane Roe</a> · Follow on Twitter</div>',
        '<div class="byline"><a href="/news">News</a> | <a href="/login">Sign in</a> | Updated 2 hours ago</div>')
    assert run(html).article.authors == []


def test_non_english_page_keeps_its_text():
    rec = run(page("ru-skyrim"))
    assert "Скайрим" in rec.article.title
    assert shingle_f1(TRUTH["ru-skyrim"]["articleBody"], rec.article.text) >= 0.85


def test_empty_and_markup_free_input():
    rec = run("")
    assert rec.article.text == "" and rec.warnings
    rec = run("<html><body></body></html>")
    assert rec.article.text == ""
