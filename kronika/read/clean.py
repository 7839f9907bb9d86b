"""Clean article body text: pure functions, no I/O beyond loading the pattern data once.

The output keeps one paragraph per block, blocks separated by one blank line ("\\n\\n"), and
reports subheads as [start, end) spans: they stay in the text (the reader sees them) but later
stages must not treat them as body sentences.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass
class Cleaned:
    text: str
    headings: list[list[int]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _patterns() -> dict:
    data = json.loads((Path(__file__).parent / "clean_patterns.json").read_text("utf-8"))
    return {
        "drop": [re.compile(p) for p in data["drop_line"]],
        "credit": [re.compile(p) for p in data["credit_line"]],
        "caption": [re.compile(p) for p in data["caption_credit"]],
        "max": int(data["caption_max_chars"]),
    }


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BOLD_TAIL = re.compile(r"^(?P<head>.*?\S)\s*(?:\*\*|__)(?P<bold>[^*_]{2,100})(?:\*\*|__)[\s.]*$")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*•]\s+(?=\S)")


def is_related(line: str) -> bool:
    """Boilerplate lines: "Related article: ...", "Read more:", "RELATED:", bare <url> lines."""
    return any(p.search(line) for p in _patterns()["drop"])


def is_caption(line: str) -> bool:
    """A photo caption or credit: a short line ending in a bold credit
    ("... Putin. **Andrei Nikerichev / Moskva News Agency**") or a photo credit
    ("Photo: ...", ".../ AFP", "... via Getty Images"), or a bare credit line."""
    p = _patterns()
    s = line.strip()
    if not s or len(s) > p["max"]:
        return False
    if any(c.search(s) for c in p["credit"]):
        return True
    m = _BOLD_TAIL.match(s)
    if m and re.search(r"\w", m.group("head").strip("*_ ")):
        return True  # bold only at the end, after caption text: a credit, not a bold subhead
    plain = strip_markup(s)
    return not plain.endswith((".", "!", "?", '"', "”")) and any(c.search(plain) for c in p["caption"])


_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_ANGLE_URL = re.compile(r"<(https?://[^\s<>]+)>")
_MARKUP_CHARS = re.compile(r"[\[*_<]")


def strip_markup(line: str) -> str:
    """Markdown to plain text: [text](url) -> text, **bold** / _em_ markers dropped, images removed."""
    if not _MARKUP_CHARS.search(line):
        return line  # most lines: nothing to do
    s = _IMAGE.sub("", line)
    s = _LINK.sub(r"\1", s)
    s = _REF_LINK.sub(r"\1", s)
    s = _BOLD.sub(r"\2", s)
    s = _EM.sub(r"\2", s)
    s = _ANGLE_URL.sub(r"\1", s)
    return s


_END_PUNCT = (".", "!", "?", ",", ";", ":", "…", "-", "–", "—")
_QUOTES = "'\"‘’“”«»)]"


def is_subhead(par: str) -> bool:
    """A short one-line paragraph without final punctuation: "'I'm really afraid'",
    "Call for 'free and fair' vote"."""
    s = par.strip()
    if not s or "\n" in s or len(s) > 80 or len(s.split()) > 10:
        return False
    core = s.rstrip(_QUOTES).rstrip()
    if not core or core.endswith(_END_PUNCT):
        return False
    first = s.lstrip(_QUOTES + "(").lstrip()[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and any(ch.isalpha() for ch in s)


def _blocks(text: str) -> list[list[str]]:
    """Paragraph blocks as lists of lines. Text with no blank line at all is one paragraph per line
    (common in feeds); markdown headings always start their own block."""
    lines = text.split("\n")
    one_per_line = False
    if len(lines) > 1 and all(ln.strip() for ln in lines):
        # no blank line at all: a feed with one paragraph per line (lines end sentences), or
        # one hard-wrapped paragraph (lines end mid-sentence)
        ends = sum(ln.rstrip().endswith((".", "!", "?", '"', "”", "'", "’", ":")) for ln in lines)
        one_per_line = ends * 2 >= len(lines)
    blocks: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if not ln.strip() or one_per_line or _MD_HEADING.match(ln) or _BULLET.match(ln):
            if cur:
                blocks.append(cur)
            cur = []
            if ln.strip():
                blocks.append([ln])
            continue
        cur.append(ln)
    if cur:
        blocks.append(cur)
    return blocks


def _same(a: str, b: str) -> bool:
    norm = lambda x: re.sub(r"\W+", " ", x).strip().casefold()  # noqa: E731
    return norm(a) == norm(b)


def clean(text: str, *, title: str | None = None) -> Cleaned:
    """Cleaned body text and subhead spans. ``title``, when given, is dropped if the body
    repeats it as its first paragraph (the title is not part of the text)."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\t", " ")
    kept = [ln.rstrip() for ln in text.split("\n")]
    kept = ["" if ln.strip() and (is_related(ln) or is_caption(ln)) else ln for ln in kept]
    paras: list[tuple[str, str]] = []  # (paragraph, kind): "heading" (markdown), "item", "par"
    for block in _blocks("\n".join(kept)):
        m = _MD_HEADING.match(block[0]) if len(block) == 1 else None
        item = len(block) == 1 and _BULLET.match(block[0]) is not None  # list item: a paragraph, never a subhead
        raw = m.group(2) if m else _BULLET.sub("", block[0]) if item else " ".join(ln.strip() for ln in block)
        par = re.sub(r" {2,}", " ", strip_markup(raw)).strip()
        if par and not re.fullmatch(r"[\W_]+", par):  # drop leftover rules like "***" / "---"
            paras.append((par, "heading" if m else "item" if item else "par"))
    if title and paras and _same(paras[0][0], strip_markup(title)):
        paras = paras[1:]
    out: list[str] = []
    headings: list[list[int]] = []
    pos = 0
    for i, (par, kind) in enumerate(paras):
        between = 0 < i < len(paras) - 1 and paras[i + 1][1] == "par"
        if out:
            pos += 2
        if kind == "heading" or (kind == "par" and between and is_subhead(par)):
            headings.append([pos, pos + len(par)])
        out.append(par)
        pos += len(par)
    return Cleaned("\n\n".join(out), headings)
