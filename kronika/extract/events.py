"""PLOVER v1 events from one annotated article: type, mode, actors, recipients, date, place, counts,
status, claimant, evidence.

One pass over the sentences. Triggers come from data files looked up by lemma (event_triggers), actors from
the parse (event_actors), status and claimant from governing words (event_status), time and place from
expressions found once per document (event_context), counts from counts; every trigger passes the gate
(event_gate). Precision over recall: negated
triggers, the content of requests ("demanded he step down") and anaphoric mentions ("the crackdown") are
not new events.
"""
from __future__ import annotations

from ..records import Article, DateValue, EntityRef, Event, Source
from . import counts as _counts
from .event_actors import actor_like, arguments, subject_of
from .event_frames import frame_roles, place_target, target_fallback
from .event_context import _clause_heads, _DocContext, _event_date, _event_place
from .event_gate import (COOPERATIVE, FIRST_PERSON, PAST_AUX, PHYSICAL_TYPES, REFUSABLE, _drop, _gate, _head_at,
                         _in_quote, _junk_head, _person_noun, _resolved, _speaker, quote_spans)
from .event_status import REPORT_VERBS, claimant_head, negated, status_of
from .event_triggers import TEMPORAL_PREPS, content_tokens, find_triggers, governor, lexicon, match_noun

# an event noun as their subject happens when they do ("On Sunday, clashes left two dead")
RESULT_VERBS = {"leave", "kill", "injure", "wound", "claim", "paralyse", "paralyze", "rock", "hit", "shake", "engulf",
                "sweep", "grip", "disrupt", "shut", "draw", "attract", "last", "rage", "flare", "intensify", "resume"}
HAPPEN_VERBS = {"take", "continue", "erupt", "begin", "start", "break", "spread", "occur", "happen", "resume",
                "escalate", "end", "enter", "grow", "turn"}
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
# "ordered X to suspend publication": a restriction imposed by whoever gave the order
ORDER_VERBS = {"order", "force", "compel", "direct", "instruct", "require", "oblige", "pressure", "coerce"}
# subjects that are not actors: "the bill would allow", "their broadcasts backed", "the night's incidents injured"
INANIMATE = {"bill", "law", "plan", "resolution", "report", "measure", "broadcast", "incident", "decision", "policy",
             "move", "proposal", "it's", "which", "that", "this", "document", "statement", "letter", "rule", "decree",
             "constitution", "vote", "election", "referendum", "case", "situation", "crisis", "fact", "change",
             "amendment", "reform", "treaty", "accord", "agreement", "deal", "system", "program", "programme",
             "debate", "show", "idea", "speech", "book", "film", "movie"}


def _sentence_span(sent, article: Article) -> tuple[int, int] | None:
    """Char span of the sentence minus any subhead merged into it by the parser."""
    start, end = sent.start_char, sent.end_char
    for hs, he in article.headings or ():
        if hs <= start < he or hs < end <= he or start <= hs < end:
            if start >= hs:
                start = he
            else:
                end = min(end, hs)
    text = article.text
    while start < end and text[start] in " \n\t\"“”'":
        start += 1
    while end > start and text[end - 1] in " \n\t":
        end -= 1
    return (start, end) if end - start > 3 else None


def extract_events(doc, article: Article, index) -> list[Event]:
    lex = lexicon()
    dctx = _DocContext(doc, article, index)
    events: list[Event] = []
    dctx.quotes = quote_spans(doc.text)
    first = True
    per_sent = []
    seen: set[str] = set()
    for sent in doc.sents:
        span = _sentence_span(sent, article)
        if span is None:
            continue
        words = " ".join(sent.text.split())
        if len(words) >= REPEAT_MIN:  # a paragraph printed twice (a layout slip) reports its events once
            if words in seen:
                continue
            seen.add(words)
        dctx.first_sent, first = first, False
        evs = _sentence_events(sent, span, article, dctx, lex)
        events.extend(evs)
        per_sent.append((sent, evs))
    _carry_lead_dates(per_sent, _lead_end(article), dctx, lex)
    return events


