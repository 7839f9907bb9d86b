"""Errors seen on real US political news: campaign rallies are no protests, an ordered suspension is imposed by
whoever gave the order, and an anonymous source in a relative clause is the actor of what the clause says."""
from __future__ import annotations

from tests.conftest import text_events


def run(nlp, text, published="2020-08-17"):
    return text_events(nlp, text, published)


def test_campaign_rallies_are_not_protests(nlp):
    for text in ("Warren's campaign turned planned rallies in Nevada into online town halls on Tuesday.",
                 "Vice President Mike Pence held a rally in Pennsylvania on Saturday."):
        assert not [e for e in run(nlp, text) if e.type == "PROTEST"], text
    evs = run(nlp, "Thousands rallied outside the courthouse on Monday to demand justice.")
    assert [e for e in evs if e.type == "PROTEST"]


def test_ordered_suspension_is_imposed_by_who_ordered_it(nlp):
    evs = [e for e in run(nlp, "The media regulator ordered the broadcaster to suspend publication on Monday.")
           if e.type == "COERCE"]
    assert evs and "regulator" in evs[0].actors[0].text, [(e.actors, e.recipients) for e in evs]
    assert any("broadcaster" in r.text for r in evs[0].recipients)
    evs = [e for e in run(nlp, "The governor ordered police to arrest the looters.") if e.type == "COERCE"]
    assert evs and evs[0].actors and "police" in evs[0].actors[0].text  # the police arrest: unchanged


def test_anonymous_source_in_a_relative_clause_is_the_actor(nlp):
    evs = [e for e in run(nlp, "An official familiar with the meeting, who spoke with Macron on Tuesday, said the "
                               "talks went well.") if e.type == "CONSULT"]
    assert evs and evs[0].actors and "official" in evs[0].actors[0].text.lower(), [(e.actors) for e in evs]


def test_relative_clause_with_its_own_subject_keeps_it(nlp):
    evs = [e for e in run(nlp, "Officials cited his work with former Vice President Joe Biden, whom Trump asked "
                               "Ukraine to investigate.") if e.type == "REQUEST"]
    assert all(not any("Biden" in a.text for a in e.actors) for e in evs)
    evs = [e for e in run(nlp, "Gone is the big crowd of 20 cheerful hopefuls who gathered on a stage in Miami.")
           if e.type == "PROTEST"]
    assert all(len(a.text) < 40 for e in evs for a in e.actors)


def test_opinions_polls_and_absences_are_no_events(nlp):
    for text in ("He believes that the law should be scrapped along with the old rules.",
                 "Among women overall, 54 percent say late abortions should be illegal.",
                 "To circumvent Congress's lack of funding the President has proposed using military money.",
                 '"Police have been beating the hell out of black people for a very long time," he said.',
                 "Centrist Republicans are forcing immigration votes in the House, setting up an election-year clash.",
                 "After the attacks in Brussels, leaders across Europe vowed not to back down."):
        assert not run(nlp, text), (text, [(e.type, e.trigger) for e in run(nlp, text)])
    assert [e for e in run(nlp, "Russia said Sudan must return the helicopter.") if e.type == "REQUEST"]
    assert [e for e in run(nlp, "Police beat protesters in the square on Monday.") if e.type == "ASSAULT"]
    assert [e for e in run(nlp, "The rebels vowed to lay down their arms.") if e.type == "AGREE"]


def test_modal_above_a_plan_and_waiting_are_not_plans_or_acts(nlp):
    for text in ("Baker said the ruling could make unions less likely to want to negotiate with employers.",
                 'His lawyer said he will "maintain the status quo" and wait for the White House and the Justice '
                 "Department to reach an agreement."):
        assert not [e for e in run(nlp, text) if e.status in ("occurred", "planned")], text


def test_a_participle_shares_its_host_verbs_date(nlp):
    evs = [e for e in run(nlp, "All the way back in 2013, every female Democratic senator signed a letter urging "
                               "Clinton to run.") if e.type == "REQUEST"]
    assert evs and evs[0].date.value == "2013"


def test_narrow_readings_keep_real_events(nlp):
    evs = run(nlp, "Last summer, when Carroll accused Trump of assault, NBC News waited about six hours to report it.")
    assert [e for e in evs if e.type == "ACCUSE" and e.status == "occurred"]
    evs = run(nlp, "Kasich promised not to campaign in Indiana on Sunday.")
    assert [e for e in evs if e.type == "AGREE"]
    evs = run(nlp, "Kenny praised Benedict for decades of leadership on Monday.")
    assert [e for e in evs if e.type == "SUPPORT"]
    evs = run(nlp, "In March of that year, Romney delivered a major speech urging Republicans to vote strategically.")
    assert [e for e in evs if e.type == "REQUEST" and e.date.value and e.date.value.endswith("-03")]
