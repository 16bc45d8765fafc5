"""Sentence alignment of a version against the reference, on target-language text.

Dynamic programming over beads 1-1, 1-2, 2-1, 1-0 and 0-1, in the tradition of
Gale & Church (1993) with a lexical score instead of length alone: each bead's gain is
its similarity minus a threshold, skips gain nothing, merges pay a small penalty so 1-1 is
preferred when it explains the text as well. Similarity mixes content-word overlap
(rapidfuzz Indel on normalised content words), a length prior, and anchor bonuses for
shared numbers, names and quoted text.

The search is anchor-first, like Bertalign's two steps (Liu & Zhu 2022): confident 1-1
pairs fix the path, and the dynamic programme only explores a corridor around it. Anchors
are mutual best pairs found through an inverted index of rare words, then searched again
inside every wide gap between them with a gap-local index that also knows word prefixes
(so inflected or derived forms still meet). Between two anchors the corridor is the whole
gap when it is small, else a band around the gap's diagonal that always stays connected,
so the search reaches the end whatever the anchors are. A hard budget of cells bounds the
cost: the DP never visits more than about ``CELLS_PER_SENTENCE`` cells per sentence, so
time and memory stay linear on any text. Where the best path runs along the edge of a
narrowed band, that band alone is widened and the search run again (:mod:`.corridor`).
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Callable

from rapidfuzz.distance import Indel

from ..language_data import quote_marks
from ..lazy import once
from ..model import Sentence
from .budget import Budget
from .corridor import Corridor, plan_corridor
from .tokens import tokenize

MATCH_THRESHOLD = 0.3  # a bead must beat this similarity to be worth more than two skips
MERGE_PENALTY = 0.04
ANCHOR_SCORE = 0.6  # a mutual best pair must score this to anchor the search
ANCHOR_CANDIDATES = 5
#: a gap between anchors with at least this many sentences on both sides is searched for more
GAP_FOR_LOCAL_ANCHORS = 4
PREFIX = 5  # words of at least this many letters are also indexed by their first PREFIX letters
MATCH_KIND_SCORE = 0.5  # beads scoring at least this are "match", others "partial"
MAX_WIDENING_ROUNDS = 2


@dataclass(frozen=True)
class Features:
    content: tuple[str, ...]
    bag: tuple[str, ...]  # content, sorted: the order-free form similarity compares
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
    content = tuple(t.norm for t in tokens if t.counts)
    return Features(
        content=content,
        bag=tuple(sorted(content)),
        numbers=frozenset(t.norm for t in tokens if t.kind == "number"),
        names=frozenset(t.norm for t in tokens if t.kind == "name"),
        quoted=tuple(m.group(1).casefold() for m in _quoted().finditer(text)),
        length=len(text),
    )


@once
def _quoted() -> re.Pattern:
    """An opening quotation mark and the text after it up to the first mark closing any opener."""
    marks = quote_marks()
    openers = marks.alignment_openers
    return re.compile(f"[{re.escape(openers)}]([^{re.escape(marks.closers_of(openers))}]{{3,}})")


def _merge(parts: list[Features]) -> Features:
    if len(parts) == 1:
        return parts[0]
    content = tuple(w for p in parts for w in p.content)
    return Features(
        content=content,
        bag=tuple(sorted(content)),
        numbers=frozenset().union(*(p.numbers for p in parts)),
        names=frozenset().union(*(p.names for p in parts)),
        quoted=tuple(q for p in parts for q in p.quoted),
        length=sum(p.length for p in parts),
    )


def similarity(a: Features, b: Features) -> float:
    """A score in [0, 1.3]: lexical overlap, times a length prior, plus anchor bonuses."""
    if not a.content or not b.content:
        return 0.0
    lexical = Indel.normalized_similarity(a.bag, b.bag)
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


# -- anchors ---------------------------------------------------------------------------
def _words(f: Features) -> set[str]:
    return set(f.content)


def _words_and_prefixes(f: Features) -> set[str]:
    keys = set(f.content)
    keys.update("\x01" + w[:PREFIX] for w in f.content if len(w) >= PREFIX)
    return keys


def _mutual_best(fa: list[Features], fb: list[Features], rows: range, cols: range,
                 keys: Callable[[Features], set[str]]) -> list[tuple[int, int]]:
    """Mutual best pairs between ``rows`` of ``fa`` and ``cols`` of ``fb`` that score
    at least ``ANCHOR_SCORE``, proposed by keys that few sentences of ``cols`` share."""
    index: dict[str, list[int]] = {}
    for j in cols:
        for key in keys(fb[j]):
            index.setdefault(key, []).append(j)
    cap = max(3, len(cols) // 10)
    best_for_a: dict[int, tuple[float, int]] = {}
    best_for_b: dict[int, tuple[float, int]] = {}
    for i in rows:
        counts: dict[int, int] = {}
        for key in keys(fa[i]):
            hits = index.get(key, ())
            if len(hits) <= cap:
                for j in hits:
                    counts[j] = counts.get(j, 0) + 1
        # ties broken by position, so one text always gets one alignment
        for j in sorted(counts, key=lambda j: (-counts[j], j))[:ANCHOR_CANDIDATES]:
            score = similarity(fa[i], fb[j])
            if score > best_for_a.get(i, (0.0, -1))[0]:
                best_for_a[i] = (score, j)
            if score > best_for_b.get(j, (0.0, -1))[0]:
                best_for_b[j] = (score, i)
    return [(i, j) for i, (score, j) in sorted(best_for_a.items())
            if score >= ANCHOR_SCORE and best_for_b.get(j, (0.0, -1))[1] == i]


def anchors(fa: list[Features], fb: list[Features]) -> list[tuple[int, int]]:
    """Confident 1-1 pairs, in order and never crossing.

    First over the whole texts, by words rare in the other version; then inside each gap
    between two anchors that is wide on both sides, by words (and word prefixes) rare in
    that gap: a word common in the article may still tell two sentences of one passage
    apart. The longest increasing run of each pass is kept.
    """
    n, m = len(fa), len(fb)
    found = _increasing(_mutual_best(fa, fb, range(n), range(m), _words))
    result: list[tuple[int, int]] = []
    for (pa, pb), (qa, qb) in zip([(-1, -1), *found], [*found, (n, m)]):
        if qa - pa - 1 >= GAP_FOR_LOCAL_ANCHORS and qb - pb - 1 >= GAP_FOR_LOCAL_ANCHORS:
            result.extend(_increasing(_mutual_best(fa, fb, range(pa + 1, qa), range(pb + 1, qb), _words_and_prefixes)))
        if qa < n:
            result.append((qa, qb))
    return result


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


# -- dynamic programming -----------------------------------------------------------------
# Moves, by the code stored for the traceback: (reference sentences, other sentences).
_MOVES = ((1, 0), (0, 1), (1, 1), (1, 2), (2, 1))
_START = 255


def align(reference: list[Sentence], other: list[Sentence], budget: Budget | None = None) -> list[Bead]:
    """Beads covering every sentence of both lists exactly once, in order.

    Cost: anchors through inverted indexes (about linear), then dynamic programming only
    inside the corridor the anchors leave, whose size is capped at a fixed number of cells
    per sentence: O(n + m) time and memory whatever the texts.
    """
    budget = budget or Budget.unlimited()
    fa = [features(s.translation) for s in reference]
    fb = [features(s.translation) for s in other]
    budget.check("alignment")
    corridor = plan_corridor(len(fa), len(fb), anchors(fa, fb))
    path = _search(fa, fb, corridor, budget)
    for _ in range(MAX_WIDENING_ROUNDS):
        # Only where the path found matches: a band around text that matches nothing has
        # nothing better outside it.
        touching = [(i, j) for i, j, (di, dj), score in path if di and dj and score > MATCH_THRESHOLD]
        if not touching:
            break
        wider = corridor.widened_where_touched([(i, j) for i, j, _, _ in path], matched=touching)
        if wider is None:
            break
        corridor = wider
        path = _search(fa, fb, corridor, budget)
    return [Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(min(score, 1.0), 3))
            for i, j, (di, dj), score in path]


def _search(fa: list[Features], fb: list[Features], corridor: Corridor, budget: Budget):
    """The best path through the corridor: (i, j, move, score) per bead, in order.

    Row by row over the corridor's ranges; each row keeps its best scores, its traceback
    codes and its 1-1 similarities (a merge of two sentences that each share nothing with
    the other side shares nothing either, so such merges are never scored).
    """
    n = len(fa)
    ranges = corridor.ranges
    merged: dict[tuple[int, int, int], Features] = {}

    def group(side: int, start: int, end: int) -> Features:
        if end - start == 1:
            return (fa, fb)[side][start]
        key = (side, start, end)
        found = merged.get(key)
        if found is None:
            found = merged[key] = _merge((fa, fb)[side][start:end])
        return found

    neg = -math.inf
    best: list[list[float]] = []
    back: list[bytearray] = []
    pair_scores: list[list[float]] = []  # per row i, at column j: similarity(a[i-1], b[j-1])
    threshold, merge_cost = MATCH_THRESHOLD, MATCH_THRESHOLD + MERGE_PENALTY
    for i in range(n + 1):
        if i % 64 == 0:
            budget.check("alignment")
        lo, hi = ranges[i]
        width = hi - lo + 1
        row, moves, pairs = [neg] * width, bytearray(width), [0.0] * width
        up = best[i - 1] if i >= 1 else None
        ulo, uhi = ranges[i - 1] if i >= 1 else (0, -1)
        up2 = best[i - 2] if i >= 2 else None
        u2lo, u2hi = ranges[i - 2] if i >= 2 else (0, -1)
        up_pairs = pair_scores[i - 1] if i >= 1 else None
        a1 = fa[i - 1] if i >= 1 else None
        for j in range(lo, hi + 1):
            k = j - lo
            if i == 0 and j == 0:
                row[0], moves[0] = 0.0, _START
                continue
            top, code = neg, _START
            if up is not None and ulo <= j <= uhi and up[j - ulo] > top:  # 1-0: a[i-1] alone
                top, code = up[j - ulo], 0
            if k >= 1 and row[k - 1] > top:  # 0-1: b[j-1] alone
                top, code = row[k - 1], 1
            if up is not None and j >= 1:
                pair = similarity(a1, fb[j - 1])
                pairs[k] = pair
                if ulo <= j - 1 <= uhi and up[j - 1 - ulo] + pair - threshold > top:  # 1-1
                    top, code = up[j - 1 - ulo] + pair - threshold, 2
                if j >= 2 and ulo <= j - 2 <= uhi and (pair or (k >= 1 and pairs[k - 1])):  # 1-2
                    gain = similarity(a1, group(1, j - 2, j)) - merge_cost
                    if up[j - 2 - ulo] + gain > top:
                        top, code = up[j - 2 - ulo] + gain, 3
                if up2 is not None and u2lo <= j - 1 <= u2hi and (
                        pair or (ulo <= j <= uhi and up_pairs[j - ulo])):  # 2-1
                    gain = similarity(group(0, i - 2, i), fb[j - 1]) - merge_cost
                    if up2[j - 1 - u2lo] + gain > top:
                        top, code = up2[j - 1 - u2lo] + gain, 4
            row[k], moves[k] = top, code
        best.append(row)
        back.append(moves)
        pair_scores.append(pairs)
    m = len(fb)
    if best[n][m - ranges[n][0]] == neg:  # the corridor is connected by construction
        raise AssertionError("alignment corridor is not connected")
    path = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = _MOVES[back[i][j - ranges[i][0]]]
        score = similarity(group(0, i - di, i), group(1, j - dj, j)) if di and dj else 0.0
        path.append((i, j, (di, dj), score))
        i, j = i - di, j - dj
    path.reverse()
    return path
