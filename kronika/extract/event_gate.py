"""The gate every event trigger passes: literal readings for physical types, modality and stance,
captions, quoted opinions, junk actors. Precision over recall: an event that did not happen is worse
than a missed one. The word lists are data (``lexicon/plover_verbs.json``, key "precision")."""
from __future__ import annotations

import re

from .event_actors import actor_like, subject_of
from .event_status import REPORT_VERBS, negated
from .event_triggers import governor, match_noun

COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
PHYSICAL_TYPES = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE"}
# a negated one of these is a refusal ("did not accept"); "hasn't endorsed", "didn't help" are not
REFUSABLE = {"agree", "accept", "meet", "allow", "cooperate", "comply", "release", "withdraw", "sign", "approve",
             "attend", "recognize", "recognise", "negotiate", "talk", "lift", "ease", "resign", "concede", "grant",
             "hand", "extradite", "return", "provide", "share"}
RELEASED = {"prisoner", "hostage", "detainee", "captive", "inmate", "soldier", "sailor", "pow", "national", "citizen",
            "journalist", "activist", "dissident", "protester", "migrant", "child", "family", "worker", "man", "woman",
            "people", "person", "suspect", "member", "leader", "opponent", "crew", "student", "tourist"}
DESCRIPTIVE_TYPES = {"ACCUSE", "SUPPORT", "REJECT", "AGREE", "REQUEST", "CONCEDE"}  # "employees accused of ..."
ABILITY = {"able", "capable"}
SEEMING = {"seem", "appear", "tend"}  # "seems to agree": an impression, not an act
DECLINED = {"decline", "refuse", "fail", "hesitate", "reluctant", "unable", "unwilling", "forget", "neglect"}
RISK_NOUNS = {"risk", "threat", "danger", "fear", "possibility", "prospect", "chance", "potential", "likelihood",
              "specter", "spectre", "threat", "concern", "worry"}
PERSON_NOUNS = {"man", "woman", "men", "women", "child", "people", "person", "boy", "girl", "student", "teacher",
                "doctor", "nurse", "citizen", "resident", "family", "parent", "mother", "father", "wife", "husband",
                "son", "daughter", "friend", "official", "lawmaker", "senator", "governor", "mayor", "judge", "court",
                "panel", "congress", "house", "senate", "administration", "department", "campaign", "state", "city",
                "county", "company", "firm", "union", "board", "commission", "office", "ministry", "police", "army",
                "military", "staff", "aide", "adviser", "advisor", "attorney", "lawyer", "prosecutor", "investigator",
                "spokesperson", "candidate", "nominee", "democrat", "republican", "conservative", "liberal", "activist",
                "critic", "victim", "inmate", "prisoner", "refugee", "migrant", "immigrant", "individual", "couple",
                "jury", "legislature", "assembly", "parliament", "cabinet", "majority", "minority", "caucus", "chamber",
                "white", "administration", "regime", "authority", "authorities", "group", "organization", "nation",
                "country", "government", "agency", "bureau", "school", "university", "church", "network", "chapter",
                "forum", "wing", "side", "camp", "bloc", "alliance", "summit", "conference", "warship", "ship"}
LACK_NOUNS = {"lack", "absence", "shortage", "dearth"}
PROMISE_VERBS = {"vow", "pledge", "promise", "swear"}
# "vowed not to back down / give up / go back": resolve, not a pledge of restraint ("promised not to campaign")
YIELD_VERBS = {"back", "give", "yield", "relent", "retreat", "surrender", "bow", "quit", "stop", "rest", "budge",
               "waver", "cave", "go", "step", "let", "abandon", "capitulate", "flinch", "blink", "bend"}
