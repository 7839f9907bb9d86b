"""The command line: a thin layer over the library. Data on stdout, progress and errors on stderr."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .annotate import DEFAULT_MODEL
from .store import EXPORT_KINDS, EventFilter, QuoteFilter, StoreError, open_store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="kronika: news reports in, a sourced record of events out.")
err = Console(stderr=True)
# data goes out verbatim: article text may contain "[...]" that rich would read as markup
out = Console(highlight=False, soft_wrap=True, markup=False)

DB = typer.Option("kronika.db", "--db", help="SQLite file (created if missing) or postgresql://… URL.")
MODEL = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline: installed package name or path.")


def _store(db: str):
    try:
        return open_store(db)
    except StoreError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}")
        raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        print(f"kronika {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    pass


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, folders, or - for stdin."),
           db: str = DB, model: str = MODEL,
           limit: Optional[int] = typer.Option(None, "--limit", help="Stop after N articles read."),
           batch_size: int = typer.Option(32, "--batch-size", help="Articles per nlp.pipe batch."),
           workers: int = typer.Option(0, "--workers", help="Worker processes (default: the machine's cores)."),
           report: bool = typer.Option(False, "--report", help="Print what was found in each new article."),
           cluster: Optional[str] = typer.Option(None, "--cluster", help="Dask scheduler, e.g. tcp://host:8786."),
           out: Optional[str] = typer.Option(None, "--out", help="With --cluster: write Parquet shards to DIR "
                                                                 "(import them with `kronika load DIR`)."),
           partition_size: int = typer.Option(256, "--partition-size", help="Articles per Dask task.")):
    """Read, annotate, extract and store articles. Safe to re-run: stored articles are skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .parallel import make_pipeline
    from .pipeline import ingest as run_ingest
    from .read import read

    if out and not cluster:
        err.print("[red]error:[/red] --out needs --cluster")
        raise typer.Exit(2)
    store = None if out else _store(db)
    pipeline = None if cluster else make_pipeline(model=model, batch_size=batch_size,
                                                  workers=workers or os.cpu_count() or 1)
    new_ids: list[str] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("ingest", total=limit)

        def progress(status: str, item) -> None:
            if status == "failed":
                err.print(f"[yellow]failed[/yellow] {escape(str(item))}", highlight=False)
            else:
                bar.advance(task)
                if status == "new":
                    new_ids.append(item.id)

        if cluster:
            rep = _ingest_on_cluster(paths, cluster, store, out, model, batch_size, partition_size, limit, progress)
        else:
            try:
                rep = run_ingest(read(paths), store, pipeline, limit=limit, progress=progress)
            finally:
                if hasattr(pipeline, "close"):
                    pipeline.close()
    err.print(rep.summary())
    if rep.resolved.articles:
        err.print(rep.resolved.summary())
    if report and store is not None:
        for aid in new_ids:
            _print_article(store, aid, full_text=False)
    if store is not None:
        store.close()
    if rep.failed:
        raise typer.Exit(1)


def _ingest_on_cluster(paths, address, store, out, model, batch_size, partition_size, limit, progress):
    from distributed import Client

    from .cluster import ingest_on_cluster
    from .read import read

    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as e:
        err.print(f"[red]error:[/red] cannot reach Dask scheduler {escape(address)}: {escape(str(e))}")
        raise typer.Exit(2)
    with client:
        return ingest_on_cluster(read(paths), client, store=store, out_dir=out, model=model, batch_size=batch_size,
                                 partition_size=partition_size, limit=limit, progress=progress)


@app.command()
def load(directory: str = typer.Argument(..., help="Folder of Parquet shards from `ingest --cluster --out`."),
         db: str = DB):
    """Import Parquet shards written by a cluster run into the store (idempotent)."""
    from .cluster import load as load_shards

    with _store(db) as store:
        rep = load_shards(directory, store)
    err.print(rep.summary())
    if rep.resolved.articles:
        err.print(rep.resolved.summary())


