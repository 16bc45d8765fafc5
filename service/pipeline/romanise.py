"""Personal names in any script read in Latin letters, and spellings folded so variants meet.

A name is read as words in Latin letters with its surname marked, by script:

* Cyrillic: iuliia's schemes (the English press's "wikipedia" by default; per target
  language in ``data/romanisation.toml``); a patronymic is dropped ("Сергей Викторович
  Лавров" is read as "Sergey Lavrov");
* Hangul: a Korean name is one word of two or three syllables (three or four with a
  two-syllable surname) that starts with a surname of ``gazetteer/korean_surnames.tsv``: its
  surname is that table's form (김 -> Kim, 박 -> Park), its given name the Revised
  Romanisation of each syllable (korean-romanizer); other Hangul is a foreign name in
  Korean letters (라브로프), read syllable by syllable in the given order;
* Han characters: Chinese names surname first (``gazetteer/chinese_surnames.tsv``) in Hanyu
  Pinyin (pypinyin); in Japanese text, pykakasi's Hepburn reading besides (林芳正 is
  Hayashi Yoshimasa); names split by a middle dot (拉夫罗夫) are foreign;
* kana: pykakasi's Hepburn, then the rules that take out the vowels katakana insert
  (ブリンケン burinken -> brinken);
* Latin: anyascii (diacritics off).

In Latin and Cyrillic, a name whose first word is a Chinese or Korean surname is read surname
first ("Kim Jong Un", "Ван И"), any other surname last ("Andrei Sokolov").

Two readings are compared on *folded* words: ordered rewriting rules (data) that make the
spelling variants of the romanisation systems alike ("Sergey"/"Sergei", "Jeong"/"Jong",
"Чжао" = "Chzhao"/"Zhao"), and on *skeletons*: the folded word's consonant classes, vowels
dropped ("Чен Ын" chen yn and "Jong Un" are both "jnn"). Everything here is cached: a name
is read once per process.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from ..language_data import DATA_FOLDER
from ..lazy import once

GAZETTEER = DATA_FOLDER / "gazetteer"
RULES_FILE = DATA_FOLDER / "romanisation.toml"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD_BREAKS = re.compile(r"[\s·・‧•=]+")
_VOWEL_GROUPS = re.compile(r"[aeiouäöüéèëïœ]+")
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna)$")  # as iuliia writes a patronymic


@dataclass(frozen=True)
class LatinName:
    """A name read in Latin letters: its words (lower case, not folded) and where its surname is.
    ``loose``: read from katakana, whose vowels are guessed, so consonants are what counts."""

    words: tuple[str, ...]
    surname_first: bool
    loose: bool = False

    @property
    def surname(self) -> str:
        return self.words[0] if self.surname_first else self.words[-1]

    @property
    def given(self) -> tuple[str, ...]:
        return self.words[1:] if self.surname_first else self.words[:-1]


# -- the data ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Rules:
    fold: tuple[tuple[re.Pattern, str], ...]
    skeleton: tuple[tuple[re.Pattern, str], ...]
    kana: tuple[tuple[re.Pattern, str], ...]
    kontsevich: tuple[tuple[re.Pattern, str], ...]
    russian: dict[str, str]  # target language -> iuliia schema name
    vowel_classes: dict[str, str]  # vowel -> its class


@once
def _rules() -> _Rules:
    with RULES_FILE.open("rb") as handle:
        table = tomllib.load(handle)

    def compiled(section: str) -> tuple[tuple[re.Pattern, str], ...]:
        return tuple((re.compile(pattern), replacement) for pattern, replacement in table[section]["rules"])

    classes = {vowel: group for group in table["syllables"]["vowel_classes"] for vowel in group}
    return _Rules(compiled("fold"), compiled("skeleton"), compiled("kana"), compiled("kontsevich"),
                  dict(table["russian"]), classes)


def _tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (GAZETTEER / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t") if cell.strip()])
    return rows


@dataclass(frozen=True)
class _Surnames:
    korean: dict[str, str]  # Hangul surname -> its romanisation shown (lower case)
    chinese: dict[str, str]  # Han surname (simplified or traditional) -> pinyin (lower case)
    classes: dict[str, str]  # folded romanisation of a Korean surname -> its class (the Hangul form)
    east_asian: frozenset[str]  # Chinese and Korean surnames as Latin and Russian copy spell them, in
    #                             Latin letters, lower case ("kim", "pak", "van" for Ван): exact spellings,
    #                             so that "Joe" is not read as Choe
    korean_cyrillic: frozenset[str]  # Korean surnames in Russian letters, lower case


@once
def _surnames() -> _Surnames:
    korean, chinese, classes, east_asian, korean_cyrillic = {}, {}, {}, set(), set()
    for hangul, *forms in _tsv("korean_surnames.tsv"):
        spellings = hangul.split()
        for spelling in spellings:
            korean[spelling] = forms[0].lower()
        for form in forms:
            if _CYRILLIC.search(form):
                korean_cyrillic.add(form.lower())
            latin = (_cyrillic_to_latin(form, "en") if _CYRILLIC.search(form) else form).lower()
            classes.setdefault(fold(latin), spellings[0])
            east_asian.add(latin)
    for han, pinyin, russian in _tsv("chinese_surnames.tsv"):
        for spelling in han.split():
            chinese[spelling] = pinyin.lower()
        east_asian.update((pinyin.lower(), _cyrillic_to_latin(russian, "en").lower()))
    return _Surnames(korean, chinese, classes, frozenset(east_asian), frozenset(korean_cyrillic))


# -- folding ---------------------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """One word's spelling folded: lower-case ASCII letters rewritten by the fold rules."""
    text = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for pattern, replacement in _rules().fold:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=8192)
