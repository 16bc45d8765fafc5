"""Loaded-term lexicons (data files in ``service/data/lexicons``) and matching them in text.

Each language's TSV lists terms with a concept key, a category, a one-line note in the
file's language and the same note in English (see the folder's README); a note is shown in
the comparison's language (:func:`note_in`). English and Russian terms match on lemma sequences, so inflected
forms count; terms of languages whose words are not delimited (``word_boundaries = false``
in their language file: Korean, Japanese, Chinese) match as substrings (particles attach to
nouns). Loaded once per process and passed to the pipeline.

Cost: O(words x terms starting with the word's lemma) per text, via an index on the
first lemma of each term.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..language_data import DATA_FOLDER
from ..language_data import language as language_data
from ..lazy import once
from .lemmas import lemmatize

LEXICON_FOLDER = DATA_FOLDER / "lexicons"


def _as_substrings(language: str) -> bool:
    return not language_data(language).word_boundaries


@dataclass(frozen=True)
class Term:
    language: str
    term: str
    concept: str
    category: str
    note: str
    lemmas: tuple[str, ...]
    note_en: str = ""  # the note in English; empty when ``note`` is English already


@dataclass(frozen=True)
class TermMatch:
    term: Term
    start: int
    end: int
    surface: str


class Lexicon:
    def __init__(self, terms: list[Term]):
        self.terms = terms
        self._by_first: dict[tuple[str, str], list[Term]] = {}
        self._substring: dict[str, list[Term]] = {}
        for term in terms:
            if _as_substrings(term.language):
                self._substring.setdefault(term.language, []).append(term)
            else:
                self._by_first.setdefault((term.language, term.lemmas[0]), []).append(term)

    @property
    def languages(self) -> set[str]:
        return {t.language for t in self.terms}

    def find(self, text: str, language: str) -> list[TermMatch]:
        """Every term of ``language`` occurring in ``text``, longest first where they overlap."""
        if _as_substrings(language):
            found = []
            for term in self._substring.get(language, []):
                at = text.find(term.term)
                while at >= 0:
                    found.append(TermMatch(term, at, at + len(term.term), term.term))
                    at = text.find(term.term, at + 1)
            return _without_overlaps(found)
        words = lemmatize(text, language)
        lemmas = [w[0] for w in words]
        found = []
        for i, (first, start, _) in enumerate(words):
            for term in self._by_first.get((language, first), []):
                n = len(term.lemmas)
                if tuple(lemmas[i : i + n]) == term.lemmas:
                    end = words[i + n - 1][2]
                    found.append(TermMatch(term, start, end, text[start:end]))
        return _without_overlaps(found)

    def concepts(self, text: str, language: str) -> set[str]:
        return {m.term.concept for m in self.find(text, language)}


def _without_overlaps(matches: list[TermMatch]) -> list[TermMatch]:
    kept: list[TermMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def load_lexicon(folder: Path = LEXICON_FOLDER) -> Lexicon:
    """The lexicon of every ``<language>.tsv`` in ``folder``, read once per process and folder."""
    return _load(Path(folder))


@once
def _load(folder: Path) -> Lexicon:
    terms = []
    for path in sorted(folder.glob("*.tsv")):
        language = path.stem
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if not row or row[0].startswith("#"):
                    continue
                if len(row) not in (4, 5):
                    raise ValueError(f"{path.name}: expected term, concept, category, note, note_en in {row!r}")
                term, concept, category, note, note_en = (cell.strip() for cell in [*row, ""][:5])
                if language != "en" and not note_en:
                    raise ValueError(f"{path.name}: {term!r} has no English note (note_en)")
                lemmas = tuple(w[0] for w in lemmatize(term, language)) or (term,)
                terms.append(Term(language, term, concept, category, note, lemmas, note_en))
    return Lexicon(terms)


def note_in(term: Term, target: str, lexicon: Lexicon | None = None) -> str | None:
    """The term's note in the ``target`` language: its own note in its own language, the
    English note for English; for another target, the note of that language's term of the
    same concept when its lexicon has one. None when no note in the target is known."""
    if target == term.language:
        return term.note
    if target == "en":
        return term.note_en or None
    if lexicon is not None:
        return next((t.note for t in lexicon.terms if t.language == target and t.concept == term.concept), None)
    return None
