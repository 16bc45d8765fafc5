"""Generators of hostile and pathological comparison inputs, shared by tests and benchmarks.

Each family takes a size in characters (or, for the insertion family, a number of
sentences) and returns a ready ``POST /api/comparisons`` body. The texts are deterministic
(seeded), so a timing or a failure can be reproduced exactly.
"""
from __future__ import annotations

import random

ARTICLE = [
    "The government announced a new budget for the coming year on Monday.",
    "Finance Minister Anna Berg said spending on schools would rise by 12 percent.",
    "Opposition leaders criticised the plan as reckless and demanded a vote.",
    "The parliament will vote on the budget next week, officials said.",
    "Analysts expect the measure to pass with a narrow majority.",
    "Markets reacted calmly to the announcement, and the currency held steady.",
    "“This budget protects families and invests in the future,” Berg told reporters.",
    "The previous budget was adopted after three months of talks.",
]
_FILLER_WORDS = ("apple river mountain copper violin harbor lantern meadow orchard pepper quartz saddle "
                 "timber velvet walnut yarrow zephyr basalt cobalt dune glacier hazel iris juniper kelp").split()
_ARABIC = "السلام عليكم الحكومة أعلنت اليوم ميزانية جديدة للعام المقبل وقال الوزير إن الإنفاق سيرتفع".split()
_HEBREW = "הממשלה הודיעה היום על תקציב חדש לשנה הבאה והשר אמר שההוצאות יעלו בבתי הספר".split()
_BIDI = ["\u202b", "\u202c", "\u2067", "\u2069", "\u200f", "\u202e"]
# Latin letters and their Cyrillic look-alikes
_HOMOGLYPHS = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "T": "Т", "H": "Н"})


def _body(reference: str, other: str, language: str | None = "en") -> dict:
    versions = [{"label": "A", "text": reference}, {"label": "B", "text": other}]
    if language:
        for version in versions:
            version["language"] = language
    return {"title": "hostile", "versions": versions}


def _fill(make_sentence, chars: int, paragraph_every: int = 5) -> str:
    parts, size, count = [], 0, 0
    while size < chars:
        sentence = make_sentence(count)
        sep = "\n\n" if count and count % paragraph_every == 0 else " "
        parts.append((sep if parts else "") + sentence)
        size += len(parts[-1])
        count += 1
    return "".join(parts)[:chars]


def insertion(k: int) -> dict:
    """The article, and the article with ``k`` unrelated sentences between its 3rd and 4th."""
    rnd = random.Random(k)
    filler = [" ".join(rnd.choice(_FILLER_WORDS) for _ in range(10)).capitalize() + "." for _ in range(k)]
    return _body(" ".join(ARTICLE), " ".join(ARTICLE[:3] + filler + ARTICLE[3:]))


def rtl(chars: int) -> dict:
    """Arabic and Hebrew sentences wrapped in bidi controls, sent as English; the second
    version's sentences are half as long, so it has about twice as many (few anchors, and
    a wide imbalance between the versions)."""
    def text(seed: int, shortest: int, longest: int) -> str:
        rnd = random.Random(seed)

        def sentence(_: int) -> str:
            words = rnd.choice((_ARABIC, _HEBREW))
            body = " ".join(rnd.choice(words) for _ in range(rnd.randint(shortest, longest)))
            return rnd.choice(_BIDI) + body + rnd.choice(_BIDI) + rnd.choice(".؟!")
        return _fill(sentence, chars)
    return _body(text(1, 6, 14), text(2, 3, 7))


def homoglyphs(chars: int) -> dict:
    """English sentences with Cyrillic look-alike letters mixed in, as one long paragraph
    (what a sentence splitter finds hardest)."""
    def text(seed: int) -> str:
        rnd = random.Random(seed)

        def sentence(_: int) -> str:
            words = [w.translate(_HOMOGLYPHS) if rnd.random() < 0.5 else w
                     for w in rnd.choice(ARTICLE).rstrip(".").split()]
            return " ".join(words) + rnd.choice([".", ". ", "..", " .", "?"])
        return _fill(sentence, chars, paragraph_every=10**9)
    return _body(text(3), text(4))


def repeated_article(chars: int) -> dict:
    """The article repeated to ``chars``; the other version drops every fifth sentence."""
    reference = _fill(lambda i: ARTICLE[i % len(ARTICLE)], chars)
    other = _fill(lambda i: ARTICLE[i % len(ARTICLE)] if i % 5 else ARTICLE[(i + 3) % len(ARTICLE)], chars)
    return _body(reference, other)


def digits(chars: int) -> dict:
    """Digits and separators only: numbers, dates, ratios and punctuation runs."""
    def text(seed: int) -> str:
        rnd = random.Random(seed)
        seps = [".", ",", ":", "/", "-", " ", "; ", ". ", "... ", " - "]

        def sentence(_: int) -> str:
            return "".join(str(rnd.randint(0, 99999)) + rnd.choice(seps) for _ in range(rnd.randint(3, 12))) + "."
        return _fill(sentence, chars)
    return _body(text(5), text(6))


FAMILIES = {"rtl": rtl, "homoglyphs": homoglyphs, "repeated_article": repeated_article, "digits": digits}
