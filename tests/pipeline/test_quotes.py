"""Quoted spans and the scare-quote flag (service/pipeline/quotes.py): the quotation-mark
conventions of each language, unbalanced marks, and quotes that are not speech."""
from __future__ import annotations

import pytest

from service.pipeline import segment
from service.pipeline.quotes import extract_quotes, find_quote_spans


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("He said “we stand firm” today.", "en", ["we stand firm"]),
        ('He said "we stand firm" and "never retreat".', "en", ["we stand firm", "never retreat"]),
        ("«Мы „никогда“ не отступим», — заявил он.", "ru", ["Мы „никогда“ не отступим"]),
        ("Er sagte „wir bleiben standhaft“ und »nie zurück«.", "de", ["wir bleiben standhaft", "nie zurück"]),
        ("Il a dit « nous tiendrons » hier.", "fr", [" nous tiendrons "]),  # the spaces inside « » are kept
        ("그는 「함께 간다」고 말했다.", "ko", ["함께 간다"]),
        ("The country’s ‘firm stance’ held.", "en", ["firm stance"]),
    ],
)
def test_quote_conventions(text, language, expected):
    paras = segment.paragraphs(text)
    assert [text[s.start:s.end] for s in find_quote_spans(text, paras, language)] == expected


def test_unbalanced_marks_never_swallow_a_paragraph():
    text = "He said “this never closes. Another sentence here.\n\nNext “paragraph” fine."
    paras = segment.paragraphs(text)
    found = [text[s.start:s.end] for s in find_quote_spans(text, paras, "en")]
    assert found == ["paragraph"]


def speakers_and_scare_flags(text: str, language: str) -> list[tuple[str | None, bool]]:
    paras, sents = segment.sentences(text, language)
    return [(q.speaker, q.scare_quote) for q in extract_quotes("v", text, paras, sents, language)]


def test_scare_quotes_are_not_speech():
    assert speakers_and_scare_flags("Officials hailed the “liberation” of the region.", "en") == [(None, True)]
    assert speakers_and_scare_flags("The so-called “humanitarian pause” began, the minister said.", "en") == [
        (None, True)]
    assert speakers_and_scare_flags("Он назвал это так называемым «перемирием».", "ru")[0][1] is True
    assert speakers_and_scare_flags("“We will win,” he said.", "en")[0][1] is False


@pytest.mark.parametrize("text, language", [
    ("대변인은 이른바 “방어훈련”은 침략연습이라고 말하였다.", "ko"),
    ("发言人说，所谓“防御性”演习是战争预演。", "zh"),
    ("報道官は、いわゆる「防衛演習」は侵略の予行演習だと述べた。", "ja"),
    ("Der Sprecher sagte, die sogenannte „Friedensmission“ sei eine Invasion.", "de"),
    ("Le porte-parole a dit que la soi-disant « mission de paix » était une invasion.", "fr"),
])
def test_so_called_makes_a_scare_quote_in_every_language(text, language):
    assert speakers_and_scare_flags(text, language) == [(None, True)]