def _print_article(store, aid: str, full_text: bool = True) -> None:
    a = store.article(aid)
    out.print(f"{a['title'] or '(untitled)'}  {a['id']}")
    out.print(f"  {a['published'] or '?'} · {a['publisher'] or '?'} · agency {a['agency'] or '-'} · "
              f"by {', '.join(a['authors']) or '?'} · {a['language'] or '?'}")
    if a["url"]:
        out.print(f"  {a['url']}")
    if full_text:
        out.print()
        out.print(a["text"])
    quotes = store.quotes(QuoteFilter(article_id=a["id"], limit=10_000))
    out.print(f"\nQuotes ({len(quotes)})")
    for q in quotes:
        who = (q["speaker"] or {}).get("name") or (q["speaker"] or {}).get("text") or "?"
        out.print(f"  [{q['kind']}] {who}: “{q['text']}”" + (f"  ({q['cue']})" if q["cue"] else ""))
    events = [e for e in store.export_rows("events") if any(s["article_id"] == a["id"] for s in e["sources"])]
    out.print(f"\nEvents ({len(events)})")
    for e in events:
        out.print("  " + _event_line(e))


def _event_line(e: dict) -> str:
    actors = ", ".join(x["name"] or x["text"] for x in e["actors"]) or "?"
    recips = ", ".join(x["name"] or x["text"] for x in e["recipients"])
    where = (e["location"] or {}).get("name") or ""
    date = e["date"]["start"] or "date?"
    parts = [f"{date:10}", f"{e['type']}{':' + e['mode'] if e['mode'] else ''}", f"[{e['status']}]", actors]
    if recips:
        parts.append(f"→ {recips}")
    if where:
        parts.append(f"@ {where}")
    for k in ("size", "dead", "injured", "arrested"):
        if e.get(k):
            c = e[k]
            exact = c["min"] is not None and c["min"] == c["max"] and not any(ch.isdigit() for ch in c["text"])
            parts.append(f"{k}={c['min']} ({c['text']})" if exact else f"{k}={c['text']}")
    if e.get("claimant"):
        parts.append(f"(claimed by {e['claimant']['name'] or e['claimant']['text']})")
    return " ".join(parts)


@app.command()
def articles(db: str = DB, limit: int = typer.Option(50, "--limit"), offset: int = typer.Option(0, "--offset")):
    """List stored articles, newest first."""
    with _store(db) as store:
        for a in store.articles(limit=limit, offset=offset):
            out.print(f"{a['id']}  {a['published'] or '':10}  {(a['publisher'] or '')[:24]:24}  {a['title'] or ''}")


@app.command()
def show(article_id: str = typer.Argument(..., help="Article id (or a unique prefix, or the source's own id)."),
         db: str = DB, as_json: bool = typer.Option(False, "--json", help="Print the article as JSON.")):
    """Show one article: metadata, cleaned text, quotes and events."""
    with _store(db) as store:
        a = store.article(article_id)
        if a is None:
            err.print(f"[red]error:[/red] no article with id {article_id!r}")
            raise typer.Exit(1)
        if as_json:
            print(json.dumps(a, ensure_ascii=False, indent=2))
        else:
            _print_article(store, a["id"])


@app.command()
def search(query: str, db: str = DB, limit: int = typer.Option(20, "--limit")):
    """Full-text search over article titles and text."""
    with _store(db) as store:
        for r in store.search(query, limit=limit):
            out.print(f"{r['id']}  {r['published'] or '':10}  {r['title'] or ''}\n    {r['snippet']}")


@app.command()
def quotes(db: str = DB, speaker: Optional[str] = typer.Option(None, "--speaker"),
           article: Optional[str] = typer.Option(None, "--article"),
           kind: Optional[str] = typer.Option(None, "--kind", help="direct, partial or indirect"),
           limit: int = typer.Option(1000, "--limit")):
    """List quotes with speaker, date and article title."""
    with _store(db) as store:
        for q in store.quotes(QuoteFilter(speaker=speaker, article_id=article, kind=kind, limit=limit)):
            who = (q["speaker"] or {}).get("name") or (q["speaker"] or {}).get("text") or "?"
            out.print(f"{q['published'] or '?':10}  {who:24}  [{q['kind']}] “{q['text']}”  "
                      f"— {q['article_title']}")


@app.command()
def events(db: str = DB, type: Optional[str] = typer.Option(None, "--type"),
           since: Optional[str] = typer.Option(None, "--since"), until: Optional[str] = typer.Option(None, "--until"),
           country: Optional[str] = typer.Option(None, "--country"), actor: Optional[str] = typer.Option(None, "--actor"),
           limit: int = typer.Option(1000, "--limit")):
    """List events by date."""
    with _store(db) as store:
        for e in store.events(EventFilter(type=type, since=since, until=until, country=country, actor=actor,
                                          limit=limit)):
            out.print(_event_line(e))


