"""Language detection with langdetect (a port of Google's language-detection, Shuyo 2010).

langdetect is randomised; the factory seed is fixed so one text always gets one answer.
An explicit language from the client always wins over detection. Text with too few
letters to judge is reported as such instead of guessed.

Cost: linear in the text length; langdetect reads at most a few thousand n-grams.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from ..lazy import once
from ..model import LanguageGuess

#: Fewer letters than this and detection is a guess; we say so instead.
MIN_LETTERS = 12
_SEED = 0
# langdetect names Chinese variants; the rest of the service speaks ISO 639-1.
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


class TooShortToDetect(ValueError):
    """The text has too few letters for a trustworthy guess."""


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float
    candidates: tuple[tuple[str, float], ...]


@once
def _profiles() -> None:
    """Load langdetect's profiles (once per process, on first use)."""
    DetectorFactory.seed = _SEED
    detect_langs("warm up the profiles")


def detect(text: str, top: int = 3) -> Detection:
    """The most likely language of ``text`` and up to ``top`` candidates with probabilities."""
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < MIN_LETTERS:
        raise TooShortToDetect(f"only {letters} letters; at least {MIN_LETTERS} are needed to detect a language")
    _profiles()
    DetectorFactory.seed = _SEED
    try:
        found = detect_langs(text)
    except LangDetectException as exc:
        raise TooShortToDetect(str(exc)) from exc
    candidates = tuple((_CODE_MAP.get(g.lang, g.lang), round(float(g.prob), 4)) for g in found[:top])
    return Detection(candidates[0][0], candidates[0][1], candidates)


def resolve_language(text: str, explicit: str | None) -> LanguageGuess:
    """The explicit language when given (confidence 1.0), else the detected one."""
    if explicit:
        return LanguageGuess(explicit, 1.0, False)
    found = detect(text)
    return LanguageGuess(found.language, found.confidence, True, found.candidates)


#: A paragraph needs this many letters, and its detected language this probability,
#: before it is reported as written in another language than its version.
PARAGRAPH_MIN_LETTERS = 40
PARAGRAPH_MIN_CONFIDENCE = 0.9


def foreign_paragraphs(text: str, spans: list[tuple[int, int]], language: str) -> list[dict]:
    """Paragraphs confidently detected as another language than the version's.

    Wire copy often quotes a statement in its original language; such a paragraph is
    reported (index, language, confidence) rather than silently mistranslated. langdetect
    costs milliseconds per call, so paragraphs that plainly are in the version's language
    (see :func:`plainly_in`) are not sent to it.
    """
    found = []
    for index, (start, end) in enumerate(spans):
        chunk = text[start:end]
        if sum(1 for ch in chunk if ch.isalpha()) < PARAGRAPH_MIN_LETTERS or plainly_in(chunk, language):
            continue
        guess = detect(chunk)
        if guess.language != language and guess.confidence >= PARAGRAPH_MIN_CONFIDENCE:
            found.append({"paragraph": index, "language": guess.language, "confidence": guess.confidence})
    return found


# Scripts by language, and the commonest function words of the languages we know best:
# a paragraph in the expected script whose words are at least 8% such function words is
# plainly in that language.
_SCRIPTS = {"ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "ko": "HANGUL", "ja": "CJK", "zh": "CJK",
            "ar": "ARABIC", "he": "HEBREW", "el": "GREEK"}
_LETTER = re.compile(r"[^\W\d_]", re.U)
_SCRIPT_LETTERS = {
    "LATIN": re.compile(r"[A-Za-z\u00C0-\u024F]"),
    "CYRILLIC": re.compile(r"[\u0400-\u04FF]"),
    "HANGUL": re.compile(r"[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]"),
    "CJK": re.compile(r"[\u4E00-\u9FFF\u3040-\u30FF]"),
    "ARABIC": re.compile(r"[\u0600-\u06FF]"),
    "HEBREW": re.compile(r"[\u0590-\u05FF]"),
    "GREEK": re.compile(r"[\u0370-\u03FF]"),
}
_FUNCTION_WORDS = {
    "en": frozenset("the of and to in a is that for on with as was by it at from has be are said".split()),
    "ru": frozenset("и в не на что с по как а это из к о за для от у же также его ее её он она они".split()),
    "de": frozenset("der die das und in den von zu mit ist des sich im dem nicht ein eine auf für".split()),
    "fr": frozenset("le la les de des et à en un une du que est pour dans qui sur au par".split()),
}


def plainly_in(chunk: str, language: str) -> bool:
    """Cheap check that a paragraph is in ``language``: its script, and its function words."""
    letters = len(_LETTER.findall(chunk))
    script = _SCRIPTS.get(language, "LATIN")
    if len(_SCRIPT_LETTERS[script].findall(chunk)) < 0.6 * letters:
        return False
    words = _FUNCTION_WORDS.get(language)
    if words is None:
        return script != "LATIN"  # a distinct script is evidence enough
    tokens = re.findall(r"\w+", chunk.casefold())
    return sum(1 for t in tokens if t in words) >= 0.08 * max(1, len(tokens))
