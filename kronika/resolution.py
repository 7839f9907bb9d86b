"""The record across articles: one entity per real person or place, one event per real event.

Built from a store by feeding its per-article entities and its event reports to the incremental
resolvers in ``resolve/`` (with the user's stored corrections applied first). Both resolvers are
order-independent, so the result does not depend on the order the articles were ingested in.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .records import Entity
from .resolve.entities import EntityResolver
from .resolve.events import EventClusterer
from .resolve.names import name_key


@dataclass
class Resolution:
    entities: EntityResolver
    events: EventClusterer
    # global entity id -> the in-article entity ids it gathers (quotes and events point at those)
    local_ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, local id) -> reason

    def clusters(self) -> list[dict[str, Any]]:
        return self.entities.clusters()

    def find_entity(self, name: str) -> dict[str, Any] | None:
        """The cluster named ``name``: an id, a name or alias in any romanisation, or a part of one
        ("Tsikhanouskaya" finds Svetlana Tikhanovskaya); the most mentioned cluster wins."""
        key = name_key(name)
        words = set(key.split())
        if not words:
            return None
        exact, partial = [], []
        for c in self.entities.clusters():
            keys = {k.split("@")[0] for k in c["keys"]} | {name_key(a) for a in [c["name"], *c["aliases"]]}
            if c["id"] == name or key in keys:
                exact.append(c)
            elif any(words <= set(k.split()) for k in keys):
                partial.append(c)
        hits = exact or partial
        return max(hits, key=lambda c: (c["mentions"], c["articles"], c["id"])) if hits else None


def resolve_store(store, with_events: bool = True) -> Resolution:
    res = Resolution(EntityResolver(store.corrections()), EventClusterer())
    for article_id, published, ents in store.article_entities():
        for local, gid, why in res.entities.add([Entity.from_dict(e) for e in ents], article_id, published):
            res.reasons[(article_id, local)] = why
    # ids are final only once every article is in: map local -> global afterwards
    for article_id, _, ents in store.article_entities():
        for e in ents:
            gid = res.entities.global_id(e["type"], e["name"])
            if gid:
                res.local_ids[gid].add(e["id"])
    if with_events:
        for ev in store.export_rows("events"):
            res.events.add(ev)
    return res


def timeline(res: Resolution, *, country: str | None = None, entity: str | None = None,
             since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Event clusters with a day date, filtered, oldest first."""
    wanted: set[str] | None = None
    if entity:
        c = res.find_entity(entity)
        wanted = res.local_ids.get(c["id"], set()) if c else set()
    out = []
    for c in res.events.clusters():
        d = (c.get("date") or {}).get("start")
        if not d or (since and d < since) or (until and d > until):
            continue
        if country:
            cc = (c.get("location") or {}).get("country_code")
            if cc != country.upper() and not any(a.get("country") == country.upper() for a in c["actors"]):
                continue
        if wanted is not None and not any(a.get("entity_id") in wanted for a in c["actors"] + c["recipients"]):
            continue
        out.append(c)
    return sorted(out, key=lambda c: (c["date"]["start"], c["type"], c["id"]))