def skeleton(folded: str) -> str:
    """The consonant classes of a folded word, vowels dropped."""
    text = folded
    for pattern, replacement in _rules().skeleton:
        text = pattern.sub(replacement, text)
    return text


def vowels(folded: str) -> str:
    """The classes of a folded syllable's vowels, in order ("jon" and "jun" -> "ou")."""
    classes = _rules().vowel_classes
    return "".join(classes.get(ch, "") for ch in folded if ch in classes)


def surname_class(folded: str) -> str | None:
    """The Korean surname a folded spelling is one of (Pak = Park = Bak = Пак), if any."""
    return _surnames().classes.get(folded)


def surname_key(folded: str) -> str:
    """A folded surname as one spelling per Korean surname (pak, bak -> park): for keys."""
    hangul = surname_class(folded)
    return fold(_surnames().korean[hangul]) if hangul else folded


# -- scripts ----------------------------------------------------------------------------------------
def script_of(text: str) -> str:
    """latin, cyrillic, hangul, kana (any kana at all), han, or other: the script of a name."""
    if _KANA.search(text):
        return "kana"
    if _HANGUL.search(text):
        return "hangul"
    if _HAN.search(text):
        return "han"
    if _CYRILLIC.search(text):
        return "cyrillic"
    letter = next((ch for ch in text if ch.isalpha()), "")
    if not letter or "LATIN" in unicodedata.name(letter, ""):
        return "latin"
    return "other"


# -- reading a name ---------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def readings(name: str, language: str) -> tuple[LatinName, ...]:
    """The ways ``name`` (a personal name, titles already off) may be read in Latin letters."""
    script = script_of(name)
    if script == "hangul":
        found = [_hangul(name)]
    elif script == "han":
        found = _han(name, language)
    elif script == "kana":
        found = [_kana(name)]
    elif script == "cyrillic":
        found = [_ordered(_drop_patronymic(_words(_cyrillic_to_latin(_korean_in_russian(name), "en"))))]
    else:
        found = [_ordered(_words(anyascii(name)))]
    return tuple(dict.fromkeys(r for r in found if r and r.words))


def is_east_asian_surname(word: str) -> bool:
    """Whether a word (Latin or Cyrillic letters) spells a Chinese or Korean surname ("Ван", "Pak")."""
    latin = _cyrillic_to_latin(word, "en") if _CYRILLIC.search(word) else anyascii(word)
    return latin.lower() in _surnames().east_asian


def is_korean_name(word: str) -> bool:
    """One Hangul word that reads as a Korean personal name: a known surname, then one or two syllables."""
    surname = _korean_surname(word)
    return surname is not None and 1 <= len(word) - len(surname) <= 2


def _korean_surname(word: str) -> str | None:
    table = _surnames().korean
    for size in (2, 1):
        if len(word) > size and word[:size] in table:
            return word[:size]
    return None


def is_chinese_name(word: str) -> bool:
    """Han characters that read as a Chinese personal name: a known surname, then one or two characters."""
    surname = _chinese_surname(word)
    return surname is not None and 1 <= len(word) - len(surname) <= 2


def _chinese_surname(word: str) -> str | None:
    table = _surnames().chinese
    for size in (2, 1):
        if len(word) > size and word[:size] in table:
            return word[:size]
    return None


def _words(latin: str) -> list[str]:
    return [w for w in re.split(r"[\s\-‐–·・.,']+", latin.lower()) if w]