# --- dates carried from the lead ----------------------------------------------------------------------------------
# A news lead dates the story's event ("Thousands marched in Minsk on Sunday ..."); later reports of it often carry
# no time expression ("The protesters then marched to ..."). Such a report gets the lead's date only when it surely
# refers back to the lead's event: the same type and status as a dated lead event (and one date for that type in the
# lead), a past-tense report with no time expression of its own and no word pointing to another time; or an
# anaphoric event noun ("at the march", "during the protest") naming the lead event. The record says so:
# date_basis "lead", date.text the lead's own expression. Never the publication date.
OTHER_TIME = {"previous", "previously", "prior", "ago", "since", "past", "last", "earlier", "former", "recent",
              "recently", "once", "often", "usually", "repeatedly", "regularly", "routinely", "frequently",
              "sometimes", "year", "decade", "month", "week", "history", "ever", "never", "before", "until",
              "every", "weekly", "daily", "annual", "annually", "anniversary", "tradition", "first", "next",
              "later", "future", "tomorrow", "yesterday", "tonight", "today", "already", "after"}
TIME_MARKS = {"when", "whenever", "after", "before", "since", "until", "till", "once", "while", "as"}
# acts that happen at one place and time: the lead's date carries to any later report of the type; for statements
# and stances ("accused", "urged", "agreed") it carries only when the same actor is named
PHYSICAL_CARRY = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "CONSULT"}
PRONOUNS = {"they", "them", "she", "her", "his", "him", "who", "the", "its", "their", "this", "that", "these", "those"}
ANAPHORIC_DETS = {"the", "this", "that", "these", "those"}
REPEAT_MIN = 60  # characters from which a sentence seen earlier in the article is a repeat, not a new report
ANAPHORIC_PREPS = {"at", "during", "in", "amid", "throughout"}


def _lead_end(article: Article) -> int:
    """End offset of the article's lead: its first paragraph of running text (not a subhead, not a dateline)."""
    text, pos = article.text, 0
    heads = [tuple(h) for h in article.headings or ()]
    while pos < len(text):
        end = text.find("\n\n", pos)
        end = len(text) if end < 0 else end
        para = text[pos:end].strip()
        if len(para) >= 60 and not any(hs <= pos + 2 and end - 2 <= he for hs, he in heads):
            return end
        pos = end + 2
    return len(text)


def _trigger_token(sent, ev):
    return next((t for t in sent if t.idx == ev.trigger_start), None)


def _simple_past(tok) -> bool:
    """'marched', 'were arrested': the narrative past of the story (not 'had marched', 'have marched', 'march'),
    in a main clause or a relative one, not under 'when', 'after', 'before' ('when he asked them to ...')."""
    v = tok if tok.pos_ in ("VERB", "AUX") else governor(tok)
    if v is None:
        return False
    t = v
    for _ in range(8):
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_MARKS for c in t.children) or t.dep_ == "pcomp" and \
                t.head.lower_ in TIME_MARKS:
            return False
        if t.head.i == t.i:
            break
        t = t.head
    aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):  # "has condemned the killing and promised justice"
        aux |= {c.lower_ for c in v.head.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"had", "has", "have", "'d", "'ve", "will", "would", "could", "might", "may", "can", "should", "must"}:
        return False
    return v.tag_ == "VBD" or v.tag_ == "VBN" and bool(aux & {"was", "were"})


def _names(refs) -> set[str]:
    return {w for r in refs for w in (r.name or r.text or "").lower().split() if len(w) > 2 and w[0].isalpha()
            and w not in PRONOUNS}