DURATIVE_UNITS = {"year", "decade", "generation", "century"}
MODAL_GENERIC = {"can", "may", "might", "could", "should", "must", "ca"}
# in the present simple these describe a stance, a habit or a rule ("he opposes", "the law prohibits")
STANCE_TYPES = {"SUPPORT", "REJECT", "AGREE", "CONCEDE", "AID", "SANCTION", "COERCE", "COOPERATE", "CONSULT"}
_CAPTION = re.compile(
    r"^\s*CLOSE\b|Hide Caption|Story highlights|\bPhotos?:|(?-i:\bMORE\b(?! [A-Z]{2}))|\bSign Up\b|\bnewsletters?\b|"
    r"\bsubscribe\b|\bClick here\b|JUST WATCHED|MUST WATCH|\((?:AP |AFP |Reuters )?Photo|"
    r"\bPhoto(?:graph)?(?: by|:| credit)|Getty Images|\bAP Photo\b|/(?:AP|AFP|Reuters|Getty)\b|\(Credit|\bImage:|"
    r"\bFile photo\b|\bScreenshot\b|\bScreengrab\b", re.I)  # captions, credits, web furniture
IMPLICATIVE = {"begin", "start", "continue", "resume", "manage", "proceed", "go", "move", "vote", "decide", "choose",
               "rush", "act", "step", "join", "help", "come", "return", "keep"}
ATTEMPT_NOUNS = {"effort", "attempt", "bid", "push", "campaign", "plan", "move", "drive", "proposal", "call", "way",
                 "right", "power", "authority", "ability", "chance", "opportunity", "decision", "option", "threat",
                 "promise", "pledge", "vow", "offer", "intention", "desire", "willingness", "readiness", "need"}
ATTEMPT = {"authorize", "empower", "permit", "free", "entitle", "try", "attempt", "seek", "want", "need", "have", "hope", "work", "aim", "push", "fight", "struggle",
           "look", "wish", "like", "love", "prefer", "mean", "intend", "plan", "use", "able", "going", "expect",
           "urge", "ask", "tell", "encourage", "allow", "let", "make", "enable", "refuse", "decline", "fail"}
NO_COMMENT = {"comment", "say", "discuss", "elaborate", "answer", "speak", "confirm", "disclose", "reveal",
              "specify", "identify", "provide", "name", "talk", "return", "address", "share", "give", "detail"}
PAST_AUX = {"did", "had", "has", "have", "was", "were", "'d"}
ROAD_OBJECTS = {"road", "street", "highway", "traffic", "bridge", "entrance", "intersection", "lane", "path", "door",
                "gate", "route", "rail", "track", "port", "access", "exit", "freeway", "interstate", "avenue", "way",
                "building", "office", "driveway", "runway", "border", "crossing"}
RALLY_NOT = {"campaign", "trump", "maga", "election", "reelection", "re-election", "stock", "market", "stocks",
             "political", "presidential", "primary", "fundraising", "rally"}
# a person who holds or headlines a rally is campaigning, not protesting (unless it is "against"/"for" something)
CAMPAIGN_RALLY_VERBS = {"hold", "host", "headline", "address", "schedule", "convert", "cancel", "postpone", "attend",
                        "plan", "keynote", "resume", "move"}
VIOLENCE_GENERIC = {"gun", "domestic", "sexual", "partner", "political", "school", "mass", "youth", "street",
                    "gang", "firearm", "workplace", "dating", "family", "random", "senseless", "future", "such"}
SEEK_OBJECTS = {"help", "aid", "asylum", "extradition", "meeting", "talk", "support", "assistance", "release",
                "resignation", "apology", "permission", "approval", "injunction", "order", "damage", "information",
                "document", "record", "testimony", "ceasefire", "truce", "protection", "refuge", "sanction", "review",
                "investigation", "probe", "dismissal", "recusal", "delay", "stay", "change", "return", "intervention",
                "funding", "money", "compensation", "pardon", "clemency", "removal", "impeachment", "halt", "vote"}


DROP_LOG: list | None = None  # set to a list to record which gate line dropped a trigger (bench/debugging)


