"""Typed records passed between the pipeline's stages, and the result the API returns.

Stages are pure functions from these records to these records; nothing here knows about
Flask or SQLite. The records are standard dataclasses; pydantic reads them (through
:mod:`service.contract`) to dump a result as JSON, to load a stored result back into
these same records, and to generate the result's schema in the OpenAPI document. Every
enumeration of the contract (origins, kinds, statuses, signal types) is defined here once.

Each signal type has its own record with its own evidence record, so a reader (the pages,
the CSV, a client) knows exactly which fields each kind of evidence carries.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal, Union, get_args

from pydantic import Field

Origin = Literal["identity", "memory", "cache", "argos", "none"]  # "none": nothing translated it
TranslationScope = Literal["quote", "sentence"]
PairBasis = Literal["translation", "encoder"]
AlignmentKind = Literal["match", "partial", "only"]
QuoteStatus = Literal["identical", "reworded", "altered"]
DiffOp = Literal["equal", "delete", "insert"]
DatelinePart = Literal["place", "date"]
FurnitureKind = Literal["headline", "dateline", "byline", "editor_note", "contact", "end_mark", "caption"]
ChangeKind = Literal["negation", "modality", "time", "antonym", "qualifier", "actor", "quantity", "wording"]
SignalType = Literal[
    "quote_altered",
    "quote_missing",
    "sentence_missing",
    "number_mismatch",
    "loaded_term",
    "scare_quote",
    "attribution_changed",
    "claim_changed",
    "dateline_changed",
]
SIGNAL_TYPES: tuple[str, ...] = get_args(SignalType)
ORIGINS: tuple[str, ...] = get_args(Origin)
QUOTE_STATUSES: tuple[str, ...] = get_args(QuoteStatus)
CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)
FURNITURE_KINDS: tuple[str, ...] = get_args(FurnitureKind)


# -- requests ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleSource:
    """Where a version's text came from when it was fetched by URL or uploaded as HTML: the
    stored article (``article_id``) and what the page said of itself."""

    article_id: str
    url: str | None  # the page's address after redirects (None: an uploaded file)
    fetched_at: str
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None  # the date the page gives


@dataclass(frozen=True)
class VersionInput:
    """One version as the client sent it, already validated. ``url`` or ``html`` stand for
    the text until :mod:`service.ingest` has fetched and extracted it."""

    label: str
    text: str
    language: str | None = None
    source_url: str | None = None
    published_at: str | None = None
    url: str | None = None
    html: str | None = None
    source: ArticleSource | None = None


@dataclass(frozen=True)
class ComparisonRequest:
    versions: tuple[VersionInput, ...]
    target_language: str
    title: str | None = None
    require_translation: bool = False  # 422 rather than compare a sentence nothing translates


# -- versions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class LanguageGuess:
    language: str
    confidence: float
    detected: bool
    candidates: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class LanguageCandidate:
    language: str
    confidence: float


@dataclass(frozen=True)
class ForeignParagraph:
    """A paragraph confidently detected as another language than its version's."""

    paragraph: int
    language: str
    confidence: float


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    translation: str | None = ""  # None: neither memory, cache nor a package translates it
    translation_origin: Origin | Literal[""] = ""


@dataclass
class Quote:
    id: str
    sentence_index: int
    start: int  # offsets of the quoted words, inside the marks, into the version's text
    end: int
    text: str
    translation: str | None = ""  # None: untranslated (origin "none")
    translation_origin: Origin | Literal[""] = ""
    translation_scope: TranslationScope = "quote"  # "sentence": only the sentence's translation is known
    speaker: str | None = None  # whose words these are, as the version writes the name
    attribution: str | None = None  # the cue that gives the speaker ("said", "заявил")
    reported_by: str | None = None  # the outlet that relays the quote ("KCNA reported"), never the speaker
    speaker_translation: str | None = None  # the speaker as the target language writes it ("Kim Jong Un")
    speaker_key: str | None = None  # one key per person in the comparison, whatever the script
    attribution_translation: str | None = None  # the cue in the target language ("stated" for "заявил")
    reported_by_translation: str | None = None  # the relaying outlet as the target language writes it
    hedged: str | None = None  # the distancing cue of the quote's sentence ("according to", "claimed")
    scare_quote: bool = False
    open_mark: str = ""
    close_mark: str = ""


@dataclass(frozen=True)
class Translation:
    text: str | None  # None only with origin "none"
    origin: Origin
    package: str | None = None


