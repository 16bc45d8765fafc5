"""What changed between two aligned texts, and what kind of change each difference is.

Two versions of a quote or a sentence, in one language (the comparison's target
language), are read for the things whose change alters a claim:

* ``negation`` — the polarity of the clause: negators ("not", "no", "never"), verbs that
  negate an action ("refused to"), adjectives negated by a prefix that WordNet calls the
  antonym of their base ("unacceptable");
* ``modality`` — the modal class: necessity (must, have to, should), possibility (may,
  can, could), probability (likely), future (will, going to); "will" counts only where no
  other class does ("will not be able to" is ability, like "cannot");
* ``time`` — a future verb against a past one ("held" / "will hold"), before against
  after, or another day, month, year, quarter or relative time ("this week" / "last week");
* ``quantity`` — the quantities of :mod:`service.pipeline.numbers` (years are times);
* ``actor`` — people, countries and bodies: names, with the countries, capitals,
  demonyms and agencies of the gazetteer read as one ("Tokyo" = "Japanese" = "Japan");
* ``antonym`` — a word replaced by one WordNet calls its antonym (rose / decreased);
* ``qualifier`` — an intensifier, hedge or evaluative modifier added, dropped or replaced
  by one of another group ("unconditional" / "full"); two of one group are noise;
* ``wording`` — a content word replaced by one not known to be equivalent.

Equivalents are not changes: the same lemma, WordNet synonyms, words that translations add
or drop without changing a claim (reporting verbs, "side"), numbers written differently.
The closed classes are data (``[changes]`` of ``data/languages/<code>.toml``); synonymy and antonymy come
from WordNet (:mod:`.wordnet`). Texts in a language without data are compared word for
word, every difference being ``wording``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import countryinfo
import pycountry
from anyascii import anyascii
from rapidfuzz.distance import Indel

from ..language_data import Changes
from ..language_data import language as language_of
from ..lazy import once
from ..model import Change
from .lemmas import lemma
from .numbers import measured_key, quantities, unbounded
from .sentiment import is_evaluative, valence
from .tokens import function_words, stem
from .wordnet import WordNet

DATA = Path(__file__).resolve().parent.parent / "data"
VARIANT = 0.75  # stems this alike are one word in two forms
MEANING_KINDS = ("negation", "modality", "time", "antonym", "qualifier", "actor", "quantity")
# Hyphenated words are read as their parts ("strict-regime", "mid-April", "non-negotiable"),
# so phrases of the data are written with spaces where texts may put hyphens.
_WORD = re.compile(r"(?:[A-Z]\.){2,}|\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?%?|[^\W\d_]+(?:['’][^\W\d_]+)*|n't", re.U)
_FORMAT = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_YEAR = re.compile(r"^(?:1[89]|20|21)\d\d$")
_LOCATIVE = frozenset({"in", "at", "to", "from", "near", "into", "across", "inside", "outside", "around"})


# -- the data -----------------------------------------------------------------------------
def change_words(code: str) -> Changes:
    """The closed classes of ``code`` (``[changes]`` of its language file); empty without them."""
    return language_of(code).changes


@once
def gazetteer() -> dict[str, str]:
    """Every name of a place or body -> its key; pycountry's country names too. Names are
    case-folded, except acronyms, which match only in capitals ("US", not "us")."""
    names: dict[str, str] = {}
    for line in (DATA / "gazetteer" / "places.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, *aliases = line.split("\t")
        for alias in aliases:
            alias = alias.strip()
            names.setdefault(alias if _is_acronym(alias) else alias.casefold(), key)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(value.casefold(), country.alpha_2)
    # capitals stand for their governments ("Paris and Rabat signed"), demonyms for their
    # countries ("Moroccan"): countryinfo's data, leaving out those that are common words too
    wordnet = WordNet()
    for country in countryinfo.all_countries():
        try:
            key = country.iso(2)
            metonyms = (country.capital(), country.demonym())
        except (KeyError, TypeError, ValueError):
            continue  # an entry without these fields
        for value, capital in zip(metonyms, (True, False)):
            for name in ([value] if isinstance(value, str) else value or []):
                name = name.strip()
                # a capital of one word must be a name to WordNet ("Male" is a word too);
                # "Abu Dhabi" and demonyms ("Moroccan", a word WordNet knows) are names
                if name and key and (not capital or " " in name or wordnet.proper_noun_only(name)):
                    names.setdefault(name.casefold(), key)
    return names


def _is_acronym(name: str) -> bool:
    return name.isupper() and sum(c.isalpha() for c in name) > 1


def _lookup(names: dict[str, str], phrase: str) -> str | None:
    if phrase.endswith(("'s", "’s")):
        phrase = phrase[:-2]  # "Russia’s" is Russia
    return names.get(phrase) if _is_acronym(phrase) else names.get(phrase.casefold())


@once
def _name_starts() -> dict[str, int]:
    """First word (case-folded) of every gazetteer name -> the most words a name starting so has."""
    starts: dict[str, int] = {}
    for name in gazetteer():
        words = name.split()
        starts[words[0].casefold()] = max(starts.get(words[0].casefold(), 0), len(words))
    return starts


# -- reading one text ----------------------------------------------------------------------
@dataclass
class Reading:
    """What one text says, as far as the kinds of change are concerned."""

    text: str
    language: str
    words: list[str]  # surface forms, in order
    folded: list[str]
    negators: list[str]
    negative_verbs: list[str]
    modal: dict[str, list[str]]  # class -> phrases found
    future: bool
    past: bool
    times: dict[str, set[str]]  # category -> values
    time_words: list[str]
    order: dict[str, list[str]]
    actors: dict[str, str]  # key -> name as written
    qualifiers: list[tuple[str, str]]  # (group, words)
    content: list[str]  # the remaining content words, surface forms
    directions: dict[str, list[str]] = field(default_factory=dict)  # up | down -> words of change


def _names_them_together(reading: Reading) -> bool:
    """Whether the text names a list of actors together ("both sides", "the two countries")."""
    joined = f" {' '.join(reading.folded)} "
    return any(f" {phrase} " in joined for phrase in change_words(reading.language).collectives)


def _phrases(folded: list[str], phrases, used: set[int]) -> list[tuple[int, int, str]]:
    """Occurrences (start, end, phrase) of word phrases in the folded words, longest first."""
    by_first = _by_first_word(tuple(phrases))
    found = []
    for i, word in enumerate(folded):
        for parts, phrase in by_first.get(word, ()):
            n = len(parts)
            if tuple(folded[i:i + n]) == parts and not any(j in used for j in range(i, i + n)):
                found.append((i, i + n, phrase))
                used.update(range(i, i + n))
                break
    return sorted(found)


@lru_cache(maxsize=256)
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The phrases indexed by their first word, longest first (built once per list)."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase in sorted(phrases, key=lambda p: -len(p.replace("-", " ").split())):
        parts = tuple(phrase.replace("-", " ").split())
        index.setdefault(parts[0], []).append((parts, phrase))
    return index


class ChangeReader:
    """Names the changes between two texts of one language."""

    def __init__(self, wordnet: WordNet | None = None):
        self.wordnet = wordnet or WordNet()

    # one text -------------------------------------------------------------------------
    def read(self, text: str, language: str) -> Reading:
        data = change_words(language)
        # format characters (zero-width spaces, joiners, soft hyphens, bidi controls) are no
        # word boundary: "in\u200bjured" is "injured"
        words = [m.group(0) for m in _WORD.finditer(_FORMAT.sub("", text))]
        if language_of(language).lemmas:  # inflected languages compare their lemmas (pymorphy3)
            folded = [lemma(w, language) if w[:1].isalpha() else w.casefold() for w in words]
        else:
            folded = [w.casefold().replace("’", "'") for w in words]
        closed: set[int] = set()  # positions of words some closed class explains

        def found(phrases, taken: set[int]) -> list[tuple[int, str, str]]:
            """(position, phrase as data has it, as the text writes it) of each match."""
            matches = _phrases(folded, phrases, taken)
            for i, j, _ in matches:
                closed.update(range(i, j))
            return [(i, p, " ".join(words[i:j])) for i, j, p in matches]

        used = {i for i, w in enumerate(folded) if w == "no" and i + 1 < len(words) and words[i + 1][:1].isdigit()}
        # "will spare no effort": the negator of an idiom negates nothing
        idioms = {k for i, j, _ in _phrases(folded, data.negation_idioms, set()) for k in range(i, j)}
        used |= idioms
        closed |= idioms  # and no content word either: the idiom is a way of saying, not a word said
        negators = [surface for _, _, surface in found(data.negators, used)]
        proper = {i for i, w in enumerate(words) if i and w[:1].isupper()}  # "in May": the month
        # "should prices continue": a condition, not a modal ("the pipeline should be" is one)
        proper |= {i for i, f in enumerate(folded) if f == "should" and i + 1 < len(folded)
                   and folded[i + 1] not in _AFTER_A_MODAL
                   and (folded[i + 1] in function_words() or self.wordnet.dominant_part_of_speech(folded[i + 1]) == "n")}
        # "as long as necessary", "if possible": no modality stated
        proper |= {k for i, j, _ in _phrases(folded, data.modal_idioms, set()) for k in range(i, j)}
        modal: dict[str, list[str]] = {}
        future = False
        for cls, phrases in data.modality.items():
            for _, phrase, surface in found(phrases, (set(used) if cls != "future" else set()) | proper):
                modal.setdefault(cls, []).append(surface)
                future = future or phrase in data.future_markers
        if "cannot" in folded or "n't" in folded and any(w in ("can", "ca") for w in folded):
            modal.setdefault("possibility", []).append("can")
        past = self._past(folded, data)
        times, time_words = self._times(words, folded, data)
        order: dict[str, list[str]] = {}
        for kind, phrases in data.order.items():
            for _, _, surface in found(phrases, set()):
                order.setdefault(kind, []).append(surface)
        actors = self._actors(words)
        qualifiers = []
        qualifier_used: set[int] = set()
        # each word's base forms as an adjective or adverb, read once for every list
        describing = [self.wordnet.base_forms(f, "a") | self.wordnet.base_forms(f, "r") for f in folded]
        for group, phrases in data.qualifiers.items():
            for i, _, surface in found(phrases, qualifier_used) + self._by_lemma(words, folded, phrases, qualifier_used,
                                                                                 closed, bases=describing):
                # not inside a name ("Great Hall", "Mass in D major") nor a longer term ("gross domestic product")
                size = len(surface.split())
                term = any(self.wordnet.is_term(folded[i:i + n]) for n in (3, 2) if n > size and i + n <= len(folded))
                if (i == 0 or not words[i][:1].isupper()) and not (i > 0 and re.fullmatch(r"[A-Z]", words[i - 1])) and not term:
                    qualifiers.append((group, surface))
        negated = {i + k for i, f in enumerate(folded) if f in data.negators for k in (1, 2)}
        negative_verbs = [w for n, (w, f) in enumerate(zip(words, folded))
                          if n not in negated and self._lemma_in(f, data.negative_verbs)]  # "never refused"
        directions = {kind: [w for w, f in zip(words, folded) if self._lemma_in(f, set(lemmas))]
                      for kind, lemmas in data.direction.items()}
        time_folded = {part for phrase in time_words for part in phrase.split()}
        actor_words = {part.casefold() for name in actors.values() for part in re.split(r"[\s-]", name)}
        # figures and the units of time after them are the number reader's (see _quantity)
        figures = {n for n, w in enumerate(words) if _is_number_word(w)}
        figures |= {n for n in range(1, len(words)) if n - 1 in figures and (
            folded[n] in data.durations or folded[n].removesuffix("s") in data.durations)}
        content = [w for n, (w, f) in enumerate(zip(words, folded))
                   if n not in closed and n not in figures and f not in function_words() and f not in time_folded
                   and w.casefold() not in actor_words and not f[:1].isdigit() and f not in data.noise
                   and not self._lemma_in(f, data.noise) and len(f) > 1]
        return Reading(text, language, words, folded, negators, negative_verbs, modal, future, past, times, time_words,
                       order, actors, qualifiers, content, directions)

    def _by_lemma(self, words: list[str], folded: list[str], phrases, used: set[int], closed: set[int],
                  bases: list[frozenset[str]] | None = None):
        """One-word phrases matched through a word's base form ("grossest" is "gross"): its
        ``bases`` when given (a qualifier list takes an adjective's or adverb's own inflections
        only: "completed" is no "complete"), else every lemma WordNet knows."""
        single = _single_words(tuple(phrases))
        found = []
        for i, w in enumerate(folded):
            if i in used or w in single:
                continue
            known = (bases[i] if bases is not None else self.wordnet.lemmas(w)) & single
            if known:
                used.add(i)
                closed.add(i)
                found.append((i, next(iter(known)), words[i]))
        return found

    def _lemma_in(self, word: str, words) -> bool:
        return word in words or bool(self.wordnet.lemmas(word) & words)

    def _past(self, folded: list[str], data: Changes) -> bool:
        if any(w in data.past_auxiliaries for w in folded):
            return True
        for i, w in enumerate(folded):
            if len(w) < 3 or w.endswith(("s", "ing")) or w in function_words():
                continue
            before = folded[i - 1] if i else ""
            if before in ("is", "are", "am", "be", "been", "being", "to", "will", "would", "can", "may", "might",
                          "must", "should", "could", "not", "shall"):
                continue
            lemmas = self.wordnet.lemmas(w) - {w}
            if lemmas and "v" in self.wordnet.parts_of_speech(next(iter(lemmas))) and (
                    w.endswith("ed") or not w.endswith("e")):
                return True
        return False

    def _times(self, words_: list[str], folded: list[str], data: Changes) -> tuple[dict[str, set[str]], list[str]]:
        times: dict[str, set[str]] = {}
        words: list[str] = []

        def add(category: str, value: str, word: str) -> None:
            times.setdefault(category, set()).add(value)
            words.append(word)

        units = sorted(data.units, key=lambda u: -len(u.split()))
        for i, w in enumerate(folded):
            if w in data.weekdays:
                add("weekday", w, w)
            elif w in data.seasons and (w != "fall" or (i and folded[i - 1] in _BEFORE_A_SEASON)):
                add("season", w, w)
            elif w in data.months and (w != "may" or (i and words_[i][:1].isupper()) or any(
                    n[:1].isdigit() for n in folded[max(0, i - 1):i] + folded[i + 1:i + 2])):
                add("month", w, w)  # "may" is a month only as "May" inside a sentence or next to a day
            elif _YEAR.match(w):
                add("year", w, w)
            elif w in data.days:
                add("day", data.days[w], w)
            elif w in data.relative_words:
                for unit in units:
                    parts = unit.split()
                    rest = folded[i + 1:i + 1 + len(parts) + 1]
                    if rest[:len(parts)] == parts or rest[1:1 + len(parts)] == parts:
                        add(f"relative:{parts[-1]}", data.relative_words[w], f"{w} {unit}")
                        break
            elif w in data.ordinals and i + 1 < len(folded) and folded[i + 1] in ("quarter", "half"):
                add(folded[i + 1], w, f"{w} {folded[i + 1]}")
            if w in data.period_parts and any(
                    n in data.months or n in data.units or n.removesuffix("s") in data.units for n in folded[i + 1:i + 4]):
                add("part", data.period_parts[w], w)  # "early April", "the end of next month"
        return times, words

    def _actors(self, words: list[str]) -> dict[str, str]:
        """Names in the text: gazetteer keys for places and bodies, else the name itself."""
        names = gazetteer()
        found: dict[str, str] = {}
        i = 0
        while i < len(words):
            # the longest gazetteer name starting here (up to five words)
            hit = None
            longest = _name_starts().get(re.sub(r"['’]s$", "", words[i]).casefold(), 0)
            for n in range(min(longest, len(words) - i), 0, -1):
                key = _lookup(names, " ".join(words[i:i + n]))
                if key:
                    hit = (n, key)
                    break
            if hit:
                if hit[1] != "AGENCY":  # the outlet that relays a claim is no actor of it
                    # a place where something happens ("in New Delhi") is kept apart from an
                    # actor of the same country ("Indian Oil")
                    place = i > 0 and words[i - 1].casefold() in _LOCATIVE
                    found.setdefault(("place:" if place else "") + hit[1], " ".join(words[i:i + hit[0]]))
                i += hit[0]
                continue
            for part in words[i].split("-"):
                key = _lookup(names, part) if part else None
                if key and key != "AGENCY":
                    found.setdefault(key, part)
            if words[i][:1].isupper() and self._is_name(words[i]):
                run = [words[i]]
                while i + len(run) < len(words) and words[i + len(run)][:1].isupper() and self._is_name(
                        words[i + len(run)]):
                    run.append(words[i + len(run)])
                key = "name:" + " ".join(sorted(anyascii(re.sub(r"['’]s$", "", w)).casefold() for w in run))
                found.setdefault(key, " ".join(run))
                i += len(run)
                continue
            i += 1
        return found

    def _is_name(self, word: str) -> bool:
        """A capitalised word that is a name: WordNet knows it only as a proper noun, or not
        at all (a single letter or an abbreviation such as "Dr" is no name)."""
        folded = re.sub(r"['’]s$", "", word.casefold())
        if folded in function_words() or "-" in word or len(folded) < 3:
            return False
        return self.wordnet.proper_noun_only(folded)

    # two texts ------------------------------------------------------------------------
    def changes(self, reference: str, other: str, language: str, modifiers: bool = True) -> list[Change]:
        """The changes from ``reference`` to ``other``, meaning kinds first. ``modifiers``:
        count a modifier one side adds (an evaluative one, or a common adjective before a
        noun) as a qualifier — for quotes, whose every word is the speaker's; narrative
        sentences of two outlets differ in such words freely, and count only the qualifiers
        of the data."""
        a, b = self.read(reference, language), self.read(other, language)
        found: list[Change] = []
        found += self._quantity(reference, other, language)
        found += self._actor(a, b)
        found += self._time(a, b)
        found += self._modality(a, b)
        rest_a, rest_b, flips = self._unexplained(a, b)
        antonyms, rest_a, rest_b = self._antonyms(a, b, rest_a, rest_b)
        found += antonyms
        found += self._negation(a, b, antonyms, flips)
        found += self._qualifier(a, b)
        if modifiers:
            added, rest_a, rest_b = self._modifiers(a, b, rest_a, rest_b)
            found += added
        found += self._wording(rest_a, rest_b)
        return found

    def _modifiers(self, a: Reading, b: Reading, rest_a: list[str], rest_b: list[str]):
        """Modifiers one side adds to an otherwise matching text ("their confident advance" /
        "their advance"; "a dangerous and criminal attack" / "a dangerous interference"):
        evaluative adjectives and adverbs (VADER), and any common adjective before a noun
        when the other side has nothing left ("a fragile but real step")."""
        changes = []
        for side, reading, other in ((rest_a, a, rest_b), (rest_b, b, rest_a)):
            opposite = b if reading is a else a
            found = [w for w in side if not quantities(w) and not self._same_valence_in(w, opposite, reading) and (
                self._is_modifier(w, reading) or (
                    not other and self.wordnet.common_adjective(w.casefold()) and self._modifies(w, reading)))]
            # what is left on each side must be at most a word rendered another way
            if found and len(side) - len(found) <= 1 and len(other) <= 1 and len(side) > len(other):
                changes.append((side is rest_a, found))
        result = []
        for from_reference, found in changes:
            words = ", ".join(found)
            result.append(Change("qualifier", words, "") if from_reference else Change("qualifier", "", words))
            if from_reference:
                rest_a = [w for w in rest_a if w not in found]
            else:
                rest_b = [w for w in rest_b if w not in found]
        return result, rest_a, rest_b

    def _is_modifier(self, word: str, reading: Reading) -> bool:
        """An evaluative adverb, or an evaluative adjective before the noun it qualifies
        (VADER valence; WordNet says it is mostly one): "a heroic defence", not "is ready"."""
        if not is_evaluative(word):
            return False
        dominant = self.wordnet.dominant_part_of_speech(word.casefold())
        if dominant == "r":
            return True
        if dominant == "a":
            return self._modifies(word, reading)
        if dominant is None:
            return not self.wordnet.parts_of_speech(word.casefold())
        # mostly a noun but used as an adjective here: "a criminal attack"
        return "a" in self.wordnet.parts_of_speech(word.casefold()) and self._modifies(word, reading)

    def _modifies(self, word: str, reading: Reading) -> bool:
        """Whether ``word`` stands before the noun it qualifies ("real step", not "the whole
        of"), maybe through another adjective it is coordinated with ("fragile but real step").
        After a word that opens a noun phrase the next content word is that noun, whatever
        else it could be ("their confident advance")."""
        position = reading.words.index(word)
        opened = position > 0 and reading.folded[position - 1] in change_words(reading.language).noun_openers
        while position + 1 < len(reading.folded):
            following = reading.folded[position + 1]
            if following in ("and", "but", "or") and position + 2 < len(reading.folded):
                position += 2
                if self.wordnet.dominant_part_of_speech(reading.folded[position]) == "a":
                    continue
                return False
            return following not in function_words() and (
                opened or self.wordnet.dominant_part_of_speech(following) in ("n", None))
        return False

    def _quantity(self, reference: str, other: str, language: str) -> list[Change]:
        qa = [q for q in quantities(reference, language) if not _YEAR.match(q.text)]
        qb = [q for q in quantities(other, language) if not _YEAR.match(q.text)]
        # values, not their bounds: "up to 150" and "until 150" are one figure; a span of time
        # in its smallest unit ("nine months" / "three quarters")
        value_a = {id(q): unbounded(measured_key(reference, q, language)) for q in qa}
        value_b = {id(q): unbounded(measured_key(other, q, language)) for q in qb}
        values_a, values_b = set(value_a.values()), set(value_b.values())
        if not qa or not qb or not (values_a - values_b) or not (values_b - values_a):
            return []
        return [Change("quantity", ", ".join(q.text for q in qa if value_a[id(q)] not in values_b),
                       ", ".join(q.text for q in qb if value_b[id(q)] not in values_a))]

    def _actor(self, a: Reading, b: Reading) -> list[Change]:
        def tokens(key: str) -> set[str]:
            return set(key[5:].split()) if key.startswith("name:") else {key}

        def present(key: str, there: dict[str, str]) -> bool:
            # "Dmitry Peskov" and "Peskov", "Taro Yamada" and "Yamada Taro" are one person
            return key in there or any(tokens(key) & tokens(k) for k in there if k.startswith("name:"))

        dropped_keys = [key for key in a.actors if not present(key, b.actors)]
        added_keys = [key for key in b.actors if not present(key, a.actors)]
        # one side's place is the other side's actor ("talks in Moscow" / "Moscow's talks"): one
        bare = lambda key: key.removeprefix("place:")  # noqa: E731
        both = {bare(k) for k in dropped_keys} & {bare(k) for k in added_keys}
        dropped = [a.actors[k] for k in dropped_keys if bare(k) not in both]
        added = [b.actors[k] for k in added_keys if bare(k) not in both]
        # one name spelt two ways ("French Guiana" / "French Guyana", perhaps read as two names)
        if dropped and added and _spelt_alike(", ".join(dropped), ", ".join(added)):
            dropped, added = [], []
        # A name one side has and the other lacks is often just more detail ("Ukraine's
        # Donetsk region", "he" for "Okafor"); it changes the claim when it replaces another
        # name, or when it joins or leaves a list of actors ("Japan and South Korea").
        if dropped and added:
            return [Change("actor", ", ".join(dropped), ", ".join(added))]
        coordinated = [n for n in dropped if _coordinated(a.text, n)] or [n for n in added if _coordinated(b.text, n)]
        if not coordinated:
            return []
        if len(coordinated) >= 2 and _names_them_together(b if dropped else a):
            return []  # "China and New Zealand agreed" / "both sides agreed": the same two
        return [Change("actor", ", ".join(coordinated) if dropped else "", "" if dropped else ", ".join(coordinated))]

    def _time(self, a: Reading, b: Reading) -> list[Change]:
        changes = []
        if a.future != b.future and a.past != b.past and (a.future and b.past or a.past and b.future):
            changes.append(Change("time", "future" if a.future else "past", "future" if b.future else "past"))
        for category in sorted(set(a.times) & set(b.times)):
            if a.times[category] != b.times[category]:
                changes.append(Change("time", ", ".join(sorted(a.times[category] - b.times[category])),
                                      ", ".join(sorted(b.times[category] - a.times[category]))))
        relative_a = {c for c in a.times if c.startswith("relative:")}
        relative_b = {c for c in b.times if c.startswith("relative:")}
        if relative_a and relative_b and not relative_a & relative_b:  # "next week" / "next month"
            changes.append(Change("time", ", ".join(a.time_words), ", ".join(b.time_words)))
        if a.order and b.order and set(a.order) != set(b.order):
            changes.append(Change("time", ", ".join(w for ws in a.order.values() for w in ws),
                                  ", ".join(w for ws in b.order.values() for w in ws)))
        if len(changes) > 1 and changes[0].reference in ("future", "past"):
            changes = changes[1:]  # the times themselves say more than the tense
        return changes[:1]

    def _modality(self, a: Reading, b: Reading) -> list[Change]:
        def classes(reading: Reading) -> set[str]:
            found = set(reading.modal)
            return found - {"future"} if found - {"future"} else found

        ca, cb = classes(a), classes(b)
        # one side's modal against a side with none is mostly a rendering ("can not be
        # tolerated" / "is unacceptable"): a change of modality needs a modal on both sides,
        # and classes with nothing in common ("should" is obligation, advice or likelihood)
        if ca & cb or not ca or not cb:
            return []
        words = lambda r, cs: ", ".join(dict.fromkeys(p for c in sorted(cs) for p in r.modal.get(c, [])))  # noqa: E731
        return [Change("modality", words(a, ca - cb) or "", words(b, cb - ca) or "")]

    def _negation(self, a: Reading, b: Reading, antonyms: list[Change], flips: tuple[int, int]) -> list[Change]:
        explained = {w for c in antonyms for w in (c.reference.casefold(), c.other.casefold())}
        count = lambda r: len(r.negators) + len([w for w in r.negative_verbs if w not in explained])  # noqa: E731
        na, nb = count(a) + flips[0], count(b) + flips[1]
        if na % 2 == nb % 2:
            return []
        # "can not be tolerated" / "is unacceptable": a prefix-negated adjective on the other
        # side balances a negator (it is never counted on its own: "unmanned", "unchanged")
        if (na % 2 and self._prefixed(b) % 2) or (nb % 2 and self._prefixed(a) % 2):
            return []
        # a litotes: a negator and a prefix-negated word on one side ("not undeservedly won"
        # = "deserved to win")
        if (na % 2 and self._prefixed(a) % 2) or (nb % 2 and self._prefixed(b) % 2):
            return []
        words = lambda r: ", ".join(r.negators + [w for w in r.negative_verbs if w not in explained])  # noqa: E731
        return [Change("negation", words(a), words(b))]

    def _prefixed(self, reading: Reading) -> int:
        """Adjectives negated by a prefix (unacceptable, dishonest): WordNet antonyms of their base."""
        data = change_words(reading.language)
        count = 0
        for w in reading.folded:
            for prefix in data.negative_prefixes:
                base = w[len(prefix):].lstrip("-")
                if w.startswith(prefix) and len(w) > len(prefix) + 3 and (
                        self.wordnet.antonymous(w, base) or self.wordnet.antonymous(w.removesuffix("ly"), base.removesuffix("ly"))):
                    count += 1
                    break
        return count

    def _qualifier(self, a: Reading, b: Reading) -> list[Change]:
        left_a, left_b = list(a.qualifiers), list(b.qualifiers)
        for q in list(left_a):  # the same word on both sides first ("successfully" / "successfully")
            same = next((o for o in left_b if o[1].casefold() == q[1].casefold()), None)
            if same is not None:
                left_a.remove(q)
                left_b.remove(same)
        only_a = []
        for group, word in left_a:  # each qualifier of one side matched with one of the other
            match = next((q for q in left_b if q[0] == group or self.wordnet.synonymous(word, q[1])), None)
            if match is not None:
                left_b.remove(match)
            elif not self._variant_in(word, b) and not self._same_valence_in(word, b, a):
                only_a.append((group, word))
        only_b = [(g, w) for g, w in left_b if not self._variant_in(w, a) and not self._same_valence_in(w, a, b)]
        if not only_a and not only_b:
            return []
        return [Change("qualifier", ", ".join(w for _, w in only_a), ", ".join(w for _, w in only_b))]

    def _same_valence_in(self, phrase: str, reading: Reading, source: Reading) -> bool:
        """Whether the other text has an evaluative word of the same sign that neither a
        qualifier of its own nor a word both texts share explains ("great fighting spirit" /
        "wonderful fighting spirit", but not "a dangerous and criminal attack" / "a dangerous
        interference", where "dangerous" is in both)."""
        v = valence(phrase)
        if abs(v) < 1.0:
            return False
        own = {w.casefold() for _, q in reading.qualifiers for w in q.split()}
        shared = {stem(w) for w in source.folded}
        return any(w.casefold() not in own and stem(w.casefold()) not in shared and is_evaluative(w)
                   and valence(w) * v > 0 for w in reading.words)

    def _variant_in(self, phrase: str, reading: Reading) -> bool:
        """Whether the other text says the same word in another form ("partially" / "parts")."""
        if " " in phrase:
            return False
        base = stem(phrase.casefold())
        return any(len(base) > 3 and Indel.normalized_similarity(base, stem(w)) >= VARIANT for w in reading.folded)

    def _synonym_in(self, word: str, qualifiers: list[tuple[str, str]]) -> bool:
        return any(self.wordnet.synonymous(word, other) for _, other in qualifiers)

    def _equivalent(self, x: str, y: str) -> bool:
        fx, fy = x.casefold(), y.casefold()
        if fx == fy or stem(fx) == stem(fy):
            return True
        if self.wordnet.lemmas(fx) & self.wordnet.lemmas(fy):
            return True
        return self.wordnet.synonymous(fx, fy)

    def _unexplained(self, a: Reading, b: Reading) -> tuple[list[str], list[str], tuple[int, int]]:
        """The content words of each side that the other side does not say too (by lemma or
        synonym), and how many words each side negates by a prefix where the other side has
        the bare word ("unfounded" / "not founded"): those count as negations of that side."""
        rest_a, rest_b = list(a.content), list(b.content)
        for x in list(rest_a):
            match = next((y for y in rest_b if self._equivalent(x, y)), None)
            if match is not None:
                rest_a.remove(x)
                rest_b.remove(match)
        prefixes = change_words(a.language).negative_prefixes
        flips = [0, 0]
        for x in list(rest_a):
            for y in list(rest_b):
                if not self.wordnet.parts_of_speech(x.casefold()) and not self.wordnet.parts_of_speech(y.casefold()):
                    continue  # neither is a word WordNet knows
                if _prefixed_form(y, x, prefixes):
                    flips[1] += 1
                elif _prefixed_form(x, y, prefixes):
                    flips[0] += 1
                else:
                    continue
                rest_a.remove(x)
                rest_b.remove(y)
                break
        return rest_a, rest_b, (flips[0], flips[1])

    def _antonyms(self, a: Reading, b: Reading, rest_a: list[str], rest_b: list[str]):
        """Words replaced by their opposites: a change of direction ("rose" / "shrank", from
        the data), WordNet antonyms, and evaluative words of opposite valence ("encouraging" /
        "disappointing", VADER)."""
        pairs = []
        ups_a, downs_a = a.directions.get("up", []), a.directions.get("down", [])
        ups_b, downs_b = b.directions.get("up", []), b.directions.get("down", [])
        # one direction against the other only: a text that says both ("rose after cuts") is no flip
        if (ups_a and not downs_a and downs_b and not ups_b) or (downs_a and not ups_a and ups_b and not downs_b):
            words_a, words_b = (ups_a, downs_b) if ups_a else (downs_a, ups_b)
            pairs.append(Change("antonym", ", ".join(words_a), ", ".join(words_b)))
            rest_a = [w for w in rest_a if w not in words_a]
            rest_b = [w for w in rest_b if w not in words_b]
        light = change_words(a.language).light_verbs
        for x in list(rest_a):
            if self._lemma_in(x.casefold(), light):
                continue
            match = next((y for y in rest_b if not self._lemma_in(y.casefold(), light) and self._opposite(x, y, a, b)),
                         None)
            if match is not None:
                pairs.append(Change("antonym", x, match))
                rest_a.remove(x)
                rest_b.remove(match)
        return pairs, rest_a, rest_b

    def _opposite(self, x: str, y: str, a: Reading, b: Reading) -> bool:
        if self.wordnet.antonymous(x, y):
            return True
        adjectives = self.wordnet.dominant_part_of_speech(x) == self.wordnet.dominant_part_of_speech(y) == "a"
        describing = all("a" in self.wordnet.parts_of_speech(w.casefold()) for w in (x, y))
        if describing and is_evaluative(x) and is_evaluative(y) and valence(x) * valence(y) < 0:
            return True  # "encouraging" / "disappointing"
        stances = all(self.wordnet.dominant_part_of_speech(w.casefold()) == "v" and self.wordnet.communicates(w)
                      for w in (x, y))
        if stances and is_evaluative(x) and is_evaluative(y) and valence(x) * valence(y) < 0:
            return True  # a stance turned round: "condemns" / "welcomes", "praised" / "criticised"
        # adjectives of opposite clusters ("peaceful" / "military"), when one of them is
        # evaluative and both stand in one place: before the same word or after it
        return (adjectives and max(abs(valence(x)), abs(valence(y))) >= 1.0
                and self.wordnet.opposite_clusters(x, y) and _same_place(x, a, y, b))

    def _wording(self, rest_a: list[str], rest_b: list[str]) -> list[Change]:
        if not rest_a and not rest_b:
            return []
        return [Change("wording", ", ".join(rest_a), ", ".join(rest_b))]


#: words before "fall" that make it the season ("by fall", "this fall")
_BEFORE_A_SEASON = frozenset({"in", "by", "this", "next", "last", "the", "until", "early", "late", "since"})
#: words after "should" that make it a modal, not an inverted condition ("should be built")
_AFTER_A_MODAL = frozenset({"be", "have", "not", "also", "still", "never", "only", "now", "further", "first"})


@lru_cache(maxsize=256)
def _single_words(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p for p in phrases if " " not in p and "-" not in p)


@lru_cache(maxsize=8192)
def _is_number_word(word: str) -> bool:
    """"three", "dozen", "40": a word the number reader reads as a figure by itself."""
    return bool(quantities(word))


_WORDNET = WordNet()
SPELLING = 0.85  # Indel similarity of two spellings of one name


def _spelt_alike(x: str, y: str) -> bool:
    """Whether two lists of names are one list spelt differently (case, punctuation, one letter)."""
    plain = lambda s: re.sub(r"[\W_]+", " ", anyascii(s)).casefold().strip()  # noqa: E731
    return Indel.normalized_similarity(plain(x), plain(y)) >= SPELLING


def _prefixed_form(word: str, base: str, prefixes) -> bool:
    """Whether ``word`` is ``base`` negated by a prefix ("unfounded" / "founded"), in any
    inflection of the base ("unchanged" / "change")."""
    word, base = word.casefold(), base.casefold()
    if any(word == p.rstrip("-") + base or word == p + base for p in prefixes):
        return True
    # through WordNet's base forms, not stems: "imprisonment" is no "im-" + "prison"
    bases = _WORDNET.lemmas(base)
    return any(word.startswith(p) and len(word) > len(p) + 3 and bool(_WORDNET.lemmas(word[len(p):].lstrip("-")) & bases)
               for p in prefixes)


def _same_place(x: str, a: Reading, y: str, b: Reading) -> bool:
    i, j = a.words.index(x), b.words.index(y)
    before = (a.folded[i - 1] if i else "", b.folded[j - 1] if j else "")
    after = (a.folded[i + 1] if i + 1 < len(a.folded) else "", b.folded[j + 1] if j + 1 < len(b.folded) else "")
    return (before[0] == before[1] and bool(before[0])) or (after[0] == after[1] and bool(after[0]))


def _coordinated(text: str, name: str) -> bool:
    """Whether ``name`` stands in a list of actors in ``text`` ("X and Y", "X, Y and Z", and
    as literal translations write lists: "China, Russia, Mongolia", "Korea-US-Japan")."""
    escaped = re.escape(name)
    other = r"[A-Z][\w’'.-]*"
    part = r"[A-Z][\w’'.]*"  # a name inside a hyphenated list
    return bool(re.search(rf"{other}\s+(?:and|or|&)\s+(?:of\s+)?(?:the\s+)?{escaped}\b"
                          rf"|\b{escaped}\s*(?:,\s*{other}[^,]*)?\s+(?:and|or|&)\s+(?:the\s+)?{other}"
                          rf"|\b(?:and|or)\s+(?:the\s+)?{other},\s*(?:the\s+)?{escaped}\b"
                          rf"|{other},\s*{other},\s*{escaped}\b|\b{escaped},\s*{other},\s*{other}"
                          rf"|{part}-(?:{part}-)*{escaped}\b|\b{escaped}-{part}", text))


def is_meaning(change: Change) -> bool:
    return change.kind in MEANING_KINDS


# -- the verdict on a pair ----------------------------------------------------------------------
class Similarity(Protocol):
    """What the pipeline asks of a multilingual sentence encoder (service.encoder)."""

    def similarity(self, a: str, a_language: str, b: str, b_language: str) -> float | None: ...

    def vectors(self, texts: Sequence[str], language: str): ...

    def covers(self, language: str) -> bool: ...


#: Originals whose sentence vectors are at least this close say the same thing, so differences
#: of wording between their translations are translation noise (cross-language pairs score
#: lower than same-language ones for the same meaning).
SAME_MEANING = {"same_language": 0.70, "cross_language": 0.45}
#: ... and when one side has CLAUSE_WORDS content words or more that the other lacks entirely
CLAUSE_MEANING = {"same_language": 0.80, "cross_language": 0.60}
CLAUSE_WORDS = 3
#: what each kind of change weighs for a signal's severity
KIND_SEVERITY = {"negation": 0.9, "actor": 0.85, "quantity": 0.85, "antonym": 0.85, "modality": 0.85,
                 "time": 0.75, "qualifier": 0.7, "wording": 0.35}


@dataclass(frozen=True)
class Original:
    text: str
    language: str


@dataclass(frozen=True)
class Verdict:
    status: str  # identical | reworded | altered
    changes: list[Change]
    encoder_similarity: float | None = None  # of the originals, when it was asked

    @property
    def meaning(self) -> list[Change]:
        return [c for c in self.changes if is_meaning(c)]

    @property
    def severity(self) -> float:
        return max((KIND_SEVERITY[c.kind] for c in self.changes), default=0.0)


class Judge:
    """Whether two aligned texts differ in meaning, and how (the changes and their kinds).

    The translations say what kind of change there is; the originals say whether there is
    one when only wording differs: if the multilingual encoder finds the originals close,
    the wording is translation noise and the pair is reworded, not altered.
    """

    def __init__(self, reader: ChangeReader, encoder: Similarity | None = None):
        self.reader = reader
        self.encoder = encoder

    def verdict(self, reference: str, other: str, language: str, identical: bool = False,
                originals: tuple[Original, Original] | None = None) -> Verdict:
        if identical:
            return Verdict("identical", [])
        changes = self.reader.changes(reference, other, language)
        if any(is_meaning(c) for c in changes):
            return Verdict("altered", changes)
        if not changes:
            return Verdict("reworded", [])
        similarity = None
        if self.encoder is not None and originals is not None:
            a, b = originals
            similarity = self.encoder.similarity(a.text, a.language, b.text, b.language)
            if similarity is not None and a.language != b.language:
                # across languages the encoder is less sure of itself, most on short texts; the
                # translations, compared in one language, say it too: take the mean
                translated = self.encoder.similarity(reference, language, other, language)
                similarity = (similarity + translated) / 2
        same = originals is None or originals[0].language == originals[1].language
        # words replaced by others are noise unless the originals are far apart; words only
        # one side has (a clause added or dropped) need the originals to be close
        one_sided = max((len([w for w in (c.reference or c.other).split(", ") if w])
                         for c in changes if not (c.reference and c.other)), default=0)
        table = CLAUSE_MEANING if one_sided >= CLAUSE_WORDS else SAME_MEANING
        threshold = table["same_language" if same else "cross_language"]
        if similarity is not None and similarity >= threshold:
            return Verdict("reworded", [], similarity)
        return Verdict("altered", changes, similarity)


def describe(changes: list[Change]) -> str:
    """``must → may (modality); “firm” dropped (qualifier)``: the changes in words."""
    parts = []
    for c in changes:
        if c.reference and c.other:
            parts.append(f"{c.reference} → {c.other} ({c.kind})")
        elif c.reference:
            parts.append(f"“{c.reference}” dropped ({c.kind})")
        elif c.other:
            parts.append(f"“{c.other}” added ({c.kind})")
        else:
            parts.append(c.kind)
    return "; ".join(parts)
