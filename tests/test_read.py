"""Readers: real files (the example article, saved HTML pages, corpora) and every kind of bad input."""
import gzip
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from kronika.read import read
from kronika.read.normalize import (agency_from_dateline, authors_and_agency, detect_language,
                                    parse_byline, parse_date, publisher_from_url)
from kronika.records import Article, ReadError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "belarus-2020-08-16.txt"
FIX = ROOT / "tests" / "fixtures" / "read"
URL = "https://www.themoscowtimes.com/2020/08/16/belarus-leader-says-putin-offers-help-as-pressure-build-s-a71160"
TITLE = "Belarus Leader Says Putin Offers Help as Pressure Builds"
SUBHEADS = ["'I'm really afraid'", "'Will not give up the country'", "Call for 'free and fair' vote"]


def one(paths, **kw):
    out = list(read(paths, **kw))
    assert len(out) == 1, out
    return out[0]


def errors(items):
    return [(Path(e.source).name, e.reason) for e in items if isinstance(e, ReadError)]


def articles(items):
    return [a for a in items if isinstance(a, Article)]


def assert_example_body(a: Article):
    t = a.text
    assert t.startswith("Vladimir Putin has offered") and TITLE not in t
    for gone in ("Nikerichev", "Moskva News Agency", "Related article", "Kremlin Predicts",
                 "Original url", "http", "**", "](", "By ", "August 16, 2020"):
        assert gone not in t, gone
    assert "\n\n\n" not in t
    assert [t[s:e] for s, e in a.headings] == SUBHEADS


# ---- the example .txt ----------------------------------------------------------------------

def test_example_txt_metadata():
    a = one(EXAMPLE)
    assert isinstance(a, Article)
    assert a.title == TITLE
    assert a.authors == ["Tatiana Kalinovskaya"]
    assert a.agency == "AFP"
    assert a.published == "2020-08-16"
    assert a.url == URL
    assert a.publisher == "The Moscow Times"
    assert a.language == "en"
    assert a.source == str(EXAMPLE)
    assert a.metadata == {}


def test_example_txt_body_and_headings():
    a = one(EXAMPLE)
    assert_example_body(a)
    assert a.text.endswith("open criminal cases against those who ordered the crackdown.")
    assert a.text.count("\n\n") == 32  # 30 body paragraphs + 3 subheads = 33 blocks
    for s, e in a.headings:
        assert a.in_heading(s, e) and not a.in_heading(s, e + 3)


