"""Dask: a real LocalCluster with two worker processes, one of them killed mid-run."""
import os
import signal

import pytest

from kronika.cluster import ingest_on_cluster, load
from kronika.pipeline import Pipeline, ingest
from kronika.read import read
from kronika.records import Article
from kronika.store import open_store

distributed = pytest.importorskip("distributed")


def _articles(example_path, n):
    (a,) = list(read(str(example_path)))
    paras = [p for p in a.text.split("\n\n") if len(p) > 100]
    return [Article(text=f"Report {i} from Minsk.\n\n" + "\n\n".join(paras[i % 8:i % 8 + 3]),
                    published="2020-08-16", source=f"mem:{i}") for i in range(n)]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_worker_killed_mid_run_every_article_stored_once(client, example_path, tmp_path):
    arts = _articles(example_path, 32)
    killed = []

    def progress(status, item):
        if status == "new" and not killed:
            pids = client.run(os.getpid)
            addr, pid = sorted(pids.items())[0]
            os.kill(pid, signal.SIGKILL)  # the nanny restarts it; its tasks are recomputed elsewhere
            killed.append(addr)

    with open_store(str(tmp_path / "k.db")) as store:
        rep = ingest_on_cluster(iter(arts), client, store=store, partition_size=4, progress=progress)
        assert killed, "no worker was killed"
        assert rep.failed == [] and rep.new == 32
        counts = store.counts()
        assert counts["articles"] == 32
        ids = sorted(q["id"] for q in store.export_rows("quotes"))
        assert len(ids) == len(set(ids))
        again = ingest_on_cluster(iter(arts), client, store=store, partition_size=4)
        assert again.new == 0 and again.already == 32
    with open_store(str(tmp_path / "serial.db")) as serial:
        ingest(iter(arts), serial, Pipeline())
        assert sorted(q["id"] for q in serial.export_rows("quotes")) == ids


def test_parquet_shards_then_load(client, example_path, tmp_path):
    arts = _articles(example_path, 10)
    out = str(tmp_path / "shards")
    rep = ingest_on_cluster(iter(arts), client, out_dir=out, partition_size=4)
    assert rep.new == 10 and len(os.listdir(out)) == 3
    rerun = ingest_on_cluster(iter(arts), client, out_dir=out, partition_size=4)
    assert rerun.new == 0 and rerun.already == 10
    with open_store(str(tmp_path / "k.db")) as store:
        assert load(out, store).new == 10
        assert load(out, store).new == 0
        assert store.counts()["articles"] == 10
