"""The record across articles: one entity per real person or place, one event per real event.

The store keeps it (schema v3, ``store/resolved.py``) and ``update`` brings it up to date after each
batch: it resolves the articles stored since the last step, and only those.

* Events: each new report is compared (``resolve.events.link``) with the reports in its blocks
  (``block_keys``) only, once, when the later of the two arrives; links are kept, the clusters they join
  are merged (id: ``cluster_id`` of all members) and the merged clusters' records rewritten. Since the
  rule is pairwise and every pair that can link is compared exactly once, the clusters are the connected
  components a full replay gives, whatever order the articles came in.
* Entities: every rule of the ``EntityResolver`` looks inside one block of nodes (``node_block``: a
  surname, an acronym's initials). A step loads the stored nodes of the blocks its articles touch (and of
  the global ids those nodes have, for user merges across blocks) as identity rows (names, counts; forms and
  attributes are read only for the nodes it adds to or whose records it rewrites), adds the articles' entities to that
  resolver, writes its ``changes`` (node rows, id moves) and the records of the global ids they touch,
  and forgets it: memory follows the batch, not the store, and other processes' rows are always read.

A step is one transaction that also deletes the articles' pending marks, so a crash loses nothing and
repeats nothing. On PostgreSQL the step holds an advisory lock: with several machines ingesting into one
database, whoever holds it resolves every pending article. ``resolve_store`` is the full replay in
memory (for ``--rebuild`` checks and tests); readers (``find_entity``, ``timeline``, ``profile``)
read the persisted record.
"""
from __future__ import annotations

import json
import re
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .heap import give_back
from .records import Entity
from .resolve.entities import EntityResolver
from .resolve.event_clusters import EventClusterer, cluster_id, cluster_record
from .resolve.event_codec import decode_report, encode_report, rules_version
from .resolve.events import STORY_LEAD, annotate_story, block_keys, link, report
from .resolve.names import name_key, node_key

_ID = re.compile(r"[0-9a-f]{16}")  # a global entity id (else a name)
STEP_ARTICLES = 1024  # pending articles per transaction (a backfill commits as it goes; see pipeline.RESOLVE_EVERY)
COMPARE_CHUNK = 128  # new reports whose stored candidates are read together
# comparable event reports kept between steps (~5 kB each, words shared; ids are content hashes). Replaying the
# 20k-article store: 5,000 end at 309 MB RSS, 20,000 at 414 MB, and 5,000 are no slower (15.4 vs 18.1 ms per
# article in the last steps): on a corpus out of time order few candidates recur soon enough to be hits
REPORT_CACHE = 5_000


# -- the incremental step ------------------------------------------------------------------------------
@dataclass
class StepStats:
    articles: int = 0
    events: int = 0
    comparisons: int = 0
    links: int = 0
    entities: int = 0
    steps: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # process CPU seconds (the rest of ``seconds`` is waiting: disk, locks)
    nodes_loaded: int = 0  # stored entity nodes read (the blocks the step's articles touch)

    def add(self, o: StepStats) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def summary(self) -> str:
        return (f"resolved {self.articles} articles ({self.events} event reports, {self.comparisons} comparisons, "
                f"{self.links} links; {self.entities} entities) in {self.seconds:.2f} s")


class _Cache:
    """Per store object: comparable reports by event id (bounded)."""

    def __init__(self) -> None:
        self.reports: OrderedDict = OrderedDict()

    def report(self, ev: dict):
        r = self.reports.get(ev["id"])
        if r is None:
            r = report(ev)
            r.ev = None  # the record itself is read again when a cluster is rebuilt: keep the cache small
            return self.keep(ev["id"], r)
        self.reports.move_to_end(ev["id"])
        return r

    def keep(self, event_id: str, r):
        self.reports[event_id] = r
        if len(self.reports) > REPORT_CACHE:
            self.reports.popitem(last=False)
        return r


def _cache(store) -> _Cache:
    c = getattr(store, "_kronika_resolution", None)
    if c is None:
        c = _Cache()
        store._kronika_resolution = c
    return c


