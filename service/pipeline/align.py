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
Last, sentences a version moved (left alone on both sides by the monotone search) pair
across the order when they are each other's sure best match.

Across languages the multilingual encoder's cosine of the ORIGINAL sentences joins in
(:class:`Scorer`), and alone carries sentences nothing translated; its mutual best pairs
are anchors too (:func:`encoder_anchors`).
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from rapidfuzz.distance import Indel

from ..language_data import quote_marks
from ..lazy import once
from ..model import Sentence
from .budget import Budget
from .corridor import Corridor, plan_corridor
from .numbers import quantities
from .romanise import fold, skeleton
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
    return lexical * prior + _bonus(a, b)


def _bonus(a: Features, b: Features) -> float:
    """Shared numbers, names and quoted text."""
    bonus = 0.0
    if a.numbers & b.numbers:
        bonus += 0.1
    if a.names & b.names:
        bonus += 0.05 * min(3, len(a.names & b.names))
    if a.quoted and b.quoted and any(Indel.normalized_similarity(x, y) > 0.7 for x in a.quoted for y in b.quoted):
        bonus += 0.1
    return bonus


# -- across languages: the encoder ------------------------------------------------------
#: cosines of the multilingual encoder mapped onto the lexical scale: unrelated sentences
#: score about 0-0.15 across languages, translations of each other 0.6-0.75
ENCODER_FLOOR = 0.2
ENCODER_SPAN = 0.45
#: a mutual best pair of originals this close anchors the search
ENCODER_ANCHOR = 0.5
_BLOCK = 256  # rows of the cosine matrix computed at a time when looking for anchors


@dataclass(frozen=True)
class Originals:
    """What the encoder mode knows of each sentence's ORIGINAL, in any language: its unit
    vector (rows of ``vectors``), the vector of it and the next sentence read as one text
    (rows of ``pairs``: like Bertalign, a merge is judged on the encoding of the joined text,
    which tells a fitting merge from a wrong one far better than a sum of vectors), and its
    numbers and names as script-free keys."""

    vectors: np.ndarray
    pairs: np.ndarray  # row i: sentences i and i + 1 as one text
    sentences: tuple[str, ...]
    language: str
    _marks: dict[int, Features] = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    def texts(sentences: list[Sentence], text: str) -> list[str]:
        """What to encode for ``of``: each sentence, then each two adjacent ones as written."""
        return [s.text for s in sentences] + [text[a.start:b.end] for a, b in zip(sentences, sentences[1:])]

    @classmethod
    def of(cls, sentences: list[Sentence], language: str, vectors: np.ndarray) -> "Originals":
        """From the vectors of :meth:`texts`, in that order."""
        n = len(sentences)
        return cls(vectors[:n], vectors[n:2 * n - 1], tuple(s.text for s in sentences), language)

    def marks(self, start: int, end: int) -> Features:
        """The numbers and names of sentences ``start..end``, read when first asked (only
        untranslated sentences need them)."""
        for i in range(start, end):
            if i not in self._marks:
                self._marks[i] = _marks(self.sentences[i], self.language)
        return _merge([self._marks[i] for i in range(start, end)])


def _marks(text: str, language: str) -> Features:
    """Numbers as values (11 000 = 11,000) and capitalised names as consonant skeletons
    (Лавров = Lavrov), so two scripts meet without translation."""
    names = frozenset(skeleton(fold(t.surface)) for t in tokenize(text) if t.kind == "name" and len(t.surface) >= 3)
    return Features((), (), frozenset(q.key for q in quantities(text, language)), names - {""}, (), len(text))


