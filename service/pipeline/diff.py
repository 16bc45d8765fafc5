"""Word-level diff of two target-language texts and a verdict tolerant of translation noise.

Opcodes come from rapidfuzz's Indel alignment over normalised tokens (``equal``,
``delete``, ``insert``; a replacement is reported as a delete followed by an insert).
The verdict:

* ``identical`` - the same normalised tokens;
* ``reworded`` - only translation noise: function words, inflection, word order, or a
  one-for-one swap of ordinary content words (near-synonyms: "display" / "manifestation");
* ``altered`` - content words added or dropped, too many swapped, or any number,
  negation or name changed.

Cost: O(n*m) in the two token counts, which are bounded by the sentence or quote length.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from ..model import QuoteStatus, RowDiff, WordEdit
from .tokens import Token, tokenize

#: share of content words that may be swapped one-for-one and still count as rewording
MAX_SWAPPED_SHARE = 0.34


@dataclass(frozen=True)
class DiffResult:
    status: QuoteStatus
    similarity: float
    ops: list[tuple[str, str]]  # (equal|delete|insert, words)
    added: list[str]  # content words only in the second text (surface forms)
    dropped: list[str]  # content words only in the first text
    heavy: list[str]  # numbers, negations or names that differ


def word_diff(first: str, second: str) -> DiffResult:
    a, b = tokenize(first), tokenize(second)
    ops = _opcodes(a, b)
    similarity = round(Indel.normalized_similarity([t.norm for t in a], [t.norm for t in b]), 3)
    if [t.norm for t in a] == [t.norm for t in b]:
        return DiffResult("identical", 1.0, ops, [], [], [])

    # Bag-of-words comparison on content tokens makes word order irrelevant.
    ca = Counter(t.norm for t in a if t.counts)
    cb = Counter(t.norm for t in b if t.counts)
    only_a = ca - cb
    only_b = cb - ca
    first_by_norm = {t.norm: t for t in a}
    second_by_norm = {t.norm: t for t in b}
    dropped = [first_by_norm[n] for n in only_a.elements()]
    added = [second_by_norm[n] for n in only_b.elements()]
    heavy = [t.surface for t in dropped + added if t.heavy]
    dropped_left, added_left = _without_variants(dropped, added)
    swapped = min(len(dropped_left), len(added_left))
    unpaired = abs(len(dropped_left) - len(added_left))
    content = max(1, sum(ca.values()), sum(cb.values()))
    if heavy or unpaired or swapped > max(1, int(MAX_SWAPPED_SHARE * content)):
        status: QuoteStatus = "altered"
    else:
        status = "reworded"
    return DiffResult(status, similarity, ops, [t.surface for t in added], [t.surface for t in dropped], heavy)


#: two words this alike (on their stems) are one word in another form ("despair" /
#: "desperation", "through" / "throughout"), not a swap of one word for another
VARIANT_SIMILARITY = 0.7


def _without_variants(dropped: list[Token], added: list[Token]) -> tuple[list[Token], list[Token]]:
    """Drop dropped/added pairs that are forms of one word; keep numbers, names, negations."""
    left = list(added)
    kept = []
    for token in dropped:
        if token.heavy:
            kept.append(token)
            continue
        match = next((t for t in left if not t.heavy and Indel.normalized_similarity(token.norm, t.norm) >= VARIANT_SIMILARITY), None)
        if match is None:
            kept.append(token)
        else:
            left.remove(match)
    return kept, left


def _opcodes(a: list[Token], b: list[Token]) -> list[tuple[str, str]]:
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes([t.norm for t in a], [t.norm for t in b]):
        if tag == "equal":
            _push(ops, "equal", " ".join(t.surface for t in b[j1:j2]))
            continue
        if i2 > i1:
            _push(ops, "delete", " ".join(t.surface for t in a[i1:i2]))
        if j2 > j1:
            _push(ops, "insert", " ".join(t.surface for t in b[j1:j2]))
    # Indel reports a replacement as insert-then-delete; readers expect what went first.
    for i in range(len(ops) - 1):
        if ops[i][0] == "insert" and ops[i + 1][0] == "delete":
            ops[i], ops[i + 1] = ops[i + 1], ops[i]
    return ops


def _push(ops: list[tuple[str, str]], tag: str, words: str) -> None:
    if ops and ops[-1][0] == tag:
        ops[-1] = (tag, ops[-1][1] + " " + words)
    else:
        ops.append((tag, words))


@dataclass(frozen=True)
class LocatedToken:
    token: Token
    start: int
    end: int


def locate_tokens(text: str) -> list[LocatedToken]:
    """The tokens of ``text`` with their character offsets (they come in order)."""
    located, position = [], 0
    for token in tokenize(text):
        start = text.find(token.surface, position)
        if start < 0:  # cannot happen for tokens cut from ``text``; stay safe
            continue
        located.append(LocatedToken(token, start, start + len(token.surface)))
        position = start + len(token.surface)
    return located


def word_edits(first: str, second: str) -> RowDiff:
    """Where ``second`` differs from ``first``, word by word, as character spans of each.

    Consecutive inserted and deleted words form one edit (a replacement when both sides
    have words). A deletion is placed in ``second`` right after the word before it (or at
    the start), so a reader sees where the words went missing.
    """
    a, b = locate_tokens(first), locate_tokens(second)
    norms_a, norms_b = [t.token.norm for t in a], [t.token.norm for t in b]
    edits: list[WordEdit] = []
    block: list[tuple[int, int, int, int]] = []

    def flush() -> None:
        if not block:
            return
        i1, i2 = block[0][0], block[-1][1]
        j1, j2 = block[0][2], block[-1][3]
        if j2 > j1:
            other = (b[j1].start, b[j2 - 1].end)
        else:
            at = b[j1 - 1].end if j1 > 0 else (b[0].start if b else 0)
            other = (at, at)
        reference = (a[i1].start, a[i2 - 1].end) if i2 > i1 else ((a[i1 - 1].end, a[i1 - 1].end) if i1 > 0 else (0, 0))
        edits.append(WordEdit(reference[0], reference[1], other[0], other[1]))
        block.clear()

    for op in Indel.opcodes(norms_a, norms_b):
        if op.tag == "equal":
            flush()
        else:
            block.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    flush()
    return RowDiff(round(Indel.normalized_similarity(norms_a, norms_b), 4), edits)
