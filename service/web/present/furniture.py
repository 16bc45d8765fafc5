"""The furniture strip of the comparison page: each version's headline, dateline, byline,
editor's note, captions, contact line and end mark, by kind, above the side-by-side rows.

Furniture is not aligned (it is no sentence), so the strip shows it as each version has it,
one row per kind that any version has, one column per version; a dateline that differs from
the reference's links to its ``dateline_changed`` signal.
"""
from __future__ import annotations

from .context import ComparisonIndex
from .labels import FURNITURE_LABELS
from .signals import SignalView


def furniture_strip(index: ComparisonIndex, signals: list[SignalView]) -> list[dict]:
    """``[{"kind", "label", "cells": [{"version_index", "language", "texts", "signal"}]}]``;
    empty when no version has furniture."""
    versions = index.comparison.versions
    changed = {s.version: s for s in signals if s.type == "dateline_changed"}
    present = {f.kind for v in versions for f in v.furniture}
    strip = []
    for kind, label in FURNITURE_LABELS.items():
        if kind not in present:
            continue
        cells = [{"version_index": i, "label": v.label, "language": v.language,
                  "texts": [f.text for f in v.furniture if f.kind == kind],
                  "signal": changed.get(v.label) if kind == "dateline" else None}
                 for i, v in enumerate(versions)]
        strip.append({"kind": kind, "label": label, "cells": cells})
    return strip
