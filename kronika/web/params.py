"""Query parameters shared by pages and API: parsed, checked, and refused with a clear 400."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fastapi import HTTPException, Query

from ..records import EVENT_STATUSES, PLOVER_TYPES
from ..store.base import EventFilter

HEX_ID = re.compile(r"[0-9a-f]{4,64}")
COUNTRY = re.compile(r"[A-Za-z]{2}")
MAX_TEXT_PARAM = 200


def bad(msg: str) -> HTTPException:
    return HTTPException(status_code=400, detail=msg)


def _day(name: str, value: str | None) -> str | None:
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise bad(f"{name}: expected a date as YYYY-MM-DD, got {value[:40]!r}")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise bad(f"{name}: {value!r} is not a valid calendar date") from None


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_TEXT_PARAM:
        raise bad(f"{name}: at most {MAX_TEXT_PARAM} characters")
    if "\x00" in value:
        raise bad(f"{name}: contains a NUL character")
    return value or None


@dataclass
class EventQuery:
    type: str | None = None
    country: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None

    def filter(self, limit: int = 1000, offset: int = 0) -> EventFilter:
        return EventFilter(type=self.type, since=self.since, until=self.until, country=self.country,
                           actor=self.actor, status=self.status, limit=limit, offset=offset)

    def params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def event_query(
    type: str | None = Query(None, description="PLOVER type: " + ", ".join(PLOVER_TYPES)),
    country: str | None = Query(None, description="ISO 3166-1 alpha-2 country code of the event's place"),
    actor: str | None = Query(None, description="words contained in an actor's or recipient's name"),
    since: str | None = Query(None, description="first day, YYYY-MM-DD"),
    until: str | None = Query(None, description="last day, YYYY-MM-DD"),
    status: str | None = Query(None, description="status: " + ", ".join(EVENT_STATUSES)),
) -> EventQuery:
    q = EventQuery()
    t = _text("type", type)
    if t:
        if t.upper() not in PLOVER_TYPES:
            raise bad(f"type: unknown PLOVER type {t[:40]!r}; one of {', '.join(PLOVER_TYPES)}")
        q.type = t.upper()
    c = _text("country", country)
    if c:
        if not COUNTRY.fullmatch(c):
            raise bad(f"country: expected a two-letter ISO country code, got {c[:40]!r}")
        q.country = c.upper()
    q.actor = _text("actor", actor)
    q.since = _day("since", _text("since", since))
    q.until = _day("until", _text("until", until))
    if q.since and q.until and q.since > q.until:
        raise bad(f"since ({q.since}) is after until ({q.until})")
    s = _text("status", status)
    if s:
        if s.lower() not in EVENT_STATUSES:
            raise bad(f"status: unknown status {s[:40]!r}; one of {', '.join(EVENT_STATUSES)}")
        q.status = s.lower()
    return q


def check_id(kind: str, value: str) -> str:
    if not HEX_ID.fullmatch(value or ""):
        raise HTTPException(status_code=404, detail=f"no {kind} with id {value[:80]!r} (ids are hex)")
    return value


def text_param(name: str, value: str | None) -> str | None:
    return _text(name, value)
