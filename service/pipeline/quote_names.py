"""Who speaks, in the target language: the speakers, relaying outlets and cues of a comparison's quotes.

Fills each quote's ``speaker_translation``, ``speaker_key``, ``reported_by_translation`` and
``attribution_translation`` during the translation stage. For each distinct name:

1. the translation memory (human translations win): its translation is identified in the
   target language, so "Ким Чен Ын" -> "Kim Jong Un" is Kim Jong Un;
2. the gazetteer and transliteration of :mod:`.names`;
3. the translation engine (memory, cache, machine) for what names no person: descriptions
   ("국방성 대변인"), outlets the gazetteer lacks, and foreign names in Korean or Han letters.

Then the comparison's people are grouped: two full names that :func:`~.names.same_person`
joins are one group (never two gazetteer people in one); a surname alone joins the one group
whose name it may be, and stays alone when it could be several ("Kim" beside Kim Jong Un and
Kim Yo Jong). A group's key is its gazetteer key or its fullest member's; every quote of the
group gets it as ``speaker_key``, so versions in any script agree on who speaks.

A cue is glossed from its language's data (``[attribution.glosses]``) when the target is
English: a reporting verb alone is what machine translation renders worst (out of context,
"заявил" may come back as anything), while the gloss is fixed, offline and free; other
targets get the engine's translation of the cue, or none.

Cost: one memory lookup per language, the cached :func:`~.names.identify` per distinct name,
and the engine's segments ride on the translation stage's second batch (see
:mod:`.translate`); grouping is quadratic in the distinct names of one comparison (a few).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, Sequence

from ..language_data import language as language_data
from ..model import Version
from .names import Person, display, fullness, identify, same_person


class Memory(Protocol):
    def remembered(self, segments: Sequence[str], source: str, target: str) -> dict[str, str]: ...


@dataclass
class _Name:
    """One distinct speaker or outlet of one language, and what is known of it."""

    text: str
    language: str
    person: Person | None
    remembered: str | None = None  # the translation memory's
    translated: str | None = None  # the engine's, for a description or an outlet

    @property
    def needs_engine(self) -> bool:
        if self.remembered or self.person is None:
            return False
        if self.person.entry is not None:
            return False
        return self.person.kind == "description"


class QuoteNames:
    """The names of one comparison's quotes, from first lookup to the fields of each quote."""

    def __init__(self, versions: list[Version], target: str, memory: Memory | None):
        self.target = target
        self.speakers: dict[tuple[str, str], _Name] = {}
        self.outlets: dict[tuple[str, str], _Name] = {}
        self.cues: dict[tuple[str, str], str | None] = {}
        texts: dict[str, set[str]] = {}
        for version in versions:
            for quote in version.quotes:
                language = version.language
                for text, table in ((quote.speaker, self.speakers), (quote.reported_by, self.outlets)):
                    if text and (text, language) not in table:
                        table[(text, language)] = _Name(text, language, None)
                        texts.setdefault(language, set()).add(text)
                if quote.attribution:
                    self.cues.setdefault((quote.attribution, language), None)
                    texts.setdefault(language, set()).add(quote.attribution)
        remembered: dict[tuple[str, str], str] = {}
        for language, group in texts.items():
            if language != target and memory is not None:
                found = memory.remembered(sorted(group), language, target)
                remembered.update({(text, language): translation for text, translation in found.items()})
        for key, name in (*self.speakers.items(), *self.outlets.items()):
            name.remembered = remembered.get(key)
            name.person = identify(name.remembered, target) if name.remembered else identify(name.text, name.language)
        for (cue, language) in self.cues:
            self.cues[(cue, language)] = remembered.get((cue, language)) or _cue_in_target(cue, language, target)

    # -- the engine's part -----------------------------------------------------------------------
    def requests(self, language: str) -> list[str]:
        """What of ``language`` the translation engine should translate: descriptions and
        outlets that neither memory nor gazetteer name, cues without a gloss."""
        if language == self.target:
            return []
        wanted = [name.text for (text, lang), name in (*self.speakers.items(), *self.outlets.items())
                  if lang == language and name.needs_engine]
        wanted += [cue for (cue, lang), shown in self.cues.items() if lang == language and shown is None]
        return sorted(set(wanted))

    def receive(self, language: str, translations: dict[str, str]) -> None:
        """The engine's translations of :meth:`requests` (those it could make)."""
        for (text, lang), name in (*self.speakers.items(), *self.outlets.items()):
            if lang == language and name.needs_engine and translations.get(text):
                name.translated = translations[text]
                name.person = identify(name.translated, self.target) or name.person
        for (cue, lang), shown in self.cues.items():
            if lang == language and shown is None and translations.get(cue):
                self.cues[(cue, lang)] = translations[cue]

    # -- the quotes' fields -----------------------------------------------------------------------
    def fill(self, versions: list[Version]) -> None:
        """Set every quote's names in the target language and its speaker's key."""
        groups = _group([name for name in self.speakers.values() if name.person is not None], self.target)
        for version in versions:
            for quote in version.quotes:
                language = version.language
                if quote.speaker:
                    name = self.speakers[(quote.speaker, language)]
                    group = groups.get(id(name))
                    quote.speaker_key = group.key if group else None
                    quote.speaker_translation = self._shown(name, group)
                if quote.reported_by:
                    quote.reported_by_translation = self._shown(self.outlets[(quote.reported_by, language)], None)
                if quote.attribution:
                    quote.attribution_translation = self.cues[(quote.attribution, language)]

    def _shown(self, name: _Name, group: _Group | None) -> str | None:
        """How the target language writes one name: memory, gazetteer, the name itself in its own
        language, the engine's translation, the group's own form in the target language, a
        romanisation; or None when nothing is known."""
        if name.remembered:
            return name.remembered
        person = name.person
        if person is None:
            return None
        if person.entry is not None:
            return display(person, self.target)
        if name.language == self.target:
            return name.text
        if name.translated:
            return name.translated
        if group is not None and group.written_in_target and fullness(group.written_in_target) >= fullness(person):
            return group.written_in_target.name
        return display(person, self.target)


