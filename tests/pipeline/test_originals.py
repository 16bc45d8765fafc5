"""What is read in untranslated originals (service/pipeline/untranslated.py) and the
alignment of sentences nothing translated (service/pipeline/align.py with the encoder)."""
from __future__ import annotations

import pytest

from service.encoder import SentenceEncoder
from service.model import Sentence
from service.pipeline.align import Originals, align, encoder_anchors
from service.pipeline.change_verdict import Original
from service.pipeline.untranslated import negation, verdict


@pytest.mark.parametrize("text, language, found", [
    ("We will not stop.", "en", "not"),
    ("Мы не остановимся.", "ru", "не"),
    ("Wir werden nicht aufhören.", "de", "nicht"),
    ("Nous n’arrêterons jamais.", "fr", "n’"),
    ("우리는 멈추지 않을 것이다.", "ko", "않"),
    ("我们不会停止。", "zh", "不"),
    ("我们将不断前进。", "zh", None),  # 不断: "continuously", no negation
    ("私たちは止まらない。", "ja", "ない"),
    ("We will go on.", "en", None),
    ("우리는 계속 전진할 것이다.", "ko", None),
])
def test_negation_is_language_data(text, language, found):
    assert negation(text, language) == found


def test_an_untranslated_verdict_rests_on_numbers_negation_and_the_score():
    a, b = Original("We shot down 12 drones.", "en"), Original("Мы сбили 15 беспилотников.", "ru")
    changed = verdict(a, b, 0.7)
    assert changed.status == "altered" and [(c.kind, c.reference, c.other) for c in changed.changes] == [
        ("quantity", "12", "15")]
    same = verdict(a, Original("Мы сбили 12 беспилотников.", "ru"), 0.7)
    assert same.status == "reworded" and same.changes == []
    far = verdict(a, Original("Мы сбили 12 беспилотников.", "ru"), 0.2)
    assert far.status == "altered" and far.changes == [] and far.encoder_similarity == 0.2
    negated = verdict(a, Original("Мы не сбили 12 беспилотников.", "ru"), 0.7)
    assert [c.kind for c in negated.changes] == ["negation"]


ENGLISH = [
    "The president arrived in Hanoi on Monday for a two-day state visit.",
    "He was met at the airport by the prime minister.",
    "The two leaders signed agreements on trade, energy and education.",
    "Bilateral trade reached 4.5 billion dollars last year.",
    "The president will address the national assembly on Tuesday.",
]
RUSSIAN_FILLER = [
    f"Строительство нового моста через реку номер {n} продолжается по графику, сообщили в мэрии."
    for n in range(1, 21)
]
RUSSIAN = [
    "Президент прибыл в понедельник в Ханой с двухдневным государственным визитом.",
    "В аэропорту его встретил премьер-министр.",
    *RUSSIAN_FILLER,  # a long passage only this version has, between two matched sentences
    "Лидеры двух стран подписали соглашения о торговле, энергетике и образовании.",
    "Двусторонний товарооборот в прошлом году достиг 4,5 млрд долларов.",
    "Во вторник президент выступит в национальном собрании.",
]


def _sentences(texts: list[str], translated: bool) -> list[Sentence]:
    return [Sentence(i, 0, 0, 0, t, t if translated else None, "identity" if translated else "none")
            for i, t in enumerate(texts)]


def test_untranslated_sentences_align_on_the_encoder_and_anchors_even_across_a_long_insertion():
    encoder = SentenceEncoder(None)

    def originals_of(texts: list[str], language: str, translated: bool) -> Originals:
        sentences, whole = _sentences(texts, translated), " ".join(texts)
        position = 0
        for sentence in sentences:
            sentence.start, sentence.end = position, position + len(sentence.text)
            position = sentence.end + 1
        return Originals.of(sentences, language, encoder.vectors(Originals.texts(sentences, whole), language))

    originals = (originals_of(ENGLISH, "en", True), originals_of(RUSSIAN, "ru", False))
    anchors = encoder_anchors(originals)
    assert (0, 0) in anchors and (4, 24) in anchors
    beads = align(_sentences(ENGLISH, True), _sentences(RUSSIAN, False), originals=originals)
    matched = [(b.reference, b.other) for b in beads if b.reference and b.other]
    assert matched == [((0,), (0,)), ((1,), (1,)), ((2,), (22,)), ((3,), (23,)), ((4,), (24,))]
    assert [b.other for b in beads if not b.reference] == [(i,) for i in range(2, 22)]


def test_without_the_encoder_untranslated_sentences_have_nothing_to_match_on():
    beads = align(_sentences(ENGLISH, True), _sentences(RUSSIAN, False))
    assert not [b for b in beads if b.reference and b.other]
