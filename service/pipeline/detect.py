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

from ..language_data import SCRIPT_LETTERS
from ..language_data import language as language_data
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


def best_guesses(text: str, top: int = 3) -> list[tuple[str, float]]:
    """langdetect's best guesses for ``text`` however short, most likely first; empty when
    the text has nothing to judge by (digits, punctuation, emoji). For LibreTranslate's
    ``/detect``, which always answers; :func:`detect` refuses text too short to trust."""
    _profiles()
    DetectorFactory.seed = _SEED
    try:
        found = detect_langs(text)
    except LangDetectException:
        return []
    return [(_CODE_MAP.get(g.lang, g.lang), round(float(g.prob), 4)) for g in found[:top]]


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


# A paragraph in the expected script (the language file's ``script``) whose words are at
# least 8% of the language's commonest words (``[detection] common_words``) is plainly in
# that language.
_LETTER = re.compile(r"[^\W\d_]", re.U)


@once
def _script_letters() -> dict[str, re.Pattern]:
    return {script: re.compile(letters) for script, letters in SCRIPT_LETTERS.items()}


def plainly_in(chunk: str, language: str) -> bool:
    """Cheap check that a paragraph is in ``language``: its script, and its function words."""
    data = language_data(language)
    letters = len(_LETTER.findall(chunk))
    if len(_script_letters()[data.script].findall(chunk)) < 0.6 * letters:
        return False
    words = data.detection.common_words
    if not words:
        return data.script != "latin"  # a distinct script is evidence enough
    tokens = re.findall(r"\w+", chunk.casefold())
    return sum(1 for t in tokens if t in words) >= 0.08 * max(1, len(tokens))
