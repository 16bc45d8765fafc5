"""The words a speaker is found by, per language: cues, anaphors, titles and the rest of a
language's ``[attribution]`` data compiled once (:func:`language_words`), the words pooled from
every language (:func:`pooled_words`), and the record a search returns (:class:`Attribution`).

Shared by the speaker search (:mod:`.speakers`) and its Korean and Chinese/Japanese parts
(:mod:`.korean_speakers`, :mod:`.cjk_speakers`), so that each reads the same data the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from ..language_data import Attribution as AttributionWords
from ..language_data import languages, pooled
from ..lazy import once

@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None
    anaphoric: bool = False  # the speaker was given as a pronoun or description
    description: str | None = None  # that description ("minister"), the speaker when no one was named before
    reported_by: str | None = None  # the outlet that relays the quote (relays.py)
    #: the country or body a described official belongs to ("официальный представитель МИД
    #: КНР": "КНР"); such a description is someone new unless the person named before was
    #: introduced with that owner (see :func:`.russian_speakers.introduced`)
    owner: str | None = None
    #: the person noun the speaker was introduced by ("a spokesman for the Foreign Ministry":
    #: "spokesman"); a later "the spokesman" is that speaker, whoever was named in between
    role: str | None = None
    #: what to call a new, unnamed speaker when the description names no body named before ("an
    #: official with the county's emergency management bureau": "county emergency management bureau official")
    label: str | None = None
    #: the whole description, for when no one was named before it ("the head of the company's
    #: labor union" said: "head of the company's labor union", not "head")
    in_full: str | None = None


def reading_language(language: str) -> str:
    return language if language in language_words() else "en"


@dataclass(frozen=True)
class LanguageWords:
    """One language's attribution words (its ``[attribution]`` data), compiled."""

    cues: re.Pattern
    inverted: re.Pattern | None  # cues after which the speaker follows
    anaphors: frozenset[str]
    anaphoric_cue_prefixes: tuple[str, ...]  # "a-t-elle": the cue is the pronoun
    case_after_cue: Mapping[str, str]  # "по словам" + genitive
    lemmas: bool  # anaphors are compared on lemmas
    determiner_tail: re.Pattern | None  # "the spokesman" right before a cue
    titles: tuple[str, ...]  # offices beside a name, longest first
    indefinite: re.Pattern | None  # "a ministry official" right before a cue
    subject_stop: re.Pattern | None  # where a Chinese subject ends before its verb
    speaker_prefixes: tuple[str, ...]
    subject_stop_words: frozenset[str]
    surnames: frozenset[str]
    adnominal_endings: tuple[str, ...]
    topic: re.Pattern | None  # a Japanese topic or subject particle after a noun
    data: AttributionWords  # the language's word lists as written


@once
def language_words() -> dict[str, LanguageWords]:
    """The languages that have reporting cues; any other language is read with English's."""
    found = {}
    for lang in languages():
        words = lang.attribution
        if not words.cues:
            continue
        cues = "|".join(words.cues)
        found[lang.code] = LanguageWords(
            cues=re.compile(rf"(?<![\w-])(?:{cues})(?![\w])" if lang.word_boundaries else rf"(?:{cues})", re.I | re.U),
            inverted=re.compile("|".join(words.inverted_cues), re.I) if words.inverted_cues else None,
            anaphors=words.anaphors,
            anaphoric_cue_prefixes=words.anaphoric_cue_prefixes,
            case_after_cue=words.case_after_cue,
            lemmas=lang.lemmas,
            # "the spokesman", "the top government spokesman", "the 24-year-old": up to three lower-case words
            determiner_tail=(re.compile(rf"\b(?i:{alternation(words.determiners)})\s+(?:[a-z]+|\d+-year-old)(?:\s+[a-z]+){{0,2}}$")
                             if words.determiners else None),
            titles=tuple(sorted(words.titles, key=len, reverse=True)),
            indefinite=(re.compile(rf"(?:^|[\s,])(?i:{alternation(words.indefinites)})\s+((?:[\w.’'-]+\s+){{0,3}}([a-z][\w-]*))$")
                        if words.indefinites else None),
            subject_stop=re.compile("|".join(words.subject_stops)) if words.subject_stops else None,
            speaker_prefixes=words.speaker_prefixes,
            subject_stop_words=frozenset(words.subject_stops),
            surnames=words.surnames,
            adnominal_endings=words.adnominal_endings,
            # after a kanji, katakana or closing bracket, so "では", "には" are no topic
            topic=(re.compile(rf"(?:(?<=[\u4e00-\u9fff\u30a0-\u30ff\uff09)])|(?<=さん)|(?<=ちゃん))(?:{alternation(words.topic_particles)})")
                   if words.topic_particles else None),
            data=words,
        )
    return found