@dataclass
class _Group:
    key: str
    written_in_target: Person | None  # its fullest member as the target language writes it


def _group(names: list[_Name], target: str) -> dict[int, _Group]:
    """Group the speakers who are one person (see the module's docstring): id(name) -> its group."""
    parent = list(range(len(names)))
    entries: dict[int, set[str]] = {i: {n.person.entry.key} if n.person.entry else set() for i, n in enumerate(names)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b and not (entries[a] and entries[b] and entries[a] != entries[b]):
            parent[b] = a
            entries[a] |= entries[b]

    def alike(i: int, j: int) -> bool:
        a, b = names[i].person, names[j].person
        if a.kind == "description" or b.kind == "description":
            return a.key == b.key  # descriptions are one only when they read alike in full
        return same_person(a, b)

    full = [i for i, n in enumerate(names) if not n.person.surname_only]
    alone = [i for i, n in enumerate(names) if n.person.surname_only]
    for x, i in enumerate(full):
        for j in full[x + 1:]:
            if alike(i, j):
                join(i, j)
    unplaced = []
    for i in alone:
        candidates = {root(j) for j in full if alike(i, j)}
        if len(candidates) == 1:
            join(next(iter(candidates)), i)
        elif not candidates:
            unplaced.append(i)
    for x, i in enumerate(unplaced):
        for j in unplaced[x + 1:]:
            if alike(i, j):
                join(i, j)

    members: dict[int, list[int]] = {}
    for i in range(len(names)):
        members.setdefault(root(i), []).append(i)
    groups: dict[int, _Group] = {}
    for head, group in members.items():
        people = [names[i].person for i in group]
        fullest = max(people, key=lambda p: (fullness(p), p.entry is not None))
        key = next(iter(entries[head])) if entries[head] else fullest.key
        in_target = [p for p in people if p.language == target and p.kind != "description"]
        shown = max(in_target, key=fullness) if in_target else None
        for i in group:
            groups[id(names[i])] = _Group(key, shown)
    return groups


@lru_cache(maxsize=256)
def _glosses(language: str) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern, re.I), gloss) for pattern, gloss in language_data(language).attribution.glosses.items())


def _cue_in_target(cue: str, language: str, target: str) -> str | None:
    """The cue as the target language says it: itself in its own language, else its English
    gloss from the language data when the target is English."""
    if language == target:
        return cue
    if target == "en":
        return next((gloss for pattern, gloss in _glosses(language) if pattern.fullmatch(cue.strip())), None)
    return None
