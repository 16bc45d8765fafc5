"""Language data as data: word lists per language and the one quote-mark table.

``service/data/languages/<code>.toml`` holds what the pipeline knows of one language
(reporting verbs, hedges, function words, number words, month names, abbreviations...);
``service/data/quote_marks.toml`` holds every quotation mark and what it does;
``service/data/furniture.toml`` the agencies' conventions for article furniture (headline,
dateline, byline...) and ``service/data/gazetteer/dateline_places.tsv`` the places datelines
name, across scripts. This module
reads them with :mod:`tomllib` into frozen, typed records, once per process on first use
(:func:`service.lazy.once`). The fields, and which are plain words and which are regular
expression fragments, are documented in ``service/data/README.md``.

A language without a file gets an empty record (no words, Latin script): each module then
falls back as it always did (speakers read English cues, most lists are simply empty).
Adding a language means adding a file; a misspelt field fails loudly at load time.

Some lists are *pooled*: read from every file and matched in text of any language
(:func:`pooled`), because the pipeline has always matched them so (a name run may start
with "Der" in an English text, a hedge is a hedge in a quoted passage of another language).
The README says which.
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from .lazy import once

DATA_FOLDER = Path(__file__).resolve().parent / "data"
LANGUAGE_FOLDER = DATA_FOLDER / "languages"
QUOTE_MARKS_FILE = DATA_FOLDER / "quote_marks.toml"
FURNITURE_FILE = DATA_FOLDER / "furniture.toml"
DATELINE_PLACES_FILE = DATA_FOLDER / "gazetteer" / "dateline_places.tsv"

_EMPTY: Mapping = MappingProxyType({})

# Letters of each script a language file may name (``script = "cyrillic"``).
SCRIPT_LETTERS = {
    "latin": r"[A-Za-z\u00C0-\u024F]",
    "cyrillic": r"[\u0400-\u04FF]",
    "hangul": r"[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]",
    "cjk": r"[\u4E00-\u9FFF\u3040-\u30FF]",
    "arabic": r"[\u0600-\u06FF]",
    "hebrew": r"[\u0590-\u05FF]",
    "greek": r"[\u0370-\u03FF]",
}


@dataclass(frozen=True)
class Attribution:
    """Who said it (speakers.py)."""

    cues: tuple[str, ...] = ()  # patterns, tried in order
    inverted_cues: tuple[str, ...] = ()  # patterns
    anaphoric_cue_prefixes: tuple[str, ...] = ()
    case_after_cue: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    anaphors: frozenset[str] = frozenset()
    body_anaphors: frozenset[str] = frozenset()  # a body named by its kind ("в ведомстве"): the body named before
    determiners: tuple[str, ...] = ()
    generic_sources: tuple[str, ...] = ()  # pooled
    not_names: tuple[str, ...] = ()  # pooled
    case_after: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # pooled
    name_particles: tuple[str, ...] = ()  # pooled
    before_name: tuple[str, ...] = ()  # pooled
    adverbs: tuple[str, ...] = ()  # pooled
    conjunctions: tuple[str, ...] = ()  # pooled
    clause_openers: tuple[str, ...] = ()  # a Chinese clause opening with one has the clause before's subject
    spokesperson: tuple[str, ...] = ()  # pooled patterns
    spokesperson_of: tuple[str, ...] = ()  # pooled
    relays: tuple[str, ...] = ()  # patterns with {outlet}: an outlet passes a quote on (relays.py)
    outlet_anaphors: tuple[str, ...] = ()  # pooled words standing for the outlet named last ("同通信")
    # patterns with {outlet}: an outlet opening a sentence as the author of a piece ("Rodong Sinmun
    # carried an article …"), which a later "it said" or "the article said" stands for (relays.py)
    authoring: tuple[str, ...] = ()
    # patterns with {outlet}: an outlet's "said" closing a sentence right after a quote ("… as a
    # “smokescreen,” the agency said"): a relay when a clause before the quote names its speaker
    closing_outlets: tuple[str, ...] = ()
    # patterns whose group ``source`` names a body that passes someone's words on and is neither
    # speaker nor outlet ("— приводит пресс-служба правительства слова министра"): hidden like a relay
    citing: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # offices beside a name, stripped from a speaker ("外交部发言人毛宁")
    indefinites: tuple[str, ...] = ()  # "a ministry official": a new, unnamed speaker
    subject_stops: tuple[str, ...] = ()  # where a Chinese subject ends, reading back from its verb
    speaker_prefixes: tuple[str, ...] = ()  # counts before a described speaker ("一名")
    topic_particles: tuple[str, ...] = ()  # a Japanese speaker's particle (は, が)
    surnames: frozenset[str] = frozenset()  # Korean and Chinese family names (speakers.py)
    occupations: tuple[str, ...] = ()  # what a Japanese speaker does, before the name ("会社員田中健一")
    transliteration: str = ""  # the characters Chinese spells foreign names with ("卡洛斯·门德斯")
    adnominal_endings: tuple[str, ...] = ()  # Korean verb forms that end like a topic ("만들려는")
    roles: tuple[str, ...] = ()  # CJK titles that are the speaker when no name goes with them ("消防当局者")
    field_roles: tuple[str, ...] = ()  # roles named by the field they serve ("広報担当者"): the word before is no name
    participles: tuple[str, ...] = ()  # "…, adding that": they report for the verb before them
    source_cues: tuple[str, ...] = ()  # "со ссылкой на": the body after them is the speaker
    glosses: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # cue pattern -> English gloss, in order


@dataclass(frozen=True)
class Names:
    """Reading a speaker's name (pipeline/names.py): what is a title, what names a body."""

    titles: tuple[str, ...] = ()  # patterns: words before or after a name that are no part of it
    body_endings: tuple[str, ...] = ()  # a word ending so names a body or a role, not a person
    body_words: tuple[str, ...] = ()  # a last word that names a body ("Ministry"), compared whole


