"""Print events for an article JSON (debug aid)."""
import json, sys, os
from kronika.annotate import load_model
from kronika.records import Article
from kronika.extract.mentions import extract_mentions
from kronika.extract.events import extract_events
a = json.load(open(sys.argv[1]))
art = Article(text=a["text"], published=a.get("published"), headings=a.get("headings", []), url=a.get("url"))
doc = load_model()(art.text)
idx = extract_mentions(doc, art)
for e in extract_events(doc, art, idx):
    f = lambda r: f"{r.text}|{r.name}|{r.country}|{r.sector}" if r else None
    print(f"[{e.sources[0].start}] {e.type}:{e.mode} {e.status} trig={e.trigger} date={e.date.start}/{e.date.precision} "
          f"loc={e.location.name if e.location else None}/{e.location.country_code if e.location else None} "
          f"A={[f(x) for x in e.actors]} R={[f(x) for x in e.recipients]} claim={f(e.claimant)} "
          f"size={e.size and (e.size.min, e.size.max)} dead={e.dead and (e.dead.min,e.dead.max)} inj={e.injured and (e.injured.min, e.injured.max)} arr={e.arrested and (e.arrested.min, e.arrested.max)}")
    print("     ", e.sources[0].sentence[:110])
