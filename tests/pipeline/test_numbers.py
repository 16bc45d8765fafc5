"""Quantities (service/pipeline/numbers.py): digit groupings, ranges, bounds, number words,
and number words against digits in a comparison's ``number_mismatch`` signals."""
from __future__ import annotations

import pytest

from service.pipeline.numbers import quantities


@pytest.mark.parametrize(
    "text, language, keys",
    [
        ("10,000 troops, 10 000 troops and 10.000 troops", "en", ["10000", "10000", "10000"]),
        ("a further 25,000 to 30,000 soldiers", "en", ["25000", "30000"]),
        ("over 10,000 troops and about 12 people and up to 5 years", "en", [">10000", "~12", "<5"]),
        ("a three-day visit by twenty-five officials", "en", ["3", "25"]),
        ("1.5 million people", "en", ["1500000"]),
        ("визит длился два дня, тридцать человек", "ru", ["2", "30"]),
        ("трёхдневный визит и более 25 тысяч военных", "ru", ["3", ">25000"]),
        ("The one thing", "en", []),
        # untranslated originals: East Asian units of 10,000 and 10^8, figures glued to CJK text
        ("수출은 598억 달러를 기록했다", "ko", ["59800000000"]),
        ("1만 9,000여명이 동원된다", "ko", ["19000"]),
        ("约5.98亿美元", "zh", ["598000000"]),
        ("1万9000人が参加した", "ja", ["19000"]),
        ("3億5000万円", "ja", ["350000000"]),
        ("mehr als 40 Konzerte und rund 2,5 Millionen Euro", "de", [">40", "~2500000"]),
        ("environ 1 200 agriculteurs et plus de 3 millions", "fr", ["~1200", ">3000000"]),
        ("an A320 with 150 seats", "en", ["150"]),
        # shares in words, in per cent; parts of a period are none
        ("a quarter of the flights, two thirds of voters and output up by almost half", "en", ["25", "67", "~50"]),
        ("one in five adults; approximately one train on two", "en", ["20", "~50"]),
        # Chinese 万 and 亿 rendered word for word
        ("two ten-thousands residents and five hundred-million yuan", "en", ["20000", "500000000"]),
        ("two ten-thousands and more residents, 300 people or more", "en", [">20000", ">300"]),
        ("in the first half of the year, the third quarter, half an hour, a year and a half, a quarter earlier",
         "en", []),
    ],
)
def test_quantities(text, language, keys):
    assert [q.key for q in quantities(text, language)] == keys


def test_number_words_against_digits_compare_equal(client):
    body = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "The minister began a three-day visit on Monday."},
        {"language": "en", "text": "The minister began a 3-day visit on Monday."},
    ]}).get_json()
    assert not [s for s in body["signals"] if s["type"] == "number_mismatch"]
    body = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "The minister began a three-day visit on Monday."},
        {"language": "en", "text": "The minister began a five-day visit on Monday."},
    ]}).get_json()
    (signal,) = [s for s in body["signals"] if s["type"] == "number_mismatch"]
    assert signal["evidence"]["numbers"] == ["five-day"] and signal["evidence"]["counterpart_numbers"] == ["three-day"]


def test_agency_abbreviations_of_millions_and_billions():
    assert [q.key for q in quantities("cargo reached 28,4 mln tonnes worth 3 bln dollars", "en")] == \
        ["28400000", "3000000000"]


def test_about_a_figure_is_the_figure_but_over_it_is_not(client):
    def mismatches(a: str, b: str) -> list[dict]:
        body = client.post("/api/comparisons", json={"versions": [
            {"language": "en", "text": a}, {"language": "en", "text": b}]}).get_json()
        return [s for s in body["signals"] if s["type"] == "number_mismatch"]

    assert mismatches("The bank raised its rate to around 0.5 percent from around 0.25 percent.",
                      "The bank raised its rate to 0.5 percent from 0.25 percent.") == []
    (signal,) = mismatches("Police said over 10,000 people marched through the city.",
                           "Police said 10,000 people marched through the city.")
    assert "different bound" in signal["detail"]


def test_a_figure_without_a_unit_matches_the_same_figure_with_one():
    from service.pipeline.numbers import measured_key, unmatched_figures

    def figures(text: str) -> list[tuple[str, str]]:
        return [(measured_key(text, q, "en"), q.key) for q in quantities(text, "en")]

    assert unmatched_figures(figures("adults aged 40"), figures("adults of 40 years")) == ([], [])
    assert unmatched_figures(figures("a ban of 40 years"), figures("a ban of 40 months")) == ([0], [0])
    assert unmatched_figures(figures("nine months"), figures("three quarters")) == ([], [])


@pytest.mark.parametrize("text, key", [
    ("1,935.3 grams", "1935.3"), ("1.935,3 Gramm", "1935.3"), ("10 000,5 т", "10000.5"), ("2,500 tonnes", "2500"),
])
def test_thousands_with_decimals(text, key):
    assert [q.key for q in quantities(text, "en")] == [key]


@pytest.mark.parametrize("text, keys", [
    ("a 5:0 victory", ["5", "0"]), ("at 14:30 local time", []), ("Bayer 04 Leverkusen won", []),
    ("Russia sent 300 troops", ["300"]),
])
def test_scores_times_and_figures_inside_names(text, keys):
    assert [q.key for q in quantities(text, "en")] == keys


@pytest.mark.parametrize("text", ["rain of maximum 80 millimeters per hour", "a maximum of 80 mm", "up to 80 mm of rain"])
def test_a_maximum_is_a_bound_like_up_to(text):
    assert [q.key for q in quantities(text, "en")] == ["<80"]


@pytest.mark.parametrize("text, key", [
    ("not more than 300 troops", "<300"), ("no more than 300 troops", "<300"), ("not less than 12 dead", ">12"),
    ("no fewer than 40 ships", ">40"), ("more than 300 troops", ">300"), ("at least 12 dead", ">12"),
])
def test_the_longest_bound_phrase_decides(text, key):
    """"not more than" ends in "more than", yet bounds a figure from above."""
    assert [q.key for q in quantities(text, "en")] == [key]


def test_a_share_said_as_a_count_of_the_same_whole_is_no_mismatch(client):
    def mismatches(a: str, b: str) -> list[dict]:
        body = client.post("/api/comparisons", json={"versions": [
            {"language": "en", "text": a}, {"language": "en", "text": b}]}).get_json()
        return [s for s in body["signals"] if s["type"] == "number_mismatch"]

    assert mismatches("The city will replace 400 of its 1,200 buses with electric ones.",
                      "The city will replace a third of its 1,200 buses with electric ones.") == []
    (signal,) = mismatches("The city will replace 500 of its 1,200 buses with electric ones.",
                           "The city will replace a third of its 1,200 buses with electric ones.")
    assert signal["evidence"]["numbers"] == ["a third"]


def test_a_figure_that_may_be_reached_is_bounded_like_up_to():
    assert [q.key for q in quantities("temperatures being able to reach 40 °C on Thursday", "en")] == ["<40"]
    assert [q.key for q in quantities("temperatures of up to 40 degrees on Thursday", "en")] == ["<40"]
    assert [q.key for q in quantities("prices reached 40 dollars", "en")] == ["40"]
