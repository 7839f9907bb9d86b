"""The pipeline on the real spaCy model: order, errors as values, batch fault isolation."""
from kronika.records import Article, Extraction, ReadError

TEXT = ("Thousands demonstrated in Minsk on Saturday. \"We want free elections,\" said one employee, "
        "Andrei Yaroshevich. Police kept a low profile.")


def test_pipe_keeps_order_and_context(pipeline):
    arts = [Article(text=TEXT + f" Item {i}.", source=f"s{i}") for i in range(5)]
    out = list(pipeline.pipe(((a, i) for i, a in enumerate(arts)), as_tuples=True))
    assert [ctx for _, ctx in out] == list(range(5))
    assert all(isinstance(r, Extraction) and r.article is a for (r, _), a in zip(out, arts))


def test_errors_pass_through_in_place(pipeline):
    items = [Article(text=TEXT, source="ok1"), ReadError("bad.jsonl:2", "broken JSON"),
             Article(text="   ", source="blank"), Article(text=TEXT + " More.", source="ok2")]
    seen = []
    out = list(pipeline.pipe(items, error_handler=seen.append))
    assert [type(r).__name__ for r in out] == ["Extraction", "ReadError", "ReadError", "Extraction"]
    assert out[2].reason == "no text" and [e.source for e in seen] == ["bad.jsonl:2", "blank"]


def test_non_english_article_is_refused_with_reason(pipeline):
    r = pipeline(Article(text="Tausende Menschen demonstrierten am Samstag in Minsk.", language="de", source="de.txt"))
    assert isinstance(r, ReadError) and "language 'de'" in r.reason and r.source == "de.txt"


def test_extractor_crash_is_isolated_to_its_article():
    from kronika.extract import extract
    from kronika.pipeline import Pipeline

    def flaky(doc, article):
        if "boom" in article.text:
            raise RuntimeError("extractor bug")
        return extract(doc, article)

    p = Pipeline(extractor=flaky, batch_size=4)
    out = list(p.pipe([Article(text=TEXT, source="a"), Article(text="boom " + TEXT, source="b"),
                       Article(text=TEXT + " C.", source="c")]))
    assert isinstance(out[0], Extraction) and isinstance(out[2], Extraction)
    assert isinstance(out[1], ReadError) and "RuntimeError: extractor bug" in out[1].reason


def test_process_text():
    import kronika

    ex = kronika.process(TEXT, published="2020-08-16")
    assert ex.article.published == "2020-08-16" and ex.article.text == TEXT


def test_a_batch_leaves_the_vocabulary_as_it_was(pipeline):
    # a worker runs for days: names first seen in one batch must not stay in its vocabulary
    strings = pipeline.nlp.vocab.strings
    before = len(strings)
    text = ("Protesters led by Zvyagintsevaya Quorblenko marched on Plovdivskaya Street on Saturday, "
            "police said.")
    r = pipeline(Article(text=text, source="novel.txt", published="2020-08-16"))
    assert isinstance(r, Extraction)
    assert len(strings) == before and "Quorblenko" not in strings
    # the result holds plain values that outlive the batch's zone
    assert [m.name for m in r.mentions if m.label == "PERSON"] == ["Zvyagintsevaya Quorblenko"]
    assert r.events[0].type == "PROTEST" and r.events[0].date.start == "2020-08-15"
