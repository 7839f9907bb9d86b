"""Exports of a store built from the example article validate against the JSON Schemas in docs/."""
import csv
import io
import json

import jsonschema
import pyarrow.parquet as pq
import pytest

from kronika.export import COLUMNS, export
from kronika.pipeline import ingest
from kronika.read import read
from tests.conftest import ROOT

SCHEMAS = {k: json.loads((ROOT / "docs" / "schemas" / f"{s}.schema.json").read_text())
           for k, s in (("articles", "article"), ("quotes", "quote"), ("events", "event"), ("entities", "entity"))}


@pytest.fixture(scope="module")
def built(tmp_path_factory, pipeline, example_path):
    from kronika.store import open_store

    s = open_store(str(tmp_path_factory.mktemp("exp") / "k.db"))
    rep = ingest(read(str(example_path)), s, pipeline)
    assert rep.new == 1
    yield s
    s.close()


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_jsonl_export_matches_schema(built, kind):
    buf = io.StringIO()
    n = export(built, kind, "jsonl", buf)
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert len(rows) == n
    validator = jsonschema.Draft202012Validator(SCHEMAS[kind])
    for row in rows:
        errors = sorted(validator.iter_errors(row), key=str)
        assert not errors, f"{kind} row does not match schema: {errors[0].message}"
    if kind == "articles":
        assert n == 1


def test_offsets_index_the_article_text(built):
    text = next(built.export_rows("articles"))["text"]
    for q in built.export_rows("quotes"):
        assert text[q["start"]:q["end"]] == q["text"]
    for e in built.export_rows("events"):
        for s in e["sources"]:
            assert text[s["start"]:s["end"]] == s["sentence"]
        t = e["trigger"]
        assert text[t["start"]:t["end"]] == t["text"]


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_csv_and_parquet_agree_with_jsonl(built, kind, tmp_path):
    rows = list(built.export_rows(kind))
    buf = io.StringIO()
    export(built, kind, "csv", buf)
    got = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(got) == len(rows) and (not got or list(got[0]) == COLUMNS[kind])
    path = str(tmp_path / f"{kind}.parquet")
    assert export(built, kind, "parquet", path) == len(rows)
    table = pq.read_table(path)
    assert table.num_rows == len(rows) and table.column_names == COLUMNS[kind]
    if rows:
        assert table.to_pylist()[0]["id"] == rows[0]["id"]
    if kind == "events":  # the trigger (the word that typed the event) survives both flat formats
        assert table.to_pylist()[0]["trigger"] == rows[0]["trigger"]
        assert json.loads(got[0]["trigger"]) == rows[0]["trigger"]


def test_unknown_kind_or_format_is_a_clear_error(built):
    with pytest.raises(ValueError, match="unknown record kind"):
        export(built, "people", "jsonl", io.StringIO())
    with pytest.raises(ValueError, match="unknown format"):
        export(built, "articles", "xml", io.StringIO())


def test_event_formats(built):
    from kronika.export_events import ACLED_COLUMNS

    events = list(built.export_rows("events"))
    assert events, "the example article has events"
    buf = io.StringIO()
    assert export(built, "events", "acled", buf) == len(events)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0]) == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    dated = [r for r in rows if r["event_date"]]
    assert all(r["time_precision"] in {"1", "2", "3"} for r in dated)
    protests = [r for r in rows if r["event_type"] == "Protests"]
    assert protests and all(r["country"] == "Belarus" for r in protests if r["location"] == "Minsk")

    buf = io.StringIO()
    export(built, "events", "plover", buf)
    recs = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert {r["event"] for r in recs} == {e["type"] for e in events}

    buf = io.StringIO()
    n = export(built, "events", "geojson", buf)
    fc = json.loads(buf.getvalue())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == n
    assert n == sum(1 for e in events if e["location"] and e["location"]["lat"] is not None)
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    with pytest.raises(ValueError, match="events only"):
        export(built, "quotes", "acled", io.StringIO())
