"""One person, one name: who a speaker or relaying outlet is, whatever the script, and how
the target language writes them.

A name as the speakers stage gives it ("Ким Чен Ын", "First Vice Department Director Kim Yo
Jong", "김정은 동지", "外交部发言人毛宁") is :func:`identify`-ed as a :class:`Person`:

1. the gazetteer (``data/gazetteer/people.tsv``): well-known officials and the bodies that
   speak or relay (KCNA = ЦТАК = 조선중앙통신 = 朝中社), found as the whole name or a run of
   its words with only titles after it; its key is the person's, its forms per language
   are what each language shows;
2. otherwise a personal name (titles and places off) read in Latin letters by
   :mod:`.romanise`, its key made of its folded surname and given name;
3. otherwise a description ("국방성 대변인", "пресс-служба МЧС", "Defence Ministry"): no
   person, compared as text.

The translation memory comes before all of these, but it is per comparison and not cached
here: :mod:`.quote_names` asks it first and identifies the human translation in the target
language. Keys alone cannot say that "Lavrov" is "Sergei Lavrov" or that "Andrei Sokolov" is
"Андрей Соколов"; :func:`same_person` decides that on the readings:

* surnames are one when their folded spellings are equal, one Korean surname (Park = Pak =
  Пак), consonant skeletons of three or more classes are equal, or they are 85% alike
  (rapidfuzz's normalised Indel similarity); a Russian female form ("Соколова") is another
  person than the male ("Соколов");
* a surname alone is the full name with that surname; given names are one when equal after
  folding, an initial of the other, 75% alike, or of equal skeletons ("Чен Ын" = "Jong Un");
* words in another order or split otherwise ("Hayashi Yoshimasa", "왕원타오") count when
  their folded letters are 85% alike.

:func:`surely_different` is what an attribution signal needs: not the same person, and
comparable, which two names in one script, in Latin and Cyrillic (with other surnames), or
both in the gazetteer are; a name in Han or kana against one in Latin letters that the
readings do not join is not known to be another person (its reading may be wrong), so it is
never reported as one.
Everything is cached per process: a name is identified once.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import Indel

from ..language_data import language as language_data
from ..lazy import once
from .romanise import (
    GAZETTEER, LatinName, fold, is_chinese_name, is_east_asian_surname, is_korean_name, readings, romanised,
    script_of, skeleton, surname_class, surname_key, vowels,
)

LANGUAGES = ("en", "ru", "ko", "zh", "ja", "de", "fr")  # the language columns of people.tsv, in order
SURNAME_SIMILARITY = 0.85
LOOSE_SIMILARITY = 0.8  # a surname read from katakana or Han letters, whose vowels are guesses
GIVEN_SIMILARITY = 0.8
JOINED_SIMILARITY = 0.85
LEGACY_SIMILARITY = 0.6  # descriptions: the first letters of their last words this alike are one
_UNSPACED = ("han", "kana", "hangul")
_VOWEL_RUNS = re.compile(r"[aeiou]+")
_PUNCTUATION = re.compile(r"[\s\-‐–—·・‧•.,'’`\"«»“”()\[\]（）:;]+")


# -- the gazetteer ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One line of people.tsv: a person or body and how each language writes them."""

    key: str
    kind: str  # person, agency, newspaper, broadcaster, body
    forms: dict[str, tuple[str, ...]] = field(hash=False, compare=False)  # language -> its forms, shown first
    other: tuple[str, ...] = ()

    def display(self, target: str) -> str | None:
        """How ``target`` writes this person: its own form, else the English one when it is
        written in Latin letters, else none."""
        if self.forms.get(target):
            return self.forms[target][0]
        if language_data(target).script == "latin":
            return self.forms["en"][0]
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(form for forms in self.forms.values() for form in forms) + self.other


