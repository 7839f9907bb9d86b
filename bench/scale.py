"""Scaling of `kronika ingest`: cost per article over corpus sizes, and 2 workers against 1.

    python bench/scale.py [--sizes 1000,5000,20000] [--workers 1,2] [--corpus PATH] [--keep DIR]
    python bench/scale.py --checkpoints 1000,5000,20000,37554 --workers 2 --keep /tmp/runs   # the corpus, once

Each size runs `kronika ingest --workers W` in a fresh process on the first N articles of the
corpus into a fresh store, and prints wall time, articles/s, ms per article, and memory sampled from
/proc every 0.5 s: the peak RSS of the largest single process and of the whole process tree (the
writer and its workers together), so growth should be flat per article.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (from /proc/*/stat parent ids)."""
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


class TreeMemory(threading.Thread):
    """Samples a process tree's RSS: peak of the sum and of the largest single process."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.tree_peak, self.proc_peak, self.writer_peak = pid, every, 0.0, 0.0, 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            sizes = [_rss_mb(p) for p in _tree(self.pid)]
            self.writer_peak = max(self.writer_peak, _rss_mb(self.pid))  # the writer: reads, stores, resolves
            if sizes:
                self.tree_peak = max(self.tree_peak, sum(sizes))
                self.proc_peak = max(self.proc_peak, max(sizes))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _stored(db: Path) -> int:
    """Articles stored so far (a read-only look at the store the ingest writes; 0 until it exists)."""
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def checkpoints(corpus: Path, marks: list[int], workers: int, keep: str | None) -> None:
    """One ingest of the first max(marks) articles; when the store passes each mark, print the wall time so far,
    ms per article over the last stretch, and the memory peaks so far (flat memory: the peaks stop growing)."""
    tmp = Path(tempfile.mkdtemp(prefix="kronika-scale-"))
    db = Path(keep or tmp) / f"run{max(marks)}-{workers}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "kronika", "ingest", str(corpus), "--db", str(db), "--limit", str(max(marks)),
           "--workers", str(workers)]
    print(f"one run: {' '.join(cmd[2:])}")
    print(f"{'stored':>7} {'wall s':>8} {'ms/art':>7} {'ms/art since last':>17} {'proc MB':>8} {'tree MB':>8}"
          f" {'writer MB':>9}", flush=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    mem = TreeMemory(proc.pid)
    mem.start()
    errs: list[str] = []
    reader = threading.Thread(target=lambda: errs.extend(proc.stderr), daemon=True)
    reader.start()
    todo, last_n, last_t = sorted(marks), 0, 0.0
    while proc.poll() is None:
        time.sleep(2)
        n, wall = _stored(db), time.perf_counter() - t0
        while todo and n >= todo[0]:
            print(f"{n:>7} {wall:>8.1f} {1000 * wall / n:>7.1f} {1000 * (wall - last_t) / max(1, n - last_n):>17.1f}"
                  f" {mem.proc_peak:>8.0f} {mem.tree_peak:>8.0f} {mem.writer_peak:>9.0f}", flush=True)
            todo.pop(0)
            last_n, last_t = n, wall
    wall = time.perf_counter() - t0
    mem.stop()
    reader.join(timeout=5)
    n = _stored(db)
    summary = next((ln.strip() for ln in reversed(errs) if ln.startswith("read ")), "")
    print(f"{n:>7} {wall:>8.1f} {1000 * wall / max(1, n):>7.1f} {1000 * (wall - last_t) / max(1, n - last_n):>17.1f}"
          f" {mem.proc_peak:>8.0f} {mem.tree_peak:>8.0f} {mem.writer_peak:>9.0f}   end: {summary}  rc {proc.returncode}")
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "allsides-37k.jsonl.gz"))
    ap.add_argument("--checkpoints", help="one run of the largest size, figures as the store passes each size"
                    " (e.g. 1000,5000,20000,37554): the whole corpus once, with its cost per article on the way")
    ap.add_argument("--keep", help="keep the stores in this folder (for bench/writer_memory.py, bench/resolve.py)")
    args = ap.parse_args()
    if not Path(args.corpus).exists():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus)")
    sizes = [int(s) for s in args.sizes.split(",")]
    workers = [int(w) for w in args.workers.split(",")]
    if args.checkpoints:
        checkpoints(Path(args.corpus), [int(s) for s in args.checkpoints.split(",")], workers[-1], args.keep)
        return
    print(f"{'n':>7} {'workers':>7} {'wall s':>8} {'art/s':>7} {'ms/art':>7} {'proc MB':>8} {'tree MB':>8}"
          f" {'writer MB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with gzip.open(args.corpus, "rt", encoding="utf-8") as f, sample.open("w") as out:
            for line in itertools.islice(f, max(sizes)):
                out.write(line)
        for n in sizes:
            for w in workers:
                db = Path(tmp) / f"s{n}-{w}.db"
                cmd = [sys.executable, "-m", "kronika", "ingest", str(sample), "--db", str(db),
                       "--limit", str(n), "--workers", str(w)]
                t0 = time.perf_counter()
                proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                mem = TreeMemory(proc.pid)
                mem.start()
                _, err = proc.communicate()
                wall = time.perf_counter() - t0
                mem.stop()
                # the ingest summary line ("read N, new N, ..."), not the resolution steps printed after it
                summary = next((ln for ln in reversed(err.splitlines()) if ln.startswith("read ")),
                               err.strip().splitlines()[-1] if err.strip() else "")
                print(f"{n:>7} {w:>7} {wall:>8.1f} {n / wall:>7.1f} {1000 * wall / n:>7.1f} {mem.proc_peak:>8.0f}"
                      f" {mem.tree_peak:>8.0f} {mem.writer_peak:>9.0f}   {summary}", flush=True)
                if args.keep:
                    Path(args.keep).mkdir(parents=True, exist_ok=True)
                    os.replace(db, Path(args.keep) / db.name)
                else:
                    os.remove(db)


if __name__ == "__main__":
    main()
