"""Run kronika's event extraction on the hand-annotated gold articles (helper for tests and bench)."""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
GOLD_DIR = HERE / "gold" / "events"
DOCS = {
    "belarus": GOLD_DIR / "belarus.article.json",
    "serbia": HERE / "fixtures" / "wikinews_events" / "serbia.json",
    "hongkong": HERE / "fixtures" / "wikinews_events" / "hongkong.json",
}


def article(name: str):
    from kronika.records import Article
    d = json.loads(DOCS[name].read_text(encoding="utf-8"))
    return Article(text=d["text"], title=d.get("title"), published=d.get("published"), url=d.get("url"),
                   headings=d.get("headings", []))


def predict(names=None) -> list[dict]:
    """Event.export() dicts (plus doc and trigger) for each gold article."""
    from kronika.annotate import load_model
    from kronika.extract.events import extract_events
    from kronika.extract.mentions import extract_mentions
    nlp = load_model()
    out = []
    for name in names or DOCS:
        art = article(name)
        doc = nlp(art.text)
        for ev in extract_events(doc, art, extract_mentions(doc, art)):
            d = ev.export()
            d["doc"], d["trigger"] = name, ev.trigger
            d["location"] = ev.location.to_dict() if ev.location else None
            out.append(d)
    return out
