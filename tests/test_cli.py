"""The command line, run as a user would: real subprocesses on the real model and store."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

KRONIKA = [sys.executable, "-m", "kronika"]


def run(*args, input=None, cwd=None):
    return subprocess.run(KRONIKA + list(args), capture_output=True, text=True, input=input, cwd=cwd or ROOT,
                          timeout=600)


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("kronika ")


def test_ingest_example_twice_stores_once(tmp_path, example_path):
    db = str(tmp_path / "k.db")
    r = run("ingest", str(example_path), "--db", db, "--report")
    assert r.returncode == 0, r.stderr
    assert "read 1, new 1, already stored 0, failed 0" in r.stderr
    assert "Belarus Leader Says Putin Offers Help" in r.stdout
    r = run("ingest", str(example_path), "--db", db)
    assert "read 1, new 0, already stored 1, failed 0" in r.stderr
    listing = run("articles", "--db", db).stdout.strip().splitlines()
    assert len(listing) == 1
    aid = listing[0].split()[0]
    shown = json.loads(run("show", aid[:6], "--db", db, "--json").stdout)
    assert shown["agency"] == "AFP" and shown["published"] == "2020-08-16"
    assert "Tikhanovskaya" in run("search", "election challenger", "--db", db).stdout
    exported = run("export", "articles", "--db", db).stdout.splitlines()
    assert json.loads(exported[0])["id"] == aid


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, example_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(example_path.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "empty.txt").write_text("")
    (d / "blob.txt").write_bytes(bytes(range(256)) * 40)
    good = json.dumps({"text": "Protesters rallied in Minsk on Saturday against the election result.",
                       "title": "Rally"})
    (d / "mixed.jsonl").write_text(good + "\n{broken json\n" + json.dumps({"title": "no text"}) + "\n")
    (d / "de.jsonl").write_text(json.dumps({"text": "Tausende Menschen haben am Samstag in der Hauptstadt Minsk "
                                                    "gegen die Regierung demonstriert, berichten Augenzeugen."}) + "\n")
    db = str(tmp_path / "k.db")
    r = run("ingest", str(d), "--db", db)
    assert r.returncode == 1
    err = r.stderr
    assert "empty.txt" in err and "blob.txt" in err
    assert "mixed.jsonl:2" in err and "mixed.jsonl:3" in err
    assert "language 'de'" in err
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored == 2  # the example and the good JSONL line
    assert "failed" in run("failures", "--db", db).stdout or run("failures", "--db", db).stdout


def test_stdin(tmp_path, example_path):
    db = str(tmp_path / "k.db")
    r = run("ingest", "-", "--db", db, input=example_path.read_text(encoding="utf-8"))
    assert r.returncode == 0, r.stderr
    assert "new 1" in r.stderr


def _corpus(path, n, example_path):
    paras = [p for p in example_path.read_text(encoding="utf-8").split("\n\n") if len(p) > 120][:4]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"a{i}", "title": f"Report {i}", "published": "2020-08-16",
                                "text": f"Report number {i} from Minsk.\n\n" + "\n\n".join(paras)}) + "\n")


def test_kill_and_resume_stores_everything_exactly_once(tmp_path, example_path):
    src, db = tmp_path / "corpus.jsonl", str(tmp_path / "k.db")
    n = 120
    _corpus(src, n, example_path)
    proc = subprocess.Popen(KRONIKA + ["ingest", str(src), "--db", db, "--batch-size", "4"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            stored = sqlite3.connect(db, timeout=5).execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if stored >= 8:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 8 <= partial < n
    # nothing half-written: every stored article has its quotes' article present and vice versa
    assert con.execute("SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0] == 0
    con.close()
    r = run("ingest", str(src), "--db", db)
    assert r.returncode == 0, r.stderr
    assert f"read {n}, new {n - partial}, already stored {partial}, failed 0" in r.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (n, n)
    # the same record as one uninterrupted run: nothing lost, nothing twice
    clean_db = str(tmp_path / "clean.db")
    assert run("ingest", str(src), "--db", clean_db).returncode == 0
    clean = sqlite3.connect(clean_db)
    for table, key in (("quotes", "id"), ("events", "id"), ("mentions", "article_id, start")):
        q = f"SELECT {key} FROM {table} ORDER BY {key}"
        assert con.execute(q).fetchall() == clean.execute(q).fetchall(), table
    # and the same record across articles, resolved as it went (a kill mid-step rolls the step back)
    assert con.execute("SELECT count(*) FROM resolution_pending").fetchone()[0] == 0
    for q in ("SELECT type, key, entity_id FROM entity_nodes ORDER BY 1, 2",
              "SELECT event_id, cluster_id FROM event_cluster_members ORDER BY 1",
              "SELECT id, record FROM event_clusters ORDER BY 1", "SELECT id, record FROM entity_clusters ORDER BY 1"):
        assert con.execute(q).fetchall() == clean.execute(q).fetchall(), q


def _children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_workers_do_not_outlive_a_killed_ingest(tmp_path, example_path):
    src, db = tmp_path / "corpus.jsonl", str(tmp_path / "k.db")
    _corpus(src, 60, example_path)
    proc = subprocess.Popen(KRONIKA + ["ingest", str(src), "--db", db, "--workers", "2", "--batch-size", "4"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    workers = []
    while time.time() < deadline and len(workers) < 2:
        time.sleep(0.3)
        workers = [p for p in _children(proc.pid) if "spawn_main" in open(f"/proc/{p}/cmdline").read()] \
            if proc.poll() is None else workers
    assert len(workers) >= 2, "the workers did not start"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(os.path.exists(f"/proc/{p}") for p in workers):
        time.sleep(0.3)
    alive = [p for p in workers if os.path.exists(f"/proc/{p}")]
    for p in alive:
        os.kill(p, signal.SIGKILL)
    assert not alive, f"orphaned workers kept running: {alive}"
