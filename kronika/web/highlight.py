"""Highlighted HTML from text + character spans, in the spirit of displaCy.

Untrusted text never reaches the page unescaped: the output is built from segments, each one passed
through ``markupsafe.escape``; tags, classes, titles and hrefs come from our own values and are escaped
too. Overlapping spans are nested; a span that crosses another is split and reopened.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape


@dataclass
class Span:
    start: int
    end: int
    cls: str
    title: str | None = None
    href: str | None = None
    label: Markup | str | None = None  # shown at the end of the span, inside it
    prio: int = 0  # for equal extents: lower = outer
    attrs: dict[str, str] = field(default_factory=dict)
    anchor: str | None = None  # id="..." on the first piece only

    def open(self, first: bool = True) -> Markup:
        tag = "a" if self.href else "span"
        parts = [f'<{tag} class="{escape(self.cls)}"']
        if first and self.anchor:
            parts.append(f' id="{escape(self.anchor)}"')
        if self.href:
            parts.append(f' href="{escape(self.href)}"')
        if self.title:
            parts.append(f' title="{escape(self.title)}"')
        for k, v in self.attrs.items():
            parts.append(f' {escape(k)}="{escape(v)}"')
        return Markup("".join(parts) + ">")

    def close(self, final: bool) -> Markup:
        tag = "a" if self.href else "span"
        lab = Markup("")
        if final and self.label:
            lab = self.label if isinstance(self.label, Markup) else Markup('<span class="lbl">%s</span>') % self.label
        return lab + Markup(f"</{tag}>")


def render(text: str, spans: list[Span]) -> Markup:
    """``text`` as HTML with ``spans`` marked; spans outside the text or empty are ignored."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    by_start: dict[int, list[Span]] = {}
    for s in spans:
        by_start.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[Span] = []
    for i, p in enumerate(cuts):
        if any(s.end <= p for s in stack):
            idx = min(j for j, s in enumerate(stack) if s.end <= p)
            tail = stack[idx:]
            for s in reversed(tail):
                out.append(s.close(final=s.end <= p))
            stack = stack[:idx]
            for s in tail:
                if s.end > p:
                    out.append(s.open(first=False))
                    stack.append(s)
        for s in sorted(by_start.get(p, []), key=lambda s: (-s.end, s.prio)):
            out.append(s.open())
            stack.append(s)
        if i + 1 < len(cuts):
            out.append(escape(text[p:cuts[i + 1]]))
    for s in reversed(stack):
        out.append(s.close(final=True))
    return Markup("".join(str(x) for x in out))


# -- an article ----------------------------------------------------------------------------
MENTION_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place (country, city)",
                  "LOC": "place (other)", "NORP": "group (nationality, religion, party)"}


def _who(ref: dict | None) -> str | None:
    if not ref:
        return None
    return ref.get("name") or ref.get("text")


def article_spans(article: dict[str, Any], quotes: list[dict], events: list[dict], mentions: list[dict],
                  known_entities: set[str] | None = None, link: bool = True) -> list[Span]:
    aid = article["id"]
    spans: list[Span] = []
    for hs, he in article.get("headings") or []:
        spans.append(Span(hs, he, "hd", prio=0))
    by_sentence: dict[tuple[int, int], list[dict]] = {}
    for e in events:
        for src in e.get("sources") or []:
            if src.get("article_id") == aid:
                by_sentence.setdefault((src["start"], src["end"]), []).append(e)
    for (s, t), evs in by_sentence.items():
        tags = Markup("").join(
            Markup('<a class="evtag t-{0}" href="{1}" title="{2}">{3}</a>').format(
                e["type"], f"/events/{e['id']}" if link else "#",
                f"{e['type']}{':' + e['mode'] if e.get('mode') else ''} ({e['status']})", e["type"])
            if link else Markup('<span class="evtag t-{0}">{0}</span>').format(e["type"])
            for e in evs)
        title = "; ".join(f"{e['type']}{':' + e['mode'] if e.get('mode') else ''} ({e['status']})" for e in evs)
        spans.append(Span(s, t, "ev", title="event: " + title, label=tags, prio=1, anchor=f"c{s}"))
    for q in quotes:
        who = _who(q.get("speaker"))
        title = f"{q['kind']} quote" + (f" · speaker: {who}" if who else " · speaker unresolved") \
            + (f" · cue: {q['cue']}" if q.get("cue") else "")
        eid = (q.get("speaker") or {}).get("entity_id")
        if who and eid and link and (known_entities is None or eid in known_entities):
            lab = Markup('<a class="spk" href="/entities/{0}">{1}</a>').format(eid, who)
        else:
            lab = Markup('<span class="spk">{0}</span>').format(who or "?")
        spans.append(Span(q["start"], q["end"], f"q q-{q['kind']}", title=title, label=lab, prio=2))
    for m in mentions:
        eid = m.get("entity_id")
        href = f"/entities/{eid}" if link and eid and (known_entities is None or eid in known_entities) else None
        spans.append(Span(m["start"], m["end"], f"m m-{m['label']}", href=href,
                          title=f"{m['label']}: {m['name']}", label=m["label"], prio=3))
    return spans