def pending(store) -> int:
    return store.pending_count() if hasattr(store, "pending_count") else 0


def update(store, *, wait: bool = True, limit: int | None = None) -> StepStats:
    """Resolve the articles stored since the last step (all of them; ``limit`` caps it). ``wait=False``
    returns at once when another process is resolving (PostgreSQL): it will resolve ours too."""
    total = StepStats()
    if not hasattr(store, "resolution") or not pending(store):
        return total
    while limit is None or total.articles < limit:
        n = STEP_ARTICLES if limit is None else min(STEP_ARTICLES, limit - total.articles)
        st = _step(store, n, wait)
        if st is None:
            break
        total.add(st)
        if st.articles < n:
            break
    return total


def _step(store, n: int, wait: bool) -> StepStats | None:
    cache = _cache(store)
    t0, c0 = time.perf_counter(), time.process_time()
    stats = StepStats(steps=1)
    try:
        with store.resolution(wait=wait) as tx:
            if tx is None:
                return None
            ids = tx.pending(n)
            if not ids:
                return stats
            stats.articles = len(ids)
            _events_step(tx, ids, cache, stats)
            _entities_step(tx, ids, stats)
            tx.done(ids)
            tx.bump()
    except BaseException:
        cache.reports.clear()  # reports are content-addressed, but a rolled-back step must not leave half a state
        raise
    give_back()  # a step's node blocks are freed now: let the writer shrink back (heap.py)
    stats.seconds, stats.cpu = time.perf_counter() - t0, time.process_time() - c0
    return stats


def _block(key: tuple[str, int]) -> str:
    return f"{key[0]}:{key[1]}"


def _events_step(tx, article_ids: list[str], cache: _Cache, stats: StepStats) -> None:
    evs = tx.events_of(article_ids)
    if not evs:
        return
    stats.events = len(evs)
    # article-level evidence: outlets on one story share their headline's rare words (resolve/events.py)
    per_article: dict[str, list[dict]] = defaultdict(list)
    for e in evs:
        per_article[e["sources"][0]["article_id"]].append(e)
    heads = tx.article_heads(sorted(per_article), STORY_LEAD)
    for a, group in per_article.items():
        title, head = heads.get(a, (None, ""))
        annotate_story(group, title, head)
    new = {e["id"]: e for e in evs}
    reports = {i: cache.report(e) for i, e in new.items()}
    keys = {i: [_block(k) for k in block_keys(r)] for i, r in reports.items()}
    links: list[tuple[str, str, str]] = []
    here: dict[str, list[str]] = defaultdict(list)  # this batch's blocks, filled as reports arrive
    # the stored candidates are read a chunk of new reports at a time (reports of one block together): a
    # step holds the blocks of one chunk, not of all its reports, whatever the blocks have grown to
    order = sorted(new, key=lambda i: (keys[i], i))
    for k in range(0, len(order), COMPARE_CHUNK):
        part = order[k:k + COMPARE_CHUNK]
        stored = tx.block_members({b for i in part for b in keys[i]})
        cand = _candidates(tx, cache, {c for ids in stored.values() for c in ids}, type(reports[part[0]]))
        for i in part:
            r = reports[i]
            others = {c for b in keys[i] for c in stored.get(b, ())} | {c for b in keys[i] for c in here[b]}
            others.discard(i)
            for o in sorted(others):
                stats.comparisons += 1
                why = link(r, cand[o] if o in cand else reports[o])
                if why:
                    links.append((min(i, o), max(i, o), why))
            for b in keys[i]:
                here[b].append(i)
    stats.links = len(links)
    # merge: the clusters of linked stored reports, with all their members, plus the new reports
    old_of = tx.clusters_of({x for a, b, _ in links for x in (a, b) if x not in new})
    old_members = tx.cluster_members(set(old_of.values()))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for i in new:
        find(i)
    for ms in old_members.values():
        for m in ms[1:]:
            union(ms[0], m)
    for a, b, _ in links:
        union(a, b)
    comps: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        comps[find(x)].append(x)
    member_of = {m: c for c, ms in old_members.items() for m in ms}
    gone, rows, records = set(old_members), [], []
    need = {m for ms in comps.values() for m in ms if m not in new}
    recs = dict(new) | tx.event_records(need)
    stored_links = tx.links_among(need)
    by_comp: dict[str, list] = defaultdict(list)
    for a, b, w in stored_links + links:
        by_comp[find(a)].append((a, b, w))
    for root, ms in comps.items():
        cid = cluster_id(ms)
        rows += [(m, cid) for m in sorted(ms) if member_of.get(m) != cid]
        gone.discard(cid)
        records.append(cluster_record([recs[m] for m in ms], by_comp[root]))
    tx.add_event_rows([(b, i) for i in sorted(new) for b in keys[i]], links, rows,
                      {i: encode_report(reports[i]) for i in new}, rules_version())
    tx.put_event_clusters(gone, records)


