"""Body-text cleaning: captions, boilerplate lines, markdown, paragraphs and subhead spans."""
from pathlib import Path

import pytest

from kronika.read.clean import clean, is_caption, is_related, is_subhead, strip_markup

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "belarus-2020-08-16.txt"
SUBHEADS = ["'I'm really afraid'", "'Will not give up the country'", "Call for 'free and fair' vote"]


def example_body() -> str:
    return EXAMPLE.read_text("utf-8").split("August 16, 2020", 1)[1]


@pytest.mark.parametrize("line", [
    "Presidents Alexander Lukashenko and Vladimir Putin. **Andrei Nikerichev / Moskva News Agency**",
    "Protesters in Minsk on Sunday. Sergei Gapon / AFP",
    "Riot police block a street in Minsk. Photo: Reuters",
    "Photo: Vasily Fedosenko / Reuters",
    "REUTERS/Vasily Fedosenko",
    "Lukashenko casts his ballot (Photo by Sergei Gapon/AFP via Getty Images)",
    "Svetlana Tikhanovskaya in Vilnius. Getty Images",
])
def test_caption_lines_are_captions(line):
    assert is_caption(line)


@pytest.mark.parametrize("line", [
    "Demonstrators heaped flowers at the spot and the crowd chanted \"Thank you!\" and raised victory signs.",
    "Call for 'free and fair' vote",
    "'I'm really afraid'",
    "**'Will not give up the country'**",  # a bold subhead: bold is all there is, not a credit
    "Riot police later arrived at the centre and blocked off the entrance to the building.",
    # a long paragraph is never a caption even when it ends like one
    "Police used stun grenades against protesters in the centre of the city, witnesses said, and "
    "dozens were taken away in vans while others fled into courtyards and metro stations; the "
    "interior ministry later said order had been restored across the capital and that more than "
    "a thousand people had been detained overnight in Minsk and other cities. Sergei Gapon / AFP",
])
def test_body_lines_are_not_captions(line):
    assert not is_caption(line)


@pytest.mark.parametrize("line", [
    "Related article: [Kremlin Predicts Swift Resolution of Belarus Unrest](#)",
    "Read more: EU agrees Belarus sanctions list",
    "RELATED: Lithuania offers Tikhanovskaya refuge",
    "READ MORE:",
    "<https://www.themoscowtimes.com/2020/08/16/belarus-a71160>",
    "Advertisement",
    "Story continues below advertisement",
    # a photo gallery flattened into one line: its captions repeat one title and are not the story
    "Photos: Boston bombing suspects Police released this image on Thursday. Hide Caption 1 of 9 Photos: "
    "Boston bombing suspects The FBI released photos of two men. Hide Caption 2 of 9",
])
def test_boilerplate_lines(line):
    assert is_related(line)


@pytest.mark.parametrize("line", [
    "Relatedly, the ministry said the vote was fair.",
    "Many held up photographs of protesters beaten during the crackdown.",
    "He told reporters to read more carefully: \"The count was honest.\"",
    "Photos: the agency said the pictures, released on Thursday, show both men.",
])
def test_body_lines_are_not_boilerplate(line):
    assert not is_related(line)


def test_strip_markup():
    assert strip_markup("By [Tatiana Kalinovskaya for AFP](#)") == "By Tatiana Kalinovskaya for AFP"
    assert strip_markup("a **bold** and _em_ and *em2* word") == "a bold and em and em2 word"
    assert strip_markup("see [the report](https://example.org/a_(b)) now") == "see the report now"
    assert strip_markup("![photo](x.jpg)Text") == "Text"
    assert strip_markup("snake_case_name and 2*3*4 stay") == "snake_case_name and 2*3*4 stay"


def test_is_subhead():
    for s in SUBHEADS:
        assert is_subhead(s)
    assert not is_subhead("Police kept a low profile.")
    assert not is_subhead("\"Thank you!\"")
    assert not is_subhead("and then the crowd moved on towards the square")
    assert not is_subhead("There is no indication that alcohol or drugs were involved in the crash at all")


def test_example_body_is_cleaned():
    c = clean(example_body())
    t = c.text
    assert t.startswith("Vladimir Putin has offered to help ensure Belarus's security")
    assert t.endswith("open criminal cases against those who ordered the crackdown.")
    for gone in ("Nikerichev", "Presidents Alexander Lukashenko and Vladimir Putin.", "Related article",
                 "Kremlin Predicts", "Original url", "https://", "**", "](", "<", ">"):
        assert gone not in t, gone
    assert "\n\n\n" not in t and "\r" not in t
    assert all(p.strip() == p and p for p in t.split("\n\n"))
    assert "Demonstrators heaped flowers at the spot" in t


def test_example_headings_spans():
    c = clean(example_body())
    assert [c.text[s:e] for s, e in c.headings] == SUBHEADS
    for s, e in c.headings:  # each subhead is a paragraph of its own
        assert c.text[s - 2:s] == "\n\n" and c.text[e:e + 2] == "\n\n"


def test_markdown_headings_and_title_dropped():
    raw = ("# Belarus strikes spread\n\nWorkers walked off the job on Monday at several plants.\n\n"
           "## Tractor works\nStrikers marched to the government building.\n\n\n\n\nThey chanted slogans.")
    c = clean(raw, title="Belarus strikes spread")
    assert c.text == ("Workers walked off the job on Monday at several plants.\n\nTractor works\n\n"
                      "Strikers marched to the government building.\n\nThey chanted slogans.")
    assert [c.text[s:e] for s, e in c.headings] == ["Tractor works"]


def test_first_and_last_short_lines_are_not_subheads():
    c = clean("Minsk protests\n\nThousands marched on Sunday.\n\nMore to follow")
    assert c.headings == []


def test_hard_wrapped_paragraphs_are_joined_and_lines_without_blanks_split():
    wrapped = clean("Thousands demonstrated in the capital\nMinsk on Saturday.\n\nPolice kept a low profile.")
    assert wrapped.text == "Thousands demonstrated in the capital Minsk on Saturday.\n\nPolice kept a low profile."
    feed = clean("First paragraph here.\nSecond paragraph here.\nThird one.")
    assert feed.text == "First paragraph here.\n\nSecond paragraph here.\n\nThird one."
    one_wrapped = clean("Thousands demonstrated in the capital\nMinsk on Saturday after the main\nchallenger asked them to.")
    assert one_wrapped.text == "Thousands demonstrated in the capital Minsk on Saturday after the main challenger asked them to."


def test_clean_is_pure_and_idempotent():
    raw = example_body()
    once = clean(raw)
    assert clean(raw) == once
    twice = clean(once.text)
    assert twice.text == once.text and twice.headings == once.headings


def test_list_items_are_paragraphs():
    c = clean("Demands of the opposition:\n\n- Release all detainees\n- Hold new elections\n\nPolice kept a low profile.")
    assert c.text == ("Demands of the opposition:\n\nRelease all detainees\n\nHold new elections\n\n"
                      "Police kept a low profile.")
    assert c.headings == []