# -- an event's source sentence ----------------------------------------------------------------
@lru_cache(maxsize=1)
def _lexicon() -> dict[str, set[str]]:
    """PLOVER type -> trigger lemmas, from kronika's own verb and noun lexicons."""
    out: dict[str, set[str]] = {}
    base = resources.files("kronika.extract") / "lexicon"
    for name, key in (("plover_verbs.json", "verbs"), ("plover_nouns.json", "nouns")):
        try:
            data = json.loads((base / name).read_text(encoding="utf-8")).get(key, {})
        except (OSError, ValueError):
            continue
        for lemma, senses in data.items():
            for sense in senses if isinstance(senses, list) else [senses]:
                if isinstance(sense, dict) and sense.get("type"):
                    out.setdefault(sense["type"], set()).add(lemma.lower())
    return out


_WORD = re.compile(r"\w[\w'-]*")


def _matches_lemma(word: str, lemma: str) -> bool:
    if " " in lemma:
        return False
    if word == lemma:
        return True
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if len(stem) < 3 or not word.startswith(stem):
        return False
    return word[len(stem):] in ("s", "es", "ed", "d", "ing", "ion", "ions", "ment", "ments",
                                "e", "ied", "ies", "y", stem[-1:] + "ed", stem[-1:] + "ing")


def trigger_spans(sentence: str, type_: str, avoid: list[tuple[int, int]]) -> list[tuple[int, int]]:
    lemmas = _lexicon().get(type_, set())
    found = []
    for m in _WORD.finditer(sentence):
        if any(s <= m.start() < e for s, e in avoid):
            continue
        w = m.group(0).lower()
        if any(_matches_lemma(w, lem) for lem in lemmas):
            found.append((m.start(), m.end()))
    return found


def _occurrences(sentence: str, needle: str) -> list[tuple[int, int]]:
    if not needle or not needle.strip():
        return []
    out = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), sentence)]
    if not out:
        out = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), sentence, re.I)]
    return out


EVIDENCE_CLASSES = {"actor": "actor", "recipient": "recipient", "place": "place", "date": "date",
                    "figure": "figure (size, dead, injured, arrested)", "claimant": "claimant",
                    "trigger": "trigger word (matched from kronika's PLOVER lexicon)"}


def _trigger_text(t: Any) -> str | None:
    return t.get("text") if isinstance(t, dict) else t  # export: {text, start, end}; older rows: the word


def _trigger_span(ev: dict[str, Any], sentence: str) -> list[tuple[int, int]]:
    """The exported trigger's exact offsets, when they fall in this sentence of the first source."""
    t, src = ev.get("trigger"), (ev.get("sources") or [{}])[0]
    if not isinstance(t, dict) or t.get("start") is None or src.get("sentence") != sentence or src.get("start") is None:
        return []
    s = t["start"] - src["start"]
    return [(s, s + len(t["text"]))] if sentence[s:s + len(t["text"])] == t["text"] and s >= 0 else []


def event_sentence(ev: dict[str, Any], sentence: str) -> tuple[Markup, set[str]]:
    """The source sentence with the words supporting the event highlighted; the classes found."""
    terms: list[tuple[str | None, str, str]] = []
    for a in ev.get("actors") or []:
        terms.append((a.get("text"), "actor", f"actor: {_who(a)}"))
    for a in ev.get("recipients") or []:
        terms.append((a.get("text"), "recipient", f"recipient: {_who(a)}"))
    loc = ev.get("location") or {}
    terms.append((loc.get("text"), "place", f"place: {loc.get('name')} ({loc.get('country_code')})"))
    date = ev.get("date") or {}
    terms.append((date.get("text"), "date", f"date: {date.get('start')}–{date.get('end')} ({date.get('precision')})"))
    for k in ("size", "dead", "injured", "arrested"):
        c = ev.get(k) or {}
        terms.append((c.get("text"), "figure", f"{k}: {c.get('min')}–{c.get('max')}"))
    cl = ev.get("claimant") or {}
    terms.append((cl.get("text"), "claimant", f"claimant: {_who(cl)}"))
    spans: list[Span] = []
    found: set[str] = set()
    for needle, cls, title in terms:
        for s, e in _occurrences(sentence, needle or ""):
            spans.append(Span(s, e, f"ev-{cls}", title=title, prio=1))
            found.add(cls)
    # the record's own trigger word when the store keeps it; else words of the type from the lexicon
    given = _trigger_span(ev, sentence) or _occurrences(sentence, _trigger_text(ev.get("trigger")) or "")
    triggers = given or trigger_spans(sentence, ev.get("type", ""), [(x.start, x.end) for x in spans
                                                                     if x.cls != "ev-actor"])
    for s, e in triggers:
        spans.append(Span(s, e, "ev-trigger", title=f"trigger: {ev.get('type')}", prio=2))
        found.add("trigger")
    return render(sentence, spans), found