@app.command()
def failures(db: str = DB, limit: int = typer.Option(100, "--limit")):
    """Inputs that failed, with their reasons."""
    with _store(db) as store:
        for f in store.failures(limit):
            out.print(f"{f['at']}  {f['source']}: {f['reason']}")


@app.command("export")
def export_cmd(kind: str = typer.Argument(..., help=f"One of: {', '.join(EXPORT_KINDS)}"),
               fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, parquet; for events also acled, plover, geojson"),
               output: Optional[str] = typer.Option(None, "-o", "--output", help="File (default: stdout)."),
               db: str = DB):
    """Export articles, quotes, events or entities."""
    from .export import export

    with _store(db) as store:
        try:
            n = export(store, kind, fmt, output if output else sys.stdout)
        except ValueError as e:
            err.print(f"[red]error:[/red] {e}")
            raise typer.Exit(2)
    err.print(f"exported {n} {kind}")


def _read_one(path: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        err.print(f"[red]error:[/red] {path}: {e}")
        raise typer.Exit(2)


@app.command()
def dates(file: str, published: str = typer.Option(..., "--published", help="Publication date YYYY-MM-DD.")):
    """Print every time expression in FILE as JSONL {start, end, text, value}."""
    from .extract.dates import dates_jsonl

    for row in dates_jsonl(_read_one(file), published):
        print(json.dumps(row, ensure_ascii=False))


@app.command()
def places(file: str, model: str = MODEL):
    """Print every toponym in FILE as JSONL {start, end, text, name, country_code, lat, lon, geonameid}."""
    from .annotate import load_model
    from .extract.places import places_jsonl

    doc = load_model(model)(_read_one(file))
    for row in places_jsonl(doc):
        print(json.dumps(row, ensure_ascii=False))


def _fig(f: dict) -> str:
    return f["text"] if f.get("text") else f"{f.get('min')}-{f.get('max')}"


def _resolved(store) -> None:
    """Bring the record across articles up to date before reading it (a no-op when nothing is pending)."""
    from .resolution import update

    try:
        st = update(store)
    except Exception as e:  # noqa: BLE001 - e.g. a read-only role on a shared database: read what is there
        err.print(f"[yellow]warning:[/yellow] the record across articles is not up to date ({escape(str(e))})")
        return
    if st.articles:
        err.print(st.summary())


@app.command()
def resolve(db: str = DB, rebuild: bool = typer.Option(False, "--rebuild", help="Forget the stored record across "
                                                      "articles and resolve every article again (after the "
                                                      "clustering rules changed).")):
    """Resolve the articles stored since the last step: one entity per person, one event per real event.
    Ingest does this after every batch; run it after `load`ing elsewhere, or with --rebuild."""
    from .resolution import rebuild as run_rebuild
    from .resolution import update

    from .resolution import rules_version

    with _store(db) as store:
        st = run_rebuild(store) if rebuild else update(store)
        stale = store.reports_of_other_rules(rules_version())
    err.print(st.summary())
    if stale:
        err.print(f"[yellow]note:[/yellow] {stale:,} event reports were clustered under other rules than this "
                  "kronika's: `kronika resolve --rebuild` clusters them again")


@app.command()
def timeline(db: str = DB, country: Optional[str] = typer.Option(None, "--country", help="ISO code, e.g. BY"),
             entity: Optional[str] = typer.Option(None, "--entity", help="A person, organisation or place."),
             since: Optional[str] = typer.Option(None, "--since"), until: Optional[str] = typer.Option(None, "--until")):
    """Events day by day, one line per real event (reports merged), with source counts and disputed figures."""
    from .resolution import timeline as build

    with _store(db) as store:
        _resolved(store)
        clusters = build(store, country=country, entity=entity, since=since, until=until)
    day = None
    for c in clusters:
        if c["date"]["start"] != day:
            day = c["date"]["start"]
            out.print(f"\n{day}")
        actors = ", ".join(a.get("name") or a["text"] for a in c["actors"][:3]) or "?"
        recips = ", ".join(a.get("name") or a["text"] for a in c["recipients"][:3])
        where = (c.get("location") or {}).get("name")
        n = len({s["article_id"] for s in c["sources"]})
        line = f"  {c['type']}{':' + c['mode'] if c['mode'] else ''} {actors}" + (f" → {recips}" if recips else "")
        line += (f" @ {where}" if where else "") + f"  [{n} source{'s' if n != 1 else ''}]"
        if c["statuses"] != ["occurred"]:
            line += f" ({'/'.join(c['statuses'])})"
        out.print(line)
        if c["disputed"]:
            for f in c["figures"]:
                who = (f.get("claimant") or {}).get("name") or (f.get("claimant") or {}).get("text") or "unattributed"
                figs = ", ".join(f"{k} {_fig(f[k])}" for k in ("size", "dead", "injured", "arrested") if k in f)
                out.print(f"      disputed: {figs} — {who} (article {f['article_id'][:8]})")


@app.command()
def entity(name: str, db: str = DB, limit: int = typer.Option(200, "--limit", help="Quotes and events shown.")):
    """Profile of a person, organisation or place across all articles: aliases, attributes, quotes, events."""
    from .resolution import profile

    with _store(db) as store:
        _resolved(store)
        p = profile(store, name, limit=limit)
    if p is None:
        err.print(f"[red]error:[/red] no entity named {escape(name)!r}")
        raise typer.Exit(1)
    c = p["entity"]
    out.print(f"{c['name']}  ({c['type']}, {c['id']})")
    out.print(f"  {c['articles']} articles, {c['mentions']} mentions")
    if c["aliases"]:
        out.print("  aliases: " + ", ".join(c["aliases"]))
    for k, vals in c["attributes"].items():
        for v in vals:
            more = f"; {v['articles']} articles" if v.get("articles", 1) > 1 else ""
            out.print(f"  {k}: {v['value']}  (first: article {v['article_id'][:8]}, {v['date'] or 'undated'}{more})")
    for r in c["reasons"][:10]:
        out.print(f"  merged: {r}")
    out.print(f"\nQuotes ({len(p['quotes'])})")
    for q in p["quotes"]:
        out.print(f"  {q['published'] or '?':10}  [{q['kind']}] “{q['text']}”  — {q['article_title']}")
    out.print(f"\nEvents ({len(p['events'])})")
    for e in p["events"]:
        n = len({s["article_id"] for s in (e.get("cluster") or e)["sources"]})
        out.print("  " + _event_line(e) + (f"  [one event, {n} sources]" if n > 1 else ""))


entities_app = typer.Typer(help="List entities and correct their resolution (merges and splits are kept).")
app.add_typer(entities_app, name="entities")


@entities_app.command("list")
def entities_list(db: str = DB, limit: int = typer.Option(50, "--limit"),
                  type: Optional[str] = typer.Option(None, "--type", help="PERSON ORG GPE LOC NORP")):
    """Entities across articles, most mentioned first."""
    with _store(db) as store:
        _resolved(store)
        rows = store.entity_clusters(type.upper() if type else None, limit=limit)
        recs = {c["id"]: c for c in store.entity_records(r["id"] for r in rows)}
    for r in rows:
        c = recs[r["id"]]
        out.print(f"{c['id']}  {c['type']:6} {c['mentions']:5}  {c['name']}"
                  + (f"  (= {', '.join(c['aliases'][:4])})" if c["aliases"] else ""))


def _correct(op: str, a: str, b: str, db: str, type: Optional[str]) -> None:
    from .resolution import correct

    with _store(db) as store:
        try:
            rule = correct(store, op, a, b, type.upper() if type else None)
        except ValueError as e:
            err.print(f"[red]error:[/red] {escape(str(e))}")
            raise typer.Exit(2)
    err.print(f"{'merged' if op == 'merge' else 'split'}: {rule}")


@entities_app.command("merge")
def entities_merge(a: str, b: str, db: str = DB, type: Optional[str] = typer.Option(None, "--type")):
    """A and B (ids or names) are the same entity. The correction is stored and survives re-ingest."""
    _correct("merge", a, b, db, type)


@entities_app.command("split")
def entities_split(entity_name: str, alias: str, db: str = DB, type: Optional[str] = typer.Option(None, "--type")):
    """ALIAS is not ENTITY: it becomes an entity of its own. The correction is stored and survives re-ingest."""
    _correct("split", entity_name, alias, db, type)


@app.command()
def serve(db: str = DB, host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
          port: int = typer.Option(8000, "--port"),
          read_only: bool = typer.Option(False, "--read-only", help="Turn off uploads and 'Try it'.")):
    """Browse the record in a local web app: timeline, map, events, articles, people, quotes."""
    from .web.app import serve as run_server

    with _store(db) as store:  # a store migrated from v2, or written by Try it elsewhere: resolve it first
        _resolved(store)
    err.print(f"kronika: serving {db} on http://{host}:{port}/" + (" (read-only)" if read_only else ""))
    run_server(db, host=host, port=port, read_only=read_only)


if __name__ == "__main__":
    app()
