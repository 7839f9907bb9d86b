"""Cross-article entities: incremental, order-independent clustering of in-article entities.

Every distinct (type, name key) is a node. Two nodes are linked by a pairwise rule that depends only on
the two names (``names.same_name`` rules for persons with given names) or by a user merge; a cluster is
a connected component, so any ingest order gives the same clusters. Partial names (a bare surname, an
initial, an acronym) are never linked, because they would chain Alexander and Viktor Lukashenko (or
every long form of "AP"): they attach, when asked, to the one cluster they fit, and stand alone while
that is ambiguous. A lone first name ("Hillary") never attaches.
A cluster's id is the hash of its canonical key (the key seen in most articles, ties lexicographic), so
it is the same for the same set of articles; ``renames`` tells the store which ids moved.
Corrections are data ({"op": "merge"|"split", ...} by name key) and are re-applied to later articles.
"""
from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Callable

from ..records import Entity, entity_key, short_hash
from .entity_corrections import Corrections, NodeId
from .entity_state import NodeState, _most_attested, _Node, _seen, node_block
from .names import (given_compatible, initials, is_first_name, lexicon, name_key, node_key, surname_block,
                    surname_match)

# a bare surname shared by several people goes to one of them only if it has DOMINANCE times the articles
# of all the others together ("Trump" in 2016 news); None = never (strictly unambiguous names only)
DOMINANCE: float | None = 5.0
DOMINANCE_MIN = 3


@functools.lru_cache(maxsize=65536)
def country_name(name: str) -> str | None:
    """The one country a place name denotes in the gazetteer ("U.S.", "America", "Burma"), else None: also
    when the name is a state or province as well (Georgia) or the gazetteer is not available."""
    try:
        from .gazetteer import get_gazetteer

        entries = get_gazetteer().entries(name)
    except Exception:  # noqa: BLE001 - no usable gazetteer: names stay as written
        return None
    countries = {c.name for c, _alt in entries if c.feature == "country"}
    if len(countries) != 1 or any(c.feature == "admin1" for c, _alt in entries):
        return None
    return next(iter(countries))