class Scorer:
    """Similarity of a group of reference sentences and a group of the other version's.

    On translations alone it is :func:`similarity`. With the encoder (versions in two
    languages, or sentences nothing translated), the cosine of the originals' vectors joins
    in: a translated pair scores the better of its lexical score and the mean of lexical and
    encoder scores (so a literal translation that shares few words still meets its
    counterpart, and a faithful one loses nothing); an untranslated pair scores the encoder
    plus the bonus of shared numbers and names.
    """

    def __init__(self, fa: list[Features], fb: list[Features],
                 originals: tuple[Originals, Originals] | None = None):
        self.features = (fa, fb)
        self.originals = originals
        self._merged: dict[tuple[int, int, int], Features] = {}
        self._vectors: dict[tuple[int, int, int], np.ndarray] = {}

    def group(self, side: int, start: int, end: int) -> Features:
        if end - start == 1:
            return self.features[side][start]
        key = (side, start, end)
        found = self._merged.get(key)
        if found is None:
            found = self._merged[key] = _merge(self.features[side][start:end])
        return found

    def score(self, a: tuple[int, int], b: tuple[int, int]) -> float:
        ga, gb = self.group(0, *a), self.group(1, *b)
        lexical = similarity(ga, gb)
        if self.originals is None:
            return lexical
        cosine = float(self._vector(0, *a) @ self._vector(1, *b))
        meaning = max(0.0, (cosine - ENCODER_FLOOR) / ENCODER_SPAN)  # no cap: a merge that fits better scores more
        if ga.content and gb.content:
            return max(lexical, (lexical + meaning) / 2)
        marks_a, marks_b = (o.marks(start, end) for o, (start, end) in zip(self.originals, (a, b)))
        return meaning + _marks_bonus(marks_a, marks_b)

    def _vector(self, side: int, start: int, end: int) -> np.ndarray:
        rows = self.originals[side].vectors
        if end - start == 1:
            return rows[start]
        if end - start == 2:
            return self.originals[side].pairs[start]
        key = (side, start, end)
        found = self._vectors.get(key)
        if found is None:
            total = rows[start:end].sum(axis=0)
            found = self._vectors[key] = total / max(float(np.linalg.norm(total)), 1e-9)
        return found


def _marks_bonus(a: Features, b: Features) -> float:
    """Shared numbers (by the share of the two sides' figures they are, so that a group that
    brings in the rest of its counterpart's figures scores more) and names."""
    bonus = 0.0
    if a.numbers and b.numbers:
        bonus += 0.15 * len(a.numbers & b.numbers) / len(a.numbers | b.numbers)
    if a.names & b.names:
        bonus += 0.05 * min(3, len(a.names & b.names))
    return bonus


def encoder_anchors(originals: tuple[Originals, Originals]) -> list[tuple[int, int]]:
    """Mutual best pairs of originals by cosine, at least ``ENCODER_ANCHOR``: the anchors of
    sentences no lexical index can match (nothing translated them). The cosine matrix is
    computed a block of rows at a time, so memory stays O((n + m) * block)."""
    va, vb = originals[0].vectors, originals[1].vectors
    n, m = len(va), len(vb)
    if not n or not m:
        return []
    best_col = np.empty(n, dtype=np.int64)
    best_row_score = np.empty(n, dtype=np.float32)
    col_best = np.full(m, -np.inf, dtype=np.float32)
    col_arg = np.zeros(m, dtype=np.int64)
    for start in range(0, n, _BLOCK):
        block = va[start:start + _BLOCK] @ vb.T
        best_col[start:start + len(block)] = block.argmax(axis=1)
        best_row_score[start:start + len(block)] = block.max(axis=1)
        rows = block.argmax(axis=0)
        scores = block[rows, np.arange(m)]
        better = scores > col_best
        col_best[better] = scores[better]
        col_arg[better] = rows[better] + start
    return [(i, int(best_col[i])) for i in range(n)
            if best_row_score[i] >= ENCODER_ANCHOR and col_arg[best_col[i]] == i]


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