def test_same_article_same_id(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(EXAMPLE.read_bytes().replace(b"\n", b"\r\n"))  # re-saved on Windows
    a, b = one(EXAMPLE), one(copy)
    assert a.id == b.id and a.text == b.text and len(a.id) == 16


def test_plain_text_without_title_uses_dateline_agency():
    a = one(FIX / "reuters-dateline.txt")
    assert a.title is None  # first line is a sentence, not a headline
    assert a.text.startswith("MINSK (Reuters) - Belarusian President")
    assert a.agency == "Reuters" and a.authors == [] and a.published is None and a.url is None


def test_plain_text_title_heuristic(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("Thousands rally in Minsk for a second weekend\n\nProtesters gathered on Sunday, "
                 "witnesses said.\n\nPolice kept a low profile.\n", "utf-8")
    a = one(p)
    assert a.title == "Thousands rally in Minsk for a second weekend"
    assert a.text == "Protesters gathered on Sunday, witnesses said.\n\nPolice kept a low profile."
    p.write_text("Protesters gathered on Sunday.\n\nPolice kept a low profile.\n", "utf-8")
    assert one(p).title is None


# ---- HTML ----------------------------------------------------------------------------------

def test_html_saved_page():
    a = one(FIX / "belarus-moscowtimes.html")
    assert isinstance(a, Article), a
    assert a.title == TITLE
    assert a.authors == ["Tatiana Kalinovskaya"]
    assert a.agency == "AFP"  # from the visible byline "By ... for AFP"
    assert a.published == "2020-08-16"
    assert a.url == URL
    assert a.publisher == "The Moscow Times"
    assert a.language == "en"
    assert_example_body(a)
    for junk in ("Most read", "Advertisement", "cookies", "Privacy", "A Message from", "Facebook",
                 "Contribute", "Registered by", "Coronavirus Cases"):
        assert junk not in a.text, junk


def test_html_and_txt_give_the_same_article():
    assert one(FIX / "belarus-moscowtimes.html").id == one(EXAMPLE).id


def test_html_without_article():
    e = one(FIX / "homepage-no-article.html")
    assert isinstance(e, ReadError) and e.reason == "no article text found"


# ---- corpora -------------------------------------------------------------------------------

def test_jsonl_records_and_errors():
    items = list(read(FIX / "corpus.jsonl"))
    arts = articles(items)
    assert [a.source for a in arts] == [f"{FIX}/corpus.jsonl:{n}" for n in (1, 3, 6)]
    assert errors(items) == [
        ("corpus.jsonl:4", "broken JSON (Unterminated string starting at column 57)"),
        ("corpus.jsonl:5", "missing 'text'"),
        ("corpus.jsonl:7", "record is a JSON list, not an object"),
    ]
    mt, ap, rt = arts
    assert mt.id == one(EXAMPLE).id and mt.headings == one(EXAMPLE).headings
    assert mt.metadata == {"topic": "world", "source_id": "mt-71160"}
    assert ap.authors == ["Yuras Karmanau", "Daria Litvinova"] and ap.agency == "AP"
    assert ap.publisher == "Associated Press" and ap.published == "2020-08-16"
    assert [ap.text[s:e] for s, e in ap.headings] == ["Crackdown"]
    assert rt.authors == ["Andrew Osborn", "Tom Balmforth"] and rt.agency == "Reuters"
    assert rt.published == "2020-08-17" and rt.publisher == "Reuters"
    assert "Photo:" not in rt.text and "RELATED" not in rt.text


def test_json_array():
    items = list(read(FIX / "corpus.json"))
    assert errors(items) == []
    ap, rt = items
    assert (ap.source, rt.source) == (f"{FIX}/corpus.json:2", f"{FIX}/corpus.json:12")
    assert ap.published == "2020-08-16" and rt.published == "2020-08-17"  # "16.08.2020", Unix time
    assert ap.authors == ["Yuras Karmanau", "Daria Litvinova"]
    assert ap.metadata == {"section": "World", "source_id": 101}


def test_json_object_and_json_lines_in_json(tmp_path):
    rec = {"text": "Workers at state plants walked off the job on Monday.", "title": "Strikes", "extra": [1, 2]}
    p = tmp_path / "one.json"
    p.write_text(json.dumps(rec, indent=2), "utf-8")
    a = one(p)
    assert a.title == "Strikes" and a.metadata == {"extra": [1, 2]} and a.source == f"{p}:1"
    p.write_text(json.dumps(rec) + "\n{broken\n" + json.dumps(rec) + "\n", "utf-8")
    items = list(read(p))
    assert [type(x).__name__ for x in items] == ["Article", "ReadError", "Article"]
    assert items[1].source == f"{p}:2" and items[2].source == f"{p}:3"
    p.write_text('[{"text": "A complete record."}, {"text": ', "utf-8")
    items = list(read(p))
    assert isinstance(items[0], Article) and isinstance(items[1], ReadError)
    assert "broken JSON" in items[1].reason


def test_csv_records():
    items = list(read(FIX / "corpus.csv"))
    assert errors(items) == [("corpus.csv:9", "empty 'text'")]
    ap, rt = articles(items)
    assert ap.source == f"{FIX}/corpus.csv:2" and rt.source == f"{FIX}/corpus.csv:10"
    assert ap.authors == ["Yuras Karmanau", "Daria Litvinova"] and ap.published == "2020-08-16"
    assert ap.metadata == {"section": "World", "source_id": "c1"}
    assert "\n\nProtesters filled Independence Square" in ap.text


def test_csv_without_text_column():
    e = one(FIX / "no-text-column.csv")
    assert isinstance(e, ReadError)
    assert e.reason == "no 'text' column (columns: id, headline, body)"
    assert e.source == str(FIX / "no-text-column.csv")


def test_same_article_across_formats_same_id():
    by_source = {}
    for f in ("corpus.jsonl", "corpus.json", "corpus.csv"):
        for a in articles(read(FIX / f)):
            by_source.setdefault(a.title, set()).add(a.id)
    assert by_source["Belarus strikes spread"] and all(len(ids) == 1 for ids in by_source.values())


def test_gz_corpora(tmp_path):
    for name in ("corpus.jsonl", "corpus.csv", "corpus.json"):
        gz = tmp_path / (name + ".gz")
        gz.write_bytes(gzip.compress((FIX / name).read_bytes()))
        plain = [(x.id if isinstance(x, Article) else x.reason) for x in read(FIX / name)]
        assert [(x.id if isinstance(x, Article) else x.reason) for x in read(gz)] == plain


def test_unreadable_and_truncated_gz(tmp_path):
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"this is not gzip data at all\n")
    e = one(bad)
    assert isinstance(e, ReadError) and e.source == str(bad) and "unreadable" in e.reason
    data = gzip.compress(b"".join(json.dumps({"text": f"Record number {i} is here."}).encode() + b"\n"
                                  for i in range(2000)))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    items = list(read(cut))
    assert len(articles(items)) > 10 and isinstance(items[-1], ReadError)
    assert "unreadable" in items[-1].reason and items[-1].source.startswith(f"{cut}:")
    txtgz = tmp_path / "bad.txt.gz"
    txtgz.write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert "unreadable gzip" in one(txtgz).reason


def test_big_corpus_has_no_size_limit_but_big_records_do(tmp_path):
    p = tmp_path / "big.jsonl"
    para = "Protesters marched through central Minsk on Sunday afternoon. " * 80
    with p.open("w") as fh:
        for i in range(1300):
            fh.write(json.dumps({"id": i, "text": f"{para} Item {i}."}) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "x " * 600_000}) + "\n")
    assert p.stat().st_size > 6 * 1024 * 1024
    items = list(read(p))
    assert len(articles(items)) == 1300
    assert errors(items) == [("big.jsonl:1301", "text too long for one article (1,200,000 chars > 1,000,000)")]


