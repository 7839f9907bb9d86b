"""Dates carried from the article's lead to later reports of its event (events._carry_lead_dates): only for the
same type (statements: the same actor) or an anaphoric event noun, in the narrative past, with no time word of the
report's own; marked date_basis "lead" with the lead's expression as date.text; never the publication date."""
from __future__ import annotations

from tests.conftest import text_events


def run(nlp, text, published="2020-08-17"):
    return text_events(nlp, text, published)


def by_sentence(evs, words):
    return [e for e in evs if words in e.sources[0].sentence]


LEAD = "Tens of thousands of people marched in Minsk on Sunday to demand the resignation of President Lukashenko.\n\n"


def test_a_later_report_of_the_lead_event_gets_its_date(nlp):
    evs = run(nlp, LEAD + "The protesters then marched to the Independence Square, chanting slogans.")
    later = [e for e in by_sentence(evs, "then marched") if e.type == "PROTEST"]
    assert later and later[0].date.start == "2020-08-16" and later[0].date.precision == "day"
    assert later[0].date_basis == "lead" and later[0].date.text and "Sunday" in later[0].date.text
    assert later[0].export()["date"]["basis"] == "lead"
    lead = [e for e in by_sentence(evs, "Tens of thousands") if e.type == "PROTEST"]
    assert lead[0].date_basis == "own" and lead[0].export()["date"]["basis"] == "own"


def test_an_anaphoric_event_noun_carries_the_date_to_another_type(nlp):
    evs = run(nlp, LEAD + "Police detained dozens of people at the march, the interior ministry said.")
    arrests = [e for e in by_sentence(evs, "detained") if e.type == "COERCE"]
    assert arrests and arrests[0].date.start == "2020-08-16" and arrests[0].date_basis == "lead"


def test_no_carry_without_a_link_or_with_another_time(nlp):
    evs = run(nlp, LEAD + "Police detained dozens of people, the interior ministry said.\n\n"
                          "Protesters had marched through the city before the election.\n\n"
                          "Last year, opposition supporters marched in Grodno.")
    for words in ("Police detained", "had marched", "Last year"):
        for e in by_sentence(evs, words):
            assert e.date_basis != "lead", (words, e.type, e.date)
    assert all(e.date.start != "2020-08-17" for e in evs)  # never the publication date


def test_statements_carry_only_with_the_same_actor(nlp):
    text = ("Secretary of State Mike Pompeo on Saturday urged Lukashenko to respect the rights of protesters.\n\n"
            "Pompeo also urged Moscow to stay out of the crisis.\n\n"
            "European leaders urged restraint.")
    evs = run(nlp, text)
    same = [e for e in by_sentence(evs, "Pompeo also") if e.type == "REQUEST"]
    other = [e for e in by_sentence(evs, "European leaders") if e.type == "REQUEST"]
    assert same and same[0].date.start == "2020-08-15" and same[0].date_basis == "lead"
    assert all(e.date_basis != "lead" for e in other)


def test_lead_with_two_dates_for_one_type_carries_nothing(nlp):
    text = ("Thousands marched in Minsk on Sunday, a week after others marched in Brest on Sunday, August 9.\n\n"
            "The protesters marched to the Independence Square.")
    evs = run(nlp, text)
    assert all(e.date_basis != "lead" for e in by_sentence(evs, "Independence Square"))


def test_no_carry_to_a_perfect_conjunct_or_a_sentence_with_a_date_of_its_own(nlp):
    text = ("Gunmen attacked a hotel in Bamako on Friday, killing 20 people.\n\n"
            "The group has claimed several raids and attacked a convoy.\n\n"
            "Its leader was the target of a June airstrike.")
    evs = run(nlp, text)
    for words in ("has claimed", "June airstrike"):
        assert all(e.date_basis != "lead" for e in by_sentence(evs, words)), words
