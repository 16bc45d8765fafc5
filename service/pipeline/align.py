"""Sentence alignment of a version against the reference, on target-language text.

Dynamic programming over beads 1-1, 1-2, 2-1, 1-0 and 0-1, in the tradition of
Gale & Church (1993) with a lexical score instead of length alone: each bead's gain is
its similarity minus a threshold, skips gain nothing, merges pay a small penalty so 1-1 is
preferred when it explains the text as well. Similarity mixes content-word overlap
(rapidfuzz Indel on normalised content words), a length prior, and anchor bonuses for
shared numbers, names and quoted text.

The search is anchor-first, like Bertalign's two steps (Liu & Zhu 2022): confident 1-1
pairs found through an inverted index of rare words fix the path, and the dynamic
programme only explores a window around it, so cost grows about linearly with length.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from ..model import Sentence
from .tokens import tokenize

MATCH_THRESHOLD = 0.3  # a bead must beat this similarity to be worth more than two skips
MERGE_PENALTY = 0.04
MIN_BAND = 6  # sentences of slack around the anchors' path
ANCHOR_SCORE = 0.6  # a mutual best pair must score this to anchor the search
ANCHOR_CANDIDATES = 5
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


def anchors(fa: list[Features], fb: list[Features]) -> list[tuple[int, int]]:
    """Confident 1-1 pairs, in order: mutual best matches found through shared rare words.

    An inverted index over content words limits the comparisons to sentences that share
    a word used in few sentences; the longest increasing run of mutual best pairs is kept
    so that anchors never cross.
    """
    index: dict[str, list[int]] = {}
    for j, f in enumerate(fb):
        for word in set(f.content):
            index.setdefault(word, []).append(j)
    cap = max(3, len(fb) // 10)
    best_for_a: dict[int, tuple[float, int]] = {}
    best_for_b: dict[int, tuple[float, int]] = {}
    for i, f in enumerate(fa):
        counts: dict[int, int] = {}
        for word in set(f.content):
            hits = index.get(word, ())
            if len(hits) <= cap:
                for j in hits:
                    counts[j] = counts.get(j, 0) + 1
        for j in sorted(counts, key=lambda j: -counts[j])[:ANCHOR_CANDIDATES]:
            score = similarity(f, fb[j])
            if score > best_for_a.get(i, (0.0, -1))[0]:
                best_for_a[i] = (score, j)
            if score > best_for_b.get(j, (0.0, -1))[0]:
                best_for_b[j] = (score, i)
    pairs = [(i, j) for i, (score, j) in sorted(best_for_a.items())
             if score >= ANCHOR_SCORE and best_for_b.get(j, (0.0, -1))[1] == i]
    return _increasing(pairs)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest run of pairs increasing in both coordinates (patience sorting, O(k log k))."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        position = bisect.bisect_left(tails, j)
        if position == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[position] = j
            tail_index[position] = k
        previous[k] = tail_index[position - 1] if position else -1
    run, k = [], tail_index[-1] if tail_index else -1
    while k >= 0:
        run.append(pairs[k])
        k = previous[k]
    return run[::-1]


def _window(n: int, m: int, fixed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each reference index, the range of other indices the search may visit.

    Between two anchors the range is a band around the line joining them, widened by how
    unequal the gap is on the two sides (plus a margin); with no anchors it is a band
    around the diagonal as wide as the length difference.
    """
    if not fixed:
        band = abs(n - m) + MIN_BAND
        return [(max(0, int(i * m / n) - band) if n else 0, min(m, int(math.ceil(i * m / n)) + band) if n else m)
                for i in range(n + 1)]
    points = [(-1, -1), *fixed, (n, m)]
    rows = [p[0] for p in points]
    ranges = []
    for i in range(n + 1):
        k = bisect.bisect_right(rows, i) - 1
        (ia, ja), (ib, jb) = points[k], points[min(k + 1, len(points) - 1)]
        if ia == i or ib == ia:
            lo, hi = ja, ja + 1
        else:
            # Between two anchors, a band around the straight line joining them, as wide as
            # the gap's imbalance: sparse anchors never open a window over the whole text.
            centre = ja + (i - ia) * (jb - ja) / (ib - ia)
            slack = abs((ib - ia) - (jb - ja))
            lo, hi = int(centre) - slack, int(math.ceil(centre)) + slack
        ranges.append((max(0, lo - MIN_BAND), min(m, hi + MIN_BAND)))
    return ranges


def align(reference: list[Sentence], other: list[Sentence]) -> list[Bead]:
    """Beads covering every sentence of both lists exactly once, in order.

    Cost: anchors through an inverted index (about linear), then dynamic programming only
    inside the windows the anchors leave, so O(n * window) instead of O(n * m).
    """
    fa = [features(s.translation) for s in reference]
    fb = [features(s.translation) for s in other]
    n, m = len(fa), len(fb)
    ranges = _window(n, m, anchors(fa, fb))
    merged: dict[tuple[int, int, int], Features] = {}

    def group(side: int, start: int, end: int) -> Features:
        if end - start == 1:
            return (fa, fb)[side][start]
        key = (side, start, end)
        if key not in merged:
            merged[key] = _merge((fa, fb)[side][start:end])
        return merged[key]

    neg = -math.inf
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    moves = ((1, 0), (0, 1), (1, 1), (1, 2), (2, 1))
    for i in range(n + 1):
        lo, hi = ranges[i]
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
                    score = similarity(group(0, pi, i), group(1, pj, j))
                    gain = score - MATCH_THRESHOLD - (MERGE_PENALTY if di + dj > 2 else 0.0)
                else:
                    score, gain = 0.0, 0.0
                if prev + gain > top:
                    top, top_move = prev + gain, (di, dj, score)
            if top_move is not None:
                best[(i, j)] = top
                back[(i, j)] = top_move
    if (n, m) not in best:  # the windows always reach the corner; kept as a guard
        raise RuntimeError("alignment window did not reach the end")
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj, score = back[(i, j)]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(min(score, 1.0), 3)))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