def _drop():
    if DROP_LOG is not None:
        import sys
        f = sys._getframe(1)
        tok = f.f_locals.get("tok")
        DROP_LOG.append((f.f_lineno, tok.text if tok is not None else None,
                         tok.sent.text[:120] if tok is not None else None))
    return None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Char spans inside direct quotation marks, paragraph by paragraph (a quote left open runs to the paragraph's
    end, as multi-paragraph quotes do; a closing mark with no opener closes a quote the paragraph began with)."""
    spans = []
    pos = 0
    for para in text.split("\n"):
        start, opened = None, False
        for m in re.finditer(r"[“”\"]", para):
            ch, i = m.group(), pos + m.start()
            if ch == "“" or ch == '"' and not opened:
                if not opened:
                    start, opened = i, True
            elif opened:
                spans.append((start, i))
                opened = False
            elif ch == "”" and not spans or ch == "”" and spans[-1][1] < pos:
                spans.append((pos, i))  # the paragraph began inside a quote
        if opened:
            spans.append((start, pos + len(para)))
        pos += len(para) + 1
    return spans


def _in_quote(tok, spans) -> bool:
    """Inside a full direct quote (8+ words); a short partial quote ('offered "comprehensive help"') is the
    reporter's paraphrase and counts as reported text."""
    return any(s < tok.idx < e and len(tok.doc.text[s:e].split()) >= 8 for s, e in spans)


def _lemmas(toks) -> set[str]:
    return {t.lemma_.lower() for t in toks}


def _objects(tok) -> list:
    """Direct objects, passive subjects and 'on/against' objects of a trigger (nouns: 'on'/'against'/'of' pobj)."""
    out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    out += [g for c in tok.children if c.dep_ in ("prep", "prt") and c.lower_ in ("on", "against", "at", "upon", "of")
            for g in c.children if g.dep_ == "pobj"]
    return out


def _abstract_target(tok, prec) -> bool:
    """'attack EPA regulations', 'abused his power': the target is an idea, a rule or a thing said."""
    return any(o.lemma_.lower() in prec["abstract_objects"] and o.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP")
               for o in _objects(tok))


def _literal(tok, prec, sent, destroy: bool = False) -> bool:
    """A physical trigger read literally: no idiom, no abstract target, and a physical word in the sentence."""
    low = tok.lemma_.lower()
    near = _lemmas(c for c in tok.children) | _lemmas(g for c in tok.children if c.dep_ in ("dobj", "prep", "prt", "advmod", "acomp", "npadvmod")
                                                      for g in c.subtree)
    if near & set(prec.get("idioms", {}).get(low, ())):
        return False
    if _abstract_target(tok, prec):
        return False
    if tok.pos_ == "NOUN" and low == "violence" and _lemmas(c for c in tok.children if c.dep_ in ("compound", "amod")) \
            & VIOLENCE_GENERIC:
        return False  # "gun violence": a social problem, not an event
    if destroy and tok.pos_ == "VERB" and _lemmas(o for o in _objects(tok) + [g for c in tok.children if c.dep_ == "prep" and
                                                             c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]) \
            & prec.get("property_objects", set()):
        return True  # "demolished homes", "set fire to the offices": property destroyed
    ctx = {t.lemma_.lower() for t in sent if t.i != tok.i} | {t.lower_ for t in sent if t.i != tok.i}
    return bool(ctx & prec["physical_context"])


