"""The command line end to end, on the seed page and small real inputs."""
import json
import shutil
import subprocess
import sys

from quotewire.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, out


def test_analyze_seed_gives_the_gold_article_fields(capsys, seed_text_path, seed_gold):
    code, out = run_cli(capsys, "analyze", str(seed_text_path), "--format", "json", "--quiet")
    assert code == 0
    rec = json.loads(out)
    art, gold = rec["article"], seed_gold["article"]
    assert rec["schema_version"] == 1
    assert rec["source"]["format"] == "text" and len(rec["source"]["sha256"]) == 64
    assert art["title"] == gold["title"]
    assert art["standfirst"] == gold["standfirst"]
    assert art["published"].startswith(gold["published"])
    assert len(art["paragraphs"]) == gold["body_paragraphs"]
    assert art["text"].startswith(gold["body_starts_with"])
    assert art["text"].endswith(gold["body_ends_with"])
    assert "icon" not in art["text"] and gold["title"] not in art["text"]
    assert art["outlet"] == "RT" and art["language"] == "en"
    assert rec["entities"] and rec["quotes"]


def test_jsonl_batch_keeps_order_and_reports_unreadable_inputs(capsys, tmp_path, seed_text_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    seed = tmp_path / "seed.txt"
    shutil.copy(seed_text_path, seed)
    missing = tmp_path / "missing.html"
    code, out = run_cli(capsys, "extract", str(empty), str(seed), str(missing), "--quiet")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"]["path"] for r in records] == [str(empty), str(seed), str(missing)]
    assert records[0].get("error") or records[0]["warnings"]
    assert records[1]["article"]["title"].startswith("Ukraine could request")
    assert records[1]["entities"] == [] and records[1]["quotes"] == []  # extract runs no NLP
    assert "error" in records[2]


def test_parallel_jobs_give_the_same_records_as_one_process(capsys, tmp_path, seed_text_path):
    for i in range(3):
        shutil.copy(seed_text_path, tmp_path / f"page{i}.txt")
    (tmp_path / "junk.html").write_bytes(bytes(range(256)) * 64)
    code1, serial = run_cli(capsys, "analyze", str(tmp_path), "--quiet")
    code2, parallel = run_cli(capsys, "analyze", str(tmp_path), "-j", "2", "--quiet")
    assert code1 == code2 == 0
    assert len(serial.splitlines()) == 4
    assert serial == parallel


def test_console_script_is_installed(seed_text_path):
    exe = shutil.which("quotewire") or str(__import__("pathlib").Path(sys.executable).with_name("quotewire"))
    res = subprocess.run([exe, "extract", str(seed_text_path), "--format", "json", "--quiet"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["article"]["outlet"] == "RT"


def test_entities_get_one_global_id_across_the_articles_of_a_run(capsys, tmp_path, seed_text_path):
    seed = seed_text_path.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed, encoding="utf-8")
    # The same story as another outlet might spell it.
    (tmp_path / "b.txt").write_text(seed.replace("Aleksey Goncharenko", "Oleksiy Honcharenko")
                                    .replace("Goncharenko", "Honcharenko"), encoding="utf-8")
    code, out = run_cli(capsys, "analyze", str(tmp_path), "--quiet")
    a, b = (json.loads(line) for line in out.splitlines())

    def person(rec, surname):
        (ent,) = [e for e in rec["entities"] if e["type"] == "PERSON" and e["name"].endswith(surname)]
        return ent

    assert person(a, "Goncharenko")["global_id"] == person(b, "Honcharenko")["global_id"]
    assert person(a, "Goncharenko")["global_id"] != person(a, "Macron")["global_id"]


def test_store_then_search_and_entity_from_the_command_line(capsys, tmp_path, seed_text_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    records = tmp_path / "records.jsonl"
    assert main(["analyze", str(seed_text_path), "-o", str(records), "--quiet"]) == 0
    assert main(["store", str(records), "--db", db]) == 0  # records are stored as they are
    assert main(["store", str(records), "--db", db]) == 0  # and again: replaced, not doubled
    capsys.readouterr()
    code, out = run_cli(capsys, "search", "escalation", "--db", db, "--format", "jsonl")
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(hits) == 1 and hits[0]["speaker_canonical"] == "David Cameron"
    code, out = run_cli(capsys, "entity", "Kyiv", "--db", db, "--format", "json")
    (report,) = json.loads(out)
    assert report["entity"]["canonical"] == "Kyiv" and "Kiev" in report["entity"]["names"]
    assert main(["search", "--since", "yesterday", "--db", db]) == 2
