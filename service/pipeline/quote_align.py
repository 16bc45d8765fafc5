"""Pair the quotes of a version with the reference's quotes, by content, wherever they sit.

Every (reference quote, other quote) pair is scored on its target-language text; pairs
are taken greedily from the best down (each quote used once) while the similarity stays
above a threshold, with a small bonus when the two quotes sit in aligned sentences.
Each pair gets a word-level diff, its changes with their kinds and a verdict (identical /
reworded / altered) from :class:`~service.pipeline.change_verdict.Judge`.

A quote nothing translated has no words to compare: it pairs by the encoder's cosine of the
originals (anywhere in the version, though a quote in an aligned sentence needs less), and
its pair is judged on the originals alone (:mod:`.untranslated`, ``basis: "encoder"``).

Cost: an inverted index of content words proposes at most ``MAX_CANDIDATES`` quotes per
reference quote, so O(q_ref * MAX_CANDIDATES) similarity calls (plus the index lookups),
each bounded by the quote lengths, instead of O(q_ref * q_other).
"""
from __future__ import annotations

from rapidfuzz.distance import Indel

from ..model import Quote, QuotePair
from .change_verdict import Judge, Original, Similarity
from . import untranslated
from .diff import word_diff
from .tokens import content_norms

PAIR_THRESHOLD = 0.4
MAX_CANDIDATES = 12  # quotes sharing the most words with a reference quote; bounds the cost
SAME_ROW_BONUS = 0.1
#: encoder cosine of the original words above which two quotes of aligned sentences that
#: share too few translated words are still one quote
MEANING_PAIR_THRESHOLD = {"same_language": 0.6, "cross_language": 0.4}
#: ... and what an untranslated quote needs outside aligned sentences
UNALIGNED_EXTRA = 0.15
#: quotes left to pair by meaning beyond which only aligned sentences are searched (bounds
#: the cosine matrix of a text made of thousands of quotes)
MAX_MEANING_GRID = 250_000


def pair_quotes(
    reference: list[Quote], other: list[Quote], aligned: set[tuple[int, int]], judge: Judge,
    languages: tuple[str, str], target: str,
) -> list[QuotePair]:
    """Quote pairs, reference order; ``aligned`` holds (reference, other) sentence index pairs.
    ``judge`` names each pair's changes (on the translations) and says whether wording alone
    is translation noise (on the originals, in ``languages``)."""
    norms_a = [sorted(content_norms(q.translation or "")) for q in reference]
    norms_b = [sorted(content_norms(q.translation or "")) for q in other]
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
    chosen = _greedy(candidates)
    chosen += _greedy(_by_meaning(reference, other, aligned, chosen, judge.encoder, languages))
    pairs = []
    for i, j in sorted(chosen):
        a, b = reference[i], other[j]
        if a.translation is None or b.translation is None:
            pairs.append(_by_originals(a, b, judge.encoder, languages))
            continue
        result = word_diff(a.translation, b.translation)
        verdict = judge.verdict(a.translation, b.translation, target, identical=result.status == "identical",
                                originals=(Original(a.text, languages[0]), Original(b.text, languages[1])))
        pairs.append(QuotePair(a.id, b.id, result.similarity, verdict.status, result.ops, verdict.changes,
                               verdict.encoder_similarity))
    return pairs


def _by_originals(a: Quote, b: Quote, encoder: Similarity | None, languages: tuple[str, str]) -> QuotePair:
    """The pair of an untranslated quote: judged on the originals, with no word diff."""
    originals = (Original(a.text, languages[0]), Original(b.text, languages[1]))
    cosine = encoder.similarity(a.text, languages[0], b.text, languages[1]) if encoder is not None else None
    verdict = untranslated.verdict(*originals, cosine)
    score = round(cosine, 3) if cosine is not None else 0.0
    return QuotePair(a.id, b.id, score, verdict.status, [], verdict.changes, cosine, basis="encoder")


def _greedy(candidates: list[tuple[float, int, int]], taken: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Pairs taken best first, each quote once."""
    used_a = {i for i, _ in taken}
    used_b = {j for _, j in taken}
    chosen = []
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            chosen.append((i, j))
    return chosen


def _by_meaning(reference: list[Quote], other: list[Quote], aligned: set[tuple[int, int]],
                chosen: list[tuple[int, int]], encoder: Similarity | None,
                languages: tuple[str, str]) -> list[tuple[float, int, int]]:
    """Candidates among the quotes left unpaired that sit in aligned sentences, scored by the
    encoder on their ORIGINAL words: a literal translation may share few words with the
    reference's rendering of the same quote ("hand in hand construct the human destiny
    community" / "work together to build a community with a shared future for mankind")."""
    if encoder is None:
        return []
    used_a, used_b = {i for i, _ in chosen}, {j for _, j in chosen}
    left_a = [i for i, q in enumerate(reference) if i not in used_a and not q.scare_quote]
    left_b = [j for j, q in enumerate(other) if j not in used_b and not q.scare_quote]
    # Untranslated quotes may pair anywhere (they had no other chance); the rest only in
    # aligned sentences, like before.
    anywhere = len(left_a) * len(left_b) <= MAX_MEANING_GRID
    pairs = [(i, j) for i in left_a for j in left_b
             if (reference[i].sentence_index, other[j].sentence_index) in aligned
             or (anywhere and (reference[i].translation is None or other[j].translation is None))]
    if not pairs:
        return []
    va = encoder.vectors([reference[i].text for i in left_a], languages[0])
    vb = encoder.vectors([other[j].text for j in left_b], languages[1])
    if va is None or vb is None:
        return []
    row, column = {i: n for n, i in enumerate(left_a)}, {j: n for n, j in enumerate(left_b)}
    threshold = MEANING_PAIR_THRESHOLD["same_language" if languages[0] == languages[1] else "cross_language"]
    scored = []
    for i, j in pairs:
        score = float(va[row[i]] @ vb[column[j]])
        if (reference[i].sentence_index, other[j].sentence_index) not in aligned:
            score -= UNALIGNED_EXTRA
        if score >= threshold:
            scored.append((score, i, j))
    return scored