def _candidates(tx, cache: _Cache, ids: set[str], cls) -> dict:
    """Comparable forms of stored reports: in memory, else as stored (under these rules), else from their records."""
    cand, missing = {}, []
    for c in ids:
        r = cache.reports.get(c)
        if r is None:
            missing.append(c)
        else:
            cand[c] = r
    for c, text in tx.stored_reports(missing, rules_version()).items():
        try:
            cand[c] = cache.keep(c, decode_report(text, cls))
        except (TypeError, ValueError, KeyError):  # not this code's report shape: from the record below
            pass
    for ev in tx.event_records([c for c in missing if c not in cand]).values():
        cand[ev["id"]] = cache.report(ev)
    return cand


def _name_keys(c: dict) -> set[str]:
    """The keys a cluster is found by: its node keys (without a place's sense) and its names' keys."""
    return {k.split("@")[0] for k in c["keys"]} | {name_key(a) for a in [c["name"], *c["aliases"]]}


def _load_scope(tx, corrections: list[dict], blocks: set[str], entity_ids: set[str] = frozenset(),
                keys: set[tuple[str, str]] = frozenset(), stats: StepStats | None = None) -> EntityResolver:
    """A resolver holding the stored nodes of ``blocks`` (and of ``entity_ids``, and the ``keys`` nodes),
    closed over what a rule can reach: the global ids of the loaded nodes (a user merge joins nodes of two
    blocks under one id), the blocks of those, and the other sides of user merges. Every rule looks inside
    one block, so it resolves the loaded nodes as a resolver holding all of them would."""
    partners: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for c in corrections:
        if c.get("op") == "merge":
            a, b = (c["type"], c["a"]), (c["type"], c["b"])
            partners[a].add(b)
            partners[b].add(a)
    rows: dict[tuple[str, str], tuple[dict, str]] = {}
    seen_b, seen_g, seen_k = set(), set(), set()
    todo_b, todo_g = set(blocks), set(entity_ids)
    todo_k = set(keys) | {p for k in keys for p in partners.get(k, ())}
    while todo_b or todo_g or todo_k:
        got = tx.entity_nodes(todo_b, todo_g, todo_k, light=True)
        seen_b |= todo_b
        seen_g |= todo_g
        seen_k |= todo_k
        todo_b, todo_g, todo_k = set(), set(), set()
        for state, gid in got:
            nid = (state["type"], state["key"])
            if nid in rows:
                continue
            rows[nid] = (state, gid)
            todo_b.add(state["block"])
            todo_g.add(gid)
            todo_k |= partners.get(nid, set())
        todo_b -= seen_b
        todo_g -= seen_g
        todo_k = {k for k in todo_k - seen_k if k not in rows}
    if stats is not None:
        stats.nodes_loaded += len(rows)
    # identity rows only: forms and attributes are read for the nodes the step touches (entity_state.py)
    res = EntityResolver.from_state({"corrections": corrections, "nodes": [st for st, _ in rows.values()]},
                                    {nid: gid for nid, (_st, gid) in rows.items()},
                                    load_heavy=lambda nids: [st for st, _gid in tx.entity_nodes(keys=nids)])
    res.count_articles = tx.distinct_articles  # a node row holds its article count, not the articles
    return res


