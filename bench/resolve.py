"""Incremental resolution vs a full replay, on a real store.

    .venv/bin/python bench/resolve.py --db /tmp/runs/as5k.db [--batches 10 --batch 32] [--check]

Works on a copy of ``--db`` (a schema v2 store is migrated: every article pending). Prints: the full replay
(what `timeline`/`entity` cost on every call before v3), the backfill of the persisted record (= `kronika
resolve --rebuild`), the incremental step per ingest batch (the last ``batches × batch`` articles resolved
batch by batch on top of the rest), and `timeline`/`entity`/`entities list` latency on the persisted record.
A store ingested before schema v2 has no per-article entities: they are rebuilt from its mentions (one per
distinct name and label in an article, with its mention count; no aliases or attributes) and that is said.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kronika import resolution  # noqa: E402
from kronika.records import entity_id  # noqa: E402
from kronika.store import open_store  # noqa: E402


def _entities_from_mentions(path: str) -> int:
    db = sqlite3.connect(path)
    if db.execute("SELECT count(*) FROM article_entities").fetchone()[0]:
        return 0
    rows = db.execute("SELECT article_id, label, name, count(*) FROM mentions"
                      " WHERE label IN ('PERSON', 'ORG', 'GPE', 'LOC', 'NORP') GROUP BY article_id, label, name")
    out = [(a, entity_id(label, name), name, label, "[]", "{}", n) for a, label, name, n in rows]
    db.executemany("INSERT OR IGNORE INTO article_entities (article_id, entity_id, name, type, aliases, attributes,"
                   " mentions) VALUES (?,?,?,?,?,?,?)", out)
    db.commit()
    db.close()
    return len(out)


def _t(fn, *a, **k):
    t0 = time.perf_counter()
    r = fn(*a, **k)
    return r, time.perf_counter() - t0


def _ingest_share(store, corpus: str, stored: int, n: int) -> dict:
    """Ingest ``n`` new articles with 2 worker processes; the resolution step's wall and CPU share."""
    import resource

    from kronika.parallel import ParallelPipeline
    from kronika.pipeline import ingest
    from kronika.read import read

    pipe = ParallelPipeline(batch_size=32, workers=2)
    w0, c0 = time.perf_counter(), time.process_time()
    try:
        rep = ingest(read([corpus]), store, pipe, limit=stored + n)
    finally:
        pipe.close()
    wall, writer_cpu = time.perf_counter() - w0, time.process_time() - c0
    workers_cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + \
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime
    r = rep.resolved
    out = {"ingest_new": rep.new, "ingest_s": round(wall, 1), "step_s": round(r.seconds, 2),
           "step_cpu_s": round(r.cpu, 2), "step_share_wall": round(r.seconds / wall, 3),
           "step_share_cpu": round(r.cpu / (writer_cpu + workers_cpu), 3)}
    print(f"ingest {rep.new} new articles, 2 workers     : {wall:7.1f} s; resolution steps {r.seconds:.1f} s wall"
          f" ({out['step_share_wall']:.1%}), {r.cpu:.1f} s CPU = {out['step_share_cpu']:.1%} of all ingest CPU"
          f" ({r.steps} steps, {1000 * r.seconds / max(1, rep.new):.1f} ms/article)")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/runs/as5k.db")
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--check", action="store_true", help="also compare the persisted record with a full replay")
    ap.add_argument("--entity", default="Trump")
    ap.add_argument("--ingest", type=int, default=0, help="then ingest N more articles of --corpus (2 workers) into "
                                                          "the resolved store: the step's share of ingest")
    ap.add_argument("--corpus", default="../shared/corpora/allsides-37k.jsonl.gz")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kronika-resolve-"))
    path = str(work / "store.db")
    shutil.copy(args.db, path)
    v = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    rebuilt = _entities_from_mentions(path)
    if rebuilt:
        print(f"note: no per-article entities in this store: {rebuilt:,} rebuilt from its mentions")
    figures: dict = {}
    store, t = _t(open_store, path)
    figures["migrate_s"] = round(t, 2)
    n = store.counts()
    print(f"store: {n['articles']:,} articles, {n['events']:,} event reports (schema v{v} -> v{store.schema_version},"
          f" migrated in {t:.2f} s)")

    # before: every timeline/entity call replayed the whole store
    _, t_full = _t(resolution.resolve_store, store)
    _, t_ent = _t(resolution.resolve_store, store, with_events=False)
    figures |= {"replay_s": round(t_full, 2), "replay_entities_s": round(t_ent, 2)}
    print(f"full replay (old timeline, per call)      : {t_full:7.2f} s")
    print(f"full replay, entities only (old entity)   : {t_ent:7.2f} s")

    # the persisted record: all but the last articles at once, then in steps of --batch (one ingest batch) and
    # of RESOLVE_EVERY (what ingest does: a step once that many articles are pending)
    from kronika.pipeline import RESOLVE_EVERY

    held = args.batches * args.batch + 2 * RESOLVE_EVERY
    resolution.update(store, limit=max(0, n["articles"] - held))  # the rest first (timed as a whole by --rebuild)
    for size, count in ((args.batch, args.batches), (RESOLVE_EVERY, 2)):
        per = [resolution.update(store, limit=size) for _ in range(count)]
        arts = sum(s.articles for s in per)
        f = {"articles": size, "ms_per_step": round(1000 * sum(s.seconds for s in per) / count, 1),
             "ms_per_step_max": round(1000 * max(s.seconds for s in per), 1),
             "cpu_ms_per_step": round(1000 * sum(s.cpu for s in per) / count, 1),
             "ms_per_article": round(1000 * sum(s.seconds for s in per) / max(1, arts), 2),
             "cpu_ms_per_article": round(1000 * sum(s.cpu for s in per) / max(1, arts), 2),
             "comparisons_per_event": round(sum(s.comparisons for s in per) / max(1, sum(s.events for s in per)), 1)}
        figures[f"step_{size}"] = f
        print(f"incremental step of {size:3} articles          : {f['ms_per_step']:7.1f} ms mean, {f['ms_per_step_max']:.1f} max;"
              f" {f['ms_per_article']:.2f} ms/article ({f['cpu_ms_per_article']:.2f} CPU),"
              f" {f['comparisons_per_event']} comparisons per event report")

    _, t_rebuild = _t(resolution.rebuild, store)
    figures["rebuild_s"] = round(t_rebuild, 2)
    print(f"full rebuild of the persisted record      : {t_rebuild:7.2f} s  (kronika resolve --rebuild)")

    # readers on the persisted record (a fresh process would also load the gazetteer: not needed here)
    c, t1 = _t(resolution.timeline, store)
    e, t2 = _t(resolution.profile, store, args.entity)
    _, t3 = _t(resolution.timeline, store, entity=args.entity)
    _, t4 = _t(store.entity_clusters, "PERSON", 50)
    figures |= {"timeline_s": round(t1, 3), "entity_s": round(t2, 3), "timeline_entity_s": round(t3, 3),
                "entities_list_s": round(t4, 3), "timeline_events": len(c)}
    print(f"timeline (all, {len(c):,} events)             : {t1:7.3f} s")
    print(f"entity {args.entity!r} profile                  : {t2:7.3f} s"
          + (f"  ({e['entity']['name']}: {len(e['quotes'])} quotes, {len(e['events'])} events)" if e else ""))
    print(f"timeline --entity {args.entity!r}               : {t3:7.3f} s")
    print(f"entities list                             : {t4:7.3f} s")
    import subprocess

    for cmd in (["timeline"], ["entity", args.entity], ["entities", "list"]):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kronika", *cmd, "--db", path], capture_output=True, check=True)
        t = time.perf_counter() - t0
        figures[f"cli_{cmd[0]}_s"] = round(t, 2)
        print(f"kronika {' '.join(cmd):30}   : {t:7.2f} s (a new process: start-up and imports included)")
    if args.check:
        same, t5 = _t(lambda: resolution.snapshot(store) == resolution.replay_snapshot(store))
        figures["same_as_replay"] = same
        print(f"persisted record == full replay           : {same} ({t5:.1f} s)")
    if args.ingest:
        figures |= _ingest_share(store, args.corpus, n["articles"], args.ingest)
    print(json.dumps(figures))
    store.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
