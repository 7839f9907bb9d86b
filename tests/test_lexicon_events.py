"""The event data files: valid JSON, PLOVER v1 types only, known constraint keys, lowercase lemmas."""
import json
import re
from pathlib import Path

from kronika.records import EVENT_STATUSES, PLOVER_TYPES

LEX = Path(__file__).resolve().parent.parent / "kronika" / "extract" / "lexicon"
SENSE_KEYS = {"type", "mode", "prep", "prt", "obj", "obj_or_pobj", "prep_obj", "obj_any", "no_obj", "needs_modal",
              "subj_generic", "not_subj_sector", "content", "light", "needs_agent", "subj_sector", "obj_actor",
              "ccomp", "xcomp_any", "no_obj_actor", "not_obj", "xcomp_coop", "xcomp_no_event", "actor_required"}
NOUN_KEYS = {"type", "mode", "standalone", "needs_prep", "needs_mod", "agent_from_governor", "with_poss", "via",
             "needs_that"}


def load(name):
    def no_dupes(pairs):
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys in {name}: {sorted(k for k in keys if keys.count(k) > 1)}"
        return dict(pairs)
    return json.loads((LEX / name).read_text(encoding="utf-8"), object_pairs_hook=no_dupes)


def test_verbs():
    d = load("plover_verbs.json")
    for lemma, senses in d["verbs"].items():
        assert lemma == lemma.lower() and senses, lemma
        for s in senses:
            assert set(s) <= SENSE_KEYS, (lemma, set(s) - SENSE_KEYS)
            assert s.get("light") or s["type"] in PLOVER_TYPES, lemma
    assert set(d["status_verbs"].values()) <= set(EVENT_STATUSES)
    assert all(v == v.lower() for v in d["light_verbs"])
    occur = d["occurrence_verbs"]["verbs"]
    assert occur and all(v == v.lower() and " " not in v for v in occur) and len(set(occur)) == len(occur)
    assert not {"condemn", "criticize", "denounce", "report"} & set(occur)  # reactions happen later


def test_nouns():
    d = load("plover_nouns.json")
    for key, s in d["nouns"].items():
        assert key == key.lower() and set(s) <= NOUN_KEYS and s["type"] in PLOVER_TYPES, key


def test_actors():
    d = load("plover_actors.json")
    assert all(k == k.lower() for k in d["sectors"]) and all(k == k.lower() for k in d["orgs"])
    for names, code in d["countries"].items():
        assert re.fullmatch(r"[A-Z]{2}", code), names
    seen = {}
    for names, code in d["countries"].items():
        for n in names.split("|"):
            assert seen.setdefault(n.lower(), code) == code, n


def test_brief_examples_are_covered():
    v = load("plover_verbs.json")["verbs"]
    typ = lambda lemma: {s["type"] for s in v[lemma] if "type" in s}  # noqa: E731
    assert "REQUEST" in typ("call") and "ACCUSE" in typ("condemn") and "COERCE" in typ("detain")
    assert "ASSAULT" in typ("beat") and "AGREE" in typ("agree") and "CONSULT" in typ("meet")
    assert "REJECT" in typ("reject") and "THREATEN" in typ("threaten") and "MOBILIZE" in typ("deploy")
    assert "RETREAT" in typ("release") and "CONCEDE" in typ("resign") and "PROTEST" in typ("demonstrate")