def _entities_step(tx, article_ids: list[str], stats: StepStats) -> None:
    per = tx.entities_of(article_ids)
    if not per:
        return
    corrections = tx.corrections()
    keyer = EntityResolver(corrections)
    arts = [(aid, published, [Entity.from_dict(e) for e in ents]) for aid, published, ents in per]
    nids = {x for _aid, _pub, ents in arts for x in keyer.node_ids(ents)}
    res = _load_scope(tx, corrections, {b for _n, b in nids}, keys={n for n, _b in nids}, stats=stats)
    res.read_full([n for n, _b in nids if n in res.nodes])  # one read for the nodes the articles add to
    keys = []
    for aid, published, ents in arts:
        stats.entities += len(ents)
        for local, nid, _why in res.add_nodes(ents, aid, published):
            keys.append((aid, local, nid[1]))
    tx.set_node_keys(keys)  # first: a cluster's article count is read from them
    _write_entity_changes(tx, res, tx.generation() + 1)


def _write_entity_changes(tx, res: EntityResolver, gen: int) -> None:
    """Write what the resolver changed, stamped with ``gen`` (the generation this step commits as)."""
    # the records to rewrite: of every id a written or moved node has, and of the ids partial names attach to
    # (an attachment's reason counts the namesakes' articles: it changes when another namesake is written)
    dirty = res.unsettled(partial=True)
    ch = res.changes()
    written = {(n["type"], n["key"]) for n in ch["nodes"]}
    tx.put_nodes(ch["nodes"], {n: res.reported_id(n) for n in written}, gen)
    tx.move_nodes([(t, k, new) for (t, k), (_old, new) in ch["renames"].items() if (t, k) not in written], gen)
    touched = {g for n in written | dirty if (g := res.reported_id(n))}
    touched |= {x for old, new in ch["renames"].values() for x in (old, new) if x}
    records = [c for c in (res.record(g) for g in sorted(touched)) if c]
    tx.put_entity_clusters(touched, records, _name_keys)


def rebuild(store) -> StepStats:
    """Forget the persisted record and resolve every article again (after the rules changed)."""
    with store.resolution(wait=True) as tx:
        tx.reset()
        tx.bump()
    _cache(store).reports.clear()
    return update(store)


def correct(store, op: str, a: str, b: str, type_: str | None = None) -> dict:
    """A user's merge (``a`` and ``b`` are one entity) or split (alias ``b`` is not entity ``a``), by id or
    name: stored with the corrections and applied to the persisted record at once (raises ValueError with
    the reason when it makes no sense). Later articles follow it too: the resolver is always built with it."""
    update(store)
    with store.resolution(wait=True) as tx:
        ids = {x for x in (a, b) if _ID.fullmatch(x)}
        names = [x for x in (a, b) if x not in ids]
        types = {type_} if type_ else {r["type"] for r in tx.run("SELECT DISTINCT type FROM entity_nodes")}
        keys = {(t, node_key(x, t)[0]) for x in names for t in types}
        res = _load_scope(tx, tx.corrections(), set(), ids, keys)
        rule = res.merge(a, b, type_) if op == "merge" else res.split(a, b, type_)
        tx.add_correction(rule)
        # the rule is applied to the loaded resolver: write what moved
        _write_entity_changes(tx, res, tx.generation() + 1)
        tx.bump()
    return rule


# -- readers ---------------------------------------------------------------------------------------------
def find_entity(store, name: str) -> dict[str, Any] | None:
    """The cluster named ``name``: an id, a name or alias in any romanisation, or a part of one
    ("Tsikhanouskaya" finds Svetlana Tikhanovskaya); the most mentioned cluster wins."""
    if len(name) == 16 and (c := store.entity_cluster(name)):
        return c
    key = name_key(name)
    if not key.split():
        return None
    exact, partial = store.entities_named(key)
    hits = store.entity_records(exact or partial)
    return max(hits, key=lambda c: (c["mentions"], c["articles"], c["id"])) if hits else None