class EntityResolver(Corrections, NodeState):
    def __init__(self, corrections: list[dict] | None = None, place_context: bool = True) -> None:
        self.nodes: dict[NodeId, _Node] = {}
        self.edges: dict[NodeId, dict[NodeId, str]] = {}
        self.comp: dict[NodeId, NodeId] = {}  # node -> component root
        self.members: dict[NodeId, set[NodeId]] = {}
        self.by_surname: dict[tuple[str, str], set[NodeId]] = {}  # (type, surname_block) -> nodes
        self.by_initials: dict[str, set[NodeId]] = {}
        self.corrections: list[dict] = []
        self.isolated: set[NodeId] = set()
        self.merges: dict[NodeId, set[NodeId]] = {}
        self.splits: dict[NodeId, set[NodeId]] = {}  # alias node -> entity nodes it must not attach to
        self.place_context = place_context
        self._ids: dict[NodeId, str] = {}  # last id reported per node, for ``renames``
        self._by_id: dict[str, set[NodeId]] = {}  # the reverse of ``_ids``: a stored cluster's nodes
        self._dirty: set[NodeId] = set()  # nodes whose id may have moved since the last ``renames``
        self._touched: set[NodeId] = set()  # nodes added or updated since the last ``changes``
        self._attached: dict[NodeId, Any] = {}  # ``_attach`` results until the next change of state
        self._seen: dict[NodeId, set[str]] = {}  # articles added per node by this resolver (counted once each)
        # distinct articles of a cluster's nodes, when they were not all added here (a store's loaded nodes)
        self.count_articles: Callable[[list[NodeId]], int] | None = None
        for c in corrections or ():
            self._apply(c)

    # -- ingest -------------------------------------------------------------------------------
    def add(self, article_entities: list[Entity], article_id: str,
            published: str | None = None) -> list[tuple[str, str, str]]:
        """Resolve one article's entities: [(local entity id, global entity id, reason)]."""
        out = []
        for local, nid, reason in self.add_nodes(article_entities, article_id, published):
            gid, why = self._resolve(nid)
            out.append((local, gid, why or reason))
        return out

    def add_nodes(self, article_entities: list[Entity], article_id: str,
                  published: str | None = None) -> list[tuple[str, NodeId, str]]:
        """Add one article's entities without resolving them yet: [(local entity id, node, reason)].
        A store records each in-article entity's node; node ids come from ``changes`` after a batch."""
        senses = self._place_senses(article_entities) if self.place_context else {}
        return [(e.id, *self._add_one(e, article_id, published, self._sense(e, senses))) for e in article_entities]

    def _sense(self, e: Entity, senses: dict[str, str]) -> str | None:
        """The place sense of an ambiguous name ("US" for Georgia near Atlanta), or "=Country" for a name the
        gazetteer knows as one country only ("U.S.", "America", "Britain"): spellings of a country are one node."""
        sense = senses.get(e.id)
        if sense or not self.place_context or e.type not in ("GPE", "LOC"):
            return sense
        country = country_name(e.name)
        return "=" + country if country else None

    def node_ids(self, article_entities: list[Entity]) -> list[tuple[NodeId, str]]:
        """The nodes one article's entities go to, with their blocks, without adding anything: what a store
        loads before ``add_nodes`` (the blocks, see ``node_block``)."""
        senses = self._place_senses(article_entities) if self.place_context else {}
        out = []
        for e in article_entities:
            nid, given, surname = self._identity(e, self._sense(e, senses))
            out.append((nid, node_block(e.type, nid[1], surname)))
        return out

    @staticmethod
    def _identity(e: Entity, sense: str | None) -> tuple[NodeId, tuple[str, ...], str]:
        if sense and sense.startswith("="):  # a country: its gazetteer name is the key ("U.S." = "United States")
            return (e.type, node_key(sense[1:], e.type)[0]), (), ""
        key, given, surname = node_key(e.name, e.type)
        if not key:
            key = e.name.casefold()
        if sense:
            key = f"{key}@{sense}"  # Georgia@US vs Georgia@GE
        return (e.type, key), given, surname

    def _add_one(self, e: Entity, article_id: str, published: str | None, sense: str | None):
        nid, given, surname = self._identity(e, sense)
        key = nid[1]
        node = self.nodes.get(nid)
        reason = "new entity"
        if node is not None:
            self.read_full([nid])  # its forms are read and added to below
            seen = {entity_key(f) for f in node.forms}
            reason = "same name" if entity_key(e.name) in seen else f"same key after romanisation: {key}"
        if node is None:
            node = self.nodes[nid] = _Node(e.type, key, given, surname)
            node.given_only = e.type == "PERSON" and not given and " " not in key and is_first_name(e.name)
            self.comp[nid] = nid
            self.members[nid] = {nid}
            self.edges[nid] = {}
            self._index_and_link(node, nid)
        self._attached.clear()  # forms and counts below change names and dominance
        if e.name.replace(".", "").isupper() and " " not in e.name.strip():
            node.upper = True
        node.forms[e.name] += 1
        for a in e.aliases:
            node.forms[a] += 0  # seen, not counted towards the canonical form
        self._touched.add(nid)
        seen = self._seen.setdefault(nid, set())
        if article_id not in seen:
            self._touch(nid)  # counts decide canonical keys and dominance
            seen.add(article_id)
            node.articles += 1
            node.mentions += e.mentions or 1
            self._attrs(node, e.attributes or {}, article_id, published)
        return nid, reason

    @staticmethod
    def _attrs(node: _Node, attrs: dict, article_id: str, published: str | None) -> None:
        for kind, v in attrs.items():
            vals = v if isinstance(v, list) else [v]
            for x in vals:
                if x not in (None, "", []):
                    x = x if isinstance(x, (str, int, float)) else str(x)
                    _seen(node.attrs.setdefault(kind, {}), x, published or "", article_id, 1)

    def _index_and_link(self, node: _Node, nid: NodeId) -> None:
        self._attached.clear()
        if node.type == "PERSON" and node.surname:
            blk = self.by_surname.setdefault((node.type, surname_block(node.surname)), set())
            if not node.partial and nid not in self.isolated:
                for other in sorted(blk):
                    o = self.nodes[other]
                    if o.partial or other in self.isolated or not surname_match(node.surname, o.surname):
                        continue
                    ok, why = given_compatible(node.given, o.given)
                    if ok:
                        self._link(nid, other, "same key after romanisation" if why == "same given name"
                                   and node.surname != o.surname else why)
            blk.add(nid)
        elif node.type == "ORG":
            ini = initials(node.key)
            if ini:
                self.by_initials.setdefault(ini, set()).add(nid)
        for other in sorted(self.merges.get(nid, ())):
            if other in self.nodes:
                self._link(nid, other, "user merge")

    def _touch(self, nid: NodeId) -> None:
        """Mark the nodes whose global id a change at ``nid`` can move: its cluster, and partial names
        that may attach to it (same surname or initials)."""
        self._attached.clear()
        for m in self.members[self.comp[nid]]:
            self._dirty.add(m)
            node = self.nodes[m]
            if node.type == "PERSON":
                for o in self.by_surname.get((node.type, surname_block(node.surname)), ()):
                    other = self.nodes[o]
                    if other.partial and surname_match(other.surname, node.surname):
                        self._dirty.add(o)
            elif (ini := initials(node.key)) and ("ORG", ini) in self.nodes:
                self._dirty.add(("ORG", ini))

    def _link(self, a: NodeId, b: NodeId, reason: str) -> None:
        self._touch(a)
        self._touch(b)
        self.edges[a][b] = self.edges[b][a] = reason
        ra, rb = self.comp[a], self.comp[b]
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        for m in self.members.pop(rb):
            self.comp[m] = ra
            self.members[ra].add(m)

    # -- resolution ---------------------------------------------------------------------------
    def _attach(self, nid: NodeId) -> tuple[NodeId, str] | None:
        """The one full-name component a partial node fits, with the reason; None if none or several."""
        if nid in self._attached:
            return self._attached[nid]
        found = self._attached[nid] = self._find_attachment(nid)
        return found

    def _find_attachment(self, nid: NodeId) -> tuple[NodeId, str] | None:
        node = self.nodes[nid]
        if not node.partial or nid in self.isolated or node.given_only:
            return None
        roots: dict[NodeId, NodeId] = {}
        if node.acronym:
            for other in self.by_initials.get(node.key, ()):
                if not self.nodes[other].partial and other not in self.isolated:
                    roots.setdefault(self.comp[other], other)
            why = "acronym of {}"
        else:
            for other in self.by_surname.get((node.type, surname_block(node.surname)), ()):
                o = self.nodes[other]
                if o.partial or not surname_match(node.surname, o.surname) or not given_compatible(node.given, o.given)[0]:
                    continue
                roots.setdefault(self.comp[other], other)
            why = "surname of {}"
        if not roots:
            return None
        root = min(roots)
        if len(roots) > 1:  # several people of that name: only a clearly dominant one takes the bare name
            size = {r: sum(self.nodes[m].articles for m in self.members[r]) for r in roots}
            root = min(size, key=lambda r: (-size[r], r))
            rest = sum(size.values()) - size[root]
            if DOMINANCE is None or size[root] < DOMINANCE_MIN or size[root] < DOMINANCE * rest:
                return None
            why += f" (dominant: {size[root]} articles vs {rest})"
        if any(self.comp.get(e) == root for e in self.splits.get(nid, ())):
            return None
        return root, why.format(self._name(root))

    def _canonical(self, root: NodeId) -> NodeId:
        return min(self.members[root], key=lambda n: (self.nodes[n].partial, -self.nodes[n].articles, n[1]))

    def _name(self, root: NodeId, members=None) -> str:
        """Display name: the most frequent full form (a bare surname only if there is nothing else)."""
        members = members or self.members[root]
        full = [m for m in members if not self.nodes[m].partial] or list(members)
        self.read_full(full)
        forms: Counter = Counter()
        for m in full:
            forms.update(self.nodes[m].forms)
        return min(forms, key=lambda f: (-forms[f], f)) if forms else root[1]

    def _resolve(self, nid: NodeId) -> tuple[str, str]:
        att = self._attach(nid)
        root, why = att if att else (self.comp[nid], "")
        canon = self._canonical(root)
        if not why and canon != nid:
            why = self.edges[nid].get(canon) or next(iter(self.edges[nid].values()), "")
        return short_hash("entity", canon[0], canon[1]), why

    def global_id(self, type_: str, name: str) -> str | None:
        key = node_key(name, type_)[0]
        nid = (type_, key)
        return self._resolve(nid)[0] if nid in self.nodes else None

    def mapping(self) -> dict[NodeId, str]:
        """Every node's current global id (order-independent once all articles are in)."""
        return {nid: self._resolve(nid)[0] for nid in sorted(self.nodes)}

    def renames(self) -> dict[NodeId, tuple[str | None, str]]:
        """Nodes whose global id changed (or that are new) since the last call: {node: (old id, new id)}.
        Only nodes touched since then are checked, so a store can call it after every batch."""
        out = {}
        for nid in sorted(self._dirty):
            gid = self._resolve(nid)[0]
            old = self._ids.get(nid)
            if old != gid:
                out[nid] = (old, gid)
                self._ids[nid] = gid
                if old is not None:
                    self._by_id[old].discard(nid)
                    if not self._by_id[old]:
                        del self._by_id[old]
                self._by_id.setdefault(gid, set()).add(nid)
        self._dirty.clear()
        return out

    def reported_id(self, nid: NodeId) -> str | None:
        """The global id ``renames`` last reported for a node (what a store holds for it)."""
        return self._ids.get(nid)

    def unsettled(self, partial: bool = False) -> set[NodeId]:
        """Nodes whose id the next ``renames`` re-checks (their clusters' records may change too);
        ``partial``: only the partial names among them (their attachment reasons carry article counts)."""
        return {n for n in self._dirty if self.nodes[n].partial} if partial else set(self._dirty)

    def nodes_of(self, gid: str) -> list[NodeId]:
        """The nodes of a global id as of the last ``renames``/``changes`` (empty: the id is gone)."""
        return sorted(self._by_id.get(gid, ()))

    def record(self, gid: str) -> dict[str, Any] | None:
        """The exported cluster of one global id (as in ``clusters``), from the nodes ``renames`` gave
        it: what a store rewrites for each id a batch touched. None when the id has no nodes left."""
        nids = self.nodes_of(gid)
        return self._cluster(gid, nids) if nids else None

    def changes(self) -> dict[str, Any]:
        """What a store must write after a batch: the node records added or updated (rows of ``state``)
        and the id moves (``renames``)."""
        self.read_full(self._touched)
        nodes = [self._node_state(self.nodes[n]) for n in sorted(self._touched)]
        self._touched.clear()
        return {"nodes": nodes, "renames": self.renames()}

    def clusters(self) -> list[dict[str, Any]]:
        """Exported clusters, sorted by id: name, aliases, attributes with provenance, merge reasons."""
        groups: dict[str, list[NodeId]] = {}
        for nid, gid in self.mapping().items():
            groups.setdefault(gid, []).append(nid)
        return [self._cluster(gid, nids) for gid, nids in sorted(groups.items())]

    def _cluster(self, gid: str, nids: list[NodeId]) -> dict[str, Any]:
        forms: Counter = Counter()
        arts, mentions, attrs, reasons = set(), 0, {}, set()
        self.read_full(nids)
        for n in nids:
            node = self.nodes[n]
            forms.update(node.forms)
            arts |= self._seen.get(n, set())
            mentions += node.mentions
            for kind, vals in node.attrs.items():
                into = attrs.setdefault(kind, {})
                for v, (d, a, k) in vals.items():
                    _seen(into, v, d, a, k)
            reasons.update(f"{min(n[1], m[1])} ~ {max(n[1], m[1])}: {r}" for m, r in self.edges[n].items())
            att = self._attach(n)
            if att:
                reasons.add(f"{n[1]}: {att[1]}")
        name = self._name(nids[0], nids)  # most frequent full form, ties lexicographic
        return {"id": gid, "name": name, "type": nids[0][0], "keys": sorted(n[1] for n in nids),
                "aliases": sorted(f for f in forms if f != name), "articles": self._article_count(nids, arts),
                "mentions": mentions, "reasons": sorted(reasons),
                "attributes": {kind: [{"value": v, "article_id": a, "date": d or None, "articles": k}
                                      for v, (d, a, k) in sorted(vals.items(), key=_most_attested)]
                               for kind, vals in sorted(attrs.items())}}

    def _article_count(self, nids: list[NodeId], arts: set[str]) -> int:
        """Distinct articles naming a cluster: from the ids this resolver added when it added them all, else
        from the store (``count_articles``), else the sum of its names' counts (an upper bound)."""
        if all(len(self._seen.get(n, ())) == self.nodes[n].articles for n in nids):
            return len(arts)
        if self.count_articles is not None:
            return self.count_articles(nids)
        return sum(self.nodes[n].articles for n in nids)

    # -- context ------------------------------------------------------------------------------
    def _place_senses(self, ents: list[Entity]) -> dict[str, str]:
        """Ambiguous place names (Georgia) -> the sense the article's other places vote for."""
        amb = {name_key(k, "GPE"): v for k, v in lexicon().get("ambiguous_places", {}).items() if not k.startswith("_")}
        todo = [e for e in ents if e.type in ("GPE", "LOC") and name_key(e.name, e.type) in amb]
        if not todo:
            return {}
        votes: Counter = Counter()
        try:
            from .gazetteer import get_gazetteer  # only articles naming an ambiguous place pay for it

            gaz = get_gazetteer()
            for e in ents:
                if e.type in ("GPE", "LOC") and e not in todo:
                    c = gaz.lookup(e.name)
                    if c and c[0].country_code:
                        votes[c[0].country_code] += 2 if c[0].feature == "country" else 1
        except Exception:  # noqa: BLE001 - no usable gazetteer: the place keeps its plain key
            return {}
        out = {}
        for e in todo:
            senses = amb[name_key(e.name, e.type)]
            best = max(senses, key=lambda s: (votes[s], -senses.index(s)))
            if votes[best]:
                out[e.id] = best
        return out