@dataclass(frozen=True)
class Furniture:
    """A part of an article that is not its story: headline, dateline, byline, editor's note,
    reporter contact, end mark, caption. Kept whole, never aligned nor missed."""

    kind: FurnitureKind
    start: int
    end: int
    text: str


@dataclass
class Version:
    label: str
    language: str
    language_detected: bool
    language_confidence: float
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    language_candidates: list[LanguageCandidate] = field(default_factory=list)  # detection's top three
    foreign_paragraphs: list[ForeignParagraph] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    source_url: str | None = None
    published_at: str | None = None
    source: ArticleSource | None = None  # the fetched or uploaded article the text was extracted from


# -- alignment and diffs -----------------------------------------------------------------------
@dataclass(frozen=True)
class WordEdit:
    """One changed stretch between two texts, as character spans (``[start, end)``) of each;
    an empty span on one side is an insertion or a deletion there."""

    reference_start: int
    reference_end: int
    other_start: int
    other_end: int


@dataclass(frozen=True)
class RowDiff:
    """The word diff of one version's sentences in a row against the reference's, on the
    translations joined by a space; computed once by the pipeline, read by the pages."""

    similarity: float
    edits: list[WordEdit] = field(default_factory=list)


@dataclass(frozen=True)
class AlignmentRow:
    kind: AlignmentKind
    score: float
    sentences: dict[str, list[int]]
    diffs: dict[str, RowDiff] = field(default_factory=dict)  # per non-reference version in the row


@dataclass(frozen=True)
class Change:
    """One difference between two aligned texts and its kind, with the words on each side
    (as the target-language text has them; empty where a side has none)."""

    kind: ChangeKind
    reference: str
    other: str


@dataclass(frozen=True)
class QuotePair:
    reference: str
    other: str
    similarity: float
    status: QuoteStatus
    diff: list[tuple[DiffOp, str]]
    changes: list[Change] = field(default_factory=list)  # empty unless altered
    encoder_similarity: float | None = None  # of the original quotes, when wording alone differed
    #: what the verdict rests on: the translations' words, or (a side untranslated) only the
    #: encoder's score of the originals with their numbers and negations
    basis: PairBasis = "translation"


# -- signals -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class SentenceSpan:
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class QuoteAlteredEvidence:
    quote: str
    counterpart_quote: str
    similarity: float
    diff: list[tuple[DiffOp, str]]
    added: list[str]
    dropped: list[str]
    heavy: list[str]  # numbers, negations or names among the changed words
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class QuoteMissingEvidence:
    quote: str
    span: Span
    sentence: int
    speaker: str | None


@dataclass(frozen=True)
class SentenceMissingEvidence:
    sentences: list[int]
    spans: list[SentenceSpan]
    contains_quote: bool
    contains_number: bool


@dataclass(frozen=True)
class NumberMismatchEvidence:
    sentences: list[int]
    counterpart_sentences: list[int]
    numbers: list[str]  # as written, only in this version
    counterpart_numbers: list[str]
    values: list[str]  # every quantity of this version's sentences, normalised ("~4500", ">10000")
    counterpart_values: list[str]


@dataclass(frozen=True)
class LoadedTermEvidence:
    term: str
    matched: str
    concept: str
    term_translation: str | None
    category: str
    note: str
    sentence: int
    span: Span
    note_translation: str | None = None  # the note in the target language, when the lexicon has it


@dataclass(frozen=True)
class ScareQuoteEvidence:
    quote: str
    span: Span
    sentence: int
    counterpart_sentences: list[int]


@dataclass(frozen=True)
class AttributionChangedEvidence:
    quote: str
    counterpart_quote: str
    speaker: str | None
    counterpart_speaker: str | None
    attribution: str | None
    counterpart_attribution: str | None
    reported_by: str | None = None  # the relaying outlet of each side, as written
    counterpart_reported_by: str | None = None


@dataclass(frozen=True)
class ClaimChangedEvidence:
    sentences: list[int]
    counterpart_sentences: list[int]
    changes: list[Change]


@dataclass(frozen=True)
class DatelineChangedEvidence:
    dateline: Span  # this version's dateline, offsets into its text
    counterpart_dateline: Span
    changed: list[DatelinePart]
    place: str | None  # as each dateline writes it
    counterpart_place: str | None
    date: str | None  # month and day, ISO 8601 without a year: "--07-12"
    counterpart_date: str | None


