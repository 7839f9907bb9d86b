"""Status (occurred / planned / threatened / alleged / denied / hypothetical) and claimant of an event.

Both come from the trigger's governors in the parse: "is planning a show of force" (planned),
"accounts of beatings" (alleged), "If Russia intervenes" / "they fear Russian intervention"
(hypothetical), "Officials have confirmed two deaths" (claimant: officials).
"""
from __future__ import annotations

REPORT_VERBS = {"say", "tell", "confirm", "report", "announce", "claim", "add", "state", "insist", "allege",
                "write", "declare", "acknowledge", "admit", "estimate", "note", "explain", "warn", "believe",
                "think", "know"}
ALLEGE_NOUNS = {"account", "report", "allegation", "claim", "rumour", "rumor", "testimony", "story"}
ALLEGE_ADV = {"allegedly", "reportedly", "purportedly", "supposedly"}
HYPO_MARK = {"if", "unless", "whether"}
HYPO_AUX = {"would", "could", "might", "may"}
FUTURE_AUX = {"will", "shall", "'ll"}
NEGATORS = {"not", "n't", "never", "no"}
# a clause-level chain link: the status verb governs the event through these
_CHAIN = {"xcomp", "ccomp", "dobj", "pobj", "prep", "conj", "acomp", "attr", "advcl", "pcomp", "compound", "acl",
          "relcl"}


def negated(tok) -> bool:
    """'did not protest', 'no protests', 'never arrested'."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in ("never",) and c.dep_ == "advmod" or c.dep_ == "det" and c.lower_ == "no":
            return True
    return False


def status_of(trigger, status_verbs: dict[str, str], bounds=(0, 10**9)) -> str | None:
    """The event's status; None when the event is negated (not reported as an event at all)."""
    if negated(trigger):
        return None
    for c in trigger.children:
        if c.lower_ in ALLEGE_ADV or c.dep_ == "amod" and c.lower_ in ("alleged", "suspected", "reported", "purported"):
            return "alleged"
    if trigger.dep_ in ("advcl",) and any(c.dep_ == "mark" and c.lower_ in HYPO_MARK for c in trigger.children):
        return "hypothetical"
    auxes = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "unless" for g in c.children)
           for c in trigger.children):
        return "threatened"  # "will withdraw its force unless ..."
    if auxes & HYPO_AUX:
        # "said it would allow": future in the past, unless a condition is stated
        reported = trigger.dep_ == "ccomp" and trigger.head.lemma_.lower() in REPORT_VERBS
        cond = any(c.dep_ == "advcl" and any(g.lower_ in HYPO_MARK for g in c.children) for c in trigger.children)
        return "planned" if "would" in auxes and reported and not cond else "hypothetical"
    if auxes & FUTURE_AUX:
        return "planned"
    tok, depth = trigger, 0
    while tok.head.i != tok.i and depth < 6:
        link, head = tok.dep_, tok.head
        if link not in _CHAIN or not bounds[0] <= head.i < bounds[1]:
            break
        lemma = head.lemma_.lower()
        if head.pos_ in ("NOUN",) and lemma in ALLEGE_NOUNS:
            return "alleged"
        if head.pos_ == "ADJ" and status_verbs.get(lemma):  # "is ready to host", "willing to withdraw"
            if negated(head) or head.dep_ == "acomp" and negated(head.head):
                return None  # "Maryland isn't ready to lift restrictions"
            return status_verbs[lemma]
        if head.pos_ in ("VERB", "AUX"):
            if negated(head) and lemma not in ("deny",):
                return None
            if lemma == "wait" and (link == "xcomp" or link == "prep" and tok.lower_ in ("for", "until") or
                                    link == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("for", "until")
                                                            for c in tok.children)):
                return "hypothetical"  # "wait for the White House to reach an agreement": not yet reached
            st = status_verbs.get(lemma)
            if st:
                if st == "planned" and _modal_above(head, bounds):
                    return "hypothetical"  # "could make unions less likely to want to negotiate"
                return st
            if any(c.dep_ == "mark" and c.lower_ in HYPO_MARK for c in head.children):
                return "hypothetical"
            haux = {c.lower_ for c in head.children if c.dep_ == "aux"}
            if haux & HYPO_AUX:
                reported = head.dep_ == "ccomp" and head.head.lemma_.lower() in REPORT_VERBS
                return "planned" if "would" in haux and reported else "hypothetical"
            if haux & FUTURE_AUX and link != "conj":
                return "planned"
            if link in ("ccomp", "advcl", "conj") or lemma in REPORT_VERBS:
                break  # a new clause with a plain verb: its status is its own
        tok, depth = head, depth + 1
    return "occurred"


def _modal_above(tok, bounds) -> bool:
    """A could/might/may verb or an if-clause governs ``tok`` through complements ('could make X likely to want')."""
    t = tok
    for _ in range(4):
        if t.dep_ not in ("xcomp", "ccomp", "acomp", "oprd") or t.head.i == t.i or not bounds[0] <= t.head.i < bounds[1]:
            return False
        t = t.head
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in REPORT_VERBS:
            return False  # "said it could": the reported clause ends here
        if any(c.dep_ == "aux" and c.lower_ in ("could", "might", "may") or c.dep_ == "mark" and c.lower_ in HYPO_MARK
               for c in t.children):
            return True
    return False


def claimant_head(trigger, sent, bounds=(0, 10**9)):
    """The token naming who reports the event: subject of a governing say/confirm/report verb, the
    'according to X' object, or the speaker of a quotation the trigger sits in."""
    tok = trigger
    for _ in range(10):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                to = next((g for g in c.children if g.lower_ == "to"), None)
                obj = next((g for g in (to.children if to is not None else ()) if g.dep_ == "pobj"), None)
                if obj is not None:
                    app = next((g for g in obj.children if g.dep_ == "appos"), None)
                    return app if app is not None else obj
        head = tok.head
        if head.i == tok.i or not bounds[0] <= head.i < bounds[1]:
            break
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in ALLEGE_NOUNS and head.pos_ == "VERB":
            subj = _subject(head)  # "many gave horrific accounts of beatings"
            if subj is not None:
                return subj
        if head.lemma_.lower() in REPORT_VERBS and head.pos_ in ("VERB", "AUX") and tok.dep_ in (
                "ccomp", "dobj", "conj", "parataxis", "advcl", "xcomp") and head.i != trigger.i:
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and head.dep_ == "conj":  # "... and said they planned a strike"
                subj = _subject(head.head)
            if subj is not None and subj is not _subject(trigger):
                return subj
            if subj is not None and tok.dep_ == "ccomp":
                return subj
        tok = head
    return None


def _subject(tok):
    return next((c for c in tok.children if c.dep_ == "nsubj"), None)


COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}


def plover_label(etype: str, status: str) -> str:
    """The label a PLOVER/CAMEO-style coder gives a report: an announced or offered cooperative act is AGREE,
    an announced hostile one THREATEN ("will boycott", "prepared to impose martial law"), except a sanction, whose
    announcement is the measure ("announced it would cut aid")."""
    if status == "threatened":
        return "THREATEN"
    if status == "hypothetical" and etype in COOPERATIVE:
        return "AGREE"  # "would meet the mediator if ...": a conditional offer
    if status == "planned":
        if etype in COOPERATIVE:
            return "AGREE"
        if etype == "SANCTION":
            return "SANCTION"  # "announced it would prohibit all aid": an announced measure is the sanction (CAMEO 16)
        if etype not in ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "AGREE"):
            return "THREATEN"
    return etype