@dataclass(frozen=True)
class Quoting:
    """Hedges, distancing and scare quotes (quotes.py)."""

    hedges: tuple[str, ...] = ()  # pooled patterns
    distancing: tuple[str, ...] = ()  # pooled patterns
    reporting_cues: bool = False
    reporting_words: tuple[str, ...] = ()
    reporting_in_words: bool = False


@dataclass(frozen=True)
class Comparison:
    """Tokens of the comparison (tokens.py)."""

    function_words: tuple[str, ...] = ()  # pooled
    negations: tuple[str, ...] = ()  # pooled
    #: a regular expression of this language's negation, read in ORIGINAL text when nothing
    #: translates it (a changed negation in an untranslated quote); default: the negations
    #: as whole words
    negation_pattern: str = ""


@dataclass(frozen=True)
class Detection:
    """Telling a paragraph's language cheaply (detect.py)."""

    common_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Numbers:
    """Quantities (numbers.py); all pooled."""

    words: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    prefixes: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    multipliers: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    after_digits: tuple[str, ...] = ()  # patterns, tried in order
    more_than: tuple[str, ...] = ()
    less_than: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    more_than_after: tuple[str, ...] = ()  # "20,000 and more", "two ten-thousands or more"
    #: a share in words ("a quarter of flights", "grew by almost half"), in per cent, and the
    #: words that count them ("two thirds"); the words around a share of time ("the first half",
    #: "a quarter earlier") that make it none
    fractions: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    fraction_counts: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    no_share_before: tuple[str, ...] = ()
    no_share_after: tuple[str, ...] = ()
    share_before: tuple[str, ...] = ()  # besides a count or a bound: "by half"
    share_after: tuple[str, ...] = ()  # "half of the"
    ratio_words: tuple[str, ...] = ()  # "one in five", "one TGV on two": a share
    share_of_unit: tuple[str, ...] = ()  # "a quarter percentage point": a fraction of the unit after it, 0.25
    per_cent: tuple[str, ...] = ()  # after a figure, a share in per cent ("25 per cent", "25%")


@dataclass(frozen=True)
class Dates:
    """Dates and times, which are no quantities (numbers.py); all pooled."""

    months: tuple[str, ...] = ()  # patterns
    time_words: tuple[str, ...] = ()  # patterns
    year_words: tuple[str, ...] = ()  # patterns
    year_prepositions: tuple[str, ...] = ()
    day_joiners: tuple[str, ...] = ()  # "from March 18 to 21", "с 18 по 21 марта": both figures are days


@dataclass(frozen=True)
class Sentences:
    """Sentence splitting (segment.py)."""

    abbreviations: tuple[str, ...] = ()  # pooled, case-sensitive
    before_ordinals: tuple[str, ...] = ()
    # the library that splits the language's text: "pysbd" (the default, where pysbd knows the
    # language), "razdel" (natasha's Russian splitter) or "sentencex" (Wikimedia's, in Rust)
    splitter: str = "pysbd"


