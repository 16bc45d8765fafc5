"""A comparison's signals as CSV, the way a spreadsheet user can read them.

One row per signal with its type, versions, severity, excerpts and detail, then the evidence
a reader needs in columns of its own (the quote and its counterpart, the changes in words,
the speakers, the numbers, the sentences), and last the whole evidence as JSON. UTF-8 with a
byte-order mark, so that Excel reads Cyrillic, Hangul and CJK right. Cells a spreadsheet would
run as a formula are neutralised (OWASP CSV injection).
"""
from __future__ import annotations

import csv
import io
import json

from pydantic import TypeAdapter

from ..model import Comparison, Signal
from ..pipeline.change_verdict import describe

CSV_FIELDS = ["type", "version", "counterpart", "severity", "text", "translation", "detail",
              "quote", "counterpart_quote", "changes", "speaker", "counterpart_speaker",
              "numbers", "counterpart_numbers", "sentences", "counterpart_sentences", "evidence"]
BOM = "\ufeff"
_SIGNAL = TypeAdapter(Signal)


def signals_csv(comparison: Comparison) -> str:
    quotes = {q.id: q for v in comparison.versions for q in v.quotes}
    out = io.StringIO()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for signal in comparison.signals:
        row = _SIGNAL.dump_python(signal, mode="json")
        row.update(_evidence_columns(signal, quotes))
        row["evidence"] = json.dumps(row["evidence"], ensure_ascii=False)
        writer.writerow({key: spreadsheet_safe(row.get(key)) for key in CSV_FIELDS})
    return out.getvalue()


def _evidence_columns(signal, quotes: dict) -> dict[str, str]:
    """The evidence fields a reader needs, one column each, as text ("" where a type has none)."""
    e = signal.evidence
    quote = quotes.get(getattr(e, "quote", None))
    counterpart = quotes.get(getattr(e, "counterpart_quote", None))
    changes = getattr(e, "changes", None)
    speaker = getattr(e, "speaker", None) or (quote.speaker if quote else None)
    return {
        "quote": quote.text if quote else "",
        "counterpart_quote": counterpart.text if counterpart else "",
        "changes": describe(changes) if changes else "",
        "speaker": speaker or "",
        "counterpart_speaker": getattr(e, "counterpart_speaker", None) or "",
        "numbers": "; ".join(getattr(e, "numbers", None) or []),
        "counterpart_numbers": "; ".join(getattr(e, "counterpart_numbers", None) or []),
        "sentences": " ".join(str(i) for i in _sentences(e)),
        "counterpart_sentences": " ".join(str(i) for i in getattr(e, "counterpart_sentences", None) or []),
    }


def _sentences(evidence) -> list[int]:
    if hasattr(evidence, "sentences"):
        return list(evidence.sentences)
    return [evidence.sentence] if isinstance(getattr(evidence, "sentence", None), int) else []


def spreadsheet_safe(value):
    """Neutralise cells a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
