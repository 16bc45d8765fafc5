"""Pair the quotes of a version with the reference's quotes, by content, wherever they sit.

Every (reference quote, other quote) pair is scored on its target-language text; pairs
are taken greedily from the best down (each quote used once) while the similarity stays
above a threshold, with a small bonus when the two quotes sit in aligned sentences.
Each pair gets a word-level diff and a verdict (identical / reworded / altered).

Cost: an inverted index of content words proposes at most ``MAX_CANDIDATES`` quotes per
reference quote, so O(q_ref * MAX_CANDIDATES) similarity calls (plus the index lookups),
each bounded by the quote lengths, instead of O(q_ref * q_other).
"""
from __future__ import annotations

from rapidfuzz.distance import Indel

from ..model import Quote, QuotePair
from .diff import word_diff
from .tokens import content_norms

PAIR_THRESHOLD = 0.4
MAX_CANDIDATES = 12  # quotes sharing the most words with a reference quote; bounds the cost
SAME_ROW_BONUS = 0.1


def pair_quotes(
    reference: list[Quote], other: list[Quote], aligned: set[tuple[int, int]]
) -> list[QuotePair]:
    """Quote pairs, reference order; ``aligned`` holds (reference, other) sentence index pairs."""
    norms_a = [sorted(content_norms(q.translation)) for q in reference]
    norms_b = [sorted(content_norms(q.translation)) for q in other]
    index: dict[str, list[int]] = {}
    for j, words in enumerate(norms_b):
        for word in set(words):
            index.setdefault(word, []).append(j)
    # Words found in many quotes ("said", a recurring name) tell no quote apart: skip them.
    common = max(20, len(other) // 5)
    candidates = []
    for i, qa in enumerate(reference):
        if not norms_a[i]:
            continue
        shared: dict[int, int] = {}
        for word in set(norms_a[i]):
            postings = index.get(word, ())
            if len(postings) > common:
                continue
            for j in postings:
                shared[j] = shared.get(j, 0) + 1
        for j in sorted(shared, key=lambda j: (-shared[j], j))[:MAX_CANDIDATES]:
            qb = other[j]
            score = Indel.normalized_similarity(norms_a[i], norms_b[j])
            if (qa.sentence_index, qb.sentence_index) in aligned:
                score += SAME_ROW_BONUS
            if score >= PAIR_THRESHOLD:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            chosen.append((i, j))
    pairs = []
    for i, j in sorted(chosen):
        result = word_diff(reference[i].translation, other[j].translation)
        pairs.append(QuotePair(reference[i].id, other[j].id, result.similarity, result.status, result.ops))
    return pairs