@dataclass(frozen=True)
class Changes:
    """The closed classes that name a change's kind (pipeline/change_reading.py, pipeline/changes.py), for the target language."""

    negators: tuple[str, ...] = ()
    negative_verbs: frozenset[str] = frozenset()
    negative_nouns: frozenset[str] = frozenset()  # "shortage", "absence": nouns that say "not enough", "not there"
    privatives: frozenset[str] = frozenset()  # "without": a negator that says "not having"
    privative_words: tuple[str, ...] = ()  # "cut", "knock out", "outage": what says that by taking away
    negative_from: frozenset[str] = frozenset()  # negative verbs whose "from" governs the act ("refrain from")
    emphatic_negators: frozenset[str] = frozenset()  # "never": a negator that says "absolutely not" by itself
    sum_words: tuple[str, ...] = ()  # "total", "combined": a sum where a figure is stated, no intensifier
    extents: tuple[str, ...] = ()  # "the whole country": the extent of a definite noun, no intensifier
    forecast_nouns: frozenset[str] = frozenset()  # "according to the ministry's forecast": a likelihood
    small_moves: frozenset[str] = frozenset()  # "edged down": a move of slight degree, said by the verb
    slight_groups: frozenset[str] = frozenset()  # qualifier groups that such a verb says ("slightly")
    negative_prefixes: tuple[str, ...] = ()
    light_verbs: frozenset[str] = frozenset()
    noun_openers: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    rank_words: frozenset[str] = frozenset()  # "General", "Main": how high a body ranks, said two ways by translations
    noise: frozenset[str] = frozenset()
    past_auxiliaries: frozenset[str] = frozenset()
    future_markers: tuple[str, ...] = ()
    order: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)
    relative_words: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # word -> this | last | next
    # words after a unit that place it relative to now ("the year after next"): phrase -> a value of its own
    relative_after: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    relative_to_stated: frozenset[str] = frozenset()  # "the previous year": relative to a year the text states
    units: tuple[str, ...] = ()
    days: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    weekdays: frozenset[str] = frozenset()
    seasons: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()
    ordinals: frozenset[str] = frozenset()
    modality: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)  # class -> phrases
    direction: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)  # up | down -> lemmas
    quantifiers: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)  # how many of them -> words
    qualifiers: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)  # group -> phrases
    collectives: tuple[str, ...] = ()  # "both sides", "the two countries": the actors of a list, named together
    negation_idioms: tuple[str, ...] = ()  # "spare no effort", "no doubt": a negator that negates no claim
    period_parts: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # "early", "late" April
    modal_idioms: tuple[str, ...] = ()  # "as long as necessary", "if possible": a modal word that states no modality
    #: units of time -> "family:factor", so "nine months" and "three quarters" are one span
    durations: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    #: units of measure -> "family:factor" ("megawatt" = "watt:1000000"), as durations
    measures: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    #: a negator written onto its verb ("weren't"): the ending, and the verbs it changes ("won't" is "will")
    degree_groups: frozenset[str] = frozenset()  # qualifier groups of mere degree: another modifier in their place is noise
    judging_groups: frozenset[str] = frozenset()  # qualifier groups that judge what they qualify ("hostile"), a place too
    reporting_verbs: frozenset[str] = frozenset()  # lemmas: the tense of the clause after one decides
    reported_future_markers: tuple[str, ...] = ()  # "said it would": a future in the clause reported
    contracted_negator: str = ""
    contractions: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    perfect_auxiliaries: frozenset[str] = frozenset()  # "has begun": a past, whatever the participle's form
    ordinal_suffixes: frozenset[str] = frozenset()
    day_joiners: frozenset[str] = frozenset()  # words between the two days of a range ("March 18 to 21")
    # "not … before Thursday" is "from Thursday at the earliest": the words after a negated verb
    # (``not_before``) and the bounds that say it without a negator (``from_then``)
    not_before: tuple[str, ...] = ()
    from_then: tuple[str, ...] = ()  # what a figure ends in as an ordinal, read apart ("12" "th")

    @property
    def known(self) -> bool:
        return bool(self.negators)


@dataclass(frozen=True)
class Language:
    code: str
    script: str = "latin"
    word_boundaries: bool = True  # False: words are matched inside longer strings (ko, ja, zh)
    lemmas: bool = False  # words are compared on their lemmas (pymorphy3: ru)
    attribution: Attribution = field(default_factory=Attribution)
    quotes: Quoting = field(default_factory=Quoting)
    comparison: Comparison = field(default_factory=Comparison)
    detection: Detection = field(default_factory=Detection)
    numbers: Numbers = field(default_factory=Numbers)
    dates: Dates = field(default_factory=Dates)
    sentences: Sentences = field(default_factory=Sentences)
    changes: Changes = field(default_factory=Changes)
    names: Names = field(default_factory=Names)


