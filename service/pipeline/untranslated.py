"""What two ORIGINAL texts in different languages say of each other when nothing translates
them: their numbers, their negations, and the multilingual encoder's cosine.

Without a translation there are no words to diff, so an untranslated quote pair is judged
on what survives translation unchanged: the quantities (read in each text's own language,
``11 000`` = ``11,000``), whether the text is negated (each language's negation, from its
language data), and how close the encoder puts the two originals. The verdict says so
(``basis: "encoder"``): a reader knows it rests on a score, not on words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..language_data import language as language_data
from ..model import Change
from .change_verdict import Original, Verdict
from .numbers import quantities

#: encoder cosine of two originals in different languages at or above which an untranslated
#: quote pair with the same numbers and negation is taken to say the same thing; faithful
#: translations score about 0.6-0.75, quotes changed in substance lower
SAME_QUOTE = {"same_language": 0.7, "cross_language": 0.5}


@lru_cache(maxsize=64)
def _negation(language: str) -> re.Pattern | None:
    data = language_data(language).comparison
    if data.negation_pattern:
        return re.compile(data.negation_pattern)
    if data.negations:
        words = sorted(data.negations, key=len, reverse=True)
        return re.compile(r"(?i)(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    return None


def negation(text: str, language: str) -> str | None:
    """The first negation of ``text`` as written, or None (also for a language without data)."""
    pattern = _negation(language)
    # ’ read as ' (one character for one, so the match's offsets hold in ``text``)
    found = pattern.search(text.replace("’", "'")) if pattern is not None else None
    return text[found.start():found.end()].strip() if found else None


def knows_negation(language: str) -> bool:
    return _negation(language) is not None


def numbers(text: str, language: str) -> dict[str, str]:
    """The quantities of ``text`` by value key, each as written."""
    return {q.key: q.text for q in quantities(text, language)}


def verdict(reference: Original, other: Original, cosine: float | None) -> Verdict:
    """Identical is never said (no words compared); altered when the numbers or the negation
    differ, or when the encoder puts the originals far apart; reworded otherwise."""
    changes: list[Change] = []
    ours, theirs = numbers(reference.text, reference.language), numbers(other.text, other.language)
    if ours and theirs and set(ours) != set(theirs):
        changes.append(Change("quantity", ", ".join(v for k, v in ours.items() if k not in theirs),
                              ", ".join(v for k, v in theirs.items() if k not in ours)))
    if knows_negation(reference.language) and knows_negation(other.language):
        a, b = negation(reference.text, reference.language), negation(other.text, other.language)
        if (a is None) != (b is None):
            changes.append(Change("negation", a or "", b or ""))
    if changes:
        return Verdict("altered", changes, cosine)
    same = "same_language" if reference.language == other.language else "cross_language"
    if cosine is not None and cosine >= SAME_QUOTE[same]:
        return Verdict("reworded", [], cosine)
    return Verdict("altered", [], cosine)
