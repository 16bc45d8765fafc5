"""Lemmas of words, per language, for matching lexicon terms and names in inflected text.

Russian goes through pymorphy3 (OpenCorpora dictionaries, shipped in pymorphy3-dicts-ru,
loaded once per process on first use); English and other languages use the light suffix
stemmer of :mod:`service.pipeline.tokens`. Cost: one dictionary lookup per word, cached.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lazy import once
from .tokens import stem

_PART = re.compile(r"\w+(?:['’]\w+)*", re.U)
_RUSSIAN = re.compile(r"[а-яё]")


@once
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def lemma(word: str, language: str) -> str:
    lower = word.casefold()
    if lemmatised(lower, language):
        return _analyzer().parse(lower)[0].normal_form.replace("ё", "е")
    return stem(lower.replace("’", "'"))


def lemmatised(lower: str, language: str) -> bool:
    """Whether pymorphy3 reads the lower-case word ``lower`` (a Russian word); others are stemmed."""
    return language == "ru" and _RUSSIAN.search(lower) is not None


def lemmatize(text: str, language: str) -> list[tuple[str, int, int]]:
    """(lemma, start, end) for every word of ``text``; hyphenated words count part by part
    ("eco-terrorists" holds "terrorist", "neo-Nazis" is "neo" + "nazi")."""
    return [(lemma(m.group(0), language), m.start(), m.end()) for m in _PART.finditer(text)]


@lru_cache(maxsize=8192)
def russian_surname_lemma(name: str, case: str = "nomn") -> str:
    """Nominative form of a Russian name read in ``case`` (Лаврова after "по словам" -> Лавров).

    A name read as nominative stays as written when pymorphy3 allows that reading
    (Круглова is a woman's surname, not only the genitive of Круглов); otherwise each word
    is put into the nominative from its reading in ``case``, keeping its gender.
    """
    words = name.split()
    gender = None
    out = []
    person = _is_person(words[0]) if words else False
    for position, word in enumerate(words):
        if position > 0 and not person:
            out.append(word)  # "МИД России": only an organisation's head word changes case
            continue
        if not re.search(r"[А-ЯЁа-яё]", word) or word.isupper():
            out.append(word)  # Latin words and abbreviations (МИД, КНДР) stay
            continue
        parses = [p for p in _analyzer().parse(word) if p.tag.POS == "NOUN" or {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
        named = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)] or parses
        in_case = [p for p in named if p.tag.case == case and (gender is None or p.tag.gender in (gender, None))]
        if not in_case:
            out.append(word)
            continue
        best = in_case[0]
        if best.tag.gender and {"Name", "Surn"} & set(best.tag.grammemes):
            gender = best.tag.gender
        nominative = best.inflect({"nomn"})
        if case == "nomn" or nominative is None:
            out.append(word)
        else:
            out.append(nominative.word[:1].upper() + nominative.word[1:])
    return " ".join(out)


@lru_cache(maxsize=4096)
def nominative_phrase(phrase: str, case: str) -> str:
    """A Russian noun phrase read in ``case`` put into the nominative, number kept, up to its
    head noun; what follows the head stays as written ("дипломатических кругах" in the
    locative -> "дипломатические круги"; "объединенной пресс-службе судов Свердловской
    области" -> "объединенная пресс-служба судов Свердловской области")."""
    out = []
    words = phrase.split()
    for position, word in enumerate(words):
        parses = [p for p in _analyzer().parse(word) if p.tag.case == case and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        nominative = parses[0].inflect({"nomn", parses[0].tag.number}) if parses and parses[0].tag.number else None
        out.append(nominative.word if nominative else word)
        if parses and parses[0].tag.POS == "NOUN":
            return " ".join(out + words[position + 1 :])
    return " ".join(out)


@lru_cache(maxsize=4096)
def genitive_phrase(phrase: str) -> str:
    """A Russian noun phrase in the nominative put into the genitive up to its head noun, the
    rest as written ("Министерство по делам объединения" -> "Министерства по делам объединения";
    "Объединенный комитет начальников штабов" -> "Объединенного комитета начальников штабов")."""
    out = []
    words = phrase.split()
    for position, word in enumerate(words):
        parses = [p for p in _analyzer().parse(word) if p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        genitive = parses[0].inflect({"gent", parses[0].tag.number}) if parses and parses[0].tag.number else None
        form = genitive.word if genitive else word
        out.append(form[:1].upper() + form[1:] if word[:1].isupper() else form)
        if parses and parses[0].tag.POS == "NOUN":
            return " ".join(out + words[position + 1 :])
    return " ".join(out)


@lru_cache(maxsize=16384)
def is_russian_adjective(word: str) -> bool:
    """Whether pymorphy3 reads a word first as an adjective or participle ("официальный")."""
    parses = _analyzer().parse(word)
    return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF")


@lru_cache(maxsize=16384)
def russian_readings(word: str) -> frozenset[tuple[str, str]]:
    """Every (part of speech, case) pymorphy3 reads a Russian word as: ("NOUN", "gent"),
    ("ADJF", "nomn")…"""
    return frozenset((p.tag.POS, p.tag.case) for p in _analyzer().parse(word) if p.tag.POS and p.tag.case)


_OBLIQUE = ("ablt", "gent", "datv", "loct", "accs")


@lru_cache(maxsize=4096)
def nominative_person(name: str) -> str:
    """A Russian person's name found in an oblique case put into the nominative: natasha
    leaves foreign names as written ("с министром Батбаяром Ганболдом" -> Батбаяр Ганболд).
    A name one of whose words may be nominative ("Мао Нин", "Игорь Воронцов") stays."""
    if may_be_nominative(name):
        return name
    shared = set.intersection(*({case for _, case in russian_readings(w)} for w in name.split()))
    case = next((c for c in _OBLIQUE if c in shared), None)
    return russian_surname_lemma(name, case) if case else name


def may_be_nominative(name: str) -> bool:
    """Whether a Russian name may be the subject: one of its words reads as nominative, or
    pymorphy3 has no reading of it at all ("Ын"). "Батбаяром Ганболдом" is instrumental."""
    return any(not readings or any(case == "nomn" for _, case in readings)
               for readings in map(russian_readings, name.split()))


@lru_cache(maxsize=16384)
def is_animate_noun(word: str) -> bool:
    """Whether pymorphy3 reads a (Russian) word first as an animate common noun in the
    nominative: a person described by what they are ("учёный", "собеседник"), not named."""
    parses = _analyzer().parse(word)
    if not parses:
        return False
    tag = parses[0].tag
    return (tag.POS == "NOUN" and "anim" in tag.grammemes and tag.case == "nomn"
            and not {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"} & set(tag.grammemes))


def is_person_word(word: str) -> bool:
    """Whether pymorphy3 reads a word as a first name, surname or patronymic."""
    return _is_person(word)


@lru_cache(maxsize=16384)
def _is_person(word: str) -> bool:
    return any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in _analyzer().parse(word))


@lru_cache(maxsize=16384)
def is_known_word(word: str) -> bool:
    """Whether pymorphy3's dictionary holds the (Russian) word: a capitalised word it does not
    know ("Вайткус") is more likely a foreign name than a common noun."""
    return _analyzer().word_is_known(word.casefold())
