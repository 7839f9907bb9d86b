"""The writer's memory and time per resolution step as the store grows (issue 7: memory must stay flat).

    .venv/bin/python bench/writer_memory.py --db /tmp/runs/10k.db [--step 1024] [--every 1000]

Works on a copy of ``--db``: forgets its record across articles (``kronika resolve --rebuild``'s reset) and
resolves every stored article again, ``--step`` articles per step (ingest does one every ``pipeline.RESOLVE_EVERY`` pending),
in this one process, as the writer does during ingest. Every ``--every`` articles it prints the process's
RSS (now and peak), the entity nodes stored, the nodes the last steps loaded (their blocks), and the CPU
milliseconds per article of those steps. Flat memory: the RSS does not grow with the articles resolved.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kronika import resolution  # noqa: E402
from kronika.heap import rss_mb  # noqa: E402
from kronika.pipeline import RESOLVE_EVERY  # noqa: E402
from kronika.store import open_store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--step", type=int, default=RESOLVE_EVERY)
    ap.add_argument("--every", type=int, default=1000)
    ap.add_argument("--order", choices=("id", "stored", "published"), default="id",
                    help="the order articles become pending: by id (a resolve --rebuild), as they were stored "
                         "(the ingest that made the store), or by publication date (a news stream)")
    ap.add_argument("--cache", type=int, default=resolution.REPORT_CACHE,
                    help="comparable reports kept between steps (resolution.REPORT_CACHE)")
    args = ap.parse_args()
    resolution.REPORT_CACHE = args.cache
    tmp = Path(tempfile.mkdtemp(prefix="kronika-wm-"))
    db = tmp / "copy.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(args.db + suffix).exists():
            shutil.copy(args.db + suffix, str(db) + suffix)
    store = open_store(str(db))
    with store.resolution(wait=True) as tx:
        tx.reset()
        tx.bump()
    total = store.pending_count()
    feed = _feeder(store, args.order, args.step)
    print(f"store: {total} articles; step {args.step} articles; order {args.order}; cache {args.cache};"
          f" rss at start {rss_mb():.0f} MB")
    print(f"{'articles':>8} {'rss MB':>7} {'peak MB':>8} {'nodes':>7} {'loaded/step':>11} {'ms/article':>10}")
    done, window = 0, resolution.StepStats()
    t0 = time.perf_counter()
    while True:
        feed()
        st = resolution.update(store, limit=args.step)
        if not st.articles:
            break
        done += st.articles
        window.add(st)
        if done % args.every < args.step or st.articles < args.step:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            nodes = store._sql().run("SELECT count(*) AS n FROM entity_nodes")[0]["n"]
            print(f"{done:>8} {rss_mb():>7.0f} {peak:>8.0f} {nodes:>7} {window.nodes_loaded / window.steps:>11.0f}"
                  f" {1000 * window.cpu / max(1, window.articles):>10.1f}", flush=True)
            window = resolution.StepStats()
    print(f"resolved {done} articles in {time.perf_counter() - t0:.1f} s")
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)


def _feeder(store, order: str, step: int):
    """A function that makes the next ``step`` articles pending (in ``order``); by id, all are pending at once."""
    if order == "id":
        return lambda: None
    sql = store._sql()
    col = "rowid" if order == "stored" else "published, id"
    ids = [r["id"] for r in sql.run(f"SELECT id FROM articles ORDER BY {col}")]
    sql.run("DELETE FROM resolution_pending")
    pos = [0]

    def feed() -> None:
        part = ids[pos[0]:pos[0] + step]
        pos[0] += step
        store._sql().many("INSERT INTO resolution_pending (article_id) VALUES (?) ON CONFLICT DO NOTHING",
                          [(i,) for i in part])
    return feed


if __name__ == "__main__":
    main()
