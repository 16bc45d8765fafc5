"""Reading one text for the things whose change alters a claim.

:class:`TextReader` turns a quote or a sentence (in the comparison's target language) into a
:class:`Reading`: its negators and negating verbs, modal phrases by class, tense, times,
order words, actors (names, with the gazetteer's countries, capitals, demonyms and agencies
read as one key), qualifiers by group, directions of change and the content words left.
:mod:`.changes` compares two readings. The closed classes are data (``[changes]`` of
``data/languages/<code>.toml``); base forms come from WordNet (:mod:`.wordnet`) and, for
inflected languages, pymorphy3 (:mod:`.lemmas`); times are read by :mod:`.change_times`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import countryinfo
import pycountry
from anyascii import anyascii

from ..language_data import Changes
from ..language_data import language as language_of
from ..language_data import languages as all_languages
from ..lazy import once
from .change_times import counts_things, tenses_of, times_of
from .lemmas import lemma
from .numbers import quantities
from .tokens import function_words
from .wordnet import WordNet

DATA = Path(__file__).resolve().parent.parent / "data"
# Hyphenated words are read as their parts ("strict-regime", "mid-April", "non-negotiable"),
# so phrases of the data are written with spaces where texts may put hyphens.
_WORD = re.compile(r"(?:[A-Z]\.){2,}|\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?%?|[^\W\d_]+(?:['’][^\W\d_]+)*|n't", re.U)
_FORMAT = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
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


@once
def demonyms() -> dict[str, str]:
    """Country key -> its demonym ("KP": "North Korean"), from countryinfo."""
    found = {}
    for country in countryinfo.all_countries():
        try:
            key, demonym = country.iso(2), country.demonym()
        except (KeyError, TypeError, ValueError):
            continue
        if key and isinstance(demonym, str) and demonym.strip():
            found.setdefault(key, demonym.strip())
    return found


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


@lru_cache(maxsize=32)
def body_words_of(code: str) -> frozenset[str]:
    """The words that name a body in ``code`` ("ministry", "bank"; ``[names] body_words``), folded."""
    return frozenset(w.casefold() for w in language_of(code).names.body_words)


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
    tenses: dict[str, tuple[str, str]] = field(default_factory=dict)  # verb lemma -> (past | future, as written)


def _contractions_parted(words: list[str], gaps: list[str], data: Changes) -> tuple[list[str], list[str]]:
    """"weren't" as "were" and "n't", "won't" as "will" and "n't": the negator a word carries
    is read as a word of its own (``contracted_negator``, ``contractions`` of the data)."""
    ending = data.contracted_negator
    if not ending:
        return words, gaps
    parted: list[str] = []
    between: list[str] = []
    for i, word in enumerate(words):
        plain = word.replace("’", "'")
        if len(plain) > len(ending) and plain.casefold().endswith(ending):
            base = word[: -len(ending)]
            parted += [data.contractions.get(base.casefold(), base), ending]
            between.append("")
        else:
            parted.append(word)
        if i < len(gaps):
            between.append(gaps[i])
    return parted, between


def phrases_in(folded: list[str], phrases, used: set[int]) -> list[tuple[int, int, str]]:
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
    """The phrases indexed by their first word, longest first (built once per list). A phrase's
    contractions are parted as a text's are ("can't help but": "can", "n't", "help", "but")."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase in phrases:
        parts = tuple(part for word in phrase.replace("-", " ").split() for part in _parted(word))
        index.setdefault(parts[0], []).append((parts, phrase))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def _parted(word: str) -> tuple[str, ...]:
    """A word of a phrase as :func:`_contractions_parted` reads it in a text, in any language
    with a ``contracted_negator``."""
    for data in _contracting():
        ending = data.contracted_negator
        if len(word) > len(ending) and word.endswith(ending):
            base = word[: -len(ending)]
            return data.contractions.get(base, base), ending
    return (word,)


@once
def _contracting() -> tuple[Changes, ...]:
    return tuple(lang.changes for lang in all_languages() if lang.changes.contracted_negator)




