"""Entity nodes and their stored form: what a store keeps per distinct (type, name key), and how a resolver
is rebuilt from it.

A node's identity (key, given names, surname, acronym flag, article count) is what the resolution rules read
for every node of a block; what was seen of the name (its written forms, attributes, mentions) is read only
for the nodes a step adds to or whose cluster record it rewrites. A store therefore loads *light* rows for a
block (``LIGHT`` fields) and gives the resolver a loader (``load_heavy``) for the rest, fetched on first use:
the resolver's memory follows the nodes a step touches, not the size of the blocks it reads.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable

from .entity_corrections import NodeId
from .names import initials, surname_block

def node_block(type_: str, key: str, surname: str) -> str:
    """The block a node is resolved within: every rule that relates two nodes (a link, an attachment, a
    touch) looks inside one block only, so a store can load the blocks a batch of articles touches and
    resolve them exactly as a resolver holding every node would. Persons by surname (``surname_block``),
    organisations by their initials (an acronym and the long forms it may stand for), anything else alone."""
    if type_ == "PERSON" and surname:
        return "P:" + surname_block(surname)
    if type_ == "ORG":
        return "I:" + (initials(key) or key)
    return f"K:{type_}:{key}"


_UNREAD = MappingProxyType({})  # a light node's forms and attrs until read: shared, and writing to it fails
LIGHT = ("type", "key", "block", "given", "surname", "upper", "given_only", "articles")


@dataclass(slots=True)
class _Node:
    type: str
    key: str
    given: tuple[str, ...] = ()
    surname: str = ""
    upper: bool = False  # seen written as an acronym ("EU")
    given_only: bool = False  # a lone first name ("Hillary", "Kim"): never attached to anyone
    forms: Counter = field(default_factory=Counter)
    articles: int = 0  # articles naming it (a count: the ids are in the store's article_entities, not here)
    mentions: int = 0
    # kind -> {value: (date, article) where it was first seen, articles giving it}: the first source per value,
    # not every one, so a node's state stays the size of what is known of the name, not of its coverage
    attrs: dict = field(default_factory=dict)
    light: bool = False  # forms, mentions and attrs not loaded yet (``NodeState.read_full``)

    @property
    def partial(self) -> bool:
        """A bare surname, an initial or an acronym: attaches only when unambiguous, never links (links
        from partial names would chain Alexander and Viktor Lukashenko, or every "AP" long form)."""
        if self.type == "PERSON":
            return not self.given or len(self.given[0]) == 1
        return self.acronym

    @property
    def acronym(self) -> bool:
        return self.type == "ORG" and self.upper and 2 <= len(self.key) <= 6 and self.key.isalnum()


def _seen(vals: dict, value, date: str, article: str, n: int) -> None:
    """Count ``n`` more articles giving ``value``; keep its earliest source (dated before undated, then by
    date and article id: the same whatever order articles come in)."""
    old = vals.get(value)
    if old is None:
        vals[value] = (date, article, n)
        return
    first = min((old[0], old[1]), (date, article), key=lambda t: (not t[0], t[0], t[1]))
    vals[value] = (*first, old[2] + n)


def _most_attested(item) -> tuple:
    value, (date, article, n) = item
    return -n, not date, date, article, str(value)


def _attrs_of(stored: dict) -> dict:
    """Node attributes from their stored form: [value, article, date, articles] rows."""
    out: dict = {}
    for kind, rows in stored.items():
        vals = out.setdefault(kind, {})
        for row in rows:
            _seen(vals, row[0], row[2], row[1], row[3] if len(row) > 3 else 1)
    return out


class NodeState:
    """The persistence part of ``entities.EntityResolver``: node states out, a resolver back in."""

    nodes: dict[NodeId, _Node]
    # (type, key) ids -> their full stored states; set by a store that loaded light rows (``LIGHT``)
    load_heavy: Callable[[list[NodeId]], list[dict[str, Any]]] | None = None

    def read_full(self, nids) -> None:
        """Load what was seen of these nodes' names, where only their identity was loaded."""
        todo = sorted(n for n in nids if self.nodes[n].light)
        if not todo:
            return
        if self.load_heavy is None:
            raise RuntimeError(f"{len(todo)} entity nodes were loaded light without a loader")
        for d in self.load_heavy(todo):
            node = self.nodes.get((d["type"], d["key"]))
            if node is not None and node.light:
                node.forms, node.mentions, node.attrs = Counter(d["forms"]), d["mentions"], _attrs_of(d["attrs"])
                node.light = False

    def state(self) -> dict[str, Any]:
        """Everything needed to rebuild the resolver: nodes (one per distinct name) and corrections."""
        self.read_full(list(self.nodes))
        return {"corrections": list(self.corrections), "nodes": [self._node_state(n) for n in self.nodes.values()]}

    @staticmethod
    def _node_state(n: _Node) -> dict[str, Any]:
        assert not n.light, n.key  # a light node's state would lose its forms: read_full first
        return {"type": n.type, "key": n.key, "block": node_block(n.type, n.key, n.surname),
                "forms": dict(n.forms), "articles": n.articles,
                "mentions": n.mentions, "upper": n.upper, "given_only": n.given_only,
                "attrs": {kind: sorted([[v, a, d, k] for v, (d, a, k) in vals.items()], key=str)
                          for kind, vals in n.attrs.items()},
                "given": list(n.given), "surname": n.surname}

    @classmethod
    def from_state(cls, state: dict[str, Any], ids: dict[NodeId, str] | None = None,
                   load_heavy: Callable[[list[NodeId]], list[dict[str, Any]]] | None = None):
        """The resolver of ``state`` (full node states, or light rows with ``load_heavy``). With ``ids``
        (every node's global id as a store last wrote it, from the same state) nothing counts as changed:
        ``changes`` then gives only what follows."""
        r = cls(state.get("corrections"))
        r.load_heavy = load_heavy
        for d in sorted(state["nodes"], key=lambda d: (d["type"], d["key"])):
            r._load_node(d)
        if ids is not None:
            r._ids = {n: ids[n] for n in r.nodes if n in ids}
            for n, gid in r._ids.items():
                r._by_id.setdefault(gid, set()).add(n)
            r._dirty = {n for n in r.nodes if n not in r._ids}
            r._touched.clear()
        return r

    def _load_node(self, d: dict[str, Any]) -> NodeId:
        nid = (d["type"], d["key"])
        node = self.nodes.get(nid)
        arts = d["articles"]
        fields = dict(upper=bool(d["upper"]), given_only=bool(d.get("given_only")),
                      articles=arts if isinstance(arts, int) else len(arts))
        if "forms" in d:
            fields.update(forms=Counter(d["forms"]), mentions=d["mentions"], attrs=_attrs_of(d["attrs"]), light=False)
        else:
            fields.update(light=True, forms=_UNREAD, attrs=_UNREAD)
        if node is None:
            node = self.nodes[nid] = _Node(d["type"], d["key"], tuple(d["given"]), d["surname"], **fields)
            self.comp[nid], self.members[nid], self.edges[nid] = nid, {nid}, {}
            self._index_and_link(node, nid)
        else:  # a name's identity (key, given name, surname) never changes: only what was seen of it
            for k, v in fields.items():
                setattr(node, k, v)
            self._attached.clear()
        return nid
