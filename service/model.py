"""Typed records passed between the pipeline's stages.

Stages are pure functions from these records to these records; nothing here knows about
Flask or SQLite. ``Comparison.to_dict()`` produces exactly the result shape of API.md
(plus a few documented extra fields), which is what storage keeps and the API returns.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Origin = Literal["identity", "memory", "cache", "argos"]
AlignmentKind = Literal["match", "partial", "only"]
QuoteStatus = Literal["identical", "reworded", "altered"]
SignalType = Literal[
    "quote_altered",
    "quote_missing",
    "sentence_missing",
    "number_mismatch",
    "loaded_term",
    "scare_quote",
    "attribution_changed",
]
SIGNAL_TYPES: tuple[str, ...] = SignalType.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class VersionInput:
    """One version as the client sent it, already validated."""

    label: str
    text: str
    language: str | None = None
    source_url: str | None = None
    published_at: str | None = None


@dataclass(frozen=True)
class ComparisonRequest:
    versions: tuple[VersionInput, ...]
    target_language: str
    title: str | None = None


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    confidence: float
    detected: bool
    candidates: tuple[tuple[str, float], ...] = ()


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
    translation: str = ""
    translation_origin: Origin | str = ""


@dataclass
class Quote:
    id: str
    sentence_index: int
    start: int  # offsets of the quoted words, inside the marks, into the version's text
    end: int
    text: str
    translation: str = ""
    translation_origin: Origin | str = ""
    translation_scope: str = "quote"  # "sentence" when only the sentence's translation is known
    speaker: str | None = None
    attribution: str | None = None
    hedged: str | None = None  # the distancing cue of the quote's sentence ("according to", "claimed")
    scare_quote: bool = False
    open_mark: str = ""
    close_mark: str = ""


@dataclass(frozen=True)
class Translation:
    text: str
    origin: Origin
    package: str | None = None


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
    language_candidates: list[dict] = field(default_factory=list)  # detection's top three
    foreign_paragraphs: list[dict] = field(default_factory=list)  # paragraphs in another language
    source_url: str | None = None
    published_at: str | None = None


@dataclass(frozen=True)
class AlignmentRow:
    kind: AlignmentKind
    score: float
    sentences: dict[str, list[int]]


@dataclass(frozen=True)
class QuotePair:
    reference: str
    other: str
    similarity: float
    status: QuoteStatus
    diff: list[tuple[str, str]]


@dataclass(frozen=True)
class Signal:
    type: SignalType
    version: str
    counterpart: str
    severity: float
    text: str
    translation: str
    detail: str
    evidence: dict[str, Any]


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

    def summary(self) -> dict[str, Any]:
        by_type: dict[str, int] = {}
        for signal in self.signals:
            by_type[signal.type] = by_type.get(signal.type, 0) + 1
        return {"signals_by_type": by_type, "coverage": self.coverage()}

    def coverage(self) -> dict[str, float]:
        """Share of each version's sentences that have a counterpart in another version."""
        matched: dict[str, int] = {v.label: 0 for v in self.versions}
        for row in self.alignment:
            if row.kind != "only":
                for label, indices in row.sentences.items():
                    matched[label] += len(indices)
        return {
            v.label: round(matched[v.label] / len(v.sentences), 3) if v.sentences else 0.0
            for v in self.versions
        }

    def to_dict(self) -> dict[str, Any]:
        """The API's result shape. Records are flat dataclasses, so a shallow copy of each
        one's fields is enough (and several times faster than ``dataclasses.asdict``)."""
        return {
            "id": self.id,
            "title": self.title,
            "created_at": self.created_at,
            "target_language": self.target_language,
            "versions": [
                {**vars(v), "paragraphs": [vars(p).copy() for p in v.paragraphs],
                 "sentences": [vars(s).copy() for s in v.sentences], "quotes": [vars(q).copy() for q in v.quotes]}
                for v in self.versions
            ],
            "alignment": [{"kind": r.kind, "score": r.score, "sentences": {k: list(ix) for k, ix in r.sentences.items()}}
                          for r in self.alignment],
            "quote_pairs": [{**vars(p), "diff": [list(op) for op in p.diff]} for p in self.quote_pairs],
            "signals": [{**vars(s), "evidence": dict(s.evidence)} for s in self.signals],
            "summary": self.summary(),
        }
