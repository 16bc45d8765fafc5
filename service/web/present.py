"""Shape a stored comparison for its page: rows of cells, one per version, with highlights.

Pure data shaping (no Flask): the template only loops. Each cell holds the sentences of
one version in one alignment row; a sentence aligned with the reference carries the
word-level diff against the reference's text of that row.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..pipeline.diff import word_diff


@dataclass
class Cell:
    label: str
    sentences: list[dict]
    ops: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Row:
    kind: str
    score: float
    cells: list[Cell]
    signal_types: list[str]


def comparison_view(result: dict) -> dict:
    versions = result["versions"]
    labels = [v["label"] for v in versions]
    by_label = {v["label"]: v for v in versions}
    reference = labels[0]
    flagged: dict[tuple[str, int], list[str]] = {}
    for signal in result["signals"]:
        evidence = signal["evidence"]
        for index in evidence.get("sentences", []) + ([evidence["sentence"]] if "sentence" in evidence else []):
            flagged.setdefault((signal["version"], index), []).append(signal["type"])
    rows = []
    for row in result["alignment"]:
        ref_text = " ".join(by_label[reference]["sentences"][i]["translation"] for i in row["sentences"].get(reference, []))
        cells, types = [], []
        for label in labels:
            indices = row["sentences"].get(label, [])
            sentences = [by_label[label]["sentences"][i] for i in indices]
            text = " ".join(s["translation"] for s in sentences)
            ops = word_diff(ref_text, text).ops if label != reference and ref_text and text else []
            cells.append(Cell(label, sentences, ops))
            for i in indices:
                types.extend(flagged.get((label, i), []))
        rows.append(Row(row["kind"], row["score"], cells, sorted(set(types))))
    return {"result": result, "labels": labels, "rows": rows, "reference": reference}