def timeline(store, *, country: str | None = None, entity: str | None = None,
             since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Event clusters with a day date, filtered, oldest first (from the persisted record)."""
    wanted: set[str] | None = None
    if entity:
        c = find_entity(store, entity)
        wanted = store.entity_local_ids(c["id"]) if c else set()
        if not wanted:
            return []
    out = []
    for c in store.event_clusters(since=since, until=until, country=country):
        if wanted is not None and not any(a.get("entity_id") in wanted for a in c["actors"] + c["recipients"]):
            continue
        out.append(c)
    return sorted(out, key=lambda c: (c["date"]["start"], c["type"], c["id"]))


def profile(store, name: str, limit: int = 200) -> dict[str, Any] | None:
    """An entity's record with its quotes and the event clusters it takes part in."""
    c = find_entity(store, name)
    if c is None:
        return None
    local = sorted(store.entity_local_ids(c["id"]))
    names = list(dict.fromkeys([c["name"], *c["aliases"]]))
    return {"entity": c, "local_ids": local, "quotes": store.quotes_by_speakers(local, limit),
            "events": store.events_with_entities(local, names, limit)}


# -- the full replay, in memory ---------------------------------------------------------------------------
@dataclass
class Resolution:
    entities: EntityResolver
    events: EventClusterer
    # global entity id -> the in-article entity ids it gathers (quotes and events point at those)
    local_ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def clusters(self) -> list[dict[str, Any]]:
        return self.entities.clusters()


def resolve_store(store, with_events: bool = True) -> Resolution:
    """Replay every stored article through fresh resolvers (the reference ``update`` must equal)."""
    res = Resolution(EntityResolver(store.corrections()), EventClusterer())
    nodes = []
    for article_id, published, ents in store.article_entities():
        nodes += [(local, nid) for local, nid, _ in res.entities.add_nodes(
            [Entity.from_dict(e) for e in ents], article_id, published)]
    mapping = res.entities.mapping()  # ids are final only once every article is in
    for local, nid in nodes:
        res.local_ids[mapping[nid]].add(local)
    if with_events:
        evs = list(store.export_rows("events"))
        per_article: dict[str, list[dict]] = defaultdict(list)
        for ev in evs:
            per_article[ev["sources"][0]["article_id"]].append(ev)
        for a in store.export_rows("articles"):
            if a["id"] in per_article:
                annotate_story(per_article[a["id"]], a.get("title"), (a.get("text") or "")[:STORY_LEAD])
        for ev in evs:
            res.events.add(ev)
    return res


# -- checks: the persisted record against the full replay ---------------------------------------------------
def snapshot(store) -> dict[str, Any]:
    """The persisted record in comparable form: node ids, entity records, event memberships and records."""
    q = store._sql()
    return {"entity_ids": {(r["type"], r["key"]): r["entity_id"]
                           for r in q.run("SELECT type, key, entity_id FROM entity_nodes")},
            "entities": sorted((json.loads(r["record"]) for r in q.run("SELECT record FROM entity_clusters")),
                               key=lambda c: c["id"]),
            "event_clusters": {r["event_id"]: r["cluster_id"]
                               for r in q.run("SELECT event_id, cluster_id FROM event_cluster_members")},
            "events": sorted((json.loads(r["record"]) for r in q.run("SELECT record FROM event_clusters")),
                             key=lambda c: c["id"])}


def replay_snapshot(store) -> dict[str, Any]:
    """The same from a full replay of every stored article (``resolve_store``)."""
    res = resolve_store(store)
    return {"entity_ids": res.entities.mapping(), "entities": res.entities.clusters(),
            "event_clusters": res.events.assignments(), "events": res.events.clusters()}
