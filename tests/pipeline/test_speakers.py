"""Rules of the comparison engine on small texts: speakers, numbers, loaded terms, segmentation."""
from __future__ import annotations

import pytest

from service.pipeline import segment
from service.pipeline.lexicon import load_lexicon
from service.pipeline.numbers import quantities
from service.pipeline.quotes import extract_quotes


def speakers_of(text: str, language: str) -> list[tuple[str | None, bool]]:
    paras, sents = segment.sentences(text, language)
    return [(q.speaker, q.scare_quote) for q in extract_quotes("v", text, paras, sents, language)]


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("“We will not retreat,” said Dr. Ana Petrov, a hydrologist.", "en", ["Dr. Ana Petrov"]),
        ("Dr. Helen Marsh, the company’s medical officer, told analysts: “Safety comes first.”", "en", ["Dr. Helen Marsh"]),
        ("“It was an attack on air traffic,” a police spokesman said.", "en", ["Police"]),
        ("“We are ready,” a spokesman for the Defence Ministry said.", "en", ["Defence Ministry"]),
        ("Lavrov arrived on Friday. “The talks were useful,” he said. “We will meet again,” he added.", "en",
         ["Lavrov", "Lavrov"]),
        ("The army took the village, according to the Defence Ministry, which called it “a success.”", "en",
         ["Defence Ministry"]),
        ("«Мы не отступим», — заявил Лавров.", "ru", ["Лавров"]),
        ("По словам Лаврова, Россия «не откажется от солидарности».", "ru", ["Лавров"]),
        ("По словам Кругловой, экспорт «вырос на 7%».", "ru", ["Круглова"]),
        ("Как сообщили в Кремле, удар был «жестом отчаяния».", "ru", ["Кремль"]),
        ("Председатель КНДР Ким Чен Ын заверил Россию в «безоговорочной поддержке».", "ru", ["Ким Чен Ын"]),
        ("김정은 동지께서는 “우리는 준비되어 있다”고 강조하셨다.", "ko", ["김정은 동지"]),
        ("한정우 장관은 “수출이 늘었다”고 밝혔다. 한 장관은 “안심할 수 없다”라고 강조했다.", "ko", ["한정우 장관", "한정우 장관"]),
        ("»Wir haben Briefe gefunden«, so Dr. Martin Keller.", "de", ["Dr. Martin Keller"]),
        ("„Das war gefährlich“, sagte ein Polizeisprecher.", "de", ["Polizei"]),
        ("La ministre Claire Duval a promis une aide. « Nous avons entendu la colère », a-t-elle assuré.", "fr",
         ["Claire Duval"]),
    ],
)
def test_speakers(text, language, expected):
    assert [speaker for speaker, _ in speakers_of(text, language)] == expected


def test_scare_quotes_are_not_speech():
    assert speakers_of("Officials hailed the “liberation” of the region.", "en") == [(None, True)]
    assert speakers_of("The so-called “humanitarian pause” began, the minister said.", "en") == [(None, True)]
    assert speakers_of("Он назвал это так называемым «перемирием».", "ru")[0][1] is True
    assert speakers_of("“We will win,” he said.", "en")[0][1] is False


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


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_lexicon_matches_inflected_forms(lexicon):
    found = lexicon.find("в ходе специальной военной операции киевский режим", "ru")
    assert [(m.surface, m.term.concept) for m in found] == [
        ("специальной военной операции", "smo"), ("киевский режим", "kyiv_regime")]
    assert [m.term.concept for m in lexicon.find("The regime’s militants liberated the town.", "en")] == [
        "regime", "militant", "liberation"]
    assert [m.surface for m in lexicon.find("괴뢰들은 도발을 감행했다", "ko")] == ["괴뢰", "도발"]
    assert all(t.category and t.note and t.concept for t in lexicon.terms)


def test_loaded_term_only_where_the_counterpart_does_not_use_the_concept(client):
    body = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "The regime held elections on Sunday. Turnout was low."},
        {"language": "en", "text": "The government held elections on Sunday. Turnout was low."},
    ]}).get_json()
    (signal,) = [s for s in body["signals"] if s["type"] == "loaded_term"]
    assert signal["version"] == "v1" and signal["evidence"]["concept"] == "regime"
    assert signal["evidence"]["category"] == "delegitimising label"
    both = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "The regime held elections on Sunday."},
        {"language": "en", "text": "The regime held a vote on Sunday."},
    ]}).get_json()
    assert not [s for s in both["signals"] if s["type"] == "loaded_term"]


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