# ---- folders and stdin ---------------------------------------------------------------------

def test_folder_recursive_sorted_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "b" / "z.txt")
    shutil.copy(FIX / "reuters-dateline.txt", tmp_path / "a.txt")
    shutil.copy(FIX / "corpus.csv", tmp_path / "b" / "c.csv")
    (tmp_path / ".hidden.txt").write_text("Secret text that should never be read.", "utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Not ours.", "utf-8")
    (tmp_path / "d.txt").write_bytes(b"")
    items = list(read(tmp_path))
    assert [Path(x.source.split(":")[0]).relative_to(tmp_path).as_posix() for x in items] == [
        "a.txt", "b/c.csv", "b/c.csv", "b/c.csv", "b/z.txt", "d.txt"]
    assert errors(items) == [("c.csv:9", "empty 'text'"), ("d.txt", "empty file")]


def test_mixed_paths_batch_goes_on(tmp_path):
    items = list(read([tmp_path / "missing.txt", str(EXAMPLE), FIX / "homepage-no-article.html"]))
    assert errors(items) == [("missing.txt", "no such file"), ("homepage-no-article.html", "no article text found")]
    assert articles(items)[0].title == TITLE


def test_stdin_text_html_and_jsonl():
    a = one("-", stdin=io.StringIO(EXAMPLE.read_text("utf-8")))
    assert a.title == TITLE and a.source == "<stdin>" and a.id == one(EXAMPLE).id
    h = one(["-"], stdin=io.BytesIO((FIX / "belarus-moscowtimes.html").read_bytes()))
    assert h.id == a.id and h.url == URL
    items = list(read("-", stdin=io.BytesIO(b"\n\n" + (FIX / "corpus.jsonl").read_bytes())))
    assert [x.source for x in items] == [f"<stdin>:{n}" for n in (3, 5, 6, 7, 8, 9)]
    assert isinstance(one("-", stdin=io.StringIO("  \n\n")), ReadError)


class EndlessJsonl(io.RawIOBase):
    """A stdin that never ends: only a streaming reader can return its first records."""

    def __init__(self):
        self.n = 0
        self.buf = b""

    def readable(self):
        return True

    def readinto(self, b):
        while len(self.buf) < len(b):
            self.n += 1
            self.buf += json.dumps({"id": self.n, "text": f"Report number {self.n} from Minsk."}).encode() + b"\n"
        b[:] = self.buf[: len(b)]
        self.buf = self.buf[len(b):]
        return len(b)


def test_stdin_is_streamed():
    it = read("-", stdin=io.BufferedReader(EndlessJsonl()))
    first = [next(it) for _ in range(3)]
    assert [a.metadata["source_id"] for a in first] == [1, 2, 3]


# ---- bad input -----------------------------------------------------------------------------

