"""Shape a stored comparison for its page: pure data built from the typed result, no Flask.

The template only loops over what this package builds, and every string it prints is
still the user's own text, escaped by Jinja: highlighting is expressed as lists of
:class:`~service.web.highlight.Piece` objects (a run of text plus a kind), never as HTML.
The parts, by what they present: :mod:`.labels` (every word for a type or status),
:mod:`.signals` (the list, the summary by type, "At a glance"), :mod:`.furniture` (each
version's headline, dateline, byline... above the rows), :mod:`.rows` (the side-by-side
cells), :mod:`.quotes` (badges and the quote table).
"""
from __future__ import annotations

from dataclasses import dataclass

from ...model import Comparison
from .context import ComparisonIndex
from .furniture import furniture_strip
from .labels import ORIGIN_LABELS, SIGNAL_LABELS, counts_view, language_label, safe_link
from .quotes import person_groups, quote_rows
from .rows import rows
from .signals import SignalView, glance, signal_views, type_summary

__all__ = ["Filters", "comparison_view", "counts_view", "parse_filters"]

VIEWS = ("translation", "original", "both")


@dataclass
class Filters:
    types: frozenset[str] | None = None  # None: every type
    version: int | None = None
    only_differences: bool = False
    view: str = "translation"

    def allows(self, signal: SignalView) -> bool:
        return ((self.types is None or signal.type in self.types)
                and (self.version is None or signal.version_index == self.version))


def parse_filters(args, version_count: int) -> Filters:
    """Filters from the query string (``type`` repeated, ``version``, ``only``, ``view``)."""
    types = None
    if args.get("filtered") or args.getlist("type"):
        types = frozenset(t for t in args.getlist("type") if t in SIGNAL_LABELS)
    version = args.get("version", "")
    version_index = int(version) if version.isdigit() and int(version) < version_count else None
    view = args.get("view", "translation")
    return Filters(types, version_index, args.get("only") == "differences",
                   view if view in VIEWS else "translation")


def version_views(comparison: Comparison) -> list[dict]:
    """The header table: each version's language, translation origins and coverage."""
    coverage = comparison.summary.coverage
    views = []
    for v, version in enumerate(comparison.versions):
        origins: dict[str, int] = {}
        for s in version.sentences:
            origin = s.translation_origin or "unknown"
            origins[origin] = origins.get(origin, 0) + 1
        views.append({
            "index": v, "label": version.label, "reference": v == 0,
            "language": version.language, "language_label": language_label(version.language),
            "detected": version.language_detected,
            "confidence": round(100 * version.language_confidence),
            "candidates": [f"{language_label(c.language)} {round(100 * c.confidence)}%"
                           for c in version.language_candidates[1:]],
            "origins": [(ORIGIN_LABELS.get(o, o), o, n) for o, n in origins.items()],
            "sentences": len(version.sentences), "quotes": len(version.quotes),
            "coverage": None if version.label not in coverage else round(100 * coverage[version.label]),
            "foreign_paragraphs": len(version.foreign_paragraphs),
            "source_url": version.source_url, "source_link": safe_link(version.source_url),
            "published_at": version.published_at,
        })
    return views


def comparison_view(comparison: Comparison, filters: Filters | None = None) -> dict:
    """Everything the comparison page shows, in the order it shows it."""
    filters = filters or Filters()
    index = ComparisonIndex(comparison)
    signals = signal_views(index, filters.allows)
    summary = type_summary(signals, lambda t: filters.types is None or t in filters.types)
    built_rows = rows(index, signals, filters.only_differences)
    table = quote_rows(index)
    translated = any(s.translation_origin != "identity" and s.translation not in (s.text, None)
                     for v in comparison.versions for s in v.sentences)
    return {
        "result": comparison,
        "labels": index.labels,
        "reference": index.reference,
        "target_label": language_label(comparison.target_language),
        "versions": version_views(comparison),
        "signals": signals,
        "visible_signals": sum(not s.hidden for s in signals),
        "type_summary": summary,
        "glance": glance(signals, summary),
        "furniture": furniture_strip(index, signals),
        "rows": built_rows,
        "difference_rows": sum(r.is_difference for r in built_rows),
        "quote_rows": table,
        "quote_groups": person_groups(table),
        "filters": filters,
        "translated": translated,
        "views": VIEWS,
    }
