"""Scoring the pipeline against the hand-labelled sets in tests/data/eval.

Metrics (micro-averaged over all sets):
- quotes: precision/recall/F1 of predicted quote texts against gold, one-to-one, a match
  being equal text after trimming surrounding whitespace and punctuation;
- speakers: accuracy over matched non-scare gold quotes (both null, or the same name:
  one name's words contained in the other's, or the same last word);
- alignment: strict F1 — a predicted row counts only if a gold row has exactly the same
  sentence indices for every version (Bertalign's "strict" measure);
- signals: precision/recall of predicted signals against gold, one-to-one, a match having
  the same type, version and counterpart and the gold text inside the predicted text (or
  the other way round);
- quote pairs (sets whose gold has ``quote_pairs``): precision/recall/F1 of predicted pairs,
  a pair matching when both its quotes' texts equal a gold pair's (after trimming).
"""
from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from pathlib import Path

EVAL_FOLDER = Path(__file__).resolve().parent.parent / "data" / "eval"
_TRIM = string.whitespace + string.punctuation + "\u00a0«»“”„‟‘’‚「」『』—–…"


def eval_sets() -> list[Path]:
    return sorted(EVAL_FOLDER.glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join(text.strip(_TRIM).casefold().split())


@dataclass
class Counts:
    matched: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, matched: int, predicted: int, gold: int) -> None:
        self.matched += matched
        self.predicted += predicted
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    quotes: Counts = field(default_factory=Counts)
    speakers: Counts = field(default_factory=Counts)  # matched = correct, gold = judged
    alignment: Counts = field(default_factory=Counts)
    signals: Counts = field(default_factory=Counts)
    quote_pairs: Counts = field(default_factory=Counts)

    def report(self) -> str:
        s = self
        return "\n".join([
            f"quotes     P {s.quotes.precision:.3f}  R {s.quotes.recall:.3f}  F1 {s.quotes.f1:.3f}"
            f"  ({s.quotes.matched}/{s.quotes.predicted} predicted, {s.quotes.gold} gold)",
            f"speakers   accuracy {s.speakers.recall:.3f}  ({s.speakers.matched}/{s.speakers.gold})",
            f"alignment  strict P {s.alignment.precision:.3f}  R {s.alignment.recall:.3f}  F1 {s.alignment.f1:.3f}"
            f"  ({s.alignment.matched}/{s.alignment.predicted} predicted rows, {s.alignment.gold} gold)",
            f"signals    P {s.signals.precision:.3f}  R {s.signals.recall:.3f}  F1 {s.signals.f1:.3f}"
            f"  ({s.signals.matched}/{s.signals.predicted} predicted, {s.signals.gold} gold)",
        ] + ([f"quote pairs P {s.quote_pairs.precision:.3f}  R {s.quote_pairs.recall:.3f}  F1 {s.quote_pairs.f1:.3f}"
              f"  ({s.quote_pairs.matched}/{s.quote_pairs.predicted} predicted, {s.quote_pairs.gold} gold)"]
             if s.quote_pairs.gold or s.quote_pairs.predicted else []))


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    g, p = _norm(gold).split(), _norm(predicted).split()
    return set(g) <= set(p) or set(p) <= set(g) or g[-1] == p[-1]


def score_set(name: str, gold: dict, result: dict, scores: Scores) -> None:
    versions = {v["label"]: v for v in result["versions"]}
    for label, gold_quotes in gold["quotes"].items():
        predicted = list(versions[label]["quotes"])
        used: set[int] = set()
        matched = 0
        for g in gold_quotes:
            hit = next((i for i, q in enumerate(predicted) if i not in used and _norm(q["text"]) == _norm(g["text"])), None)
            if hit is None:
                scores.quotes.misses.append(f"{name} {label}: quote not found: {g['text'][:60]!r}")
                continue
            used.add(hit)
            matched += 1
            if not g.get("scare_quote"):
                ok = same_speaker(g["speaker"], predicted[hit]["speaker"])
                scores.speakers.add(int(ok), 1, 1)
                if not ok:
                    scores.speakers.misses.append(
                        f"{name} {label}: speaker {predicted[hit]['speaker']!r} for gold {g['speaker']!r}: {g['text'][:40]!r}")
        for i, q in enumerate(predicted):
            if i not in used:
                scores.quotes.misses.append(f"{name} {label}: extra quote {q['text'][:60]!r}")
        scores.quotes.add(matched, len(predicted), len(gold_quotes))

    def key(row: dict) -> frozenset:
        return frozenset((label, tuple(sorted(ix))) for label, ix in row.items() if ix)

    gold_rows = {key(r) for r in gold["alignment"]}
    predicted_rows = [key(r["sentences"]) for r in result["alignment"]]
    hits = sum(1 for r in predicted_rows if r in gold_rows)
    for r in predicted_rows:
        if r not in gold_rows:
            scores.alignment.misses.append(f"{name}: row {sorted(r)} not in gold")
    scores.alignment.add(hits, len(predicted_rows), len(gold_rows))

    predicted = list(result["signals"])
    used = set()
    matched = 0
    for g in gold["signals"]:
        gt = _norm(g["text"])
        hit = next(
            (i for i, s in enumerate(predicted)
             if i not in used and s["type"] == g["type"] and s["version"] == g["version"]
             and s["counterpart"] == g["counterpart"] and (gt in _norm(s["text"]) or _norm(s["text"]) in gt)
             and _norm(s["text"])),
            None,
        )
        if hit is None:
            scores.signals.misses.append(f"{name}: missed {g['type']} in {g['version']}: {g['text'][:60]!r}")
        else:
            used.add(hit)
            matched += 1
    for i, s in enumerate(predicted):
        if i not in used:
            scores.signals.misses.append(f"{name}: extra {s['type']} in {s['version']}: {s['text'][:60]!r}")
    scores.signals.add(matched, len(predicted), len(gold["signals"]))


def score_quote_pairs(name: str, gold: dict, result: dict, scores: Scores) -> None:
    """Predicted quote pairs against ``gold["quote_pairs"]`` (a set without them is skipped)."""
    if "quote_pairs" not in gold:
        return
    reference, other = (v["label"] for v in result["versions"][:2])
    texts = {q["id"]: _norm(q["text"]) for v in result["versions"] for q in v["quotes"]}
    wanted = {(_norm(p[reference]), _norm(p[other])) for p in gold["quote_pairs"]}
    predicted = [(texts[p["reference"]], texts[p["other"]]) for p in result["quote_pairs"]]
    hits = sum(1 for p in predicted if p in wanted)
    for p in predicted:
        if p not in wanted:
            scores.quote_pairs.misses.append(f"{name}: extra pair {p[0][:40]!r} ~ {p[1][:40]!r}")
    for p in wanted - set(predicted):
        scores.quote_pairs.misses.append(f"{name}: missed pair {p[0][:40]!r} ~ {p[1][:40]!r}")
    scores.quote_pairs.add(hits, len(predicted), len(wanted))
