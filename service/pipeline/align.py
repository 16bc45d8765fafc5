"""Sentence alignment of a version against the reference, on target-language text.

Dynamic programming over beads 1-1, 1-2, 2-1, 1-0 and 0-1, in the tradition of
Gale & Church (1993) with a lexical score instead of length alone: each bead's gain is
its similarity minus a threshold, skips gain nothing, merges pay a small penalty so 1-1 is
preferred when it explains the text as well. Similarity mixes content-word overlap
(rapidfuzz Indel on normalised content words), a length prior, and anchor bonuses for
shared numbers, names and quoted text.

The search runs in a diagonal band (Bertalign's second step, Liu & Zhu 2022, uses the
same idea) so cost is O(n * band) rather than O(n * m).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from ..model import Sentence
from .tokens import tokenize

MATCH_THRESHOLD = 0.3  # a bead must beat this similarity to be worth more than two skips
MERGE_PENALTY = 0.04
MIN_BAND = 8
MATCH_KIND_SCORE = 0.5  # beads scoring at least this are "match", others "partial"
_QUOTED = re.compile(r"[“«„\"「『‘]([^”»“\"」』’]{3,})")


@dataclass(frozen=True)
class Features:
    content: tuple[str, ...]
    numbers: frozenset[str]
    names: frozenset[str]
    quoted: tuple[str, ...]
    length: int


@dataclass(frozen=True)
class Bead:
    reference: tuple[int, ...]
    other: tuple[int, ...]
    score: float


def features(text: str) -> Features:
    tokens = tokenize(text)
    return Features(
        content=tuple(t.norm for t in tokens if t.counts),
        numbers=frozenset(t.norm for t in tokens if t.kind == "number"),
        names=frozenset(t.norm for t in tokens if t.kind == "name"),
        quoted=tuple(m.group(1).casefold() for m in _QUOTED.finditer(text)),
        length=len(text),
    )


def _merge(parts: list[Features]) -> Features:
    if len(parts) == 1:
        return parts[0]
    return Features(
        content=tuple(w for p in parts for w in p.content),
        numbers=frozenset().union(*(p.numbers for p in parts)),
        names=frozenset().union(*(p.names for p in parts)),
        quoted=tuple(q for p in parts for q in p.quoted),
        length=sum(p.length for p in parts),
    )


def similarity(a: Features, b: Features) -> float:
    """A score in [0, 1.3]: lexical overlap, times a length prior, plus anchor bonuses."""
    if not a.content or not b.content:
        return 0.0
    lexical = Indel.normalized_similarity(sorted(a.content), sorted(b.content))
    ratio = min(a.length, b.length) / max(a.length, b.length)
    prior = 0.6 + 0.4 * math.sqrt(ratio)
    bonus = 0.0
    if a.numbers & b.numbers:
        bonus += 0.1
    if a.names & b.names:
        bonus += 0.05 * min(3, len(a.names & b.names))
    if a.quoted and b.quoted and any(Indel.normalized_similarity(x, y) > 0.7 for x in a.quoted for y in b.quoted):
        bonus += 0.1
    return lexical * prior + bonus


def align(reference: list[Sentence], other: list[Sentence]) -> list[Bead]:
    """Beads covering every sentence of both lists exactly once, in order."""
    fa = [features(s.translation) for s in reference]
    fb = [features(s.translation) for s in other]
    n, m = len(fa), len(fb)
    band = max(MIN_BAND, abs(n - m) + MIN_BAND)
    neg = -math.inf
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    moves = ((1, 0), (0, 1), (1, 1), (1, 2), (2, 1))
    for i in range(n + 1):
        centre = i * m / n if n else 0
        lo, hi = max(0, int(centre) - band), min(m, int(math.ceil(centre)) + band)
        for j in range(lo, hi + 1):
            if (i, j) == (0, 0):
                continue
            top, top_move = neg, None
            for di, dj in moves:
                pi, pj = i - di, j - dj
                prev = best.get((pi, pj))
                if prev is None:
                    continue
                if di and dj:
                    score = similarity(_merge(fa[pi:i]), _merge(fb[pj:j]))
                    gain = score - MATCH_THRESHOLD - (MERGE_PENALTY if di + dj > 2 else 0.0)
                else:
                    score, gain = 0.0, 0.0
                if prev + gain > top:
                    top, top_move = prev + gain, (di, dj, score)
            if top_move is not None:
                best[(i, j)] = top
                back[(i, j)] = top_move
    beads: list[Bead] = []
    i, j = n, m
    if (n, m) not in best:  # cannot happen with the band rule, kept as a guard
        raise RuntimeError("alignment band did not reach the end")
    while (i, j) != (0, 0):
        di, dj, score = back[(i, j)]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(min(score, 1.0), 3)))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
