"""Name keys, person-name splitting and the same-name decision with its guards."""
from __future__ import annotations

import pytest

from kronika.resolve.names import name_key, person_keys, same_name, split_person


def test_name_key_folds_script_accents_and_punctuation():
    assert name_key("Гомель") == name_key("Homyel'") == "homel"
    assert name_key("Łukašenka") == name_key("LUKASHENKO") == "lukashenka"
    assert name_key("the Kremlin's") == "kremlin"


def test_titles_only_for_people():
    assert name_key("President Alexander Lukashenko") == name_key("Alexander Lukashenko")
    assert name_key("St. Louis", "GPE") == "st louis"
    assert name_key("General Motors", "ORG") != name_key("Motors", "ORG")


@pytest.mark.parametrize("name,given,surname", [
    ("Alexander Lukashenko", "Alexander", "Lukashenko"),
    ("President Alexander G. Lukashenko", "Alexander G.", "Lukashenko"),
    ("Bashar al-Assad", "Bashar", "al Assad"),
    ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
    ("Martin Luther King Jr.", "Martin Luther", "King"),
    ("Lukashenko", "", "Lukashenko"),
    ("Tikhanovskaya's", "", "Tikhanovskaya"),
    # family name first (extract/lexicon/family_first.json)
    ("Kim Jong Un", "Jong Un", "Kim"),
    ("Moon Jae-in", "Jae in", "Moon"),
    ("President Xi Jinping", "Jinping", "Xi"),
    ("Kim Kardashian", "Kim", "Kardashian"),
    ("Tony Kim", "Tony", "Kim"),
])
def test_split_person(name, given, surname):
    assert split_person(name) == (given, surname)


def test_person_keys_use_given_name_groups():
    assert person_keys("Aliaksandr Lukashenka") == person_keys("Alexander Lukashenko")
    assert person_keys("Sasha Lukashenko")[0] == person_keys("Alexander Lukashenko")[0]


@pytest.mark.parametrize("a,b,reason", [
    ("Aliaksandr Lukashenka", "Alexander Lukashenko", "same key after romanisation"),
    ("Lukashenka", "Alexander Lukashenko", "surname of Alexander Lukashenko"),
    ("A. Lukashenko", "Alexander Lukashenko", "initial a"),
    ("Maryia Kalesnikava", "Maria Kolesnikova", "same key after romanisation"),
    ("Svetlana Tikhanovskaia", "Sviatlana Tsikhanouskaya", "same key after romanisation"),
    ("Aleksander Lukashenko", "Aleksandr Lukashenko", "same key after romanisation"),
    ("Kim Jong-un", "Kim Jong Un", "same key after romanisation"),
    ("Kim", "Kim Jong Un", "surname of Kim Jong Un"),
    ("Xi", "Xi Jinping", "surname of Xi Jinping"),
])
def test_same_name(a, b, reason):
    ok, why = same_name(a, b)
    assert ok and why.startswith(reason), why
    assert same_name(b, a)[0]


@pytest.mark.parametrize("a,b", [
    ("Alexander Lukashenko", "Viktor Lukashenko"),
    ("Sergei Tikhanovsky", "Svetlana Tikhanovskaya"),
    ("Donald Trump Jr.", "Donald Trump"),
    ("V. Lukashenko", "Alexander Lukashenko"),
    ("Hillary Clinton", "Bill Clinton"),
    ("Joe Biden", "Hunter Biden"),
    ("Kim Jong Un", "Kim Jong Il"),  # one given name of two syllables: "Jong Un" is not "Jong Il"
    ("Kim Jong Un", "Kim Yo Jong"),
    ("Kim Jong Un", "Tony Kim"),
    ("Kim Jong Un", "J. Joseph Kim"),  # an initial is no match for a two-syllable given name
])
def test_must_not_merge(a, b):
    ok, why = same_name(a, b)
    assert not ok, why
    assert not same_name(b, a)[0]


def test_bare_surname_needs_an_unambiguous_context():
    assert same_name("Lukashenko", "Alexander Lukashenko", context=["Alexander Lukashenko"])[0]
    ok, why = same_name("Lukashenko", "Alexander Lukashenko", context=["Viktor Lukashenko"])
    assert not ok and why.startswith("ambiguous surname")


def test_organisations():
    assert same_name("EU", "European Union", "ORG") == (True, "acronym")
    assert same_name("the Kremlin", "Kremlin", "ORG")[0]
    assert not same_name("European Union", "African Union", "ORG")[0]


@pytest.mark.parametrize("junk", ["", "—", "'s", "...", "   "])
def test_junk_names_have_empty_keys(junk):
    assert name_key(junk) == ""
    assert split_person(junk)[1] == "" or split_person(junk)[1].strip(".'s—") == ""
    assert same_name(junk, "Alexander Lukashenko") == (False, "empty name")
