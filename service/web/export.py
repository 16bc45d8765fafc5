"""A comparison's signals as CSV, the way a spreadsheet user can read them.

One row per signal with its type, versions, severity, excerpts, detail and evidence (as
JSON). Cells a spreadsheet would run as a formula are neutralised (OWASP CSV injection).
"""
from __future__ import annotations

import csv
import io
import json

from pydantic import TypeAdapter

from ..model import Comparison, Signal

CSV_FIELDS = ["type", "version", "counterpart", "severity", "text", "translation", "detail", "evidence"]
_SIGNAL = TypeAdapter(Signal)


def signals_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for signal in comparison.signals:
        row = _SIGNAL.dump_python(signal, mode="json")
        row["evidence"] = json.dumps(row["evidence"], ensure_ascii=False)
        writer.writerow({key: spreadsheet_safe(row[key]) for key in CSV_FIELDS})
    return out.getvalue()


def spreadsheet_safe(value):
    """Neutralise cells a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