def normalise(text: str) -> str:
    """The gazetteer's lookup form: NFKC, case-folded, ё as е, without spaces, hyphens or dots."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _PUNCTUATION.sub("", text)


@once
def gazetteer() -> dict[str, Entry]:
    """Every name of people.tsv, normalised -> its entry (the first line that names it wins)."""
    names: dict[str, Entry] = {}
    for entry in entries():
        for name in entry.names:
            names.setdefault(normalise(name), entry)
    return names


@once
def entries() -> tuple[Entry, ...]:
    found = []
    for line in (GAZETTEER / "people.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, kind, *cells = line.split("\t")
        cells += [""] * (len(LANGUAGES) + 1 - len(cells))
        forms = {code: tuple(f.strip() for f in cell.split(";") if f.strip())
                 for code, cell in zip(LANGUAGES, cells)}
        other = tuple(f.strip() for cell in cells[len(LANGUAGES):] for f in cell.split(";") if f.strip())
        if not forms["en"]:
            raise ValueError(f"people.tsv: {key} has no English form")
        found.append(Entry(key.strip(), kind.strip(), {k: v for k, v in forms.items() if v}, other))
    return tuple(found)


@once
def _entry_by_key() -> dict[str, Entry]:
    return {entry.key: entry for entry in entries()}


def entry(key: str) -> Entry | None:
    return _entry_by_key().get(key)


# -- who a name is ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    """A speaker or outlet as identified: its key, and how its name reads in Latin letters."""

    name: str  # as identified: the name without titles, or the whole description
    text: str  # as the version writes it
    language: str
    script: str
    kind: str  # person, agency, newspaper, broadcaster, body; "description" when no name is known
    key: str
    readings: tuple[LatinName, ...] = ()
    entry: Entry | None = None

    @property
    def surname_only(self) -> bool:
        return bool(self.readings) and all(not r.given for r in self.readings)


@lru_cache(maxsize=4096)
def identify(text: str, language: str, use_gazetteer: bool = True) -> Person | None:
    """Who ``text`` (a speaker or outlet as a version writes it) is; None for no text.
    ``use_gazetteer=False`` reads the name by transliteration alone (for tests and checks
    of the data: the readings should join what the gazetteer joins)."""
    text = " ".join(text.split())
    if not text:
        return None
    found = _in_gazetteer(text, language) if use_gazetteer else None
    if found is not None:  # read as its English form, so that "Kim" meets "Kim Jong Un"
        return Person(text, text, language, script_of(text), found.kind, found.key,
                      readings(found.forms["en"][0], "en"), found)
    name = personal_name(text, language)
    read = readings(name, language) if name else ()
    if not read:
        return Person(text, text, language, script_of(text), "description", "=" + normalise(text))
    first = read[0]
    key = "~" + surname_key(fold(first.surname)) + ("/" + "".join(fold(w) for w in first.given) if first.given else "")
    return Person(name, text, language, script_of(name), "person", key, read)


def _in_gazetteer(text: str, language: str) -> Entry | None:
    """The entry the whole text names, or a run of its words followed by titles only
    ("First Vice Department Director Kim Yo Jong", "김정은 동지"); in unspaced scripts, a name
    at a word's end ("外交部发言人毛宁") or followed by a title ("王毅外长")."""
    names = gazetteer()
    whole = names.get(normalise(text))
    if whole is not None:
        return whole
    words = text.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size, -1, -1):
            if all(is_title(w, language) for w in words[start + size:]):
                found = names.get(normalise(" ".join(words[start:start + size])))
                if found is not None:
                    return found
    last = _strip_titles_glued(words[-1], language) if words else ""
    if script_of(last) in _UNSPACED:
        for start in range(len(last) - 1):
            found = names.get(normalise(last[start:]))
            if found is not None and len(last) - start >= 2:
                return found
    return None


def is_title(word: str, language: str) -> bool:
    """Whether a word is a title of ``language`` or English ("Minister", "동지", "外长")."""
    return _titles(language).fullmatch(word.strip(",.;:")) is not None or (
        language != "en" and script_of(word) == "latin" and _titles("en").fullmatch(word.strip(",.;:")) is not None)


@lru_cache(maxsize=32)
def _titles(language: str) -> re.Pattern:
    titles = language_data(language).names.titles
    return re.compile("|".join(f"(?:{t})" for t in titles) if titles else "(?!)", re.I)


def _strip_titles_glued(word: str, language: str) -> str:
    """An unspaced word without the titles glued to its ends ("王毅外长" -> "王毅", "岸田首相" -> "岸田")."""
    titles = sorted(language_data(language).names.titles, key=len, reverse=True)
    changed = True
    while changed and word:
        changed = False
        for title in titles:
            if re.fullmatch(r"[\w\s]+", title) is None:
                continue  # a pattern, not a plain title: only whole words are matched against it
            if word.endswith(title) and len(word) > len(title):
                word, changed = word[: -len(title)], True
            elif word.startswith(title) and len(word) > len(title):
                word, changed = word[len(title):], True
    return word