@dataclass(frozen=True)
class PooledWords:
    """Attribution words matched whatever the text's language (pooled from every language file)."""

    name: re.Pattern  # capitalised word runs, Latin (with particles: "Ursula von der Leyen") or Cyrillic
    spokes_for: re.Pattern  # "a spokesman for the Defence Ministry"
    generic_sources: frozenset[str]
    generic: re.Pattern
    not_names: frozenset[str]
    case_after: Mapping[str, str]  # the case a name is read in after a stripped word ("в")
    before_name: re.Pattern  # what may stand between an inverted cue and the name
    before_words: frozenset[str]  # those words
    adverb_tail: re.Pattern
    conjunction: re.Pattern
    conjunction_words: frozenset[str]


def spokes_body(match: re.Match) -> str:
    """The body of a ``spokes_for`` match; a body in lower case keeps its owner ("the North's
    foreign ministry"), which says whose ministry it is."""
    body = match.group(1)
    if body[:1].islower():
        owner = re.search(r"([A-Z][\w-]*[’']s)\s+$", match.string[match.start():match.start(1)])
        if owner:
            return f"{owner.group(1)} {body}"
    return body


@once
def pooled_words() -> PooledWords:
    def words(field: str) -> tuple[str, ...]:
        return pooled(lambda lang: getattr(lang.attribution, field))

    latin = (r"(?:[A-ZÄÖÜÉÈ][\w’'\.-]*)(?:\s+(?:(?:" + alternation(words("name_particles"))
             + r")\s+)?[A-ZÄÖÜÉÈ][\w’'\.-]*)*")
    cyrillic = r"(?:[А-ЯЁ][\wё’'\.-]*)(?:\s+[А-ЯЁ][\wё’'\.-]*)*"
    generic = words("generic_sources")
    spokesperson = "|".join(words("spokesperson")) or "(?!)"
    # a body in lower case ("a spokesperson for the North's foreign ministry"): words ending in a body word
    body = alternation(sorted({w.casefold() for lang in languages() for w in lang.names.body_words}))
    lower_body = rf"(?:[a-z][\w-]*\s+){{0,3}}(?:{body})\b" if body else "(?!)"
    # "the Nuclear Safety and Security Commission", "the Ministry of Trade and Industry": a body's
    # name may hold "and" (a person's or a list of names may not: "Kim and Lee")
    capital_bodies = alternation(sorted({w.capitalize() for lang in languages() for w in lang.names.body_words
                                         if w.isascii()}))
    word = r"[A-Z][\w’'\.-]*"
    bodies_with_and = (rf"(?:{word}\s+)+and\s+(?:{word}\s+)*?(?:{capital_bodies})\b"
                       rf"|(?:{capital_bodies})\s+(?:of|for)\s+(?:{word}\s+)*?{word}\s+and\s+{word}(?:\s+{word})?(?![\w’'\.-]|\s+[A-Z])")
    return PooledWords(
        name=re.compile(rf"{bodies_with_and}|{latin}|{cyrillic}", re.U),
        spokes_for=re.compile(rf"\b(?:{spokesperson})\s+(?:{alternation(words('spokesperson_of'))})\s+"
                              rf"(?:the\s+)?(?:\w+[’']s\s+)?({latin}|{cyrillic}|{lower_body})", re.U),
        generic_sources=frozenset(generic),
        generic=re.compile(r"\b(" + alternation(sorted(generic, key=lambda w: (-len(w), w))) + r")\b", re.I),
        not_names=frozenset(words("not_names")),
        case_after={k: v for lang in languages() for k, v in lang.attribution.case_after.items()},
        before_name=re.compile(rf"[\s,]*(?:{alternation(words('before_name'))})?[\s\w’'-]{{0,40}}?", re.I),
        before_words=frozenset(w.lower() for w in words("before_name")),
        adverb_tail=re.compile(rf"\s+(?:{alternation(words('adverbs'))})$", re.I),
        conjunction=re.compile(rf"\b(?:{alternation(words('conjunctions'))})\b"),
        conjunction_words=frozenset(w.lower() for w in words("conjunctions")),
    )


def alternation(words) -> str:
    """An alternation of plain words (escaped), or a pattern that matches nothing."""
    return "|".join(re.escape(w) for w in words) or "(?!)"


RELAY_MASK = "\x01"  # stands for a relay's characters: the phrase before it is no part of the speaker's


RELAY_CONTEXT = 2000  # characters before a quote's window where "同通信", "报道称" find their outlet


RECENT = 50  # names spoken last that a short form or description may stand for


def cue_distance(a: int, b: int, q_start: int, q_end: int) -> int:
    if b <= q_start:
        return q_start - b
    if a >= q_end:
        return a - q_end
    return 0


def late_penalty(masked: str, cue: re.Match, q_end: int) -> int:
    """A cue after the quote reports it only when little stands between ("…,” Kim said)."""
    if cue.start() < q_end:
        return 0
    gap = masked[q_end : cue.start()]
    if len(gap.split()) > 6 or pooled_words().conjunction.search(gap):
        return 1000
    return 0


#: an aside in brackets, and a Kyodo dateline in lenticular ones ("【北京共同】"), are no part of a name
PARENTHESES = re.compile(r"[（(][^（）()]{0,12}[）)]|【[^【】]{0,12}】")
