"""The store interface: one small contract, real backends behind it (SQLite now, PostgreSQL later).

Extractors never see the store; the store never imports an extractor. Everything written for one
batch of articles goes in one transaction, so a crash leaves each article stored whole or not at all.
"""
from __future__ import annotations

import abc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..records import Extraction

EXPORT_KINDS = ("articles", "quotes", "events", "entities")


@dataclass
class EventFilter:
    type: str | None = None
    since: str | None = None
    until: str | None = None
    country: str | None = None
    actor: str | None = None
    status: str | None = None
    limit: int = 1000
    offset: int = 0


@dataclass
class QuoteFilter:
    speaker: str | None = None
    article_id: str | None = None
    kind: str | None = None
    limit: int = 1000
    offset: int = 0


@dataclass
class WriteResult:
    new: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def event_where(flt: EventFilter, ph: str = "?", like: str = "LIKE") -> tuple[str, list[Any]]:
    """The WHERE clause of an event filter over the flat ``events`` columns, parameterised with
    placeholder ``ph``: one definition for every backend. The actor is matched as a substring."""
    where, args = [], []
    for col, val in (("type", flt.type and flt.type.upper()), ("country_code", flt.country and flt.country.upper()),
                     ("status", flt.status)):
        if val:
            where.append(f"{col} = {ph}")
            args.append(val)
    if flt.since:
        where.append(f"date_start >= {ph}")
        args.append(flt.since)
    if flt.until:
        where.append(f"date_start <= {ph}")
        args.append(flt.until)
    if flt.actor:
        where.append(f"actors {like} {ph} ESCAPE '\\'")
        args.append("%" + re.sub(r"([%_\\])", r"\\\1", flt.actor) + "%")
    return (" WHERE " + " AND ".join(where)) if where else "", args


def quote_row(r) -> dict[str, Any]:
    """A stored quote row in its exported shape (docs/schema.md)."""
    speaker = None
    if r["speaker_text"] is not None or r["speaker_name"] is not None:
        speaker = {"text": r["speaker_text"], "name": r["speaker_name"], "entity_id": r["speaker_entity_id"]}
    return {"id": r["id"], "article_id": r["article_id"], "text": r["text"], "kind": r["kind"],
            "cue": r["cue"], "start": r["start"], "end": r["end"], "speaker": speaker}


class Store(abc.ABC):
    """What the pipeline, exports, CLI and web app need from a backend."""

    url: str

    # -- writing -------------------------------------------------------------------------
    @abc.abstractmethod
    def known(self, article_ids: Iterable[str]) -> set[str]:
        """The subset of ``article_ids`` already stored (resume and idempotence)."""

    @abc.abstractmethod
    def write(self, batch: list[Extraction]) -> WriteResult:
        """Store a batch atomically; an article already stored is left untouched."""

    @abc.abstractmethod
    def record_failure(self, source: str, reason: str) -> None:
        """Keep a failed input with its reason (``kronika failures``)."""

    # -- reading -------------------------------------------------------------------------
    @abc.abstractmethod
    def article(self, id_or_prefix: str) -> dict[str, Any] | None: ...

    @abc.abstractmethod
    def articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over articles: id, title, published, snippet, rank."""

    @abc.abstractmethod
    def quotes(self, flt: QuoteFilter) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def events(self, flt: EventFilter) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def export_rows(self, kind: str) -> Iterator[dict[str, Any]]:
        """Every record of ``kind`` in its exported shape (docs/schema.md), streamed."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]: ...

    @abc.abstractmethod
    def failures(self, limit: int = 100) -> list[dict[str, Any]]: ...

    # -- cross-article resolution ----------------------------------------------------------
    @abc.abstractmethod
    def article_entities(self) -> Iterator[tuple[str, str | None, list[dict[str, Any]]]]:
        """(article id, published, [entity dicts]) per article, in id order: what resolution replays."""

    @abc.abstractmethod
    def corrections(self) -> list[dict[str, Any]]:
        """The user's entity merges and splits, oldest first."""

    @abc.abstractmethod
    def add_correction(self, rule: dict[str, Any]) -> None: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class StoreError(Exception):
    """A store that cannot be opened or used, with the reason."""


def open_store(url: str | None = None) -> Store:
    """``kronika.db`` by default; a path or ``sqlite:///path`` gives SQLite; ``postgresql://…`` PostgreSQL."""
    url = url or "kronika.db"
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(url)
    from .sqlite import SQLiteStore

    return SQLiteStore(url.removeprefix("sqlite:///"))
