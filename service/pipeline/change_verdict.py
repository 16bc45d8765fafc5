"""The verdict on an aligned pair: identical, reworded or altered, with its changes.

The translations say what kind of change there is (:mod:`.changes`); when only wording
differs, the originals, scored by a multilingual sentence encoder, say whether there is one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from ..model import Change
from .changes import ChangeReader, is_meaning

class Similarity(Protocol):
    """What the pipeline asks of a multilingual sentence encoder (service.encoder)."""

    def similarity(self, a: str, a_language: str, b: str, b_language: str) -> float | None: ...

    def vectors(self, texts: Sequence[str], language: str): ...

    def covers(self, language: str) -> bool: ...


#: Originals whose sentence vectors are at least this close say the same thing, so differences
#: of wording between their translations are translation noise (cross-language pairs score
#: lower than same-language ones for the same meaning).
SAME_MEANING = {"same_language": 0.70, "cross_language": 0.45}
#: ... and when one side has CLAUSE_WORDS content words or more that the other lacks entirely
CLAUSE_MEANING = {"same_language": 0.80, "cross_language": 0.60}
CLAUSE_WORDS = 3
#: what each kind of change weighs for a signal's severity
KIND_SEVERITY = {"negation": 0.9, "actor": 0.85, "quantity": 0.85, "antonym": 0.85, "modality": 0.85,
                 "time": 0.75, "qualifier": 0.7, "wording": 0.35}


@dataclass(frozen=True)
class Original:
    text: str
    language: str


@dataclass(frozen=True)
class Verdict:
    status: str  # identical | reworded | altered
    changes: list[Change]
    encoder_similarity: float | None = None  # of the originals, when it was asked

    @property
    def meaning(self) -> list[Change]:
        return [c for c in self.changes if is_meaning(c)]

    @property
    def severity(self) -> float:
        return max((KIND_SEVERITY[c.kind] for c in self.changes), default=0.0)


class Judge:
    """Whether two aligned texts differ in meaning, and how (the changes and their kinds).

    The translations say what kind of change there is; the originals say whether there is
    one when only wording differs: if the multilingual encoder finds the originals close,
    the wording is translation noise and the pair is reworded, not altered.
    """

    def __init__(self, reader: ChangeReader, encoder: Similarity | None = None):
        self.reader = reader
        self.encoder = encoder

    def verdict(self, reference: str, other: str, language: str, identical: bool = False,
                originals: tuple[Original, Original] | None = None) -> Verdict:
        if identical:
            return Verdict("identical", [])
        changes = self.reader.changes(reference, other, language)
        if any(is_meaning(c) for c in changes):
            return Verdict("altered", changes)
        if not changes:
            return Verdict("reworded", [])
        similarity = None
        if self.encoder is not None and originals is not None:
            a, b = originals
            similarity = self.encoder.similarity(a.text, a.language, b.text, b.language)
            if similarity is not None and a.language != b.language:
                # across languages the encoder is less sure of itself, most on short texts; the
                # translations, compared in one language, say it too: take the mean
                translated = self.encoder.similarity(reference, language, other, language)
                similarity = (similarity + translated) / 2
        same = originals is None or originals[0].language == originals[1].language
        # words replaced by others are noise unless the originals are far apart; words only
        # one side has (a clause added or dropped) need the originals to be close
        one_sided = max((len([w for w in (c.reference or c.other).split(", ") if w])
                         for c in changes if not (c.reference and c.other)), default=0)
        table = CLAUSE_MEANING if one_sided >= CLAUSE_WORDS else SAME_MEANING
        threshold = table["same_language" if same else "cross_language"]
        if similarity is not None and similarity >= threshold:
            return Verdict("reworded", [], similarity)
        return Verdict("altered", changes, similarity)


def describe(changes: list[Change]) -> str:
    """``must → may (modality); “firm” dropped (qualifier)``: the changes in words."""
    parts = []
    for c in changes:
        if c.reference and c.other:
            parts.append(f"{c.reference} → {c.other} ({c.kind})")
        elif c.reference:
            parts.append(f"“{c.reference}” dropped ({c.kind})")
        elif c.other:
            parts.append(f"“{c.other}” added ({c.kind})")
        else:
            parts.append(c.kind)
    return "; ".join(parts)
