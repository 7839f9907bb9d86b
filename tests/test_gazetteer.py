"""The GeoNames index: alternate names, countries, states, regions, context ranking, cache."""
from __future__ import annotations

import pickle

import pytest

from kronika.resolve import gazetteer as gz


@pytest.fixture(scope="module")
def gaz():
    return gz.get_gazetteer()


def test_cached_once(gaz):
    assert gz.get_gazetteer() is gaz


def test_fold():
    assert gz.fold("Homyel'") == "homyel"
    assert gz.fold("U.S.") == "u s"
    assert gz.fold("Гомель") == gz.fold("Gomel")
    assert gz.fold("the Netherlands") == "netherlands"


@pytest.mark.parametrize("name", ["Gomel", "Homel", "Homyel", "Homyel'", "HOMEL"])
def test_transliterations_meet(gaz, name):
    assert gaz.lookup(name)[0].geonameid == 627907


def test_kiev_kyiv(gaz):
    assert gaz.lookup("Kiev")[0].geonameid == gaz.lookup("Kyiv")[0].geonameid == 703448


def test_population_prior_and_country_context(gaz):
    assert gaz.lookup("Brest")[0].country_code == "BY"
    assert gaz.lookup("Brest", ["FR"])[0].country_code == "FR"
    assert gaz.lookup("Moscow")[0].country_code == "RU"


def test_countries_and_aliases(gaz):
    assert gaz.country("by").name == "Belarus"
    us = gaz.country("US")
    assert us.feature == "country" and us.geonameid == 6252001
    for alias in ("U.S.", "US", "United States", "America", "the United States"):
        assert gaz.lookup(alias)[0] is us, alias
    assert gaz.lookup("Britain")[0].country_code == "GB"
    assert gaz.lookup("Georgia")[0].feature == "country"
    assert gaz.lookup("Georgia", ["US"])[0].feature == "admin1"


def test_country_points_are_inside(gaz):
    # country points are centroids, not 0,0 placeholders
    for code in ("US", "RU", "BY", "FR", "LT", "SG", "AD"):
        c = gaz.country(code)
        assert (c.lat, c.lon) != (0.0, 0.0), code
    assert abs(gaz.country("US").lon + 98.5) < 1


def test_demonyms(gaz):
    assert gaz.country_for_demonym("Belarusian") == "BY"
    assert gaz.country_for_demonym("Russians") == "RU"
    assert gaz.country_for_demonym("Russian") == "RU"
    assert gaz.country_for_demonym("Baltic") is None
    baltic = gaz.demonym("Baltic")
    assert baltic.country_code is None and set(baltic.countries) == {"EE", "LV", "LT"}
    assert gaz.demonym("Soviet").name == "Soviet Union"


def test_eu_and_states(gaz):
    eu = gaz.lookup("European Union")[0]
    assert eu.country_code == "EU" and eu.geonameid is None
    assert gaz.lookup("EU")[0] is eu
    assert gaz.lookup("Idaho")[0].feature == "admin1"
    assert gaz.lookup("Calif.")[0].name == "California"
    assert gaz.lookup("La.")[0].name == "Louisiana"
    assert all(c.name != "Louisiana" for c in gaz.lookup("La"))  # abbreviations need their period
    assert gaz.lookup("Washington")[0].admin1 == "DC"  # the capital unless context says the state


def test_unknown_and_empty(gaz):
    assert gaz.lookup("") == []
    assert gaz.lookup("Xqzzyville") == []
    assert gaz.country("ZZ") is None


def test_rebuilds_without_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gz.get_gazetteer.cache_clear()
    try:
        g = gz.get_gazetteer()
        assert g.lookup("Minsk")[0].country_code == "BY"
        assert list(tmp_path.glob("kronika/gazetteer-*.sqlite"))
    finally:
        gz.get_gazetteer.cache_clear()


def test_name_index_stays_on_disk_and_equals_the_built_one(tmp_path, monkeypatch):
    """The saved gazetteer reads its name index from the cache file (not a dict in memory) and gives what the
    freshly built index gives, candidates and alternate flags alike, for hits and misses."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gz.get_gazetteer.cache_clear()
    try:
        built = gz.Gazetteer().build()
        g = gz.get_gazetteer()
        assert isinstance(g.index, gz.NameIndex) and isinstance(built.index, dict)
        assert len(g.index) == len(built.index)
        keys = sorted(built.index)[::997] + ["minsk", "homyel", "gomel", "georgia", "xqzzyville", ""]
        for k in keys:
            assert g.index.get(k) == built.index.get(k), k
            assert (k in g.index) == (k in built.index), k
        assert g.countries == built.countries and g.demonyms == built.demonyms and g.states == built.states
        again = pickle.loads(pickle.dumps(g.index))  # travels by path (Dask workers), not by connection
        assert again.get("minsk") == built.index["minsk"]
    finally:
        gz.get_gazetteer.cache_clear()
