"""The people and places an article names, as keys that are the same in every script.

Story pairing needs evidence a reader can check: two reports of one event name the same
people and places, whatever script each writes them in ("Лавров", "Lavrov", "라브로프",
"拉夫罗夫" are one key). The names come from the gazetteers kept as data
(``data/gazetteer/people.tsv`` for people and bodies, ``dateline_places.tsv`` for places
across scripts, ``places.tsv`` for countries, capitals and demonyms in English); outlets
are left out, since every agency names itself.

Matching looks words up, not patterns: runs of one to five words of Latin or Cyrillic text
are looked up case-folded (acronyms such as "US" only in capitals), the last word of a
Cyrillic run also without up to three letters of case ending ("Лаврова", "Пхеньяне");
Hangul, Han and kana forms are found anywhere in the text (Korean particles follow names
unspaced; Chinese and Japanese have no spaces at all).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..language_data import dateline_places
from ..lazy import once
from ..pipeline.names import entries
from ..pipeline.romanise import script_of

_RELAYS = {"agency", "newspaper", "broadcaster"}
#: shortest form matched, by script (a one-syllable Hangul or Han form is too often a word)
_MIN_CHARS = {"latin": 3, "cyrillic": 3, "hangul": 2, "han": 2, "kana": 2}


@dataclass(frozen=True)
class _Forms:
    words: dict[tuple[str, ...], str]  # case-folded words of a Latin or Cyrillic form -> key
    acronyms: dict[tuple[str, ...], str]  # as written
    unspaced: tuple[tuple[str, str], ...]  # (case-folded Hangul, Han or kana form, key)
    longest: int


_WORD = re.compile(r"[^\W\d_]+")
_MAX_ENDING = 3
_CYRILLIC = re.compile(r"[а-яё]")


@once
def _forms() -> _Forms:
    names: dict[str, str] = {}
    for entry in entries():
        if entry.kind not in _RELAYS:
            for name in entry.names:
                names.setdefault(name, f"person:{entry.key}")
    for name, key in dateline_places().items():
        names.setdefault(name, f"place:{key}")
    from ..pipeline.change_reading import gazetteer as places  # countries, capitals and demonyms (English)

    for name, key in places().items():
        names.setdefault(name, f"place:{key}")
    words: dict[tuple[str, ...], str] = {}
    acronyms: dict[tuple[str, ...], str] = {}
    unspaced: dict[str, str] = {}
    for name, key in names.items():
        script = script_of(name)
        if len(name.replace(" ", "")) < _MIN_CHARS.get(script, 3) and not _is_acronym(name):
            continue
        if script in ("hangul", "han", "kana"):
            unspaced.setdefault(name.casefold(), key)
        elif _is_acronym(name):
            acronyms.setdefault(tuple(_WORD.findall(name)), key)
        else:
            words.setdefault(tuple(_WORD.findall(name.casefold())), key)
    longest = max(len(k) for k in (*words, *acronyms))
    return _Forms(words, acronyms, tuple(unspaced.items()), longest)


def _is_acronym(name: str) -> bool:
    return name.isupper() and sum(c.isalpha() for c in name) > 1


def mentions(text: str) -> frozenset[str]:
    """The keys of the people and places ``text`` names."""
    forms = _forms()
    found = set()
    written = _WORD.findall(text)
    folded = [w.casefold() for w in written]
    cyrillic = [_CYRILLIC.search(w) is not None for w in folded]  # once per word, not per run
    for i in range(len(folded)):
        for n in range(1, min(forms.longest, len(folded) - i) + 1):
            run = tuple(folded[i:i + n])
            key = forms.words.get(run) or forms.acronyms.get(tuple(written[i:i + n]))
            if key is None and cyrillic[i + n - 1]:
                key = next((forms.words[k] for cut in range(1, _MAX_ENDING + 1)
                            if len(run[-1]) - cut >= (2 if n > 1 else 3) and (k := run[:-1] + (run[-1][:-cut],)) in forms.words), None)
            if key:
                found.add(key)
    lowered = text.casefold()
    found.update(key for form, key in forms.unspaced if form in lowered)
    return frozenset(found)