class TextReader:
    """Reads one text of one language into a :class:`Reading`."""

    def __init__(self, wordnet: WordNet | None = None):
        self.wordnet = wordnet or WordNet()

    def read(self, text: str, language: str) -> Reading:
        data = change_words(language)
        # format characters (zero-width spaces, joiners, soft hyphens, bidi controls) are no
        # word boundary: "in\u200bjured" is "injured"
        plain = _FORMAT.sub("", text)
        matches = list(_WORD.finditer(plain))
        words = [m.group(0) for m in matches]
        # what stands between one word and the next: a comma ends a body's name
        gaps = [plain[a.end() : b.start()] for a, b in zip(matches, matches[1:])]
        words, gaps = _contractions_parted(words, gaps, data)
        if language_of(language).lemmas:  # inflected languages compare their lemmas (pymorphy3)
            folded = [lemma(w, language) if w[:1].isalpha() else w.casefold() for w in words]
        else:
            folded = [w.casefold().replace("’", "'") for w in words]
        closed: set[int] = set()  # positions of words some closed class explains

        def found(phrases, taken: set[int]) -> list[tuple[int, str, str]]:
            """(position, phrase as data has it, as the text writes it) of each match."""
            matches = phrases_in(folded, phrases, taken)
            for i, j, _ in matches:
                closed.update(range(i, j))
            return [(i, p, " ".join(words[i:j])) for i, j, p in matches]

        used = {i for i, w in enumerate(folded) if w == "no" and i + 1 < len(words) and words[i + 1][:1].isdigit()}
        # "will spare no effort": the negator of an idiom negates nothing
        idiom_spans = phrases_in(folded, data.negation_idioms, set())
        idioms = {k for i, j, _ in idiom_spans for k in range(i, j)}
        # "did not rule out that …", "cannot be excluded": an idiom that is itself a modal phrase says its modality
        # (of several words: "cannot avoid" holds "cannot" but says no possibility)
        modal_phrases = tuple(p for cls, phrases in data.modality.items() if cls != "future" for p in phrases if " " in p)
        modal_idiom = {k for i, j, _ in idiom_spans if phrases_in(folded[i:j], modal_phrases, set()) for k in range(i, j)}
        used |= idioms
        closed |= idioms  # and no content word either: the idiom is a way of saying, not a word said
        negators = [surface for _, _, surface in found(data.negators, used)]
        proper = {i for i, w in enumerate(words) if i and w[:1].isupper()}  # "in May": the month
        # "should prices continue": a condition, not a modal ("the pipeline should be" is one)
        proper |= {i for i, f in enumerate(folded) if f == "should" and i + 1 < len(folded)
                   and folded[i + 1] not in _AFTER_A_MODAL
                   and (folded[i + 1] in function_words() or self.wordnet.dominant_part_of_speech(folded[i + 1]) == "n")}
        # "as long as necessary", "if possible": no modality stated
        proper |= {k for i, j, _ in phrases_in(folded, data.modal_idioms, set()) for k in range(i, j)}
        modal: dict[str, list[str]] = {}
        future = False
        for cls, phrases in data.modality.items():
            for _, phrase, surface in found(phrases, (set(used) - modal_idiom if cls != "future" else set()) | proper):
                modal.setdefault(cls, []).append(surface)
                future = future or phrase in data.future_markers
        free = [w for i, w in enumerate(folded) if i not in idioms]  # "cannot avoid": an idiom says no "can"
        if "cannot" in free or "n't" in free and any(w in ("can", "ca") for w in free):
            modal.setdefault("possibility", []).append("can")
        # "according to the agriculture ministry's forecast": a forecast, whoever's it is
        for i, j, _ in phrases_in(folded, ("according to",), set()):
            forecast = next((w for w in folded[j : j + 5] if w in data.forecast_nouns), None)
            if forecast and forecast not in modal.get("probability", []):
                modal.setdefault("probability", []).append(forecast)
        past = self._past(folded, data)
        start = self._reported_clause(folded, data.reporting_verbs)
        if start is not None:
            # "announced that the probe would be launched" / "said the probe was launched": the
            # tense of what was said decides, not the verb of saying's; "would" after it is a future
            past = self._past(folded[start:], data)
            future = bool(phrases_in(folded[start:], (*data.future_markers, *data.reported_future_markers), set()))
        counts = frozenset(i for i, w in enumerate(folded[:-1])
                           if counts_things(w, folded[i + 1], self.wordnet)
                           and not (i and folded[i - 1] in language_of(language).dates.year_prepositions))
        times, time_words = times_of(words, folded, data, counts)
        order: dict[str, list[str]] = {}
        for kind, phrases in data.order.items():
            for _, _, surface in found(phrases, set()):
                order.setdefault(kind, []).append(surface)
        actors = self._actors(words, language, gaps)
        qualifiers = []
        # "9 trillion yen and a bit": a bound after a figure (the number reader's) qualifies no claim
        qualifier_used = {k for i, j, _ in phrases_in(folded, language_of(language).numbers.more_than_after, set())
                          if any(quantities(w, language) for w in words[max(0, i - 3) : i]) for k in range(i, j)}
        # "slightly fewer than one million", "well over 100": a word before a figure's bound is the bound's
        numbers = language_of(language).numbers
        def figure_at(k: int) -> bool:
            word = folded[k] if k < len(folded) else ""
            # "100", "ten", "a million", "one million"
            return word[:1].isdigit() or word in numbers.words or word in numbers.multipliers or (
                k + 1 < len(folded) and folded[k + 1] in numbers.multipliers)

        hedges = {h for h in data.qualifiers.get("hedge", ())}  # "allegedly more than 30" still hedges
        qualifier_used |= {i - 1 for i, j, _ in phrases_in(folded, (*numbers.more_than, *numbers.less_than), set())
                           if i > 0 and figure_at(j) and folded[i - 1] not in hedges}
        sums = phrases_in(folded, data.sum_words, set())  # the number reader runs only when a sum word is there
        if sums and quantities(text, language):  # "the total value … was 30.8 trillion yuan": a sum, no intensifier
            qualifier_used |= {k for i, j, _ in sums for k in range(i, j)}
        qualifier_used |= {k for i, j, _ in phrases_in(folded, data.extents, set()) for k in range(i, j)}
        closed |= qualifier_used
        # each word's base forms as an adjective or adverb, read once for every list
        describing = [self.wordnet.base_forms(f, "a") | self.wordnet.base_forms(f, "r") for f in folded]
        for group, phrases in data.qualifiers.items():
            for i, _, surface in found(phrases, qualifier_used) + self._by_lemma(words, folded, phrases, qualifier_used,
                                                                                 closed, bases=describing):
                # not inside a name ("Great Hall", "Mass in D major") nor a longer term ("gross domestic product")
                size = len(surface.split())
                term = any(self.wordnet.is_term(folded[i:i + n]) for n in (3, 2) if n > size and i + n <= len(folded))
                # nor a passive verb ("must be respected by all sides")
                passive = (0 < i < len(folded) - 1 and folded[i - 1] in _BE and folded[i + 1] == "by"
                           and self.wordnet.base_forms(folded[i], "v") - {folded[i]})
                # nor the object of a light verb ("we will do our utmost to …": a possessive before it,
                # no noun after it); "at their warmest" still qualifies
                nominal = (size == 1 and i > 1 and folded[i - 1] in data.possessives
                           and (i + 1 == len(folded) or folded[i + 1] in function_words())
                           and bool(({folded[i - 2]} | self.wordnet.base_forms(folded[i - 2], "v")) & data.light_verbs))
                # nor a noun before "of" ("for the whole of their history": all of it), nor an adjective
                # that governs it ("full of confidence": confident); a hedge keeps it ("suspected of robbing")
                nominal = nominal or (size == 1 and i < len(folded) - 1 and folded[i + 1] == "of" and group != "hedge")
                # nor a noun ending its noun phrase ("a mid-sized construction firm, who …")
                nominal = nominal or (size == 1 and i > 0 and "n" in self.wordnet.parts_of_speech(folded[i])
                                      and (i + 1 == len(folded) or gaps[i].strip() or folded[i + 1] in function_words())
                                      and folded[i - 1] not in function_words()
                                      and self.wordnet.dominant_part_of_speech(folded[i - 1]) == "n")
                # nor a verb before its object ("plans to complete the project")
                nominal = nominal or (size == 1 and i + 1 < len(folded) and folded[i + 1] in data.noun_openers
                                      and "v" in self.wordnet.parts_of_speech(folded[i]))
                # nor after an initial ("J. Strong"), though a sentence may open on "A"
                initial = i > 0 and re.fullmatch(r"[A-Z]", words[i - 1]) and not (i == 1 and words[0] == "A")
                if (i == 0 or not words[i][:1].isupper()) and not initial \
                        and not term and not passive and not nominal:
                    qualifiers.append((group, surface))
        noun = lambda n: n > 0 and folded[n - 1] in data.noun_openers  # noqa: E731  ("a lack of": a noun)
        # a negated negative verb counts twice ("did not deny" says the opposite of "denied")
        negative_verbs = [w for n, (w, f) in enumerate(zip(words, folded)) if n not in idioms
                          and ((self._lemma_in(f, data.negative_verbs) and not noun(n) and self._with_object(folded, n, data))
                              # "a shortage of doctors" says "not enough", as "we lack doctors" does
                              or (self._lemma_in(f, data.negative_nouns) and (noun(n) or not self._lemma_in(f, data.negative_verbs))))]
        directions = {kind: [w for w, f in zip(words, folded) if self._lemma_in(f, single)]
                      for kind, single in ((kind, _single_words(lemmas)) for kind, lemmas in data.direction.items())}
        for kind, lemmas in data.direction.items():  # "edged up", "ticked down": a verb and its particle
            for head, *rest in (phrase.split() for phrase in lemmas if " " in phrase):
                directions[kind] += [" ".join(words[i : i + 1 + len(rest)]) for i, f in enumerate(folded)
                                     if folded[i + 1 : i + 1 + len(rest)] == rest and self._lemma_in(f, {head})]
        time_folded = {part for phrase in time_words for part in phrase.split()}
        actor_words = {part.casefold() for name in actors.values() for part in re.split(r"[\s-]", name)}
        # figures and the units of time after them are the number reader's (see _quantity)
        figures = {n for n, w in enumerate(words) if is_number_word(w)}
        figures |= {n for n in range(1, len(words)) if n - 1 in figures and (
            folded[n] in data.durations or folded[n].removesuffix("s") in data.durations
            or (folded[n] in data.ordinal_suffixes and words[n - 1][-1:].isdigit()))}  # "12th"
        content = [w for n, (w, f) in enumerate(zip(words, folded))
                   if n not in closed and n not in figures and f not in function_words() and f not in time_folded
                   and w.casefold() not in actor_words and not f[:1].isdigit() and f not in data.noise
                   and not self._lemma_in(f, data.noise) and len(f) > 1]
        return Reading(text, language, words, folded, negators, negative_verbs, modal, future, past, times, time_words,
                       order, actors, qualifiers, content, directions, tenses_of(words, folded, data, self.wordnet))

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

    def _reported_clause(self, folded: list[str], reporting: frozenset[str]) -> int | None:
        """Where the clause a past verb of saying (``reporting_verbs``) reports starts ("the agency
        announced [that] the probe …"), when three words or more follow it; None when none does."""
        for i, f in enumerate(folded[:-3]):
            # a past form: another form of the verb than its base, and no -s or -ing ("said", "announced")
            if f not in reporting and not f.endswith(("s", "ing")) and self._lemma_in(f, reporting):
                return i + 2 if folded[i + 1] == "that" else i + 1
        return None

    def _with_object(self, folded: list[str], n: int, data: Changes) -> bool:
        """Whether a negative verb at ``n`` governs an act or a thing ("declined to comment",
        "refused the offer", "denies wrongdoing"): "prices declined compared with May" negates
        nothing. A participle standing alone ("the proposal was declined.") keeps its sense."""
        if n + 1 >= len(folded):
            return not folded[n].endswith("ing")  # "infections have been declining." decrease
        following = folded[n + 1]
        if following == "from":
            return self._lemma_in(folded[n], data.negative_from)
        if following == "to" or following in data.noun_openers or following.endswith("ing"):
            return True
        return self.wordnet.dominant_part_of_speech(following) in ("n", None) and following not in function_words()

    def _past(self, folded: list[str], data: Changes) -> bool:
        if any(w in data.past_auxiliaries for w in folded):
            return True
        for i, w in enumerate(folded):
            if len(w) < 3 or w.endswith(("s", "ing")) or w in function_words():
                continue
            j = i - 1  # "is still needed", "was also seen": the word before the adverbs
            while j > 0 and self.wordnet.dominant_part_of_speech(folded[j]) == "r" and folded[j] not in function_words():
                j -= 1
            before = folded[j] if j >= 0 else ""
            if before in ("is", "are", "am", "be", "been", "being", "to", "will", "would", "can", "may", "might",
                          "must", "should", "could", "not", "shall"):
                continue
            lemmas = self.wordnet.lemmas(w) - {w}
            if lemmas and "v" in self.wordnet.parts_of_speech(next(iter(lemmas))) and (
                    w.endswith("ed") or not w.endswith("e")):
                return True
        return False

    def _actors(self, words: list[str], language: str, gaps: list[str]) -> dict[str, str]:
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
            body = self._body_name(words, i, language, gaps) if hit else 0
            if hit and body > i + hit[0] and not re.search(r"['’]s$", words[i + hit[0] - 1]):
                hit = None  # "Korea Railroad Corporation": a body whose name opens with a country's (not "Germany's")
            if hit:
                if hit[1] != "AGENCY":  # the outlet that relays a claim is no actor of it
                    # a place where something happens ("in New Delhi") is kept apart from an
                    # actor of the same country ("Indian Oil")
                    place = i > 0 and words[i - 1].casefold() in _LOCATIVE
                    found.setdefault(("place:" if place else "") + hit[1], " ".join(words[i:i + hit[0]]))
                i += hit[0]
                continue
            body = self._body_name(words, i, language, gaps)
            if body:  # "the African Development Bank", "Ministry of Health and Welfare"
                found.setdefault("org:" + " ".join(words[i:body]), " ".join(words[i:body]))
                for word in words[i:body]:  # its country stands for itself too ("Ministry of Foreign Affairs of Japan")
                    key = _lookup(names, word)
                    if key and key != "AGENCY":
                        found.setdefault(key, word)
                i = body
                continue
            for part in words[i].split("-"):
                key = _lookup(names, part) if part else None
                if key and key != "AGENCY":
                    found.setdefault(key, part)
            described = self._described_body(words, i, language)
            if described:  # "the border police", "the prosecutor's office", "the air force"
                found.setdefault("org:" + described, described)
                i += 1
                continue
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

    def _described_body(self, words: list[str], i: int, language: str) -> str | None:
        """A body named in lower case by what it does or where it serves: a noun before a body
        word ("border police", "prosecutor's office", "coast guard", "air force"), or a military
        service ("the navy"); None for another body word alone ("the ministry": the one named
        before) or one after an adjective."""
        if words[i][:1].isupper() or words[i].casefold() not in body_words_of(language) or i == 0:
            return None
        if self.wordnet.is_armed_service(words[i]):
            return words[i]  # "the navy": a service is a body of its own
        def describes(word: str) -> bool:  # a lower-case noun that is no body word itself
            word = re.sub(r"['’]s$", "", word)
            return (word[:1].islower() and word.casefold() not in function_words()
                    and word.casefold() not in body_words_of(language)
                    and self.wordnet.dominant_part_of_speech(word.casefold()) == "n")

        if not describes(words[i - 1]):
            return None
        # "the disease control agency": up to two nouns say what the body does
        start = i - 2 if i >= 2 and describes(words[i - 2]) and not words[i - 1].endswith(("'s", "’s")) else i - 1
        return " ".join(words[start : i + 1])

    def _body_name(self, words: list[str], i: int, language: str, gaps: list[str]) -> int:
        """The end of a body's name starting at ``i``; 0 when none starts there. Either
        capitalised words in a row ending in a body word ("African Development Bank", "State
        Council" in "Premier of the State Council"), or a body word first and capitalised words
        joined by "of", "for", "and", "the" after it ("Ministry of Health and Welfare"). A comma
        ends a name; two bodies joined by "and" are two names."""
        body_words = body_words_of(language)
        if not words[i][:1].isupper() or words[i].casefold() in function_words():
            return 0

        def joined(j: int) -> bool:  # nothing but a space or a hyphen between word j - 1 and word j
            return not gaps[j - 1].strip(" -")

        run = i + 1
        while run < len(words) and joined(run) and words[run][:1].isupper():
            run += 1
        if (not any(w.casefold() in body_words for w in words[i:run]) and run + 1 < len(words)
                and words[run] == "and" and words[run + 1][:1].isupper()):
            # "Disease Control and Prevention Agency": fields joined by "and" before one body word
            more = run + 1
            while more < len(words) and words[more][:1].isupper():
                more += 1
            if words[more - 1].casefold() in body_words:
                run = more
        ends = [k for k in range(i + 1, run) if words[k].casefold() in body_words]
        if ends and not (ends[-1] + 2 < len(words) and words[ends[-1] + 1] in ("of", "for") and words[ends[-1] + 2][:1].isupper()):
            return ends[-1] + 1
        # a body word first, or after words that qualify it ("Federal Ministry of Defence")
        head = ends[-1] if ends else i
        if words[head].casefold() not in body_words or head + 1 >= len(words) or words[head + 1] not in ("of", "for"):
            return 0
        j, last = head + 1, head

        def listed(j: int) -> bool:  # after a comma, one field and "and" ("…, Labour and Welfare")
            k = j
            while k < len(words) and words[k][:1].isupper() and (k == j or joined(k)):
                k += 1
            return k == j + 1 and k < len(words) and words[k] == "and" and joined(k)

        # after "of", a comma may part the body's fields ("Ministry of Health, Labour and Welfare"),
        # not a body from what follows it ("the Government of Laos, State Councilor Han")
        while j < len(words) and (joined(j) or (gaps[j - 1].strip() == "," and words[j][:1].isupper() and listed(j))):
            if words[j][:1].isupper():
                last, j = j, j + 1
            elif (words[j] in _IN_A_BODY_NAME and j + 1 < len(words) and (words[j + 1][:1].isupper() or words[j + 1] == "the")
                  and not (words[j] == "and" and words[last].casefold() in body_words)):
                j += 1
            else:
                break
        return last + 1 if last > head else 0

    def _is_name(self, word: str) -> bool:
        """A capitalised word that is a name: WordNet knows it first as a proper noun
        ("Marseille", a fabric after the city), or not at all (a single letter or an
        abbreviation such as "Dr" is no name)."""
        folded = re.sub(r"['’]s$", "", word.casefold())
        if folded in function_words() or "-" in word or len(folded) < 3:
            return False
        return self.wordnet.proper_noun_first(folded)

    # two texts ------------------------------------------------------------------------


#: words inside a body's name between capitalised words ("Ministry of Health and Welfare")
_IN_A_BODY_NAME = frozenset({"of", "for", "and", "the"})
#: forms of "be" before a passive participle
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being"})
#: words before "fall" that make it the season ("by fall", "this fall")
#: words after "should" that make it a modal, not an inverted condition ("should be built")
_AFTER_A_MODAL = frozenset({"be", "have", "not", "also", "still", "never", "only", "now", "further", "first"})


@lru_cache(maxsize=256)
def _single_words(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p for p in phrases if " " not in p and "-" not in p)


@lru_cache(maxsize=8192)
def is_number_word(word: str) -> bool:
    """"three", "dozen", "40": a word the number reader reads as a figure by itself."""
    return bool(quantities(word))