def personal_name(text: str, language: str) -> str | None:
    """The personal name in ``text`` without titles (and places before it, in Latin letters),
    or None when the text names no person ("Defence Ministry", "국방성 대변인")."""
    words = [w.strip(",.;:") if len(w) > 3 else w for w in text.split()]
    words = [w for w in words if w]
    script = script_of(text)
    if script in ("latin", "cyrillic", "other"):
        places = _places()
        while words and (is_title(words[0], language) or words[0].casefold() in places):
            words.pop(0)
        while words and is_title(words[-1], language):
            words.pop()
        if not words or not all(w[:1].isupper() for w in words) or any(_is_acronym(w) for w in words):
            return None
        if _ends_as_body(words[-1], language):
            return None
        if script == "cyrillic" and not _russian_person(words):
            return None
        return " ".join(words)
    if script == "hangul":
        titled = False
        while words and is_title(words[-1], language):
            words.pop()
            titled = True
        last = _strip_titles_glued(words[-1], language) if words else ""
        if not last or _ends_as_body(last, language) or (len(words) > 1 and not titled):
            return None  # a foreign name in Korean letters ("자말 하산") is left to the translation engine
        if is_korean_name(last) or (titled and len(last) == 1 and readings(last, language)):
            return last  # "김정은", "정태원 감독", "조 장관"
        return None
    if script == "han":
        word = _strip_titles_glued("".join(words), language)
        if len(words) > 1 or "·" in word or _ends_as_body(word, language):
            return None
        if language == "ja":
            return word if 2 <= len(word) <= 5 else None
        return word if is_chinese_name(word) else None
    if script == "kana":
        word = _strip_titles_glued("".join(words), language)
        if re.fullmatch(r"[\u30a0-\u30ff・ー\s]+", word) and not _ends_as_body(word, language):
            return word  # a foreign name in katakana
        if re.fullmatch(r"[\u3400-\u9fff]{2,5}", word) and not _ends_as_body(word, language):
            return word
        return None
    return None


def _ends_as_body(word: str, language: str) -> bool:
    """Whether a (last) word names a body or role: one of the language's body words, or ending
    in one of its body endings (Korean, Chinese, Japanese, German compounds)."""
    names = language_data(language).names
    return word.casefold() in names.body_words or any(word.casefold().endswith(e) for e in names.body_endings)


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper() and word.isalpha()


def _russian_person(words: list[str]) -> bool:
    """Capitalised Russian words are a person's name when pymorphy3 reads one as a first name,
    surname or patronymic, does not know the last (a foreign name: "Вайткус"), or the first
    is a Chinese or Korean surname ("Ван Вэньтао")."""
    from .lemmas import is_known_word, is_person_word

    return (any(is_person_word(w) for w in words) or not is_known_word(words[-1])
            or (len(words) > 1 and is_east_asian_surname(words[0])))


@once
def _places() -> frozenset[str]:
    """Places, demonyms and capitals (the places gazetteer, case-folded): "Russian Foreign Minister"."""
    from .change_reading import gazetteer as places

    return frozenset(name.casefold() for name in places())


# -- one person or two ------------------------------------------------------------------------------------
def same_person(a: Person, b: Person) -> bool:
    """Whether ``a`` and ``b`` may be one person: one key, or readings that meet (a surname
    alone meets the full name); descriptions as the first letters of their last words."""
    if a.key == b.key:
        return True
    if a.entry is not None and b.entry is not None:
        return False
    if a.kind == "description" or b.kind == "description":
        return _legacy_alike(a.name, b.name)
    return any(_same_reading(x, y) for x in a.readings for y in b.readings)


RELAYS = frozenset({"agency", "broadcaster"})  # kinds that relay others' words


def surely_different(a: Person, b: Person) -> bool:
    """Whether ``a`` and ``b`` are surely two people: not :func:`same_person`, and comparable
    (both in the gazetteer, one script, or Latin against Cyrillic for two personal names).
    A news agency or broadcaster is never surely another speaker: it relays, and one version
    may name the relay ("KCNA said") where the other names who spoke."""
    if same_person(a, b) or a.kind in RELAYS or b.kind in RELAYS:
        return False
    if a.entry is not None and b.entry is not None:
        return True
    if a.script == b.script:
        return True
    both_names = a.kind != "description" and b.kind != "description"
    if not both_names or not {a.script, b.script} <= {"latin", "cyrillic"}:
        return False
    # Latin against Cyrillic: one surname with Western given names the readings do not join is
    # more likely one person transliterated otherwise ("Анья" / "Anja") than two; East Asian
    # given names are compared syllable by syllable, which tells Jong Un from Yo Jong
    return not any(surnames_match(fold(x.surname), fold(y.surname)) and not (x.surname_first and y.surname_first)
                   for x in a.readings for y in b.readings)


