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

from ..records import Article, EntityRef, Event, Source
from . import counts as _counts
from .event_actors import actor_like, arguments, frame_roles, place_target, target_fallback
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
    for sent in doc.sents:
        span = _sentence_span(sent, article)
        if span is None:
            continue
        dctx.first_sent, first = first, False
        events.extend(_sentence_events(sent, span, article, dctx, lex))
    return events


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
        gov = heads[-1] if not is_verb else tok
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


def _merge(pairs) -> list[Event]:
    """One record per (type, mode) for linked triggers or the same actors ('disperse' in 'use ... to disperse')."""
    kept: list[tuple[object, Event]] = []
    for tok, ev in pairs:
        names = {a.name or a.text for a in ev.actors}
        twin = next((k for t, k in kept if k.type == ev.type and k.mode == ev.mode and k.status == ev.status and (
            _linked(t, tok) or names and names == {a.name or a.text for a in k.actors}
            or (not names or not k.actors) and k.date.start == ev.date.start)), None)
        if twin is None:
            kept.append((tok, ev))
            continue
        for f in ("size", "dead", "injured", "arrested", "location", "claimant"):
            if getattr(twin, f) is None and getattr(ev, f) is not None:
                setattr(twin, f, getattr(ev, f))
        if twin.date.precision is None and ev.date.precision:
            twin.date = ev.date
        twin.actors = twin.actors or ev.actors
        twin.recipients = twin.recipients or ev.recipients
    return [ev for _, ev in kept]


# --- precision on real news -------------------------------------------------------------------------------------
# Real political news is full of metaphors ("attack EPA regulations"), opinions, questions and quotes that the
# lexicon's triggers match. These gates keep an event only when the text reports a concrete act; an event that did
# not happen is worse than a missed one. The word lists are data: lexicon/plover_verbs.json "precision".
