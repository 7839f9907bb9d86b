"""User corrections of the entity record: a merge ("these two are one") or a split ("this name is not that
entity"), by id or name. Corrections are data ({"op": "merge"|"split", ...} by name key): a store keeps them
and every resolver applies them to the nodes it holds, so they survive re-ingest."""
from __future__ import annotations

import re

from .names import node_key

NodeId = tuple[str, str]  # (type, key)


class Corrections:
    """The corrections part of ``entities.EntityResolver`` (its node and component state are the resolver's)."""

    def _nid(self, entity: str, type_: str | None) -> NodeId:
        """The canonical node of a global id (a scan: corrections are rare), else the node of a name."""
        if re.fullmatch(r"[0-9a-f]{16}", entity):
            for nid in sorted(self.nodes):
                if (type_ is None or nid[0] == type_) and self._resolve(nid)[0] == entity:
                    att = self._attach(nid)
                    return self._canonical(att[0] if att else self.comp[nid])
        t = type_ or "PERSON"
        return t, node_key(entity, t)[0]

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
        na = (ne[0], node_key(alias, ne[0])[0])
        if na == ne:
            raise ValueError(f"{alias!r} has the entity's own key {ne[1]!r}: spellings of one key cannot be split")
        rule = {"op": "split", "type": ne[0], "entity": ne[1], "alias": na[1]}
        self._apply(rule)
        return rule

    def _apply(self, rule: dict) -> None:
        if rule in self.corrections:
            return
        self._attached.clear()
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
            self.splits.setdefault(alias, set()).add((t, rule["entity"]))
            if alias in self.nodes:
                self._cut(alias)
        else:
            raise ValueError(f"unknown correction {rule!r}")

    def _cut(self, nid: NodeId) -> None:
        """Drop the automatic edges of a node and recompute its old component (a BFS over it only)."""
        for other, r in list(self.edges[nid].items()):
            if r != "user merge":
                del self.edges[nid][other], self.edges[other][nid]
        self._touch(nid)
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
        self._attached.clear()

