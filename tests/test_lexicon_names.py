"""The romanisation data in kronika/resolve/lexicon/names.json: every rule, table and list is well-formed and
does what its comment says (variants collide, distinct names stay apart)."""
from __future__ import annotations

import re

import pytest

from kronika.resolve.names import given_key, lexicon, name_key, token_key


def test_rules_are_well_formed():
    lex = lexicon()
    assert lex["rules"], "no rules"
    for rule in lex["rules"]:
        assert len(rule) == 4 and rule[3], rule  # regex, replacement, scope, note saying why
        pattern, _rep, scope, _note = rule
        re.compile(pattern)
        assert scope in ("all", "slavic"), rule
    re.compile(lex["slavic_suffix"])
    for k, v in lex["variants"].items():
        assert k == k.lower() and v == v.lower() and k.isascii(), (k, v)


# (rule pattern, input token, expected key): one example per rule, so a changed rule fails by name
RULE_CASES = [
    ("x", "alexander", "aleksander"),
    ("ck(?=aya$|i$|y$|iy$)", "zavadckiy", "zavadsky"),
    ("kh", "khodorkovsky", "hadarkavsky"),
    ("(?<=[bcdfghjklmnpqrstvz])ou(?=[bcdfghjklmnpqrstvz]|$)", "tsikhanouskaya", "tihanavskaya"),
    ("ow$", "mahilyow", "mahilyav"),
    ("tsi", "tsikhanovskaya", "tihanavskaya"),
    ("dz(?=[ie])", "dzerzhinsky", "derzhinsky"),
    ("ts", "tsepkalo", "cepkalo"),
    ("(?<=[a-z])[ij]a", "kalesnikaja", "kalesnikaya"),
    ("(?<=[a-z])[ij]u", "yuliu", "yulyu"),
    ("(?<=[a-z])je", "sjeverin", "syeverin"),
    ("sk(?:iy|yy|yi|ii|ij|i|y)$", "zelenskiy", "zelensky"),
    ("ei$", "sergei", "sergey"),
    ("(?:iy|yy|ii|ij)$", "yuriy", "yury"),
    ("(?<=[bcdfghjklmnpqrstvz])i$", "yuri", "yury"),
    ("([a-z])\\1", "zelenskyy", "zelensky"),
    ("o", "kolesnikova", "kalesnikava"),
]


def test_every_rule_has_a_case():
    assert {p for p, _, _ in RULE_CASES} == {r[0] for r in lexicon()["rules"]}


@pytest.mark.parametrize("pattern,token,expected", RULE_CASES)
def test_rule(pattern, token, expected):
    assert token_key(token) == expected


SAME = [
    ("Tikhanovskaya", "Tsikhanouskaya"), ("Tikhanovskaya", "Tikhanovskaïa"), ("Lukashenko", "Lukashenka"),
    ("Lukashenko", "Łukašenka"), ("Alexander", "Aleksandr"), ("Alexander", "Alyaksandr"), ("Alexander", "Aliaksandr"),
    ("Gomel", "Homyel"), ("Gomel", "Homel"), ("Gomel", "Гомель"), ("Kolesnikova", "Kalesnikava"), ("Kiev", "Kyiv"),
    ("Zelensky", "Zelenskyy"), ("Zelensky", "Zelenskiy"), ("Grodno", "Hrodna"), ("Mogilev", "Mahilyow"),
    ("Maria Kolesnikova", "Maryia Kalesnikava"), ("Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaya"),
    ("Alexander Lukashenko", "Aliaksandr Lukashenka"), ("Homyel'", "Homyel"), ("Putin's", "Putin"),
    ("President Vladimir Putin", "Vladimir Putin"), ("Former President Barack Obama", "Barack Obama"),
]
DIFFERENT = [
    ("Sergei Tikhanovsky", "Svetlana Tikhanovskaya"), ("Alexander Lukashenko", "Viktor Lukashenko"),
    ("Donald Trump Jr.", "Donald Trump"), ("Hill", "Gill"), ("Minsk", "Pinsk"), ("Brest", "Bres"),
    ("Tikhanovsky", "Tikhanovskaya"), ("Kolesnikov", "Kolesnikova"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_variants_collide(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_distinct_names_stay_apart(a, b):
    assert name_key(a) != name_key(b)


def test_given_name_groups_have_one_key_each():
    keys = []
    for group in lexicon()["given_equivalents"]:
        ks = {given_key(g) for g in group}
        assert len(ks) == 1, (group, ks)
        keys.append(ks.pop())
    assert len(keys) == len(set(keys)), "two groups collapse to one key"


def test_diminutives_point_to_known_names():
    for dim, full in lexicon()["given_diminutives"].items():
        assert given_key(dim) == given_key(full), dim


def test_titles_and_suffixes_are_folded_words():
    lex = lexicon()
    for t in lex["titles"] + lex["suffixes"] + lex["surname_particles"]:
        assert t == t.lower() and re.fullmatch(r"[a-z ]+", t), t
    assert set(lex["generations"]) <= set(lex["suffixes"])


def test_ambiguous_places_are_iso_codes():
    for k, senses in lexicon()["ambiguous_places"].items():
        if k.startswith("_"):
            continue
        assert senses and all(re.fullmatch(r"[A-Z]{2}", s) for s in senses), k


@pytest.mark.parametrize("name, first", [
    ("Kim Jong Un", True), ("Kim Jong-un", True), ("Moon Jae-in", True), ("Xi Jinping", True), ("Wang Yi", True),
    ("Park Geun-hye", True), ("Ban Ki-moon", True), ("Nguyen Xuan Phuc", True), ("Lee Hsien Loong", True),
    ("Ri Yong Ho", True), ("Hu Jintao", True),
    # given name first: a Western given name, one word after a Korean surname, Japanese order, Western names
    ("Kim Kardashian", False), ("Kim Davis", False), ("Lee Zeldin", False), ("Lee Harvey Oswald", False),
    ("Tony Kim", False), ("Shinzo Abe", False), ("Marine Le Pen", False), ("Carrie Lam", False), ("Kim", False),
])
def test_family_name_first(name, first):
    from kronika.extract.name_order import family_first, surname_of

    assert family_first(name.split()) is first
    assert surname_of(name) == (name.split()[0] if first else name.split()[-1])


def test_family_first_lists_are_well_formed():
    import json
    from pathlib import Path

    import kronika.extract.name_order as no

    d = json.loads(Path(no.__file__).with_name("lexicon").joinpath("family_first.json").read_text(encoding="utf-8"))
    assert d["_doc"] and d["single_given"] and d["two_given"]
    for k in ("single_given", "two_given"):
        assert all(w[0].isupper() and w.isalpha() for w in d[k]), k
        assert len(d[k]) == len(set(d[k])), k
    assert not set(d["single_given"]) & set(d["two_given"])
