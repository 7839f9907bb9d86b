"""In-article entity resolution: names, surnames, pronouns, descriptions, collectives, attributes."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kronika.annotate import load_model
from kronika.extract.mentions import MentionIndex, extract_mentions, person_gender
from kronika.records import Article, EntityRef, entity_id

GOLD = Path(__file__).resolve().parent / "gold" / "quotes"


@pytest.fixture(scope="module")
def ex():
    a = json.loads((GOLD / "belarus.article.json").read_text(encoding="utf-8"))
    art = Article(text=a["text"], headings=a["headings"])
    doc = load_model()(art.text)
    return art, extract_mentions(doc, art)


def ref_at(ex, pattern: str, nth: int = 0) -> EntityRef | None:
    art, idx = ex
    m = list(re.finditer(pattern, art.text))[nth]
    return idx.ref(m.start(), m.end())


def name_at(ex, pattern: str, nth: int = 0) -> str | None:
    r = ref_at(ex, pattern, nth)
    return r.name if r else None


def test_names_and_surnames(ex):
    assert name_at(ex, r"Alexander Lukashenko") == "Alexander Lukashenko"
    assert name_at(ex, r"Lukashenko's hold") == "Alexander Lukashenko"
    # NER tags this lone surname ORG; the full name introduced earlier wins
    assert name_at(ex, r"Tikhanovskaya, a 37") == "Svetlana Tikhanovskaya"
    r = ref_at(ex, r"Putin Saturday")
    assert r.entity_id == entity_id("PERSON", "Vladimir Putin") and r.text.startswith("Putin")


def test_pronouns(ex):
    assert name_at(ex, r"\bHe later told") == "Alexander Lukashenko"
    assert name_at(ex, r"\bhe step down") == "Alexander Lukashenko"
    assert name_at(ex, r"\bShe demanded") == "Svetlana Tikhanovskaya"
    assert name_at(ex, r"\bher(?= allies)") == "Svetlana Tikhanovskaya"
    assert name_at(ex, r"\bher allies") == "allies"  # the head noun decides
    assert name_at(ex, r"\bhis rule") == "Alexander Lukashenko"  # cataphora: "Facing ... his rule, Lukashenko"
    assert name_at(ex, r"\bthey say died") == "officials"
    assert ref_at(ex, r"\bhis underwear") is None  # "one man" is nobody we know: no guess


def test_descriptions(ex):
    assert name_at(ex, r"The 65-year-old") == "Alexander Lukashenko"
    assert name_at(ex, r"the strongman leader") == "Alexander Lukashenko"
    assert name_at(ex, r"its president Alexander Lukashenko") == "Alexander Lukashenko"
    assert name_at(ex, r"one employee") == "Andrei Yaroshevich"


def test_collectives_and_institutions(ex):
    k = ref_at(ex, r"The Kremlin")
    assert k.name == "Kremlin" and k.entity_id == entity_id("ORG", "Kremlin")
    c = ref_at(ex, r"the crowd chanted")
    assert c.name == "crowd" and c.entity_id is None and c.sector
    assert name_at(ex, r"Officials have") == "officials"
    assert name_at(ex, r"Opposition protesters") == "opposition protesters"
    assert ref_at(ex, r"a low profile") is None


def test_attributes(ex):
    _, idx = ex
    ents = {e.name: e for e in idx.entities}
    luk = ents["Alexander Lukashenko"]
    assert luk.attributes["age"] == 65 and "president" in luk.attributes["roles"]
    assert luk.type == "PERSON" and luk.articles == 1 and luk.mentions >= 8 and "Lukashenko" in luk.aliases
    assert luk.id == entity_id("PERSON", "Alexander Lukashenko")
    assert ents["Alexander Taraikovsky"].attributes["age"] == 34
    lin = ents["Alexei Linich"].attributes
    assert lin["age"] == 27 and "programmer" in lin["roles"]
    assert ents["Svetlana Tikhanovskaya"].attributes["age"] == 37
    assert "landscape designer" in ents["Olga Nesteruk"].attributes["roles"]
    m = [x for x in idx.mentions if x.text == "Tikhanovskaya"]
    assert m and all(x.name == "Svetlana Tikhanovskaya" and x.label == "PERSON" for x in m)


def test_ref_is_robust(ex):
    art, idx = ex
    n = len(art.text)
    for s, e in [(0, 0), (-5, 3), (n, n + 10), (n - 1, n + 50), (10, 5), (0, n)]:
        r = idx.ref(s, e)
        assert r is None or isinstance(r, EntityRef)
    assert MentionIndex().ref(0, 10) is None


def test_gender():
    assert person_gender("Svetlana Tikhanovskaya") == "f"
    assert person_gender("Maria Ivanova") == "f"
    assert person_gender("Alexander Lukashenko") == "m"
    assert person_gender("Kowalczyk") is None  # no first name, no female ending: unknown, not guessed


def test_roles_are_cleaned_titles():
    """Honorifics are no roles, abbreviated titles are written out (one spelling across outlets), and a
    "the senator" later in the text finds the "Sen." introduced earlier."""
    text = ("Sen. Mitch McConnell met Mr. Joe Manchin and President-elect Joe Biden in Washington on Monday. "
            "The senator said the talks were productive.")
    art = Article(text=text)
    idx = extract_mentions(load_model()(text), art)
    ents = {e.name: e for e in idx.entities}
    assert ents["Mitch McConnell"].attributes["roles"] == ["senator"]
    assert ents["Joe Manchin"].attributes["roles"] == []
    assert ents["Joe Biden"].attributes["roles"] == ["president-elect"]
    assert ref_at((art, idx), r"The senator").name == "Mitch McConnell"


def test_title_lexicon_and_cleaning():
    from kronika.extract.titles import clean_role, clean_roles, lexicon

    drop, expand = lexicon()
    assert "mr." in drop and "president" not in drop
    assert all(k == k.lower() and v == v.lower() and "." not in v for k, v in expand.items())
    assert not set(expand) & drop
    assert clean_role("former sen.") == "former senator" and clean_role("then - sen.") == "then-senator"
    assert clean_role("sens .") == "senator" and clean_role("lt. gov.") == "lieutenant governor"
    assert clean_role("president - elect") == "president-elect" and clean_role("president.") == "president"
    assert clean_role("president trump donald", "Donald Trump") == "president"
    assert clean_role("donald", "Donald Trump") is None and clean_role("hillary", "", {"hillary"}) is None
    assert [clean_role(x) for x in ("mr.", "-", "|", "%", "co")] == [None] * 5
    assert clean_roles(["sen.", "senator", "mr."], "Mitch McConnell") == ["senator"]


def _mentions_of(text: str):
    art = Article(text=text)
    return art, extract_mentions(load_model()(art.text), art)


@pytest.mark.parametrize("text, at, want", [
    # the surname first met with a title; a full name with another role is another person
    ("President Trump is heading to Puerto Rico on Tuesday. First lady Melania Trump will accompany him. "
     "Trump lashed out at the mayor in a series of tweets on Saturday.", r"Trump lashed", "Trump"),
    # the first bearer introduced, not the most recent one
    ("Alexander Lukashenko has ruled Belarus since 1994. His son Viktor Lukashenko advises him on security. "
     "Lukashenko said on Sunday that he would not step down.", r"Lukashenko said", "Alexander Lukashenko"),
    # an honorific picks the bearer of its gender
    ("Donald Trump and Melania Trump arrived in Paris on Friday. Mrs. Trump visited a children's hospital.",
     r"Trump visited", "Melania Trump"),
    ("Melania Trump and Donald Trump arrived in Paris on Friday. Mr. Trump met the French president.",
     r"Trump met", "Donald Trump"),
    # family name first: "Mr. Kim" is Kim Jong Un, not the freed prisoner Tony Kim
    ("North Korean leader Kim Jong Un freed three Americans on Wednesday. The men, including Tony Kim, flew "
     "home. Mr. Kim's gesture was hailed in Washington.", r"Kim's gesture", "Kim Jong Un"),
    ("Chinese President Xi Jinping met the delegation in Beijing. Xi urged restraint.", r"Xi urged", "Xi Jinping"),
])
def test_a_lone_surname_goes_to_the_right_bearer(text, at, want):
    got = ref_at(_mentions_of(text), at)
    assert got is not None and got.name == want


def test_a_full_name_is_never_renamed_after_a_namesake():
    ex = _mentions_of("Alexander Lukashenko has ruled Belarus since 1994. His son Viktor Lukashenko advises him.")
    assert name_at(ex, r"Viktor Lukashenko") == "Viktor Lukashenko"


def test_a_given_name_cut_at_its_hyphen_is_made_whole():
    ex = _mentions_of("South Korean President Moon Jae-in met envoys on Saturday. Moon said the talks went well. "
                      "Critics of the Donald Trump-era rules protested.")
    assert name_at(ex, r"Moon Jae") == "Moon Jae-in" and name_at(ex, r"Moon said") == "Moon Jae-in"
    assert not any(e.name.endswith("-era") for e in ex[1].entities)


@pytest.mark.parametrize("text, name, not_role", [
    ("On Saturday Mr Kim and South Korean President Moon Jae-in held an unannounced meeting.", "Moon Jae-in", "in"),
    ("Early on Saturday Kim Jong-un said the tests would stop.", "Kim Jong-un", "saturday"),
    ("The talks between President Donald Trump and North Korean leader Kim Jong Un went well.", "Kim Jong Un",
     "president donald trump and north korean leader"),
    ("Trump will meet Kim Jong Un, a sequel to their first meeting in Singapore.", "Kim Jong Un", "sequel"),
    ("North Korean leader Kim Jong Un agreed. The Trump-Kim meeting will take place in June.", "Kim Jong Un",
     "trump"),
])
def test_no_junk_roles(text, name, not_role):
    _, idx = _mentions_of(text)
    roles = [r for e in idx.entities if e.name == name for r in e.attributes["roles"]]
    assert not_role not in roles and not any(len(r) <= 2 for r in roles), roles