def align(reference: list[Sentence], other: list[Sentence], budget: Budget | None = None,
          originals: tuple[Originals, Originals] | None = None) -> list[Bead]:
    """Beads covering every sentence of both lists exactly once, in order.

    Sentences are compared on their translations; a sentence with none (``None``) has no
    words to compare, only what ``originals`` (the encoder's vectors of the original
    sentences, when the caller has them) says. Cost: anchors through inverted indexes
    (about linear; the encoder's anchors through one blockwise matrix product), then
    dynamic programming only inside the corridor the anchors leave, whose size is capped
    at a fixed number of cells per sentence: O(n + m) time and memory whatever the texts.
    """
    budget = budget or Budget.unlimited()
    fa = [features(s.translation or "") for s in reference]
    fb = [features(s.translation or "") for s in other]
    scorer = Scorer(fa, fb, originals)
    budget.check("alignment")
    found = anchors(fa, fb)
    if originals is not None:
        # by row, and within a row the later column first: the longest run increasing in columns
        # then never takes two anchors of one row
        found = _increasing(sorted(set(found) | set(encoder_anchors(originals)), key=lambda p: (p[0], -p[1])))
        budget.check("alignment")
    corridor = plan_corridor(len(fa), len(fb), found)
    path = _search(scorer, corridor, budget)
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
        path = _search(scorer, corridor, budget)
    beads = [Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(min(score, 1.0), 3))
             for i, j, (di, dj), score in path]
    return _moved(beads, scorer)


#: a sentence left alone on each side pairs across the alignment's order only this surely
MOVED_SCORE = 0.8
MAX_MOVED_GRID = 250_000  # leftover pairs scored at most (bounds a text of thousands of leftovers)


def _moved(beads: list[Bead], scorer: Scorer) -> list[Bead]:
    """Sentences a version moved elsewhere (a reordered paragraph): the dynamic programme is
    monotone, so a moved sentence is left alone on both sides; a reference sentence and an
    other sentence both left alone that are each other's best match at ``MOVED_SCORE`` or
    more become one bead, in the reference's place (the alignment then crosses)."""
    alone_a = [b.reference[0] for b in beads if not b.other]
    alone_b = [b.other[0] for b in beads if not b.reference]
    if not alone_a or not alone_b or len(alone_a) * len(alone_b) > MAX_MOVED_GRID:
        return beads
    scores = {(i, j): scorer.score((i, i + 1), (j, j + 1)) for i in alone_a for j in alone_b}
    best_a = {i: max(alone_b, key=lambda j: scores[i, j]) for i in alone_a}
    best_b = {j: max(alone_a, key=lambda i: scores[i, j]) for j in alone_b}
    moved = {i: j for i, j in best_a.items() if best_b[j] == i and scores[i, j] >= MOVED_SCORE}
    if not moved:
        return beads
    taken = set(moved.values())
    result = []
    for bead in beads:
        if not bead.other and bead.reference[0] in moved:
            i = bead.reference[0]
            result.append(Bead((i,), (moved[i],), round(min(scores[i, moved[i]], 1.0), 3)))
        elif not (not bead.reference and bead.other[0] in taken):
            result.append(bead)
    return result


def _search(scorer: Scorer, corridor: Corridor, budget: Budget):
    """The best path through the corridor: (i, j, move, score) per bead, in order.

    Row by row over the corridor's ranges; each row keeps its best scores, its traceback
    codes and its 1-1 similarities (a merge of two sentences that each share nothing with
    the other side shares nothing either, so such merges are never scored).
    """
    fa, fb = scorer.features
    n = len(fa)
    ranges = corridor.ranges
    score = scorer.score

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
                pair = score((i - 1, i), (j - 1, j))
                pairs[k] = pair
                if ulo <= j - 1 <= uhi and up[j - 1 - ulo] + pair - threshold > top:  # 1-1
                    top, code = up[j - 1 - ulo] + pair - threshold, 2
                if j >= 2 and ulo <= j - 2 <= uhi and (pair or (k >= 1 and pairs[k - 1])):  # 1-2
                    gain = score((i - 1, i), (j - 2, j)) - merge_cost
                    if up[j - 2 - ulo] + gain > top:
                        top, code = up[j - 2 - ulo] + gain, 3
                if up2 is not None and u2lo <= j - 1 <= u2hi and (
                        pair or (ulo <= j <= uhi and up_pairs[j - ulo])):  # 2-1
                    gain = score((i - 2, i), (j - 1, j)) - merge_cost
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
        path.append((i, j, (di, dj), score((i - di, i), (j - dj, j)) if di and dj else 0.0))
        i, j = i - di, j - dj
    path.reverse()
    return path