@dataclass(frozen=True, kw_only=True)
class _Signal:
    """What every signal says; each type below adds its own evidence."""

    type: str
    version: str
    counterpart: str
    severity: float  # 0-1: what a page shows first
    text: str  # excerpt in the version's own language
    translation: str | None  # the same in the target language; None when untranslated
    detail: str  # one sentence a reader understands


@dataclass(frozen=True, kw_only=True)
class QuoteAlteredSignal(_Signal):
    type: Literal["quote_altered"] = "quote_altered"
    evidence: QuoteAlteredEvidence


@dataclass(frozen=True, kw_only=True)
class QuoteMissingSignal(_Signal):
    type: Literal["quote_missing"] = "quote_missing"
    evidence: QuoteMissingEvidence


@dataclass(frozen=True, kw_only=True)
class SentenceMissingSignal(_Signal):
    type: Literal["sentence_missing"] = "sentence_missing"
    evidence: SentenceMissingEvidence


@dataclass(frozen=True, kw_only=True)
class NumberMismatchSignal(_Signal):
    type: Literal["number_mismatch"] = "number_mismatch"
    evidence: NumberMismatchEvidence


@dataclass(frozen=True, kw_only=True)
class LoadedTermSignal(_Signal):
    type: Literal["loaded_term"] = "loaded_term"
    evidence: LoadedTermEvidence


@dataclass(frozen=True, kw_only=True)
class ScareQuoteSignal(_Signal):
    type: Literal["scare_quote"] = "scare_quote"
    evidence: ScareQuoteEvidence


@dataclass(frozen=True, kw_only=True)
class AttributionChangedSignal(_Signal):
    type: Literal["attribution_changed"] = "attribution_changed"
    evidence: AttributionChangedEvidence


@dataclass(frozen=True, kw_only=True)
class ClaimChangedSignal(_Signal):
    type: Literal["claim_changed"] = "claim_changed"
    evidence: ClaimChangedEvidence


@dataclass(frozen=True, kw_only=True)
class DatelineChangedSignal(_Signal):
    type: Literal["dateline_changed"] = "dateline_changed"
    evidence: DatelineChangedEvidence


Signal = Annotated[
    Union[QuoteAlteredSignal, QuoteMissingSignal, SentenceMissingSignal, NumberMismatchSignal,
          LoadedTermSignal, ScareQuoteSignal, AttributionChangedSignal, ClaimChangedSignal,
          DatelineChangedSignal],
    Field(discriminator="type"),
]
#: signal type -> its record; the keys are exactly SIGNAL_TYPES (checked by a test)
SIGNAL_CLASSES: dict[str, type] = {cls.__dataclass_fields__["type"].default: cls for cls in get_args(get_args(Signal)[0])}


def install_command(source: str, target: str) -> str:
    """The command that installs the translation package for a pair."""
    return f"python -m service models install {source} {target}"


# -- the comparison ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    signals_by_type: dict[str, int]
    coverage: dict[str, float]  # share of each version's sentences that have a counterpart
    untranslated: dict[str, int] = field(default_factory=dict)  # per version: sentences nothing translated
    install_commands: list[str] = field(default_factory=list)  # what would translate them


@dataclass
class Comparison:
    id: str
    title: str
    created_at: str
    target_language: str
    versions: list[Version]
    alignment: list[AlignmentRow]
    quote_pairs: list[QuotePair]
    signals: list[Signal]
    summary: Summary | None = None

    def __post_init__(self) -> None:
        if self.summary is None:
            untranslated = {v.label: sum(s.translation is None for s in v.sentences) for v in self.versions}
            missing = dict.fromkeys(v.language for v in self.versions if untranslated[v.label])
            self.summary = Summary(self._signals_by_type(), self._coverage(), untranslated,
                                   [install_command(language, self.target_language) for language in missing])

    def _signals_by_type(self) -> dict[str, int]:
        by_type: dict[str, int] = {}
        for signal in self.signals:
            by_type[signal.type] = by_type.get(signal.type, 0) + 1
        return by_type

    def _coverage(self) -> dict[str, float]:
        matched: dict[str, int] = {v.label: 0 for v in self.versions}
        for row in self.alignment:
            if row.kind != "only":
                for label, indices in row.sentences.items():
                    matched[label] += len(indices)
        return {
            v.label: round(matched[v.label] / len(v.sentences), 3) if v.sentences else 0.0
            for v in self.versions
        }

    def version(self, label: str) -> Version:
        return next(v for v in self.versions if v.label == label)