def _legacy_alike(first: str, second: str) -> bool:
    """The last words' first six letters, in Latin letters, are alike (Police/Polizei)."""
    keys = [anyascii(name.split()[-1]).casefold()[:6] for name in (first, second)]
    return Indel.normalized_similarity(keys[0], keys[1]) >= LEGACY_SIMILARITY


def _same_reading(x: LatinName, y: LatinName) -> bool:
    xs, ys = fold(x.surname), fold(y.surname)
    if surnames_match(xs, ys, x.loose or y.loose):
        if not x.given or not y.given:
            return True
        xg, yg = x.given, y.given
        if not x.surname_first and not y.surname_first:
            # words before a given name are descriptions no title list holds ("Agriculture
            # Minister Claire Duval", "Aktivistengruppe Letzte Runde"): the given words nearest
            # the surname are compared
            size = min(len(xg), len(yg))
            xg, yg = xg[len(xg) - size:], yg[len(yg) - size:]
        return givens_match(xg, yg, x.loose or y.loose, x.surname_first and y.surname_first)
    xw, yw = sorted(fold(w) for w in x.words), sorted(fold(w) for w in y.words)
    if len(xw) > 1 and xw == yw:
        return True  # "Hayashi Yoshimasa" / "Yoshimasa Hayashi"
    xj, yj = "".join(fold(w) for w in x.words), "".join(fold(w) for w in y.words)
    return (len(x.words) != len(y.words) and min(len(xj), len(yj)) >= 6
            and Indel.normalized_similarity(xj, yj) >= JOINED_SIMILARITY)


def surnames_match(a: str, b: str, loose: bool = False) -> bool:
    """Two folded surnames are one (see the module's docstring); ``loose`` (a katakana or
    Han reading of a foreign name) asks less likeness."""
    if a == b:
        return True
    if _female_form(a, b) or _female_form(b, a):
        return False
    korean_a, korean_b = surname_class(a), surname_class(b)
    if korean_a is not None and korean_a == korean_b:
        return True
    if korean_a is not None and korean_b is not None:
        return False  # two Korean surnames: Kim is not Kang
    sa, sb = skeleton(a), skeleton(b)
    if len(sa) >= 3 and sa == sb:
        return True
    return Indel.normalized_similarity(a, b) >= (LOOSE_SIMILARITY if loose else SURNAME_SIMILARITY)


def _syllables_match(a: str, b: str) -> bool:
    """Two folded syllables of a given name are one: equal, or equal consonant skeletons and
    vowels of the same classes (Jong = Jung = Чон; Ho is not Hui)."""
    return a == b or (skeleton(a) == skeleton(b) and vowels(a) == vowels(b))


def _female_form(male: str, female: str) -> bool:
    """"sokolova" is the female form of "sokolov" (Russian surnames in -ov, -ev, -in)."""
    return female == male + "a" and male[-1:] in "vn"


def givens_match(first: tuple[str, ...], second: tuple[str, ...], loose: bool = False, east: bool = False) -> bool:
    """Two given names (their words) are one (see the module's docstring); ``loose`` (a
    katakana reading) lets equal consonant skeletons decide; ``east``: both names are read
    surname first, so their given names are syllables even when one word each ("Hyun")."""
    a, b = "".join(fold(w) for w in first), "".join(fold(w) for w in second)
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]  # an initial
    folded = [fold(w) for w in (*first, *second)]
    if (len(first) == len(second) and (east or len(first) > 1)
            and all(len(_VOWEL_RUNS.findall(w)) <= 1 for w in folded)):
        # syllables: "Jong Un" / "Чон Ын" / 정은, "Hyun" / "Хён"
        return all(_syllables_match(fold(p), fold(q)) for p, q in zip(first, second))
    if loose and len(skeleton(a)) >= 2 and skeleton(a) == skeleton(b):
        return True
    return Indel.normalized_similarity(a, b) >= GIVEN_SIMILARITY


# -- shown in the target language ----------------------------------------------------------------------------
def display(person: Person, target: str) -> str | None:
    """How ``target`` writes the person without a translation memory: the gazetteer's form;
    the name itself in its own language; a romanisation for a language written in Latin
    letters; else none (a description needs the translation engine)."""
    if person.entry is not None:
        shown = person.entry.display(target)
        if shown is not None:
            return shown
    if person.language == target:
        return person.text
    if person.kind == "description":
        return None
    if language_data(target).script == "latin":
        return romanised(person.name, person.language, target)
    return None


def fullness(person: Person) -> int:
    """How much of a name is known: words of its fullest reading (for choosing a group's name)."""
    return max((len(r.words) for r in person.readings), default=0)