def language(code: str) -> Language:
    """The data of language ``code``; an empty record when it has no file."""
    return _languages().get(code) or Language(code)


def languages() -> tuple[Language, ...]:
    """Every language that has a file, by code."""
    return tuple(_languages().values())


def pooled(words: Callable[[Language], Iterable[str]]) -> tuple[str, ...]:
    """``words(language)`` of every language, in order of code, each entry once."""
    return tuple(dict.fromkeys(w for lang in languages() for w in words(lang)))


@once
def _languages() -> dict[str, Language]:
    found = {}
    for path in sorted(LANGUAGE_FOLDER.glob("*.toml")):
        with path.open("rb") as handle:
            found[path.stem] = _record(Language, {"code": path.stem, **tomllib.load(handle)}, path.name)
        if found[path.stem].script not in SCRIPT_LETTERS:
            raise ValueError(f"{path.name}: script {found[path.stem].script!r} is none of {', '.join(SCRIPT_LETTERS)}")
    return found


_SECTIONS = {"attribution": Attribution, "quotes": Quoting, "comparison": Comparison, "detection": Detection,
             "numbers": Numbers, "dates": Dates, "sentences": Sentences, "changes": Changes, "names": Names}


def _record(kind: type, values: dict, where: str):
    """A frozen ``kind`` from a TOML table, lists made tuples or frozensets as its fields say."""
    fields = {f.name: f for f in dataclasses.fields(kind)}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))} for {kind.__name__}")
    converted = {}
    for name, value in values.items():
        declared = str(fields[name].type)
        expected = (dict if name in _SECTIONS or declared.startswith("Mapping") else
                    list if declared.startswith(("frozenset", "tuple")) else
                    bool if declared == "bool" else int if declared == "int" else str)
        if not isinstance(value, expected):
            raise ValueError(f"{where}: {name} should be a {expected.__name__}, not {value!r}")
        if name in _SECTIONS and kind is Language:
            value = _record(_SECTIONS[name], value, f"{where} [{name}]")
        elif declared.startswith("frozenset"):
            value = frozenset(value)
        elif declared.startswith("tuple"):
            value = tuple(value)
        elif declared.startswith("Mapping"):
            # a table of lists (groups of words) keeps each list as a tuple
            value = MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in value.items()})
        converted[name] = value
    return kind(**converted)


# -- quotation marks ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteMarks:
    """Every quotation mark and what it does (``quote_marks.toml``); each module's sets derive from it."""

    pairs: Mapping[str, str]  # opener -> the marks that close it
    straight: str  # open or close by position: "
    straight_single: str  # the typewriter apostrophe ', never paired
    single: str  # single openers that open only where a quote can start: ‘ ‚
    apostrophes: str  # between two letters, an apostrophe: ’ '
    inner_only: str  # ‚ only stands inside „…“
    cjk: str  # 「」『』
    other_openers: str  # recognised, never paired: ‹ 〝
    other: str  # recognised, never paired: ‟ › ‛ 〞 ＂
    outer_pairs: Mapping[str, Mapping[str, str]]  # language -> opener -> closer (German »…«)

    @cached_property
    def openers(self) -> str:
        return "".join(self.pairs)

    @cached_property
    def closers(self) -> str:
        """Every mark that closes some opener (“ and ‘ too: „…“, ‚…‘)."""
        return _unique("".join(self.pairs.values()))

    @cached_property
    def closing_only(self) -> str:
        """Closers that open nothing: ” » 」 』 ’."""
        return "".join(m for m in self.closers if m not in self.pairs)

    def outer(self, code: str) -> Mapping[str, str]:
        """Opener -> closer of the outer pairs of language ``code`` (German »…«), if any."""
        return self.outer_pairs.get(code, _EMPTY)

    @cached_property
    def outer_openers(self) -> str:
        return _unique("".join(o for pairs in self.outer_pairs.values() for o in pairs))

    @cached_property
    def outer_closers(self) -> str:
        return _unique("".join(c for pairs in self.outer_pairs.values() for c in pairs.values()))

    @cached_property
    def every_mark(self) -> str:
        """Every mark the package knows, paired or not (a quote's edges when highlighting)."""
        return _unique(self.openers + self.closers + self.straight + self.straight_single + self.apostrophes
                       + self.outer_openers + self.outer_closers + self.other_openers + self.other)

    @cached_property
    def unambiguous_openers(self) -> str:
        """Marks that only ever open a quote: the paired openers but the single ones, and ‹ 〝."""
        return "".join(m for m in self.openers if m not in self.single) + self.other_openers

    @cached_property
    def alignment_openers(self) -> str:
        """Openers whose quoted text anchors alignment: every opener but the inner-only ‚, and "."""
        return "".join(m for m in self.openers if m not in self.inner_only) + self.straight

    def closers_of(self, openers: str) -> str:
        """The marks that close any of ``openers`` (the straight mark closes itself)."""
        return _unique("".join(self.straight if m == self.straight else self.pairs.get(m, "") for m in openers))

    def without_cjk(self, marks: str) -> str:
        return "".join(m for m in marks if m not in self.cjk)