def _carry_lead_dates(per_sent, lead_end: int, dctx, lex) -> None:
    lead: dict[tuple[str, str], set] = {}
    lead_actors: dict[tuple[str, str], set] = {}
    for sent, evs in per_sent:
        for ev in evs:
            if ev.sources[0].start < lead_end and ev.date.start and ev.date.precision == "day" \
                    and ev.date_basis == "own":
                lead.setdefault((ev.type, ev.status), set()).add(
                    (ev.date.start, ev.date.end, ev.date.precision, ev.date.text, ev.date.value))
                lead_actors.setdefault((ev.type, ev.status), set()).update(_names(ev.actors))
    lead = {k: v for k, v in lead.items() if len(v) == 1}
    lead_days = {x.date.start for i, x in dctx.time_at.items() if dctx.doc[i].idx < lead_end
                 and x.date.precision == "day"}
    if not lead or len(lead_days) > 1:
        return  # "marched on Sunday, a week after others marched on August 9": which one a later report means is unsure
    for sent, evs in per_sent:
        todo = [ev for ev in evs if not ev.date.precision and ev.status == "occurred"]
        if not todo or any(sent.start <= i < sent.end for i in dctx.time_at) or any(
                t.ent_type_ in ("DATE", "TIME") for t in sent) or any(
                t.lemma_.lower() in OTHER_TIME or t.lower_ in OTHER_TIME for t in sent):
            continue
        for ev in todo:
            tok = _trigger_token(sent, ev)
            if tok is None or not _simple_past(tok):
                continue
            key = (ev.type, ev.status)
            if key in lead and ev.type not in PHYSICAL_CARRY and not _names(ev.actors) & lead_actors.get(key, set()):
                key = None  # "Democrats accused ...": a statement dates with the lead only when the lead's actor made it
            if key not in lead:
                key = _anaphoric_key(tok, sent, ev.status, lead, lex)
            if key is None:
                continue
            start, end, precision, text, value = next(iter(lead[key]))
            ev.date = DateValue(start=start, end=end, precision=precision, text=text, value=value)
            ev.date_basis = "lead"


def _anaphoric_key(tok, sent, status, lead, lex):
    """'arrested 50 people at the march': the definite event noun names a dated lead event."""
    anchors = {tok.i}
    g = governor(tok) if tok.pos_ not in ("VERB", "AUX") else None
    if g is not None:
        anchors.add(g.i)
    for n in sent:
        if n.dep_ != "pobj" or n.head.lower_ not in ANAPHORIC_PREPS or n.head.head.i not in anchors:
            continue
        if not any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in n.children):
            continue
        m = match_noun(n, lex)
        if m is not None and (m[0].get("type"), status) in lead:
            return (m[0].get("type"), status)
    return None


