"""Word tokens of target-language text, normalised for comparison.

A token keeps its surface form and its normalised form (case-folded and Snowball-stemmed
for English and Russian so inflection does not read as a change), and knows
whether it is a function word (noise for comparison) or a heavy word whose change always
matters: numbers, negations and names (capitalised words that are not function words).
Function words and negations are language data (``service/data/languages``), pooled: a
text's tokens are read the same whatever its language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from ..language_data import pooled
from ..lazy import once, per_thread

_WORD = re.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?|\w+(?:[’'-]\w+)*", re.U)


@once
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """(function words, negations) of every language, case-folded with ’ read as '."""
    return (frozenset(pooled(lambda lang: lang.comparison.function_words)),
            frozenset(pooled(lambda lang: lang.comparison.negations)))


def function_words() -> frozenset[str]:
    """Function words of every language (case-folded): noise when texts are compared."""
    return _words()[0]


@per_thread
def _stemmer(language: str) -> Stemmer.Stemmer:
    # PyStemmer objects are not safe to share between threads: one per thread.
    return Stemmer.Stemmer(language)


@dataclass(frozen=True)
class Token:
    surface: str
    norm: str
    kind: str  # "function" | "content" | "number" | "negation" | "name"

    @property
    def heavy(self) -> bool:
        return self.kind in ("number", "negation", "name")

    @property
    def counts(self) -> bool:
        """Whether the token carries content (everything but function words)."""
        return self.kind != "function"


def tokenize(text: str) -> list[Token]:
    function_words, negations = _words()
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        surface = match.group(0)
        lower = surface.casefold().replace("’", "'")
        if surface[0].isdigit():
            tokens.append(Token(surface, re.sub(r"[\s.,](?=\d{3}\b)", "", surface), "number"))
        elif lower in negations:
            tokens.append(Token(surface, lower, "negation"))
        elif lower in function_words:
            tokens.append(Token(surface, lower, "function"))
        elif surface[0].isupper():
            # Capitalised words count as names even at a sentence start: a swapped name
            # must never pass as rewording (function words were set aside above).
            tokens.append(Token(surface, stem(lower), "name"))
        else:
            tokens.append(Token(surface, stem(lower), "content"))
    return tokens


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem (Porter 2001) of a lower-case word: Russian for Cyrillic, else English.

    Enough to equate inflected forms ("regimes"/"regime's", "поддержку"/"поддержке").
    """
    word = re.sub(r"['’]s$", "", word)
    language = "russian" if re.search(r"[а-яё]", word) else "english"
    return _stemmer(language).stemWord(word)


def content_norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text) if t.counts]