def _gate(tok, etype, mode, is_verb, sense, status, sent, lex, quoted, first_sent):
    """(type, mode, status) for a trigger that reports a concrete act; None for metaphors, opinions, questions."""
    prec = lex.get("precision") or {}
    if not prec:
        return etype, mode, status
    low = tok.lemma_.lower()
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    advs = {c.lower_ for c in tok.children if c.dep_ == "advmod"}
    advs |= {c.lower_ for h in tok.ancestors for c in h.children if c.dep_ == "advmod"} if tok.dep_ == "xcomp" else set()
    if advs & prec["hypothetical_adverbs"] or "will" in auxes and advs & prec["hypothetical_adverbs"]:
        return _drop()  # "will likely unleash": a prediction
    if _CAPTION.search(sent.text) or _caption_like(sent):
        return _drop()  # a photo caption or credit
    if auxes & MODAL_GENERIC and not sense.get("obliged"):
        return _drop()  # "members can meet", "police may arrest": an ability or a rule, not an act
    if _under_whether(tok):
        return _drop()  # "whether the Kurds pull out will be a test"
    near = _lemmas(c for c in tok.children if c.dep_ in ("dobj", "amod", "acomp", "oprd", "prt", "advmod", "xcomp"))
    if near & set(prec.get("idioms_all", {}).get(low, ())):
        return _drop()  # "pleaded guilty", "a great deal of thought"
    if status == "hypothetical" and not _kept_hypothetical(tok, etype):
        return _drop()  # "might refuse on the grounds of a clause allowing him ...": nothing happened
    if quoted and is_verb and (tok.tag_ in ("VB", "VBZ", "VBP") and not (auxes & {"will", "'ll", "wo"})
                               or tok.tag_ == "VBN" and not auxes):
        return _drop()  # '"... allowing trans people to fight for their country," Block said': a claim
    if quoted and not (is_verb and (tok.tag_ == "VBD" or tok.tag_ in ("VBN", "VBG") and auxes)):
        return _drop()  # a noun or a bare form inside a full quote: the speaker's view, not a report
    if is_verb and tok.tag_ in ("VBN", "VBG") and tok.head.pos_ in ("NOUN", "PROPN") and tok.i < tok.head.i and \
            not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj") for c in tok.children):
        return _drop()  # "pledged delegates", "threatening political crises": an adjective
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in DECLINED | ABILITY | SEEMING:
        return _drop()  # "a judge declined to block the release", "will be able to agree": what was not done
    if not is_verb and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in RISK_NOUNS:
        return _drop()  # "a risk of explosions"
    if tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in LACK_NOUNS:
        return _drop()  # "Congress's lack of funding": what is missing did not happen
    if _durative(tok):
        return _drop()  # "have been beating black people for a very long time": a habit, not an event
    if etype == "AGREE" and low in PROMISE_VERBS and any(c.dep_ == "xcomp" and negated(c) and c.lemma_.lower() in
                                                         YIELD_VERBS for c in tok.children):
        return _drop()  # "vowed not to back down": resolve or defiance, not an agreement
    if not is_verb and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in prec.get("role_of_heads", ()):
        return _drop()  # "in charge of negotiations", "the number of arrests": a role or a statistic
    if not is_verb and tok.tag_ in ("NNS", "NNPS") and tok.dep_ in ("nsubj", "nsubjpass") and \
            tok.head.lemma_.lower() in prec.get("trend_verbs", ()) and not any(
                c.dep_ in ("det", "poss", "nummod") for c in tok.children):
        return _drop()  # "drug arrests rose sharply": a statistic, not an event
    if not is_verb and etype in STANCE_TYPES and governor(tok) is not None and governor(tok).tag_ in ("VBZ", "VBP") \
            and not any(c.dep_ in ("aux", "auxpass") for c in governor(tok).children) and not first_sent:
        return _drop()  # "which holds a meeting in Indianapolis each year": a habit
    if status == "planned" and is_verb:
        subj = subject_of(tok)
        if subj is not None and (subj.pos_ in ("VERB", "AUX") or subj.pos_ == "NOUN" and not _person_noun(subj)):
            return _drop()  # "normalizing relations will only allow Castro to ...": a prediction
    if is_verb and tok.tag_ == "VBN" and tok.dep_ in ("acomp", "xcomp", "oprd") and \
            tok.head.lemma_.lower() in ("feel", "seem", "look", "become", "get", "appear", "sound", "remain"):
        return _drop()  # "other candidates feel threatened": a feeling
    if is_verb and tok.dep_ == "acl" and "to" in auxes and tok.head.lemma_.lower() in ATTEMPT_NOUNS:
        return _drop()  # "a fevered effort to block the nominee": an attempt
    if _modal_chain(tok):
        return _drop()  # "Conservatives should want a balanced deal": an opinion
    if is_verb and tok.dep_ == "acl" and tok.tag_ == "VBN" and etype in DESCRIPTIVE_TYPES:
        return _drop()  # "employees accused of mismanagement": a description
    if is_verb and tok.tag_ == "VBG" and tok.dep_ in ("csubj", "nsubj", "nsubjpass", "dobj", "attr") and not any(
            c.dep_ in ("nsubj", "poss") for c in tok.children):
        return _drop()  # "made negotiating with North Korea harder": an activity named, not reported
    if is_verb and tok.tag_ in ("VBZ", "VBP") and not auxes and etype not in STANCE_TYPES and not first_sent and \
            not (subject_of(tok) is not None and subject_of(tok).pos_ == "PROPN"):
        return _drop()  # "investigators ask presidents for documents": a habit
    if is_verb and tok.tag_ in ("VBZ", "VBP") and not auxes and (
            etype in STANCE_TYPES and (not first_sent or tok.dep_ == "ccomp" and tok.head.lemma_.lower() in REPORT_VERBS and any(
                c.lower_ in ("has", "have", "had") for c in tok.head.children))
            or quoted and not first_sent):
        return _drop()  # present simple in the body: a habit, a stance or a rule ("the law prohibits", "he opposes")
    if is_verb and tok.tag_ == "VB" and "to" in auxes and status == "occurred" and etype not in PHYSICAL_TYPES and \
            (tok.dep_ in ("acl", "relcl") or tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ATTEMPT):
        return _drop()  # "trying to agree", "lines of attack to put ...": an aim, not an act
    # physical types need a literal reading
    if (etype == "ASSAULT" or mode == "destroy") and (low in prec["literal"] or _abstract_target(tok, prec)) and \
            not _literal(tok, prec, sent, mode == "destroy"):
        if low in prec["verbal_attack"] and etype == "ASSAULT" and any(
                o.pos_ in ("PROPN", "NOUN") and actor_like(o) for o in _objects(tok)) and low != "fight":
            return "ACCUSE", "disapprove", status  # "Trump attacked the senator": a verbal attack
        return _drop()
    if etype == "ASSAULT" and not is_verb and low in ("attack", "attacks", "violence", "assault") and \
            not _literal(tok, prec, sent):
        return _drop()
    if etype == "ASSAULT" and low == "violence" and not any(
            c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in ("against", "at", "on", "in", "between", "by")
            or c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") for c in tok.children):
        return _drop()  # "a spike in violence": a trend, not an event
    if etype == "PROTEST":
        subj = subject_of(tok) if is_verb else None
        if is_verb and subj is not None and not actor_like(subj) and not subj.like_num and subj.pos_ != "PRON" \
                and subj.tag_ not in ("NNS", "NNPS"):
            return _drop()  # "as the election year marches on"
        if is_verb and subj is not None and subj.lemma_.lower() in prec.get("non_actor_heads", ()):
            return _drop()  # "disaster struck", "the show marched on"
        if low == "strike" and is_verb and not (subj is not None and actor_like(subj)):
            return _drop()  # "what is striking is that ..."
        if low == "demonstrate" and (any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in tok.children)
                                     or not is_verb):
            return _drop()  # "the election demonstrated that ...": showed, not a demonstration
        if low == "rally":
            mods = _lemmas(c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "dobj", "prep", "prt"))
            if mods & RALLY_NOT or any(c.ent_type_ == "PERSON" for c in tok.children if c.dep_ in ("compound", "poss")) \
                    or is_verb and any(c.dep_ == "dobj" or c.lower_ in ("behind", "around", "to") for c in tok.children):
                return _drop()  # a campaign rally, a market rally, "rallied support"
            g = governor(tok) if not is_verb else None
            gsubj = subject_of(g) if g is not None else None
            if gsubj is not None and not any(c.dep_ == "prep" and c.lower_ in ("against", "for") for c in tok.children) \
                    and (gsubj.lemma_.lower() == "campaign" or _lemmas(c for c in gsubj.children) & {"campaign"}
                         or gsubj.ent_type_ == "PERSON" and g.lemma_.lower() in CAMPAIGN_RALLY_VERBS):
                return _drop()  # "Biden's campaign converted planned rallies", "Trump held a rally in Tulsa"
        if low == "block" and (_lemmas(o for o in tok.children if o.dep_ in ("dobj", "nsubjpass")) & set(
                prec["idioms"].get("block", ())) or (subject_of(tok) is not None and subject_of(tok).ent_type_ == "PERSON")):
            return _drop()  # "blocked the bill": obstruction in Congress, not in the street
    if etype == "COERCE" and low == "prevent" and not any(o.dep_ == "dobj" and (actor_like(o) or match_noun(o, lex))
                                                          for o in tok.children):
        return _drop()  # "to prevent the spread"
    if etype == "CONCEDE":
        if low == "allow" and any(c.dep_ in ("dobj", "nsubjpass", "nsubj") and (actor_like(c) or c.lemma_.lower() in prec[
                "allow_objects"] or match_noun(c, lex)) for c in list(tok.children) + [g for k in tok.children if k.dep_ in ("ccomp", "xcomp")
                                                                 for g in k.children]):
            pass  # "allowed opposition leaders to hold a rally", "will allow the return of inspectors"
        elif low not in prec["concede"]:
            return _drop()  # "allow": permission in general, not a concession
        if low == "concede" and not (_lemmas(c for c in tok.children if c.dep_ == "dobj") | _lemmas(
                g for c in tok.children if c.dep_ == "prep" for g in c.children)) & prec["concede_objects"]:
            return _drop()  # "conceded that ...": an admission
    if etype == "SANCTION" and low in prec["discontinue"] and not \
            _lemmas(t for o in tok.children if o.dep_ in ("dobj", "nsubjpass") for t in o.subtree) & prec["discontinue_objects"]:
        return _drop()  # "suspended his campaign", "canceled the event"
    if etype == "REQUEST":
        if low == "ask" and is_verb:
            kids = list(tok.children)
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) and not any(c.dep_ == "agent" for c in kids) or \
                    tok.tag_ == "VBN" and not auxes:
                return _drop()  # "was asked about", "Asked for a plan, Trump demurred": a journalist's question
            if any(c.dep_ == "prep" and c.lower_ == "about" for c in kids):
                return _drop()
            if any(c.dep_ == "ccomp" and any(g.lower_ in prec["question_words"] for g in c.children if g.i < c.i)
                   for c in kids):
                return _drop()  # "asked whether / how ..."
            if not any(c.dep_ == "xcomp" or c.dep_ == "prep" and c.lower_ == "for" or c.dep_ == "ccomp" and any(
                    g.lower_ == "that" and g.dep_ == "mark" for g in c.children) for c in kids):
                return _drop()  # "asked the senator" with no request in it
            subj = subject_of(tok)
            if subj is not None and subj.lemma_.lower() in prec["media"]:
                return _drop()
        if low == "insist" and not any(c.dep_ == "prep" and c.lower_ == "on" for c in tok.children) and not any(c.dep_ == "ccomp" and (c.tag_ == "VB" and not any(
                g.lower_ == "to" for g in c.children) or any(g.lower_ in ("should", "must") for g in c.children))
                for c in tok.children):
            return _drop()  # "insisted that it was ...": a claim, not a demand
        if low == "seek" and is_verb and not _lemmas(c for c in tok.children if c.dep_ == "dobj") & SEEK_OBJECTS:
            return _drop()  # "seeking re-election", "sought to ...": an aim
        if sense.get("obliged") and any(c.dep_ == "aux" and c.lower_ in ("should", "must") and any(
                n.dep_ in ("nsubj", "nsubjpass") and n.i > c.i for n in tok.children) for c in tok.children):
            return _drop()  # "should Roy Moore be elected, ...": a condition, not a demand
        if sense.get("obliged") and ("have" in auxes or any(c.lower_ == "have" for c in tok.children)):
            return _drop()  # "should have been more precise": an opinion
    if etype == "REJECT" and low in ("decline", "refuse") and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in NO_COMMENT for c in tok.children):
        return _drop()  # "declined to comment"
    if etype == "CONSULT":
        partners = [g for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in ("with", "to")
                    for g in c.children if g.dep_ == "pobj"] + [c for c in tok.children if c.dep_ == "dobj"]
        if any(any(w in prec["media"] for w in (g.lower_, g.lemma_.lower())) or any(
                t.lower_ in prec["media"] for t in g.subtree if t.pos_ == "PROPN") for g in partners):
            return _drop()  # "spoke to The Associated Press", "told reporters": an interview
        if "anonymity" in {t.lower_ for t in sent}:
            return _drop()
        if is_verb and low in ("talk", "speak") and not any(actor_like(g) for g in partners):
            return _drop()  # "talked about the economy"
        if is_verb and low in ("discuss", "negotiate") and not any(actor_like(g) for g in partners):
            subj = subject_of(tok)
            if subj is None or not (subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)):
                return _drop()  # "Clinton took a new tone when discussing charter schools": a topic, not talks
    if etype == "RETREAT" and mode == "release" and is_verb and not any(
            c.dep_ in ("dobj", "nsubjpass") and (actor_like(c) or c.lemma_.lower() in RELEASED) for c in tok.children):
        return _drop()  # "released a statement / the report / a video": publication, not a release of people
    if etype == "CONCEDE" and is_verb and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl", "xcomp"):
        return _drop()  # "..., allowing activists to connect": a consequence described, not a concession
    if etype == "REJECT" and "comment" in _lemmas(tok.subtree):
        return _drop()  # "did not return requests for comment"
    if etype == "THREATEN" and low == "warn" and any(
            c.dep_ == "ccomp" and not any(g.dep_ == "nsubj" and (g.pos_ == "PRON" or actor_like(g)) for g in c.children)
            for c in tok.children):
        return _drop()  # "warned voters that nominating a socialist would make it hard": advice, not a threat
    if etype == "MOBILIZE" and not is_verb and low == "alert" and tok.head.lower_ != "on" and not _lemmas(
            c for c in tok.children if c.dep_ in ("amod", "compound")) & {"high", "military", "full", "combat",
                                                                         "maximum", "heightened", "red", "troop"}:
        return _drop()  # "bomb alerts", "email alerts"
    if etype == "AID" and low == "help" and is_verb:
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if not any(o.lemma_.lower() in prec["help_recipients"] for o in objs) and not any(
                t.ent_type_ in ("GPE", "NORP", "ORG") for t in tok.subtree if t.i != tok.i):
            return _drop()  # "helped him win", "helped pass the bill"
    if etype == "SUPPORT" and low == "defend" and not any(
            c.dep_ == "dobj" and c.pos_ != "PRON" and (actor_like(c) or any(
                actor_like(g) for p_ in c.children if p_.dep_ == "prep" and p_.lower_ == "of" for g in p_.children))
            for c in tok.children):
        return _drop()  # "defended his decision": a statement
    return etype, mode, status