def _unique(marks: str) -> str:
    return "".join(dict.fromkeys(marks))


@once
def quote_marks() -> QuoteMarks:
    with QUOTE_MARKS_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    unknown = (set(table) - {"pairs", "marks", "languages"}
               | set(table.get("marks", {})) - {f.name for f in dataclasses.fields(QuoteMarks)}
               | {k for conventions in table.get("languages", {}).values() for k in conventions} - {"outer_pairs"})
    if unknown:
        raise ValueError(f"{QUOTE_MARKS_FILE.name}: unknown field(s) {', '.join(sorted(unknown))}")
    outer = {code: MappingProxyType(dict(conventions.get("outer_pairs", {})))
             for code, conventions in table.get("languages", {}).items()}
    return QuoteMarks(pairs=MappingProxyType(dict(table["pairs"])), outer_pairs=MappingProxyType(outer),
                      **table["marks"])


# -- article furniture ------------------------------------------------------------------------
FURNITURE_FORMS = ("opening", "after_opening", "line", "line_start", "line_end", "closing")


@dataclass(frozen=True)
class FurnitureRule:
    """One house-style convention: where a pattern is looked for and what it finds."""

    kind: str  # one of the model's furniture kinds
    forms: tuple[str, ...]  # FURNITURE_FORMS
    pattern: str  # a regular expression fragment; {name} names a fragment
    convention: str = ""  # the house style, for the reader of the file
    lead_only: bool = False  # only before the story starts


@dataclass(frozen=True)
class HeadlineShape:
    """What a first block looks like when it is a headline."""

    max_chars: int = 160
    max_words: int = 24
    final_stops: str = ""  # a block ending so is a sentence
    lead_ins: str = ""  # a block ending so leads into the next


@dataclass(frozen=True)
class FurnitureConventions:
    """``furniture.toml``: the rules, the fragments they share, month abbreviations, headline shape."""

    fragments: Mapping[str, str]
    months: Mapping[str, tuple[str, ...]]  # language -> twelve abbreviations, January first
    headline: HeadlineShape
    rules: tuple[FurnitureRule, ...]


@once
def furniture_conventions() -> FurnitureConventions:
    from .model import FURNITURE_KINDS

    with FURNITURE_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    where = FURNITURE_FILE.name
    unknown = set(table) - {"fragments", "months", "headline", "rules"}
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    rules = tuple(_record(FurnitureRule, rule, f"{where} rule {n}") for n, rule in enumerate(table.get("rules", [])))
    for n, rule in enumerate(rules):
        if rule.kind not in FURNITURE_KINDS or not rule.forms or set(rule.forms) - set(FURNITURE_FORMS):
            raise ValueError(f"{where} rule {n}: kind {rule.kind!r} or forms {rule.forms!r} unknown")
    months = {code: tuple(names) for code, names in table.get("months", {}).items()}
    if any(len(names) != 12 for names in months.values()):
        raise ValueError(f"{where}: [months] lists twelve names per language")
    return FurnitureConventions(
        fragments=MappingProxyType(dict(table.get("fragments", {}))), months=MappingProxyType(months),
        headline=_record(HeadlineShape, table.get("headline", {}), f"{where} [headline]"), rules=rules)


@once
def dateline_places() -> Mapping[str, str]:
    """Every name of a place (case-folded) -> the place's key (its English name)."""
    names: dict[str, str] = {}
    for line in DATELINE_PLACES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, *others = line.split("\t")
            for name in (key, *others):
                names[name.strip().casefold()] = key.strip()
    return MappingProxyType(names)
