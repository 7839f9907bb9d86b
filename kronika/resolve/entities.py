"""Cross-article entities: incremental, order-independent clustering of in-article entities.

Every distinct (type, name key) is a node. Two nodes are linked by a pairwise rule that depends only on
the two names (``names.same_name`` for persons with given names, acronyms for organisations) or by a user
merge; a cluster is a connected component, so any ingest order gives the same clusters. Partial names (a
bare surname, an initial) are never linked, because they would chain Alexander and Viktor Lukashenko:
they attach, when asked, to the one cluster they fit, and stand alone while that is ambiguous.
A cluster's id is the hash of its canonical key (the key seen in most articles, ties lexicographic), so
it is the same for the same set of articles; ``renames`` tells the store which ids moved.
Corrections are data ({"op": "merge"|"split", ...} by name key) and are re-applied to later articles.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..records import Entity, entity_key, short_hash
from .names import _fold_tokens, given_compatible, lexicon, name_key, person_keys, surname_match

NodeId = tuple[str, str]  # (type, key)


@dataclass
class _Node:
    type: str
    key: str
    given: tuple[str, ...] = ()
    surname: str = ""
    upper: bool = False  # seen written as an acronym ("EU")
    forms: Counter = field(default_factory=Counter)
    articles: set = field(default_factory=set)
    mentions: int = 0
    attrs: dict = field(default_factory=dict)  # kind -> {(value, article, date)}

    @property
    def partial(self) -> bool:
        """A bare surname or an initial: attaches only when unambiguous, never links."""
        return self.type == "PERSON" and (not self.given or len(self.given[0]) == 1)


def _node_key(name: str, type_: str) -> tuple[str, tuple[str, ...], str]:
    if type_ != "PERSON":
        return name_key(name, type_), (), ""
    given, surname = person_keys(name)
    gen = [t for t in _fold_tokens(name)[-2:] if t in lexicon()["generations"]]
    key = " ".join(([given[0]] if given else []) + [surname] + gen)  # middle names and initials dropped
    return key, given[:1], surname + ("".join(" " + g for g in gen))


def _initials(key: str) -> str:
    words = [w for w in key.split() if w not in ("of", "the", "and", "for")]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


class EntityResolver:
    def __init__(self, corrections: list[dict] | None = None, place_context: bool = True) -> None:
        self.nodes: dict[NodeId, _Node] = {}
        self.edges: dict[NodeId, dict[NodeId, str]] = {}
        self.comp: dict[NodeId, NodeId] = {}  # node -> component root
        self.members: dict[NodeId, set[NodeId]] = {}
        self.by_surname: dict[tuple[str, str], set[NodeId]] = {}  # (type, surname[:3]) block
        self.by_initials: dict[str, set[NodeId]] = {}
        self.corrections: list[dict] = []
        self.isolated: set[NodeId] = set()
        self.merges: dict[NodeId, set[NodeId]] = {}
        self.place_context = place_context
        self._ids: dict[NodeId, str] = {}  # last id reported per node, for ``renames``
        for c in corrections or ():
            self._apply(c)

    # -- ingest -------------------------------------------------------------------------------
    def add(self, article_entities: list[Entity], article_id: str,
            published: str | None = None) -> list[tuple[str, str, str]]:
        """Resolve one article's entities: [(local entity id, global entity id, reason)]."""
        out = []
        senses = self._place_senses(article_entities) if self.place_context else {}
        for e in article_entities:
            nid, reason = self._add_one(e, article_id, published, senses.get(e.id))
            gid, why = self._resolve(nid)
            out.append((e.id, gid, why or reason))
        return out

    def _add_one(self, e: Entity, article_id: str, published: str | None, sense: str | None):
        key, given, surname = _node_key(e.name, e.type)
        if not key:
            key = e.name.casefold()
        if sense:
            key = f"{key}@{sense}"  # Georgia@US vs Georgia@GE
        nid = (e.type, key)
        node = self.nodes.get(nid)
        reason = "new entity"
        if node is not None:
            seen = {entity_key(f) for f in node.forms}
            reason = "same name" if entity_key(e.name) in seen else f"same key after romanisation: {key}"
        if node is None:
            node = self.nodes[nid] = _Node(e.type, key, given, surname)
            self.comp[nid] = nid
            self.members[nid] = {nid}
            self.edges[nid] = {}
            self._index_and_link(node, nid)
        if e.name.isupper() and " " not in e.name:
            node.upper = True
        node.forms[e.name] += 1
        for a in e.aliases:
            node.forms[a] += 0  # seen, not counted towards the canonical form
        if article_id not in node.articles:
            node.articles.add(article_id)
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
                    node.attrs.setdefault(kind, set()).add((x, article_id, published or ""))

    def _index_and_link(self, node: _Node, nid: NodeId) -> None:
        if node.type == "PERSON" and node.surname:
            blk = self.by_surname.setdefault((node.type, node.surname[:3]), set())
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
            ini = _initials(node.key)
            if ini:
                self.by_initials.setdefault(ini, set()).add(nid)
            for other in sorted(self.by_initials.get(node.key.replace(" ", ""), ())):
                if other != nid and nid not in self.isolated and other not in self.isolated:
                    self._link(nid, other, f"acronym of {other[1]}")
            self._acronym_back(nid)
        for other in sorted(self.merges.get(nid, ())):
            if other in self.nodes:
                self._link(nid, other, "user merge")

    def _acronym_back(self, nid: NodeId) -> None:
        ini = _initials(nid[1])
        cand = ("ORG", ini)
        if ini and cand in self.nodes and cand not in self.isolated and nid not in self.isolated:
            self._link(cand, nid, f"acronym of {nid[1]}")

    def _link(self, a: NodeId, b: NodeId, reason: str) -> None:
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
        node = self.nodes[nid]
        if not node.partial or nid in self.isolated:
            return None
        roots: dict[NodeId, NodeId] = {}
        for other in self.by_surname.get((node.type, node.surname[:3]), ()):
            o = self.nodes[other]
            if o.partial or not surname_match(node.surname, o.surname) or not given_compatible(node.given, o.given)[0]:
                continue
            roots.setdefault(self.comp[other], other)
        if len(roots) != 1:
            return None
        root = next(iter(roots))
        if any(c.get("op") == "split" and (node.type, c["alias"]) == nid and self.comp.get((node.type, c["entity"])) == root
               for c in self.corrections):
            return None
        return root, f"surname of {self._name(root)}"

    def _canonical(self, root: NodeId) -> NodeId:
        return min(self.members[root], key=lambda n: (self.nodes[n].partial, -len(self.nodes[n].articles), n[1]))

    def _name(self, root: NodeId) -> str:
        forms: Counter = Counter()
        for m in self.members[root]:
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
        key = _node_key(name, type_)[0]
        nid = (type_, key)
        return self._resolve(nid)[0] if nid in self.nodes else None

    def mapping(self) -> dict[NodeId, str]:
        """Every node's current global id (order-independent once all articles are in)."""
        return {nid: self._resolve(nid)[0] for nid in sorted(self.nodes)}

    def renames(self) -> dict[NodeId, tuple[str | None, str]]:
        """Nodes whose global id changed since the last call: {node: (old id, new id)}."""
        out = {}
        for nid, gid in self.mapping().items():
            if self._ids.get(nid) != gid:
                out[nid] = (self._ids.get(nid), gid)
                self._ids[nid] = gid
        return out

    def clusters(self) -> list[dict[str, Any]]:
        """Exported clusters, sorted by id: name, aliases, attributes with provenance, merge reasons."""
        groups: dict[str, list[NodeId]] = {}
        for nid, gid in self.mapping().items():
            groups.setdefault(gid, []).append(nid)
        out = []
        for gid, nids in sorted(groups.items()):
            forms: Counter = Counter()
            arts, mentions, attrs, reasons = set(), 0, {}, set()
            for n in nids:
                node = self.nodes[n]
                forms.update(node.forms)
                arts |= node.articles
                mentions += node.mentions
                for kind, vals in node.attrs.items():
                    attrs.setdefault(kind, set()).update(vals)
                reasons.update(f"{min(n[1], m[1])} ~ {max(n[1], m[1])}: {r}" for m, r in self.edges[n].items())
                att = self._attach(n)
                if att:
                    reasons.add(f"{n[1]}: {att[1]}")
            name = min(forms, key=lambda f: (-forms[f], f))  # most frequent form, ties lexicographic
            out.append({"id": gid, "name": name, "type": nids[0][0], "keys": sorted(n[1] for n in nids),
                        "aliases": sorted(f for f in forms if f != name), "articles": len(arts),
                        "mentions": mentions, "reasons": sorted(reasons),
                        "attributes": {k: [{"value": v, "article_id": a, "date": d or None}
                                           for v, a, d in sorted(vals, key=lambda t: (t[2], t[1], str(t[0])))]
                                       for k, vals in sorted(attrs.items())}})
        return out

    # -- corrections --------------------------------------------------------------------------
    def _nid(self, entity: str, type_: str | None) -> NodeId:
        """A node from a global id, a name or a key."""
        for nid in sorted(self.nodes):
            if (type_ is None or nid[0] == type_) and self._resolve(nid)[0] == entity:
                return self._canonical(self.comp[nid]) if not self._attach(nid) else self._canonical(self._attach(nid)[0])
        t = type_ or "PERSON"
        return t, _node_key(entity, t)[0]

    def merge(self, a: str, b: str, type_: str | None = None) -> dict:
        """User correction: a and b (ids or names) are one entity. Returns the rule to persist."""
        na = self._nid(a, type_)
        nb = self._nid(b, type_ or na[0])
        if na == nb:
            raise ValueError(f"{a!r} and {b!r} already have the same key {na[1]!r}")
        rule = {"op": "merge", "type": na[0], "a": na[1], "b": nb[1]}
        self._apply(rule)
        return rule

    def split(self, entity: str, alias: str, type_: str | None = None) -> dict:
        """User correction: ``alias`` (a name) is not ``entity``; it becomes an entity of its own."""
        ne = self._nid(entity, type_)
        na = (ne[0], _node_key(alias, ne[0])[0])
        if na == ne:
            raise ValueError(f"{alias!r} has the entity's own key {ne[1]!r}: spellings of one key cannot be split")
        rule = {"op": "split", "type": ne[0], "entity": ne[1], "alias": na[1]}
        self._apply(rule)
        return rule

    def _apply(self, rule: dict) -> None:
        if rule in self.corrections:
            return
        self.corrections.append(rule)
        t = rule["type"]
        if rule["op"] == "merge":
            a, b = (t, rule["a"]), (t, rule["b"])
            self.merges.setdefault(a, set()).add(b)
            self.merges.setdefault(b, set()).add(a)
            if a in self.nodes and b in self.nodes:
                self._link(a, b, "user merge")
        elif rule["op"] == "split":
            alias = (t, rule["alias"])
            self.isolated.add(alias)
            if alias in self.nodes:
                self._cut(alias)
        else:
            raise ValueError(f"unknown correction {rule!r}")

    def _cut(self, nid: NodeId) -> None:
        """Drop the automatic edges of a node and recompute its old component (a BFS over it only)."""
        for other, r in list(self.edges[nid].items()):
            if r != "user merge":
                del self.edges[nid][other], self.edges[other][nid]
        old = self.members.pop(self.comp[nid])
        seen: set[NodeId] = set()
        for start in sorted(old):
            if start in seen:
                continue
            stack, comp = [start], set()
            while stack:
                n = stack.pop()
                if n in comp:
                    continue
                comp.add(n)
                stack.extend(m for m in self.edges[n] if m not in comp)
            seen |= comp
            root = min(comp)
            self.members[root] = comp
            for n in comp:
                self.comp[n] = root

    # -- context ------------------------------------------------------------------------------
    def _place_senses(self, ents: list[Entity]) -> dict[str, str]:
        """Ambiguous place names (Georgia) -> the sense the article's other places vote for."""
        amb = {name_key(k, "GPE"): v for k, v in lexicon().get("ambiguous_places", {}).items() if not k.startswith("_")}
        todo = [e for e in ents if e.type in ("GPE", "LOC") and name_key(e.name, e.type) in amb]
        if not todo:
            return {}
        from .gazetteer import get_gazetteer  # only articles naming an ambiguous place pay for it

        gaz = get_gazetteer()
        votes: Counter = Counter()
        for e in ents:
            if e.type in ("GPE", "LOC") and e not in todo:
                c = gaz.lookup(e.name)
                if c and c[0].country_code:
                    votes[c[0].country_code] += 1
                    if c[0].feature == "country":
                        votes[c[0].country_code] += 1
        out = {}
        for e in todo:
            senses = amb[name_key(e.name, e.type)]
            best = max(senses, key=lambda s: (votes[s], -senses.index(s)))
            if votes[best]:
                out[e.id] = best
        return out

    # -- persistence --------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Everything needed to rebuild the resolver: nodes (one per distinct name) and corrections."""
        return {"corrections": list(self.corrections), "nodes": [
            {"type": n.type, "key": n.key, "forms": dict(n.forms), "articles": sorted(n.articles),
             "mentions": n.mentions, "upper": n.upper,
             "attrs": {k: sorted([list(t) for t in v], key=str) for k, v in n.attrs.items()},
             "given": list(n.given), "surname": n.surname} for n in self.nodes.values()]}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> EntityResolver:
        r = cls(state.get("corrections"))
        for d in sorted(state["nodes"], key=lambda d: (d["type"], d["key"])):
            nid = (d["type"], d["key"])
            node = r.nodes[nid] = _Node(d["type"], d["key"], tuple(d["given"]), d["surname"], d["upper"],
                                        Counter(d["forms"]), set(d["articles"]), d["mentions"],
                                        {k: {tuple(t) for t in v} for k, v in d["attrs"].items()})
            r.comp[nid], r.members[nid], r.edges[nid] = nid, {nid}, {}
            r._index_and_link(node, nid)
        return r