def _durative(tok) -> bool:
    """'for a (very) long time', 'for years', 'for decades': a habit or a state over a long span."""
    for p in tok.children:
        if p.dep_ != "prep" or p.lower_ != "for":
            continue
        for o in p.children:
            if o.dep_ != "pobj" or any(c.dep_ in ("nummod", "prep") or c.like_num for c in o.children):
                continue
            lem = o.lemma_.lower()
            if lem == "time" and any(c.lemma_.lower() == "long" for c in o.children) or \
                    o.tag_ == "NNS" and lem in DURATIVE_UNITS:
                return True
    return False


def _kept_hypothetical(tok, etype) -> bool:
    """A conditional worth keeping: an offer reported ('said they would meet X if ...'), or a condition on a named
    actor's act ('If Russia intervenes')."""
    if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in REPORT_VERBS:
        return True  # "said they would meet X if ...", "said the army would attack the town if ..."
    if etype in COOPERATIVE:
        return False
    if tok.pos_ == "NOUN":  # "they fear Russian intervention"
        return any(c.dep_ in ("amod", "poss", "compound") and c.ent_type_ in ("GPE", "NORP", "ORG")
                   for c in tok.children)
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "if" for c in tok.children) and \
        subj is not None and subj.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") and \
        not any(c.dep_ == "det" and c.lower_ in ("a", "an", "any", "every", "some") for c in subj.children)


