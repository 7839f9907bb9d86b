"""Latency of the web app (`kronika serve`) under concurrent requests on 127.0.0.1.

    python bench/web.py [--n 5000] [--db STORE] [--requests 200] [--concurrency 8] [--corpus PATH]

Without --db, builds a store from the first N articles of the corpus with `kronika ingest` (in a
temporary folder). Then starts the real server (uvicorn, one process, as `kronika serve` runs it) and,
for each page, sends a bounded number of requests with a bounded concurrency (httpx), after a short
warm-up, and prints p50/p95/max latency and requests/s. Goal: p95 < 200 ms.
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import itertools
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
GOAL_P95_MS = 200.0
WORDS = ["police", "protest", "election", "president", "court", "border", "tax", "vaccine", "war", "strike",
         "rubber bullets", "health care", "immigration", "climate", "senate vote"]
SPEAKERS = ["Trump", "Obama", "Clinton", "Biden", "police", "Pelosi", "McConnell", "Sanders"]


def build_store(corpus: str, n: int, db: Path) -> None:
    sample = db.parent / "sample.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as f, sample.open("w", encoding="utf-8") as out:
        for line in itertools.islice(f, n):
            out.write(line)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kronika", "ingest", str(sample), "--db", str(db)], check=False)
    print(f"ingested {n} articles in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    code = ("from kronika.web.app import serve; "
            f"serve({db!r}, host='127.0.0.1', port={port}, read_only=True, log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/facets", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not start")


def targets(db: str) -> dict[str, list[str]]:
    con = sqlite3.connect(db)
    rnd = random.Random(7)
    event_ids = [r[0] for r in con.execute("SELECT id FROM events ORDER BY random() LIMIT 200")]
    days = [r[0] for r in con.execute("SELECT DISTINCT date_start FROM events WHERE date_start >= '2012'"
                                      " ORDER BY random() LIMIT 50")]
    types = [r[0] for r in con.execute("SELECT DISTINCT type FROM events")]
    article_ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY random() LIMIT 100")]
    con.close()
    pick = rnd.choice
    return {
        "overview /": ["/"],
        "timeline /timeline": ["/timeline"] + [f"/timeline?type={t}" for t in types]
                              + [f"/timeline?since={d}&until={d}" for d in days[:20]],
        "timeline htmx partial": [f"/timeline?type={t}" for t in types],
        "map data /api/map": ["/api/map"] + [f"/api/map?type={t}" for t in types],
        "event list /api/events": ["/api/events?limit=100"] + [f"/api/events?type={t}&limit=100" for t in types],
        "event page /events/ID": [f"/events/{e}" for e in event_ids],
        "article page /articles/ID": [f"/articles/{a}" for a in article_ids],
        "search /search": [f"/search?q={w}" for w in WORDS] + [f"/search?q={pick(WORDS)}&speaker={s}" for s in SPEAKERS],
        "search /api/search": [f"/api/search?q={w}" for w in WORDS],
    }


async def run_page(client: httpx.AsyncClient, urls: list[str], n: int, concurrency: int,
                   headers: dict | None = None) -> dict:
    sem = asyncio.Semaphore(concurrency)
    lat: list[float] = []
    errors = 0

    async def one(i: int) -> None:
        nonlocal errors
        async with sem:
            t = time.perf_counter()
            r = await client.get(urls[i % len(urls)], headers=headers)
            lat.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                errors += 1

    for i in range(min(10, n)):  # warm-up, not measured
        await client.get(urls[i % len(urls)], headers=headers)
    t0 = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    wall = time.perf_counter() - t0
    lat.sort()
    return {"n": n, "errors": errors, "p50": statistics.median(lat), "p95": lat[max(0, int(len(lat) * 0.95) - 1)],
            "max": lat[-1], "rps": n / wall}


async def bench(base: str, pages: dict[str, list[str]], n: int, concurrency: int) -> list[tuple[str, dict]]:
    out = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        for name, urls in pages.items():
            hx = {"HX-Request": "true"} if "htmx" in name else None
            out.append((name, await run_page(client, urls, n, concurrency, hx)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000, help="articles to ingest when --db is not given")
    ap.add_argument("--db", help="use this existing store instead of building one")
    ap.add_argument("--requests", type=int, default=200, help="requests per page")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "allsides-37k.jsonl.gz"))
    args = ap.parse_args()
    if args.n < 1 or args.requests < 1 or not 1 <= args.concurrency <= 64:
        sys.exit("--n and --requests must be positive, --concurrency 1..64")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if not db:
            if not Path(args.corpus).exists():
                sys.exit(f"corpus not found: {args.corpus} (pass --corpus or --db)")
            db = str(Path(tmp) / "web.db")
            build_store(args.corpus, args.n, Path(db))
        elif not Path(db).exists():
            sys.exit(f"no store at {db}")
        con = sqlite3.connect(db)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "events", "quotes", "entities")}
        con.close()
        port = free_port()
        server = start_server(db, port)
        try:
            results = asyncio.run(bench(f"http://127.0.0.1:{port}", targets(db), args.requests, args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"store: {db if args.db else f'first {args.n} articles of {Path(args.corpus).name}'} — "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"{args.requests} requests per page, {args.concurrency} concurrent, one uvicorn process on 127.0.0.1\n")
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>8} {'errors':>7}")
    worst = 0.0
    for name, r in results:
        worst = max(worst, r["p95"])
        print(f"{name:32} {r['p50']:8.1f} {r['p95']:8.1f} {r['max']:8.1f} {r['rps']:8.1f} {r['errors']:7d}")
    print(f"\nworst p95 {worst:.1f} ms — goal < {GOAL_P95_MS:.0f} ms: {'met' if worst < GOAL_P95_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
