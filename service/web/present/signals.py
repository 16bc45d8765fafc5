"""The signals of a comparison page: their list, the per-type summary and the "At a glance" panel."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import AttributionChangedSignal, LoadedTermSignal, QuoteAlteredSignal, QuoteMissingSignal, Signal
from .context import ComparisonIndex
from ..highlight import Piece, ops_pieces
from .labels import SIGNAL_ORDER, SignalLabel, signal_label


@dataclass
class SignalView:
    id: str
    signal: Signal
    info: SignalLabel
    version_index: int
    level: str  # high | medium | low
    translation: str | None  # None when equal to the text
    row: str | None  # the id of the row it is about
    row_number: int | None
    diff: list[Piece] = field(default_factory=list)
    hidden: bool = False

    # what the template reads from the signal itself
    type = property(lambda self: self.signal.type)
    version = property(lambda self: self.signal.version)
    counterpart = property(lambda self: self.signal.counterpart)
    severity = property(lambda self: self.signal.severity)
    text = property(lambda self: self.signal.text)
    detail = property(lambda self: self.signal.detail)
    evidence = property(lambda self: self.signal.evidence)


def severity_level(severity: float) -> str:
    return "high" if severity >= 0.65 else "medium" if severity >= 0.45 else "low"


def signal_views(index: ComparisonIndex, allows) -> list[SignalView]:
    """Most severe first; ``allows(view)`` says whether the filters show it."""
    ordered = sorted(enumerate(index.comparison.signals), key=lambda p: (-p[1].severity, p[0]))
    views = []
    for n, (_, s) in enumerate(ordered, start=1):
        row = index.signal_row(s)
        view = SignalView(
            id=f"signal-{n}", signal=s, info=signal_label(s.type), version_index=index.index_of.get(s.version, -1),
            level=severity_level(s.severity), translation=s.translation if s.translation != s.text else None,
            row=None if row is None else f"row-{row + 1}", row_number=None if row is None else row + 1,
            diff=ops_pieces(s.evidence.diff) if isinstance(s, QuoteAlteredSignal) else [],
        )
        view.hidden = not allows(view)
        views.append(view)
    return views


def type_summary(views: list[SignalView], checked) -> list[dict]:
    """One entry per signal type present: its label, count and highest severity."""
    by_type: dict[str, list[SignalView]] = {}
    for s in views:
        by_type.setdefault(s.type, []).append(s)
    summary = [{"type": t, "icon": signal_label(t).icon, "meaning": signal_label(t).meaning, "count": len(items),
                "label": signal_label(t).count(len(items)), "severity": max(s.severity for s in items),
                "checked": checked(t)}
               for t, items in by_type.items()]
    return sorted(summary, key=lambda d: (-d["severity"], _order(d["type"])))


def glance(views: list[SignalView], summary: list[dict]) -> list[dict]:
    """One line per signal type, in a fixed reading order (quotes, then missing sentences,
    then the rest): what a reader scans first. Quote-level signals show their words (an
    altered quote its diff); missing sentences are counted by which version lacks them."""
    lines = []
    for entry in sorted(summary, key=lambda d: _order(d["type"])):
        items = [s for s in views if s.type == entry["type"]]
        entries = _missing_sentence_entries(items) if entry["type"] == "sentence_missing" else [_entry(s) for s in items]
        lines.append(dict(entry, entries=entries))
    return lines


def _order(signal_type: str) -> int:
    return SIGNAL_ORDER.index(signal_type) if signal_type in SIGNAL_ORDER else len(SIGNAL_ORDER)


def _links(views: list[SignalView]) -> list[tuple[str, int]]:
    return [(s.row, s.row_number) for s in views if s.row]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where_missing(s: SignalView) -> str:
    return f"missing from {s.counterpart}" if s.version_index == 0 else f"only in {s.version}"


def _missing_sentence_entries(views: list[SignalView]) -> list[dict]:
    groups: dict[str, list[SignalView]] = {}
    for s in views:
        groups.setdefault(_where_missing(s), []).append(s)
    return [{"words": f"{len(group)} {where}", "links": _links(group)} for where, group in groups.items()]


def _entry(s: SignalView) -> dict:
    signal = s.signal
    if isinstance(signal, LoadedTermSignal):
        category = signal.evidence.category
        return {"quote": signal.evidence.matched or s.text,
                "words": f"in {s.version}" + (f" ({category})" if category else ""), "links": _links([s])}
    if s.type in ("quote_altered", "quote_missing", "scare_quote", "attribution_changed"):
        if isinstance(signal, QuoteMissingSignal):
            where = _where_missing(s)
        elif isinstance(signal, AttributionChangedSignal):
            where = f"{s.version}: {s.detail}"
        else:
            where = f"in {s.version}"
        return {"quote": _shorten(s.translation or s.text, 90), "diff": s.diff, "words": where, "links": _links([s])}
    return {"words": s.detail, "links": _links([s])}
