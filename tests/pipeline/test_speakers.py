"""Who is quoted (service/pipeline/speakers.py): names after and before the cue, offices,
pronouns and anaphora, in English, Russian, Korean, German and French."""
from __future__ import annotations

import pytest

from service.pipeline import segment
from service.pipeline.quotes import extract_quotes


def speakers_of(text: str, language: str) -> list[str | None]:
    paras, sents = segment.sentences(text, language)
    return [q.speaker for q in extract_quotes("v", text, paras, sents, language)]


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
    assert speakers_of(text, language) == expected


def test_speakers_cues_pronouns_and_scare_quotes():
    text = (
        "“We will not retreat,” Lavrov said. "
        "He added: “The partnership is strong.” "
        "According to KCNA, Kim hailed the “liberation” of the region."
    )
    paras, sents = segment.sentences(text, "en")
    quotes = extract_quotes("A", text, paras, sents, "en")
    assert [(q.speaker, q.attribution) for q in quotes[:2]] == [("Lavrov", "said"), ("Lavrov", "added")]
    assert quotes[2].text == "liberation" and quotes[2].scare_quote is False  # "According to" makes it reported
    plain = "Officials hailed the “liberation” of the region."
    p2, s2 = segment.sentences(plain, "en")
    assert extract_quotes("B", plain, p2, s2, "en")[0].scare_quote is True


def test_russian_cue_after_quote():
    text = "«Мы не можем отказаться от солидарности», — заявил Лавров."
    paras, sents = segment.sentences(text, "ru")
    (quote,) = extract_quotes("R", text, paras, sents, "ru")
    assert (quote.speaker, quote.attribution) == ("Лавров", "заявил")