def test_binary_file(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    assert one(p).reason == "binary file, not text"
    q = tmp_path / "noise"
    q.write_bytes(bytes(range(1, 32)) * 300)
    assert one(q).reason == "binary file, not text"


def test_empty_files(tmp_path):
    for name, data in (("e.txt", b""), ("w.txt", b" \n\n\t\n"), ("e.jsonl", b""), ("e.html", b"")):
        (tmp_path / name).write_bytes(data)
        assert one(tmp_path / name).reason == "empty file", name


def test_non_utf8_text(tmp_path):
    a = one(FIX / "minsk-cp1251.txt")
    assert a.metadata == {"encoding": "cp1251"}
    assert a.title == "Протесты в Минске продолжаются" and a.language == "ru" and a.agency == "TASS"
    p = tmp_path / "latin.txt"
    p.write_bytes("Zürich café owners protest\n\nCafé owners in Zürich marched on Sunday against "
                  "the new rules, which they said would hurt façades and terraces.\n".encode("cp1252"))
    b = one(p)
    assert "Zürich marched" in b.text and b.metadata["encoding"] not in ("utf-8", "ascii")


def test_file_too_large_checked_before_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse and all NUL: reading it would say "binary"
    e = one(p)
    assert e.reason == "file too large for one article (50.0 MB > 5 MB)" and e.source == str(p)


def test_nonexistent_path():
    e = one("/nonexistent/kronika/article.txt")
    assert e == ReadError("/nonexistent/kronika/article.txt", "no such file")


# ---- normalisation -------------------------------------------------------------------------

@pytest.mark.parametrize("value,iso", [
    ("August 16, 2020", "2020-08-16"), ("16 August 2020", "2020-08-16"), ("Aug. 16, 2020 10:35 AM", "2020-08-16"),
    ("Sunday, August 16, 2020", "2020-08-16"), ("16.08.2020", "2020-08-16"), ("2020/08/16", "2020-08-16"),
    ("2020-08-16T09:21:00+03:00", "2020-08-16"), ("Updated: Aug 16, 2020 7:41 PM", "2020-08-16"),
    ("Published 16 Aug 2020 at 10:00 GMT", "2020-08-16"), ("16 августа 2020", "2020-08-16"),
    (1597536000, "2020-08-16"), ("August 2020", None), ("2020-02-30", None), ("Police kept a low profile", None),
    (None, None),
])
def test_parse_date(value, iso):
    assert parse_date(value) == iso


def test_authors_bylines_agencies_publishers():
    assert parse_byline("By Tatiana Kalinovskaya for AFP") == (["Tatiana Kalinovskaya"], "AFP")
    assert parse_byline("By Reuters Staff") == ([], "Reuters")
    assert parse_byline("By Yuras Karmanau and Daria Litvinova, Associated Press") == (
        ["Yuras Karmanau", "Daria Litvinova"], "AP")
    assert parse_byline("By the end of the day, police had left.") is None
    assert authors_and_agency("Andrew Osborn and Tom Balmforth") == (["Andrew Osborn", "Tom Balmforth"], None)
    assert authors_and_agency(["A. Smith", "Agence France-Presse"]) == (["A. Smith"], "AFP")
    assert agency_from_dateline("MINSK (AFP) - Thousands") == "AFP"
    assert agency_from_dateline("MOSCOW, Aug 16 (Reuters) - The") == "Reuters"
    assert agency_from_dateline("BEIJING (Xinhua) -- China") == "Xinhua"
    assert agency_from_dateline("Lukashenko (65) - the") is None
    assert agency_from_dateline("Thousands marched (AFP reported) today") is None
    assert publisher_from_url(URL) == "The Moscow Times"
    assert publisher_from_url("https://edition.cnn.com/2020/08/16/europe/x") == "CNN"
    assert publisher_from_url("https://news.example.co.uk/a") == "example.co.uk"
    assert publisher_from_url("not a url") is None


def test_detect_language():
    assert detect_language(EXAMPLE.read_text("utf-8")) == "en"
    assert detect_language("Десятки тысяч человек вышли в воскресенье на улицы белорусской столицы") == "ru"
    assert detect_language("OK") is None


# ---- more real-world shapes ----------------------------------------------------------------

RU_PAGE = """<!DOCTYPE html><html lang="ru"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Протесты в Минске продолжаются</title>
<meta property="og:site_name" content="Белорусские новости">
<meta property="article:published_time" content="2020-08-16T18:00:00+03:00">
</head><body><nav><a href="/">Главная</a> <a href="/politics">Политика</a></nav>
<article><h1>Протесты в Минске продолжаются</h1>
<p>Десятки тысяч человек вышли в воскресенье на улицы белорусской столицы, требуя отставки президента
и освобождения всех задержанных во время акций протеста после выборов.</p>
<h2>Марш свободы</h2>
<p>Колонны демонстрантов прошли от стелы «Минск — город-герой» к центру города, акция завершилась без задержаний.</p>
<p>Участники шествия несли бело-красно-белые флаги и цветы, многие скандировали лозунги с требованием новых выборов.</p>
</article><footer>© 2020</footer></body></html>"""


def test_html_declared_charset(tmp_path):
    p = tmp_path / "minsk.htm"
    p.write_bytes(RU_PAGE.encode("cp1251"))
    a = one(p)
    assert isinstance(a, Article), a
    assert a.metadata == {"encoding": "cp1251"} and a.language == "ru"
    assert a.title == "Протесты в Минске продолжаются" and a.published == "2020-08-16"
    assert a.publisher == "Белорусские новости"
    assert [a.text[s:e] for s, e in a.headings] == ["Марш свободы"]
    assert "Главная" not in a.text and "Десятки тысяч человек" in a.text


def test_unknown_extension_is_sniffed(tmp_path):
    (tmp_path / "page").write_bytes((FIX / "belarus-moscowtimes.html").read_bytes())
    (tmp_path / "story.md").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    page, story = read(tmp_path)
    assert page.id == story.id == one(EXAMPLE).id


def test_folder_symlink_loop(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "sub" / "a.txt")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [Path(a.source).name for a in read(tmp_path)] == ["a.txt"]


def test_record_title_repeated_in_text_is_dropped(tmp_path):
    p = tmp_path / "allsides.jsonl"
    rec = {"id": "00FTGIZEd6B8zQ4U", "title": "Poll: Prestigious Colleges Won't Make You Happier",
           "published": "2014-05-06", "authors": "Anya Kamenetz", "publisher": "NPR",
           "url": "http://www.npr.org/blogs/thetwo-way/2014/05/06/308382912/poll", "topic": "education",
           "text": "Poll: Prestigious Colleges Won't Make You Happier\n\nThere's plenty of anxiety in the "
                   "U.S. over getting into a top college.\n\nBut a new Gallup poll suggests it matters less."}
    p.write_text(json.dumps(rec) + "\n", "utf-8")
    a = one(p)
    assert a.text.startswith("There's plenty of anxiety") and a.title == rec["title"]
    assert a.metadata == {"topic": "education", "source_id": "00FTGIZEd6B8zQ4U"}
    assert a.publisher == "NPR" and a.authors == ["Anya Kamenetz"] and a.published == "2014-05-06"


def test_txt_layout_variants(tmp_path):
    p = tmp_path / "variant.txt"
    p.write_text("Belarus strikes spread\n"
                 "By Andrew Osborn and Tom Balmforth, Reuters\n"
                 "17 August 2020 | 14:02\n\n"
                 "Workers at several state-run factories walked off the job on Monday.\n\n"
                 "Strikers marched to the government building in the city centre.\n\n"
                 "Original url: <https://www.reuters.com/article/us-belarus-election-strikes>\n", "utf-8")
    a = one(p)
    assert a.title == "Belarus strikes spread"
    assert a.authors == ["Andrew Osborn", "Tom Balmforth"] and a.agency == "Reuters"
    assert a.published == "2020-08-17" and a.publisher == "Reuters"
    assert a.url == "https://www.reuters.com/article/us-belarus-election-strikes"
    assert a.text == ("Workers at several state-run factories walked off the job on Monday.\n\n"
                      "Strikers marched to the government building in the city centre.")


def test_publication_date_from_url_when_the_record_has_none(tmp_path):
    import json as _json

    from kronika.read import read
    from kronika.read.normalize import date_from_url

    assert date_from_url("http://www.vanityfair.com/news/2016/12/there-is-no-good-answer") is None  # month only
    assert date_from_url("https://x.org/2020/08/16/belarus-leader?utm=2019/01/01") == "2020-08-16"
    assert date_from_url("https://x.org/2020/13/16/x") is None
    p = tmp_path / "a.jsonl"
    p.write_text(_json.dumps({"text": "Protesters rallied in Minsk on Saturday.", "published": "",
                              "url": "https://www.themoscowtimes.com/2020/08/16/belarus-a71160"}) + "\n"
                 + _json.dumps({"text": "Protesters rallied in Minsk on Sunday.", "published": "2020-08-17",
                                "url": "https://www.themoscowtimes.com/2020/08/16/belarus-a71161"}) + "\n")
    a, b = list(read(str(p)))
    assert a.published == "2020-08-16" and a.metadata["published_from"] == "url"
    assert b.published == "2020-08-17" and "published_from" not in b.metadata  # the record wins
