"""HTML pages: main text and metadata through trafilatura, subheads kept as markdown headings."""
from __future__ import annotations

import logging
import re

from kronika.records import Article, ReadError

from .normalize import authors_and_agency, publisher_from_url
from .text import make_article

_HTMLISH = re.compile(r"\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<article\b|<!--|<meta\b)", re.I)
_TAG = re.compile(r"<(?:html|body|p|div|article|span|a|h[1-6])\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:4000]
    return bool(_HTMLISH.match(head)) or len(_TAG.findall(head)) >= 3


def _byline(tree) -> tuple[list[str], str | None]:
    """Authors and agency from a visible byline element ("By NAME for AFP"): trafilatura reads
    author meta tags but drops the agency part of bylines."""
    if tree is None:
        return [], None
    xpath = ("//*[contains(@class, 'byline') or contains(@class, 'article-author') "
             "or @rel='author' or @itemprop='author']")
    for el in tree.xpath(xpath)[:5]:
        s = " ".join(el.text_content().split())
        if 0 < len(s) <= 160:
            names, agency = authors_and_agency(s)
            if names or agency:
                return names, agency
    return [], None


def _is_article(text: str) -> bool:
    """At least one real paragraph: navigation and link lists have no sentences."""
    return any(len(p.split()) >= 12 and re.search(r"[.!?\"”»)]$", p) for p in text.split("\n\n"))


def parse_html(html: str, source: str, *, metadata: dict | None = None) -> Article | ReadError:
    import trafilatura
    from trafilatura.utils import load_html

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # soup pages log noisy warnings
    tree = load_html(html)
    if tree is None:
        return ReadError(source, "no article text found")
    names, agency = _byline(tree)  # before extraction: trafilatura prunes the tree in place
    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_formatting=True, include_comments=False,
        include_tables=False, include_images=False, include_links=False)
    if doc is None or not (doc.text or "").strip():
        return ReadError(source, "no article text found")
    if doc.author:
        names = authors_and_agency(doc.author.split(";"))[0] or names
        agency = agency or authors_and_agency(doc.author)[1]
    publisher = doc.sitename
    if publisher and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", publisher):
        publisher = publisher_from_url(doc.url or publisher)  # a bare host name is not a name
    art = make_article(doc.text, source=source, title=doc.title, authors=names, agency=agency,
                       publisher=publisher, published=doc.date, url=doc.url,
                       language=None, metadata=metadata)
    if isinstance(art, Article) and not _is_article(art.text):
        return ReadError(source, "no article text found")
    return art
