"""Lemmas of words, per language, for matching lexicon terms and names in inflected text.

Russian goes through pymorphy3 (OpenCorpora dictionaries, shipped in pymorphy3-dicts-ru,
loaded once per process on first use); English and other languages use the light suffix
stemmer of :mod:`service.pipeline.tokens`. Cost: one dictionary lookup per word, cached.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from .tokens import stem

_WORD = re.compile(r"\w+(?:[-’']\w+)*", re.U)
_lock = threading.Lock()
_morph = None


def _analyzer():
    global _morph
    if _morph is None:
        with _lock:
            if _morph is None:
                import pymorphy3

                _morph = pymorphy3.MorphAnalyzer(lang="ru")
    return _morph


@lru_cache(maxsize=65536)
def lemma(word: str, language: str) -> str:
    lower = word.casefold()
    if language == "ru" and re.search(r"[а-яё]", lower):
        return _analyzer().parse(lower)[0].normal_form.replace("ё", "е")
    return stem(lower.replace("’", "'"))


def lemmatize(text: str, language: str) -> list[tuple[str, int, int]]:
    """(lemma, start, end) for every word of ``text``."""
    return [(lemma(m.group(0), language), m.start(), m.end()) for m in _WORD.finditer(text)]


def russian_surname_lemma(name: str) -> str:
    """Nominative form of a Russian name written in an oblique case (Лаврова -> Лавров)."""
    words = name.split()
    out = []
    for word in words:
        if not re.search(r"[А-ЯЁа-яё]", word):
            out.append(word)
            continue
        parses = _analyzer().parse(word)
        best = next((p for p in parses if {"Surn", "Name", "Patr"} & set(p.tag.grammemes)), None)
        out.append(best.inflect({"nomn"}).word.capitalize() if best and best.inflect({"nomn"}) else word)
    return " ".join(out)
