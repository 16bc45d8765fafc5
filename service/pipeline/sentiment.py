"""Evaluative words: the valence lexicon of VADER (Hutto & Gilbert 2014).

VADER's 7,500 English words and phrases, each rated by ten people from -4 (most negative)
to +4 (most positive), ship with the ``vaderSentiment`` package (MIT). The comparison uses
them only to tell an evaluative modifier ("confident", "criminal", "perfect") from a
descriptive one ("shared", "new", "back"): a modifier one version adds to a quote is a
change of qualifier when it is evaluative. Read once per process, on first use.
"""
from __future__ import annotations

import importlib.resources

from ..lazy import once

#: |valence| at least this (VADER's scale runs from -4 to +4) makes a word evaluative
EVALUATIVE = 1.5


@once
def _lexicon() -> dict[str, float]:
    try:
        text = (importlib.resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    valence = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                valence[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return valence


def valence(word: str) -> float:
    """VADER's mean rating of ``word`` (0.0 when it has none); an adverb in -ly is rated as its adjective."""
    lexicon = _lexicon()
    word = word.casefold()
    if word in lexicon:
        return lexicon[word]
    if word.endswith("ly"):
        for base in (word[:-2], word[:-2] + "e", word[:-3] + "y" if word.endswith("ily") else ""):
            if base in lexicon:
                return lexicon[base]
    return 0.0


def is_evaluative(word: str) -> bool:
    return abs(valence(word)) >= EVALUATIVE