def _modal_chain(tok) -> bool:
    """The trigger hangs from a verb with can/should/must ('should want a deal', 'can help them meet')."""
    t = tok
    for _ in range(4):
        if t.dep_ not in ("xcomp", "dobj", "pobj", "pcomp", "prep", "acomp", "attr", "compound", "amod") or t.head.i == t.i:
            return False
        t = t.head
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in MODAL_GENERIC for c in t.children):
            return True
    return False


def _caption_like(sent) -> bool:
    """'Smoke rises above the city on Friday' with no final stop: a photo caption."""
    text = sent.text.strip()
    return bool(text) and text[-1] not in '.!?"”’\')…:;' and sent.root.tag_ == "VBZ" and len(sent) > 5


def _under_whether(tok) -> bool:
    t = tok
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in t.children):
            return True
        if t.dep_ not in ("conj", "xcomp", "aux") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _junk_head(tok, prec, etype) -> bool:
    """An actor head that names no actor: a verb, a relative pronoun, a thing ('the ordinance', 'that debate')."""
    if tok.is_upper and tok.is_alpha and len(tok) > 3 and (tok.i == tok.sent.start or "\n" in tok.doc[tok.i - 1].text):
        return True  # the dateline ("WASHINGTON (Reuters) - ...")
    if tok.pos_ == "PRON":
        return tok.lower_ not in ("he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "it")
    if tok.pos_ == "NUM":
        return etype != "PROTEST"
    if tok.pos_ not in ("NOUN", "PROPN"):
        return not (tok.pos_ == "ADJ" and tok.ent_type_ in ("NORP", "GPE", "ORG"))  # "Russian intervention"
    return tok.lemma_.lower() in prec.get("non_actor_heads", ()) and tok.pos_ == "NOUN"


def _resolved(ref, tok) -> bool:
    """A pronoun actor counts only when the mention index resolved it to a name."""
    if tok.pos_ != "PRON":
        return True
    return bool(ref.name) and ref.name.lower() != (ref.text or "").lower()


FIRST_PERSON = {"i", "we", "me", "us"}


def _speaker(sent, bounds):
    """The subject of the sentence's reporting verb ('..., said one employee'), when it names someone."""
    for t in sent:
        if t.lemma_.lower() in REPORT_VERBS and t.pos_ == "VERB" and bounds[0] <= t.i < bounds[1]:
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ in ("PROPN", "NOUN"):
                return subj
    return None


def _person_noun(tok) -> bool:
    """A common noun that can act: actor-like, a person word ('businessman'), a body ('forum'), or modified by a
    nation or organisation ('French warships', 'the UNITA militarist wing')."""
    low = tok.lemma_.lower()
    return actor_like(tok) or low in PERSON_NOUNS or low.endswith(("man", "men", "person", "woman")) or any(
        c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE", "ORG") for c in tok.children)


def _head_at(sent, ref):
    """The syntactic head of an actor ref's span (its root token)."""
    span = sent.doc.char_span(ref.start, ref.end, alignment_mode="expand") if ref.start is not None else None
    return span.root if span is not None and len(span) else sent.root
