"""Worker processes give exactly what one process gives, in the same order."""
from kronika.parallel import ParallelPipeline, make_pipeline
from kronika.pipeline import Pipeline, ingest
from kronika.read import read
from kronika.records import Article, ReadError


def _articles(example_path, n=6):
    (a,) = list(read(str(example_path)))
    paras = a.text.split("\n\n")
    return [Article(text=f"Report {i}.\n\n" + "\n\n".join(paras[i:i + 6]), published="2020-08-16",
                    source=f"s{i}") for i in range(n)]


def test_parallel_equals_serial(example_path):
    arts = _articles(example_path)
    items = arts[:3] + [ReadError("x.jsonl:4", "broken JSON")] + arts[3:]
    serial = list(Pipeline(batch_size=2).pipe(items))
    with ParallelPipeline(batch_size=2, workers=2) as par:
        parallel = list(par.pipe(((it, i) for i, it in enumerate(items)), as_tuples=True))
    assert [ctx for _, ctx in parallel] == list(range(len(items)))
    for s, (p, _) in zip(serial, parallel):
        assert type(s) is type(p)
        if isinstance(s, ReadError):
            assert s == p
        else:
            assert [q.to_dict() for q in s.quotes] == [q.to_dict() for q in p.quotes]
            assert [e.export() for e in s.events] == [e.export() for e in p.events]


def test_ingest_with_workers_is_idempotent(example_path, store):
    arts = _articles(example_path, n=5)
    pipe = make_pipeline(batch_size=2, workers=2)
    try:
        first = ingest(iter(arts + arts[:2]), store, pipe)
        again = ingest(iter(arts), store, pipe)
    finally:
        pipe.close()
    assert (first.read, first.new, first.already) == (7, 5, 2)
    assert (again.new, again.already) == (0, 5)
    assert store.counts()["articles"] == 5