def _ordered(words: list[str]) -> LatinName:
    """A Latin reading, surname first when the first word is a Chinese or Korean surname and
    what follows reads as an East Asian given name (one or two words of at most two syllables:
    "Kim Jong Un", "Xi Jinping", but "Jan Petersen" is read surname last)."""
    east = _surnames().east_asian
    given = words[1:]
    first_is_surname = (words[0] in east and 1 <= len(given) <= 2
                        and all(len(_VOWEL_GROUPS.findall(w)) <= 2 for w in given))
    return LatinName(tuple(words), first_is_surname)


def _korean_in_russian(name: str) -> str:
    """A Korean name in Russian letters with the Kontsevich habits undone in its given name
    ("Ким Чен Ын" -> "ким чон ун"), so its syllables meet the Latin spellings; any other name
    as it is."""
    words = name.lower().split()
    if len(words) < 2 or words[0] not in _surnames().korean_cyrillic:
        return name
    given = []
    for word in words[1:]:
        for pattern, replacement in _rules().kontsevich:
            word = pattern.sub(replacement, word)
        given.append(word)
    return " ".join([words[0], *given])


def _drop_patronymic(words: list[str]) -> list[str]:
    if len(words) == 3 and _PATRONYMIC.search(words[1]):
        return [words[0], words[2]]
    return words


def _hangul(name: str) -> LatinName:
    words = [w for w in _WORD_BREAKS.split(name) if w]
    if len(words) == 1 and (is_korean_name(words[0]) or words[0] in _surnames().korean):
        word = words[0]
        surname = _korean_surname(word) or word
        given = tuple(_syllable(s) for s in word[len(surname):])  # one word per syllable
        return LatinName((_surnames().korean[surname], *given), True)
    return _ordered(["".join(_syllable(s) for s in w) for w in words])


@lru_cache(maxsize=4096)
def _syllable(syllable: str) -> str:
    """One Hangul syllable in the Revised Romanisation (korean-romanizer)."""
    if not _HANGUL.fullmatch(syllable):
        return anyascii(syllable).lower()
    from korean_romanizer.romanizer import Romanizer

    return Romanizer(syllable).romanize().lower()


def _han(name: str, language: str) -> list[LatinName]:
    parts = [p for p in _WORD_BREAKS.split(name) if p]
    if len(parts) > 1:  # 谢尔盖·拉夫罗夫: a foreign name, given name first
        return [LatinName(tuple(_pinyin(p) for p in parts), False, loose=True)]
    word = parts[0] if parts else name
    found = []
    if language == "ja":
        japanese = _japanese(word)
        if japanese:
            found.append(LatinName(tuple(japanese), True))
    surname = _chinese_surname(word)
    if surname:
        given = _pinyin(word[len(surname):])
        found.append(LatinName((_surnames().chinese[surname], given) if given else (_surnames().chinese[surname],), True))
    else:
        found.append(LatinName((_pinyin(word),), True))
    return found


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).lower()


def _japanese(text: str) -> list[str]:
    """pykakasi's Hepburn reading, in the words it splits the text into."""
    return [w["hepburn"].lower() for w in _kakasi().convert(text) if w["hepburn"].strip()]


@once
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()


def _kana(name: str) -> LatinName:
    words = []
    for part in (p for p in _WORD_BREAKS.split(name) if p):
        reading = "".join(_japanese(part))
        for pattern, replacement in _rules().kana:
            reading = pattern.sub(replacement, reading)
        words.append(reading)
    return LatinName(tuple(words), False, loose=True)


# -- shown in the target language ---------------------------------------------------------------------
def _cyrillic_to_latin(text: str, target: str) -> str:
    import iuliia

    rules = _rules().russian
    schema = iuliia.schemas.get(rules.get(target, rules["default"]))
    return schema.translate(text)


@lru_cache(maxsize=4096)
def romanised(name: str, language: str, target: str) -> str:
    """``name`` written in Latin letters for a reader of ``target`` (a language written in them):
    a Cyrillic name by the target's scheme, other scripts as :func:`readings` reads them, in the
    order English copy writes such names (Korean and Chinese surname first, Japanese and
    Western given name first)."""
    script = script_of(name)
    if script == "latin":
        return name
    if script == "cyrillic":
        return _cyrillic_to_latin(name, target)
    reading = readings(name, language)[0]
    if script == "hangul" and reading.surname_first:
        given = "-".join(_syllable(s) for s in name.strip()[len(_korean_surname(name.strip()) or name.strip()):])
        return " ".join(w.capitalize() for w in (reading.surname, given) if w)
    words = [w.capitalize() for w in reading.words]
    if script == "han" and language == "ja" and len(readings(name, language)) > 1:
        words = words[1:] + words[:1]  # 林芳正: Yoshimasa Hayashi
    return " ".join(words)
