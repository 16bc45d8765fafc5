"""Paragraphs and sentences (service/pipeline/segment.py): offsets into the text as sent,
abbreviations, quotations, and the languages pysbd does not know."""
from __future__ import annotations

import pytest

from service.pipeline import segment


def spans_hold(text: str, language: str) -> list[str]:
    paras, sents = segment.sentences(text, language)
    for s in sents:
        assert text[s.start:s.end] == s.text
        assert paras[s.paragraph].start <= s.start < s.end <= paras[s.paragraph].end
    return [s.text for s in sents]


def test_paragraphs_from_blank_lines_or_lines():
    assert [p.index for p in segment.paragraphs("One.\nstill one.\n\nTwo.")] == [0, 1]
    assert len(segment.paragraphs("One.\nTwo.\n   \nThree.")) == 2
    assert len(segment.paragraphs("One.\nTwo.\nThree.")) == 3


def test_english_sentences_keep_offsets_and_abbreviations():
    text = "  The U.S. Army arrived on Jan. 5. “We will win.” Lavrov added.\n\nJ. R. R. Tolkien wrote it. Done!"
    assert spans_hold(text, "en") == [
        "The U.S. Army arrived on Jan. 5.", "“We will win.”", "Lavrov added.", "J. R. R. Tolkien wrote it.", "Done!",
    ]


def test_russian_and_fallback_languages():
    assert len(spans_hold("Встреча прошла 12 июля 2025 г. в Вонсане. Лавров прибыл в КНДР.", "ru")) == 2
    korean = "김정은 위원장이 라브로프 장관을 만났다. 회담은 원산에서 열렸습니다. 무엇을 논의했나요?"
    assert spans_hold(korean, "ko") == ["김정은 위원장이 라브로프 장관을 만났다.", "회담은 원산에서 열렸습니다.", "무엇을 논의했나요?"]
    assert spans_hold("会谈在元山举行。双方发表了声明。", "xx") == ["会谈在元山举行。", "双方发表了声明。"]


@pytest.mark.parametrize(
    "text, language, count",
    [
        ("He met Mr. Smith and Dr. Jones in the U.S. capital on Jan. 5. They talked.", "en", 2),
        ("J. R. R. Tolkien wrote it in 1937. It sold well.", "en", 2),
        ("“The talks were useful.” “We will meet again,” he said.", "en", 2),
        ("“We had no options. Had we waited, it would have failed,” she said.", "en", 2),
        ("Das Festival zum 300. Geburtstag begann. »Wir feiern«, sagte sie.", "de", 2),
        ("Встреча прошла 12 июля 2025 г. в Вонсане. Лавров прибыл в КНДР.", "ru", 2),
        ("회담은 원산에서 열렸다. 양측은 성명을 발표했습니다. 무엇을 논의했나요?", "ko", 3),
    ],
)
def test_segmentation_rules(text, language, count):
    _, sents = segment.sentences(text, language)
    assert len(sents) == count, [s.text for s in sents]
    assert all(text[s.start:s.end] == s.text for s in sents)


@pytest.mark.parametrize(
    "text, language, expected",
    [
        # razdel (Russian): initials, "т.е.", a year's "г.", direct speech after a dash
        ("А. Петров (т.е. глава комиссии) прибыл в г. Тверь в 2024 г. на заседание. «Мы готовы», — заявил он. Это всё.",
         "ru", ["А. Петров (т.е. глава комиссии) прибыл в г. Тверь в 2024 г. на заседание.", "«Мы готовы», — заявил он.",
                "Это всё."]),
        # sentencex (English): titles, initials and dotted abbreviations
        ("Gen. A. B. Miller met Mr. Lee at 5 p.m. in the U.S. capital. “We agreed,” he said. Talks end today.",
         "en", ["Gen. A. B. Miller met Mr. Lee at 5 p.m. in the U.S. capital.", "“We agreed,” he said.",
                "Talks end today."]),
        # no boundary after a full stop that no space follows, unless a capital opens the next sentence
        ("He typed <b>window.__flag=1</b> into the form. It ran.", "en",
         ["He typed <b>window.__flag=1</b> into the form.", "It ran."]),
    ],
)
def test_the_splitter_each_language_s_data_names(text, language, expected):
    assert spans_hold(text, language) == expected


def test_an_unknown_splitter_is_named_in_the_error(monkeypatch):
    from dataclasses import replace

    from service import language_data

    english = language_data.language("en")
    changed = replace(english, sentences=replace(english.sentences, splitter="nltk"))
    monkeypatch.setattr(segment, "languages", lambda: (changed,))
    with pytest.raises(ValueError, match="unknown sentence splitter 'nltk'"):
        segment.split_sentences("One. Two.", 0, 9, "en")
