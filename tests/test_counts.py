"""Counts: "at least 6,700", "thousands", "two deaths" -> Count(min, max, text)."""
import pytest

from kronika.extract.counts import count_of, parse_count


@pytest.mark.parametrize("text,lo,hi", [
    ("Thousands", 2000, 9999), ("at least 6,700", 6700, None), ("Around 100", 90, 110), ("hundreds", 200, 999),
    ("two", 2, 2), ("dozens", 24, 99), ("more than 50", 51, None), ("up to 200", None, 200), ("33", 33, 33),
    ("tens of thousands", 20000, 99999), ("1.5 million", 1500000, 1500000), ("twenty-five", 25, 25),
    ("some 300", 270, 330), ("nearly 40", 36, 40), ("a dozen", 12, 12), ("three hundred", 300, 300),
    ("two dozen", 24, 24), ("several thousand people", 3000, 9999), ("fewer than 10", None, 9),
    ("at least one", 1, None), ("hundreds of thousands", 200000, 999999),
])
def test_parse_count(text, lo, hi):
    c = parse_count(text)
    assert (c.min, c.max) == (lo, hi) and c.text == text


@pytest.mark.parametrize("text", ["many", "a", "the", "some people", ""])
def test_no_count(text):
    assert parse_count(text) is None


def test_count_of_tokens():
    from kronika.annotate import load_model
    doc = load_model()("Police detained at least 6,700 people and Thousands marched. Officials confirmed two deaths.")
    by = {t.text: t for t in doc}
    c = count_of(by["people"])
    assert (c.min, c.max, c.text) == (6700, None, "at least 6,700")
    assert count_of(by["Thousands"]).min == 2000
    assert count_of(by["deaths"]).max == 2
    assert count_of(by["Police"]) is None