def _sentence_events(sent, span, article, dctx, lex) -> list[Event]:
    s_start, s_end = span
    lo = next((t.i for t in sent if t.idx >= s_start), sent.end)
    hi = next((t.i for t in sent if t.idx >= s_end), sent.end)
    bounds = (lo, hi)
    content = content_tokens(sent, lex)
    source = Source(article_id=article.id, sentence=article.text[s_start:s_end], start=s_start, end=s_end,
                    url=article.url, published=article.published)
    found = find_triggers(sent, span, lex, content)
    counts = _counts.sentence_counts(sent)
    out: list[tuple[object, Event]] = []  # (trigger, event)
    for tok, etype, mode, is_verb, sense in found:
        status = status_of(tok, lex["status"], bounds)
        if status is None:
            if etype not in COOPERATIVE:
                continue
            if lex.get("precision") and _in_quote(tok, getattr(dctx, "quotes", ())):
                _drop()
                continue  # "they didn't help us," said Trump: a complaint, not a refusal
            if lex.get("precision") and tok.lemma_.lower() == "meet" and not any(
                    c.dep_ == "dobj" and (actor_like(c) or c.lemma_.lower() in ("demand", "condition", "term"))
                    for c in tok.children) and not any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
                _drop()
                continue  # "didn't meet FDA regulations": a failure, not a refusal
            if lex.get("precision") and not (negated(tok) and is_verb and (tok.lemma_.lower() in REFUSABLE or tok.lemma_.lower(
                    ) in ("back", "support", "endorse", "vote") and {c.lower_ for c in tok.children} & {"would", "will", "wo"}) and (
                    {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")} & PAST_AUX | {"will", "wo"})):
                _drop()
                continue  # "we don't have to agree", "he does not support": a stance, not a refusal
            etype, mode, status = "REJECT", None, "occurred"  # "will not accept", "did not meet demands"
        gated = _gate(tok, etype, mode, is_verb, sense, status, sent, lex,
                      _in_quote(tok, getattr(dctx, "quotes", ())), getattr(dctx, "first_sent", False))
        if gated is None:
            continue
        etype, mode, status = gated
        obliged = sense.get("obliged")
        if etype == "ASSAULT" and any(a.lemma_ == "prepare" for a in list(tok.ancestors)[:3]):
            etype, mode, status = "MOBILIZE", None, "occurred"  # "the army prepared to resume shelling"
        if etype == "MOBILIZE" and not is_verb and governor(tok) is not None and \
                governor(tok).lemma_ in ("offer", "contribute", "pledge", "commit", "lend"):
            etype, mode = "AID", "military"  # "offered its troops to Lebanon's president"
        if not is_verb and negated(tok.head):
            continue
        heads = _clause_heads(tok, lex)
        a_heads, r_heads = arguments(tok, is_verb, bounds)
        if is_verb and etype in COOPERATIVE and a_heads and lex.get("precision") and all(
                a.pos_ == "NOUN" and (a.lemma_.lower() in INANIMATE or a.lemma_.lower() in lex["precision"].get(
                    "non_actor_heads", ())) for a in a_heads):
            _drop()
            continue  # "the debate helped Fox to a record", "the plan appeals to progressives": no one acted
        if is_verb and sense.get("needs_agent"):
            if not a_heads:
                continue  # "hundreds injured": a casualty count, not an event of its own
            a_heads = [a for a in a_heads if actor_like(a)]  # "the night's incidents injured ..."
        temporal = tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL_PREPS
        reported = tok.head.head.lemma_.lower() in ("account", "report", "allegation", "claim")
        if not is_verb and not a_heads and (not temporal or sense.get("agent_from_governor")) and not reported:
            g = governor(tok)
            if g is not None and (g.lemma_.lower() not in REPORT_VERBS or g.lemma_.lower() in lex["light"]):
                a_heads, extra = arguments(g, True, bounds)
                a_heads = [a for a in a_heads if a.i != tok.i]
                r_heads = r_heads or [r for r in extra if r.i != tok.i and not _dominates(r, tok)
                                      and match_noun(r, lex) is None]
        if not is_verb and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in HAPPEN_VERBS | RESULT_VERBS:
            heads = heads + [tok.head]  # "protests have been taking place since Tuesday", "On Sunday, clashes left two dead"
        if not is_verb and temporal and tok.head.head.pos_ == "VERB":
            heads = heads + [tok.head.head]  # "died on Monday during protests": the protests were on Monday
        # "slammed Lukashenko for seeking Moscow's aid": the object of the accusation is the actor
        if is_verb and not a_heads and tok.dep_ == "pcomp" and tok.head.lower_ in ("for", "of") \
                and lex["verbs"].get(tok.head.head.lemma_.lower(), [{}])[0].get("type") == "ACCUSE":
            a_heads = [c for c in tok.head.head.children if c.dep_ == "dobj"]
        a_heads, r_heads = frame_roles(tok, etype, is_verb, a_heads, r_heads, lex.get("frames", {}), status, bounds)
        if is_verb and tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ == "nsubj" and c.lower_ in ("who", "that", "which") for c in tok.children) and not any(
                c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in tok.children) and any(
                a.lower_ in RELATIVE_PRONOUNS or a.i == tok.head.i for a in a_heads):
            # "a person familiar with the call, who spoke with Trump": the parser hangs the clause on the nearest
            # noun ("call"); the one who spoke is the person it describes
            ante = tok.head
            if not (actor_like(ante) or _person_noun(ante)) and ante.dep_ == "pobj" and ante.head.dep_ == "prep" \
                    and ante.head.head.pos_ == "ADJ" and ante.head.head.dep_ == "amod":
                ante = ante.head.head.head  # "familiar with", "close to": the person the adjective describes
            a_heads = [ante if a.lower_ in RELATIVE_PRONOUNS or a.i == tok.head.i else a for a in a_heads]
        if is_verb and etype == "COERCE" and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ORDER_VERBS and not any(
                c.dep_ == "dobj" and actor_like(c) for c in tok.children):
            boss = subject_of(tok.head)  # "the court ordered the newspaper to suspend publication": the court
            told = [c for c in tok.head.children if c.dep_ == "dobj" and actor_like(c)]  # coerced the newspaper
            if boss is not None and actor_like(boss) and told:
                a_heads, r_heads = [boss], told
        r_heads = [r for r in r_heads if not _event_noun(r, lex)] or target_fallback(tok, etype, a_heads, bounds) \
            or place_target(tok, etype, lex.get("frames", {}), bounds)
        a_heads = [a for a in a_heads if a.lemma_.lower() not in INANIMATE and not _event_noun(a, lex)]
        if status == "hypothetical" and not a_heads:
            continue  # hypothetical and nobody to do it: noise
        crowd = "protesters" if etype == "PROTEST" else None
        prec = lex.get("precision") or {}
        if prec:  # junk heads ("saying", "who", "the ordinance") leave the slot empty
            a_heads = [a for a in a_heads if not _junk_head(a, prec, etype) and (
                etype in PHYSICAL_TYPES or a.pos_ != "NOUN" or _person_noun(a))]
            r_heads = [r for r in r_heads if not _junk_head(r, prec, etype)]
        if is_verb and sense.get("actor_required"):
            a_heads = [a for a in a_heads if actor_like(a)]
            if not a_heads:
                _drop()
                continue  # "wildfires destroyed 200 homes", "homes were burned": nobody did it
        actors = [r for h in a_heads for r in dctx.actors.refs(h, crowd)]
        recips = [r for h in r_heads for r in dctx.actors.refs(h)]
        quoted = _in_quote(tok, getattr(dctx, "quotes", ()))
        if prec and any(s < tok.idx < e for s, e in getattr(dctx, "quotes", ())) and any(
                h.lower_ in FIRST_PERSON for h in a_heads):
            spk = _speaker(sent, bounds)  # "'we are demanding free elections,' said one employee"
            if spk is not None:
                actors = [r for r in actors if r.text.lower() not in FIRST_PERSON] + [dctx.actors.ref(spk)]
        if prec:
            actors = [r for r in actors if _resolved(r, _head_at(sent, r))]
            recips = [r for r in recips if _resolved(r, _head_at(sent, r))]
            if not actors and not recips and etype not in PHYSICAL_TYPES and not obliged:
                _drop()
                continue
            if not actors and (status == "hypothetical" or quoted):
                _drop()
                continue  # a hypothetical, or a quoted act, with nobody named to do it  # nobody did it: for a statement-like type, no event
        if is_verb and (tok.dep_ in ("advcl", "conj") or tok.dep_ == "xcomp" and status == "occurred") and not any(
                t.i in dctx.time_at for t in tok.subtree):  # "police moved on Sunday to disperse the crowd"
            h = tok  # "... on Friday announced ..., asking foreign governments"
            while (h.dep_ in ("advcl", "conj") or h.dep_ == "xcomp" and status == "occurred") and h.head.i != h.i \
                    and len(heads) < 8:
                h = h.head
                heads = heads + [h]
        # an act aimed at its own doer is a coreference slip ("thousands protested ..., complaining that their
        # broadcasts ...": "their" taken for the protesters): the recipient is left to its words
        own = {r.entity_id or r.name for r in actors} - {None, ""}
        recips = [r if (r.entity_id or r.name) not in own else EntityRef(text=r.text, start=r.start, end=r.end)
                  for r in recips]
        date = _event_date(tok, heads, dctx, status, bounds)
        loc = _event_place(tok, heads, dctx, sent, actors, etype)
        ev = Event(type=etype, mode=mode, status=status, sources=[source], date=date, actors=actors,
                   recipients=recips, location=loc, trigger=tok.text,
                   trigger_start=tok.idx, trigger_end=tok.idx + len(tok))
        if etype == "PROTEST" and a_heads:
            ev.size = _counts.count_of(a_heads[0])
        ch = claimant_head(tok, sent, bounds)
        if ch is None and sent.root.lemma_.lower() in REPORT_VERBS and sent.root.i != tok.i:
            ch = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
            if ch is not None and (ch.i <= tok.i <= ch.right_edge.i):
                ch = None
        if ch is not None and ch.i not in {h.i for h in a_heads} and actor_like(ch) and lo <= ch.i < hi:
            ev.claimant = dctx.actors.ref(ch)
        if obliged:  # "Russia said Sudan must return the helicopter": the reporter demands it of Sudan
            ev = Event(type="REQUEST", status="occurred", sources=[source], date=date,
                       actors=[ev.claimant] if ev.claimant else [],
                       recipients=ev.actors, location=None, trigger=tok.text,
                       trigger_start=tok.idx, trigger_end=tok.idx + len(tok))
        out.append((tok, ev))
    _counts.assign_counts(out, counts)
    _purpose_recipients(out)
    return _merge(out)


def _purpose_recipients(pairs) -> None:
    """An act done to demand or protest something is aimed where its purpose is: 'began a hunger strike to protest
    against Sweden's decision', 'opened fire to disperse demonstrators', 'rioted, demanding a referendum'."""
    for tok, ev in pairs:
        if ev.recipients:
            continue
        anchors = {tok.i}
        if tok.pos_ != "VERB":
            g = governor(tok)
            if g is not None:
                anchors.add(g.i)
        for t2, e2 in pairs:
            if t2.i == tok.i or not e2.recipients:
                continue
            purpose = t2.dep_ in ("advcl", "xcomp") and t2.head.i in anchors and (
                any(c.dep_ == "aux" and c.lower_ == "to" for c in t2.children) or t2.tag_ == "VBG") or \
                t2.dep_ == "pobj" and t2.head.lower_ == "in" and t2.head.head.i in anchors  # "in protest of"
            if purpose:
                ev.recipients = [EntityRef.from_dict(r.to_dict()) for r in e2.recipients]
                break


def _event_noun(tok, lex) -> bool:
    """'protests', 'the crackdown': an event, not a participant (troops and forces are participants)."""
    m = match_noun(tok, lex)
    return m is not None and bool(m[0].get("standalone")) and m[0].get("type") != "MOBILIZE"


def _dominates(a, b) -> bool:
    return any(t.i == a.i for t in b.ancestors)


def _linked(a, b) -> bool:
    """Two triggers describe one event: one governs the other closely, or they are conjuncts."""
    return _counts.tree_distance(a, b) <= 2 or a.head.i == b.head.i and "conj" in (a.dep_, b.dep_)


def _refers_back(earlier, tok) -> bool:
    """'Kerry met Fabius ..., but officials declined to discuss the meeting': a definite event noun after a
    trigger of the same type in the sentence names that event again, whoever its own clause's subject is."""
    return tok.i > earlier.i and tok.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in tok.children)


def _same_act(k: Event, t, ev: Event, tok) -> bool:
    if k.type != ev.type or k.status != ev.status:
        return False
    names = {a.name or a.text for a in ev.actors}
    if k.mode != ev.mode:  # conjuncts with one mode unnamed: 'tortured and murdered' is one assault
        conj = tok.dep_ == "conj" and tok.head.i == t.i or t.dep_ == "conj" and t.head.i == tok.i
        return conj and (k.mode is None or ev.mode is None) and (
            not names or not k.actors or names == {a.name or a.text for a in k.actors})
    return (_linked(t, tok) or _refers_back(t, tok) or names and names == {a.name or a.text for a in k.actors}
            or (not names or not k.actors) and k.date.start == ev.date.start)


def _merge(pairs) -> list[Event]:
    """One record per (type, mode) for linked triggers, the same actors ('disperse' in 'use ... to disperse') or
    an event noun referring back ('the meeting'); conjuncts of one type ('tortured and murdered') are one act."""
    kept: list[tuple[object, Event]] = []
    for tok, ev in pairs:
        twin = next((k for t, k in kept if _same_act(k, t, ev, tok)), None)
        if twin is None:
            kept.append((tok, ev))
            continue
        for f in ("size", "dead", "injured", "arrested", "location", "claimant"):
            if getattr(twin, f) is None and getattr(ev, f) is not None:
                setattr(twin, f, getattr(ev, f))
        if twin.date.precision is None and ev.date.precision:
            twin.date, twin.date_basis = ev.date, ev.date_basis
        twin.mode = twin.mode or ev.mode
        twin.actors = twin.actors or ev.actors
        twin.recipients = twin.recipients or ev.recipients
    return [ev for _, ev in kept]


# --- precision on real news -------------------------------------------------------------------------------------
# Real political news is full of metaphors ("attack EPA regulations"), opinions, questions and quotes that the
# lexicon's triggers match. These gates keep an event only when the text reports a concrete act; an event that did
# not happen is worse than a missed one. The word lists are data: lexicon/plover_verbs.json "precision".
