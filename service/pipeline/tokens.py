"""Word tokens of target-language text, normalised for comparison.

A token keeps its surface form and its normalised form (case-folded and Snowball-stemmed
for English and Russian so inflection does not read as a change), and knows
whether it is a function word (noise for comparison) or a heavy word whose change always
matters: numbers, negations and names (capitalised words that are not function words).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from ..lazy import per_thread

_WORD = re.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?|\w+(?:[’'-]\w+)*", re.U)

FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor so yet of in on at to for from by with without about into onto over under
    as than that this these those it its it's is are was were be been being am do does did done have has had
    will would shall should can could may might must which who whom whose what when where why how
    he she they we you i me him her them us my your his their our there here then also very just
    such some any each both either neither all more most other another same own only too
    up out off again further once upon while during before after between among through against
    if because until although though whether said says along throughout across toward towards within
    among amid amidst via near around beyond despite per onto
    и в во не на с со что как а но по к ко у из за от до о об при для же ли бы ни то это этот эта эти
    его её ее их он она они мы вы я ты был была было были быть будет так также уже еще ещё который которая которые
    """.split()
)
NEGATIONS = frozenset("no not never none nobody nothing neither nor cannot can't won't don't doesn't didn't isn't aren't wasn't weren't не нет никогда ни".split())



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
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        surface = match.group(0)
        lower = surface.casefold().replace("’", "'")
        if surface[0].isdigit():
            tokens.append(Token(surface, re.sub(r"[\s.,](?=\d{3}\b)", "", surface), "number"))
        elif lower in NEGATIONS:
            tokens.append(Token(surface, lower, "negation"))
        elif lower in FUNCTION_WORDS:
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
