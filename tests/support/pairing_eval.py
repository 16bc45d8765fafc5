"""Scoring story pairing against the labelled archives of tests/data/eval/pairing.

Each line of an archive has a ``story`` label; two articles are one story's versions when
their labels are equal. Pairing is scored on pairs of articles: precision is the share of
pairs put in one cluster that are one story, recall the share of one story's pairs put in
one cluster.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from service.ingest.archive import read_path
from service.ingest.pairing import Cluster

PAIRING = Path(__file__).resolve().parent.parent / "data" / "eval" / "pairing"


def labels(path: Path) -> dict[str, str]:
    """Article id -> story label."""
    return {record["id"]: record["story"] for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())
            if record}


def articles(path: Path):
    return read_path(path)


def gold_pairs(story_of: dict[str, str]) -> set[frozenset[str]]:
    return {frozenset(p) for p in combinations(sorted(story_of), 2) if story_of[p[0]] == story_of[p[1]]}


def predicted_pairs(clusters: list[Cluster]) -> set[frozenset[str]]:
    return {frozenset(p) for c in clusters for p in combinations(c.articles, 2)}


@dataclass
class Score:
    true: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"precision {self.precision:.3f} ({self.true}/{self.predicted}), "
                f"recall {self.recall:.3f} ({self.true}/{self.gold}), F1 {self.f1:.3f}")


def score(clusters: list[Cluster], story_of: dict[str, str]) -> tuple[Score, list[str]]:
    """The pairwise score, and the pairs wrongly joined or missed (for the dev half's study)."""
    gold, predicted = gold_pairs(story_of), predicted_pairs(clusters)
    errors = [f"joined {sorted(p)}" for p in sorted(predicted - gold, key=sorted)]
    errors += [f"missed {sorted(p)}" for p in sorted(gold - predicted, key=sorted)]
    return Score(len(gold & predicted), len(predicted), len(gold)), errors
