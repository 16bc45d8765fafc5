"""Lookups over one stored comparison that every part of its page needs: built once per page."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import (
    AttributionChangedSignal, Comparison, LoadedTermSignal, NumberMismatchSignal, Quote, QuoteAlteredSignal,
    QuoteMissingSignal, QuotePair, ScareQuoteSignal, SentenceMissingSignal, Signal,
)


@dataclass
class ComparisonIndex:
    comparison: Comparison
    labels: list[str] = field(init=False)
    reference: str = field(init=False)
    index_of: dict[str, int] = field(init=False)
    quotes: dict[str, tuple[str, Quote]] = field(init=False)  # id -> (label, quote)
    row_of: dict[tuple[str, int], int] = field(init=False)  # (label, sentence) -> alignment row
    pairs_by_reference: dict[str, dict[str, QuotePair]] = field(init=False)  # ref quote -> label -> pair
    pair_by_other: dict[str, QuotePair] = field(init=False)
    attribution_changed: set[str] = field(init=False)  # quote ids on either side of such a signal

    def __post_init__(self) -> None:
        c = self.comparison
        self.labels = [v.label for v in c.versions]
        self.reference = self.labels[0]
        self.index_of = {label: i for i, label in enumerate(self.labels)}
        self.quotes = {q.id: (v.label, q) for v in c.versions for q in v.quotes}
        self.row_of = {(label, i): r for r, row in enumerate(c.alignment)
                       for label, indices in row.sentences.items() for i in indices}
        self.pairs_by_reference, self.pair_by_other = {}, {}
        for pair in c.quote_pairs:
            other_label = self.quotes[pair.other][0] if pair.other in self.quotes else None
            self.pairs_by_reference.setdefault(pair.reference, {})[other_label] = pair
            self.pair_by_other[pair.other] = pair
        self.attribution_changed = {quote for s in c.signals if isinstance(s, AttributionChangedSignal)
                                    for quote in (s.evidence.quote, s.evidence.counterpart_quote)}

    def signal_sentences(self, signal: Signal) -> list[int]:
        """The sentences of the signal's own version that it is about."""
        e = signal.evidence
        if isinstance(signal, (SentenceMissingSignal, NumberMismatchSignal)):
            return list(e.sentences)
        if isinstance(signal, (LoadedTermSignal, ScareQuoteSignal, QuoteMissingSignal)):
            return [e.sentence]
        if isinstance(signal, (QuoteAlteredSignal, AttributionChangedSignal)) and e.quote in self.quotes:
            return [self.quotes[e.quote][1].sentence_index]
        return []

    def signal_row(self, signal: Signal) -> int | None:
        """The first alignment row the signal is about."""
        rows = [self.row_of[(signal.version, i)] for i in self.signal_sentences(signal)
                if (signal.version, i) in self.row_of]
        return min(rows) if rows else None
