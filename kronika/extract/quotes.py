"""Direct, partial and indirect quotes with their speakers.

Quote marks are paired by one character scan per paragraph (linear, robust to unbalanced marks);
speakers and indirect speech come from the dependency parse around speech verbs
(``lexicon/speech_verbs.txt``). Speakers are resolved through the article's MentionIndex and are
left unnamed rather than guessed.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..records import Article, EntityRef, Quote
from .speakers import indirect_quotes, is_cue, postposed_subject, speaker_span, subject_of

_MARKS = re.compile(r'["“”„‟«»″]|\n')
OPENERS = "“„‟«"
CLOSERS = "”»"
_OPEN_BEFORE = " \t\n([{—–-/:;,"
_SENT_END = re.compile(r"(?:^|[.!?:;…][\"'”’)]*)\s*$")
_NOT_PARTIAL_CUES = frozenset(("agree", "show"))  # they report, but a quote under them is someone else's
_ENDS = re.compile(r"[.!?](?:\s|$)")
_DETS = frozenset(("a", "an", "the", "its", "their", "his", "her", "this", "that", "so-called", "our",
                   "called", "dubbed", "named", "titled", "entitled"))
_DASH_NAME = re.compile(r"[\s\u00a0]*[―—–-]+[\s\u00a0]*([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})[\s\u00a0]*(?:\n|$)")
_TRANSCRIPT = re.compile(r"^(?:[A-Z][A-Z.'’-]+ ?){1,3}:|^\([^()]*\)\.?$")  # "WALLACE: ...", "(CROSSTALK.)"
MAX_ATTR_TOKENS = 30  # attribution after a quote: '..." said X, a 27-year-old programmer of Minsk.'


@dataclass
class _Span:
    open: int  # position of the opening mark
    start: int  # content start/end (inside the marks, whitespace trimmed)
    end: int
    close: int  # position of the closing mark, or paragraph end when the quote runs on
    para: int  # paragraph start offset
    runs_on: bool = False  # no closing mark: continues in the next paragraph
    kind: str = ""
    speaker: EntityRef | None = None
    cue: str | None = None
    attributed: bool = False


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def find_quote_spans(text: str) -> list[_Span]:
    """Pair double quote marks paragraph by paragraph. An opening mark left open at the end of a
    paragraph whose next paragraph opens with a mark runs on (newswire multi-paragraph quotes)."""
    out: list[_Span] = []
    open_at, para, nested = -1, 0, 0
    n = len(text)

    def para_end_flush(pe: int) -> None:
        nonlocal open_at
        if open_at >= 0:
            nxt = pe
            while nxt < n and text[nxt].isspace():
                nxt += 1
            at_para_start = not text[para:open_at].strip()
            runs = nxt < n and text[nxt] in '"“„‟«'
            if runs or at_para_start:
                s, e = _trim(text, open_at + 1, pe)
                if e > s:
                    out.append(_Span(open_at, s, e, pe, para, runs_on=runs))
        open_at = -1

    for m in _MARKS.finditer(text):
        p, c = m.start(), m.group()
        if c == "\n":
            para_end_flush(p)
            para = p + 1
            continue
        prev = text[p - 1] if p > 0 else "\n"
        nxt = text[p + 1] if p + 1 < n else "\n"
        opener_like = c in OPENERS or (c not in CLOSERS and (prev in _OPEN_BEFORE or prev.isspace())
                                       and not nxt.isspace())
        if open_at < 0:
            if opener_like or (c not in CLOSERS and not prev.isalnum()) or (
                    c in CLOSERS and not text[para:p].strip()):  # '”Mr. Trump ...' typo at paragraph start
                open_at, nested = p, 0
        elif text[open_at] in '"″' and c in OPENERS:
            nested += 1  # "... “As you know, ...” ..." : a quote inside a straight-quoted quote
        elif nested and c in CLOSERS:
            nested -= 1
        elif c in CLOSERS or not opener_like or c in '"″':
            s, e = _trim(text, open_at + 1, p)
            if e > s:
                out.append(_Span(open_at, s, e, p, para))
            open_at = -1
        else:  # a second curly opener: the first was never closed
            open_at = p
    para_end_flush(n)
    return out


def _heading_filter(spans: list[_Span], headings: list[list[int]]) -> list[_Span]:
    if not headings:
        return spans
    hs = sorted((s, e) for s, e in headings)
    starts = [s for s, _ in hs]
    keep = []
    for sp in spans:
        k = bisect_right(starts, sp.open) - 1
        if k >= 0 and hs[k][1] > sp.open:
            continue
        if k + 1 < len(hs) and hs[k + 1][0] < sp.end:
            continue  # overlaps a heading that starts inside it
        keep.append(sp)
    return keep


class _Ctx:
    def __init__(self, doc, article: Article, index):
        self.doc, self.text, self.index = doc, doc.text, index
        self.article = article
        self.starts = [t.idx for t in doc]
        hs = sorted((s, e) for s, e in article.headings)
        self.hstarts, self.hends = [s for s, _ in hs], [e for _, e in hs]

    def tok_at(self, char: int) -> int:
        """Index of the token containing (or first after) char."""
        k = bisect_right(self.starts, char) - 1
        return max(k, 0)

    def toks(self, s: int, e: int) -> range:
        return range(bisect_left(self.starts, s), bisect_left(self.starts, e))

    def ref(self, tok) -> EntityRef:
        lo, hi = speaker_span(tok)
        s, e = self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])
        r = self.index.ref(s, e) if self.index is not None else None
        if r is None:
            r = self.index.ref(tok.idx, tok.idx + len(tok)) if self.index is not None else None
        if r is not None:
            r.text, r.start, r.end = self.text[s:e], s, e
            return r
        return EntityRef(text=self.text[s:e], name=None, start=s, end=e)


def _attribution_after(ctx: _Ctx, sp: _Span, limit: int):
    """A cue verb right after the closing mark: '..." said X' / '..." X said' / '..." according to X'."""
    doc = ctx.doc
    i = bisect_left(ctx.starts, sp.close + 1)
    ends_sentence = ctx.text[sp.end - 1:sp.end] in ".!?"
    m = _DASH_NAME.match(ctx.text, sp.close + 1)
    if m and i < len(doc):  # '...” ― Sonya Herridge' (vox-pop style)
        k = bisect_left(ctx.starts, m.start(1))
        if k < len(doc):
            return doc[k], doc[k]
    for j in range(i, min(i + MAX_ATTR_TOKENS, len(doc))):
        t = doc[j]
        if t.idx >= limit or (t.is_punct and t.text in (".", "!", "?", ";") and j > i) or t.text in ('"', "“", "”"):
            break
        if t.lower_ == "according" and j + 1 < len(doc) and doc[j + 1].lower_ == "to":
            src = next((c for c in doc[j + 1].children if c.dep_ == "pobj"), None)
            return t, src
        if is_cue(t):
            if any(c.dep_ in ("ccomp", "xcomp") and c.i > t.i and "\n" not in ctx.text[t.idx:c.idx]
                   for c in t.children):
                return None  # a new sentence with its own content: 'He also claimed that ...'
            if ends_sentence and doc[i].is_title and j > i + 3:
                return None
            lo, hi = ctx.tok_at(sp.open), ctx.tok_at(sp.close) + 1
            subj = subject_of(t, lo, hi)
            if (subj is None or subj.i < lo) and j <= i + 2:
                subj = postposed_subject(t, lo, hi) or subj
            if subj is None or subj.i < lo:  # parse broke: '," Tulsa police Chief Chuck Jordan said'
                names = [doc[k] for k in range(i, j) if doc[k].ent_type_ in ("PERSON", "ORG")]
                subj = names[-1] if names else subj
            return t, subj
    return None


def _attribution_before(ctx: _Ctx, sp: _Span, floor: int):
    """'X said: "..."' / 'X told reporters, "..."' / 'the crowd chanted "..."', also across a paragraph
    break after a colon ('Caddell continued:' / 'The New York Times reports:')."""
    doc = ctx.doc
    i = bisect_left(ctx.starts, sp.open)
    if not ctx.text[sp.para:sp.open].strip():
        before = ctx.text[max(0, sp.para - 200):sp.para].rstrip()
        if before.endswith(":"):
            j = i - 1
            while j > 0 and doc[j].is_space:
                j -= 1
            i, floor = j, max(0, sp.para - 200)
    lo = max(bisect_left(ctx.starts, floor), i - 25)
    hi = ctx.tok_at(sp.close) + 1
    for j in range(i - 1, lo - 1, -1):
        t = doc[j]
        if t.text in (".", "!", "?") and j == i - 1 and j - 3 >= lo:
            # 'The administration may be reluctant ..., Schiff said. "The other factor ..."'
            for k in (j - 1, j - 2, j - 3):
                if is_cue(doc[k]) and not any(c.dep_ in ("ccomp", "xcomp") and c.i > k for c in doc[k].children):
                    subj = subject_of(doc[k], i, hi)
                    if subj is None:  # '... Chief Chuck Jordan said Monday. "..."'
                        names = [doc[m] for m in range(max(lo, k - 8), k) if doc[m].ent_type_ in ("PERSON", "ORG")]
                        subj = names[-1] if names else None
                    return doc[k], subj
            break
        if t.text in (".", "!", "?", '"', "“", "”") or t.is_space and "\n" in t.text:
            break
        if is_cue(t):
            subj = subject_of(t, i, hi)
            if subj is None:
                subj = postposed_subject(t, i, hi)  # 'Said Ellis: "..."'
            return t, subj
    return None


def _governing_cue(ctx: _Ctx, sp: _Span):
    """Nearest speech verb above a partial quote in the parse ('told ... that Putin had offered "...")."""
    toks = ctx.toks(sp.start, sp.end)
    if not len(toks):
        return None
    doc = ctx.doc
    root = doc[toks[0]]
    while toks.start <= root.head.i < toks.stop and root.head.i != root.i:
        root = root.head
    t, steps = root, 0
    while steps < 8 and t.head.i != t.i:
        t = t.head
        steps += 1
        if is_cue(t, nominal=True) and not (toks.start <= t.i < toks.stop) and t.lemma_ not in _NOT_PARTIAL_CUES:
            return t
    return None


def _cue_before(ctx: _Ctx, sp: _Span):
    """Fallback for a partial quote the parse does not hang under a cue: the nearest speech verb
    earlier in the same sentence ('... to say he was not ... because they had "accepted ..."')."""
    doc = ctx.doc
    i = bisect_left(ctx.starts, sp.open)
    if i >= len(doc):
        return None
    s0 = doc[i].sent.start
    for j in range(i - 1, max(s0, i - 40) - 1, -1):
        if is_cue(doc[j]):
            return doc[j]
    return None


def _classify(ctx: _Ctx, sp: _Span, prev: _Span | None) -> str | None:
    text = ctx.text
    content = text[sp.start:sp.end]
    before = text[sp.para:sp.open]
    words = content.split()
    if not words:
        return None
    if prev is not None and prev.runs_on and prev.close <= sp.para:
        return "direct"  # continuation paragraph of a multi-paragraph quote
    if _SENT_END.search(before):
        return "direct"
    first_upper = words[0][:1].isupper() or words[0][:1] in "'‘"
    prev_tok = before.rstrip()
    if first_upper and len(words) >= 2 and prev_tok.endswith((",", ":")):
        return "direct"
    if first_upper and prev_tok:
        # 'the crowd chanted "Thank you!"', 'Trump said on Friday "I can ..."'
        j = bisect_left(ctx.starts, sp.open) - 1
        for k in range(j, max(j - 6, -1), -1):
            t = ctx.doc[k]
            if t.text in '.!?"”“' or t.is_space and "\n" in t.text:
                break
            if is_cue(t):
                return "direct"
        if prev is not None and prev.kind == "direct" and text[prev.close + 1:sp.open].strip() in ("and", ","):
            return "direct"  # 'said "We made a plea ..." and "So we told ..."'
    return "partial"


def _title(ctx: _Ctx, sp: _Span) -> bool:
    """'"Shark Tank."', '"The Wall Street Journal"': short, every word capitalised, no verb."""
    words = ctx.text[sp.start:sp.end].split()
    if len(words) > 5 or not all(w[:1].isupper() or w.lower() in ("of", "for", "and", "the", "a", "in", "on", "to")
                                 for w in words):
        return False
    return not any(ctx.doc[i].pos_ in ("VERB", "AUX", "PRON") for i in ctx.toks(sp.start, sp.end))


def _scare(ctx: _Ctx, sp: _Span, cue) -> bool:
    """Names, titles, scare quotes: 'a "March for Freedom"', 'a "union state"'."""
    content = ctx.text[sp.start:sp.end]
    words = content.split()
    before = ctx.text[max(sp.para, sp.open - 30):sp.open].split()
    after_det = bool(before) and before[-1].lower() in _DETS
    titled = all(w[:1].isupper() or w.lower() in ("of", "for", "and", "the", "a", "in", "to", "on")
                 for w in words)
    if cue is None:
        return len(words) <= 4 or titled or after_det
    return titled and after_det and len(words) <= 4


def extract_quotes(doc, article: Article, index) -> list[Quote]:
    text = doc.text
    if not text or not len(doc):
        return []
    ctx = _Ctx(doc, article, index)
    spans = _heading_filter(find_quote_spans(text), article.headings)
    quoted = bytearray(len(doc))  # token is inside a quote
    kept: list[_Span] = []
    prev = None
    for k, sp in enumerate(spans):
        if _TRANSCRIPT.match(text[sp.start:sp.end]) or (prev is not None and prev.kind == "skip" and prev.runs_on
                                                  and prev.close <= sp.para):
            sp.kind, prev = "skip", sp  # interview transcripts ("WALLACE: ...") are not quotes of the story
            continue
        if _title(ctx, sp):
            prev = sp
            continue
        kind = _classify(ctx, sp, prev)
        nxt_open = spans[k + 1].open if k + 1 < len(spans) else len(text)
        para_end = text.find("\n", sp.close + 1)
        para_end = len(text) if para_end < 0 else para_end
        att = None
        if kind == "direct":
            att = _attribution_after(ctx, sp, min(nxt_open, para_end)) or _attribution_before(
                ctx, sp, max(sp.para, prev.close if prev else 0))
        else:
            cue = _governing_cue(ctx, sp)
            if cue is None and len(text[sp.start:sp.end].split()) >= 3:
                cue = _cue_before(ctx, sp)
            if _scare(ctx, sp, cue):
                prev = sp
                continue
            if cue is not None:
                att = (cue, subject_of(cue, ctx.tok_at(sp.open), ctx.tok_at(sp.close) + 1))
            else:
                att = _attribution_after(ctx, sp, min(nxt_open, para_end))
        sp.kind = kind
        if att is not None:
            verb, subj = att
            sp.cue = ("according to" if verb.lower_ == "according" else None if verb.i == getattr(subj, "i", -1)
                      else verb.text)
            sp.speaker = ctx.ref(subj) if subj is not None else None
            sp.attributed = True
        kept.append(sp)
        for i in ctx.toks(sp.open, sp.close + 1):
            quoted[i] = 1
        prev = sp
    _inherit_speakers(ctx, kept)
    quotes = [Quote(article_id=article.id, text=text[sp.start:sp.end], kind=sp.kind, start=sp.start,
                    end=sp.end, cue=sp.cue, speaker=sp.speaker) for sp in kept]
    quotes += indirect_quotes(ctx, quoted)
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _inherit_speakers(ctx: _Ctx, kept: list[_Span]) -> None:
    """Unattributed direct quotes take the speaker of the neighbouring piece of the same utterance:
    the other half of a split quote, the paragraph a multi-paragraph quote runs on from, or the
    quote-only paragraph right after an attributed one."""
    text = ctx.text
    for k, sp in enumerate(kept):
        if sp.attributed or sp.kind != "direct":
            continue
        donor = None
        gap = text[kept[k - 1].close + 1:sp.open] if k > 0 else ""
        pv = kept[k - 1] if k > 0 else None
        # the gap is the previous piece's own attribution ('," Mr. Obama said. "')
        own = pv is not None and pv.speaker is not None and pv.speaker.start is not None and (
            pv.close < pv.speaker.start < sp.open)
        if pv is not None and pv.attributed and (pv.runs_on or pv.para == sp.para and len(gap) < 300 and (
                own or len(_ENDS.findall(gap)) <= 1)):
            donor = kept[k - 1]
        elif k + 1 < len(kept) and kept[k + 1].attributed and kept[k + 1].para == sp.para and (
                kept[k + 1].open - sp.close < 60):
            donor = kept[k + 1]
        elif k > 0 and kept[k - 1].attributed and kept[k - 1].kind == "direct" and not text[sp.para:sp.open].strip():
            gap = text[kept[k - 1].close + 1:sp.para]
            if gap.count("\n") <= 3 and len(gap.strip()) < 80:  # previous paragraph ends in its quote
                donor = kept[k - 1]
        if donor is not None:
            sp.speaker, sp.cue, sp.attributed = donor.speaker, donor.cue, True
    for k in range(len(kept) - 2, -1, -1):  # a run-on paragraph is attributed at the quote's end
        sp, nx = kept[k], kept[k + 1]
        if sp.runs_on and not sp.attributed and nx.attributed and sp.close <= nx.para:
            sp.speaker, sp.cue, sp.attributed = nx.speaker, nx.cue, True
