"""The web UI in a real headless Chromium: pages render the stored data, and hostile page
text stays inert (no script runs, no markup is injected)."""
import copy
import os
import shutil
import socket
import subprocess
import threading
import time

import pytest
import uvicorn

from quotewire.api import create_app
from quotewire.pipeline import run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = ('<script>document.documentElement.setAttribute("data-pwned", "script")</script>'
           '<img src=x onerror="document.documentElement.setAttribute(\'data-pwned\', \'img\')">')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_text_path):
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the UI tests")
        pytest.skip("chromium is not installed")
    (rec,) = list(run([seed_text_path]))
    bad = copy.deepcopy(rec)
    bad.source.sha256 = "c" * 64
    bad.article.outlet = "Hostile Times"
    bad.article.title = HOSTILE
    for q in bad.quotes:
        q.text = HOSTILE + q.text
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('ui') / 'ui.db'}")
    app.state.store.put(rec)
    app.state.store.put(bad)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", app.state.store
    srv.should_exit = True
    thread.join(timeout=10)


def dump_dom(url: str, tmp_path) -> str:
    """The page's DOM after Chromium has loaded it and run whatever scripts it would."""
    res = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=2000", "--dump-dom", url],
        capture_output=True, text=True, timeout=90,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


def test_speaker_page_shows_timeline_and_outlet_comparison(server, tmp_path):
    base, store = server
    (ent,) = [e for e in store.find_entities("Goncharenko") if e["type"] == "PERSON"]
    dom = dump_dom(f"{base}/entities/{ent['id']}", tmp_path)
    assert "Oleksii Honcharenko" in dom
    assert dom.count('class="quote"') == len(store.speaker_timeline(ent["id"]))
    assert "Hostile Times" in dom and ">RT<" in dom  # both outlets compared
    assert 'data-pwned="' not in dom  # the attribute a script would set


def test_search_and_article_pages_keep_hostile_text_inert(server, tmp_path):
    base, store = server
    for path in ["/?q=NATO", "/?speaker=Cameron"] + [f"/articles/{a['id']}" for a in store.search_articles()]:
        dom = dump_dom(base + path, tmp_path)
        assert 'data-pwned="' not in dom, path
        assert "<script>" not in dom.split("</head>", 1)[-1], path
    dom = dump_dom(f"{base}/?q=escalation", tmp_path)
    assert "could be a dangerous escalation" in dom
