"""Quoted spans in a version, with speaker, attribution cue and a scare-quote flag.

Marks are paired with a stack per paragraph, so a quote never runs past its paragraph and
an unbalanced mark is dropped instead of swallowing text. Conventions: “…” (English,
Korean), „…“ and »…« (German), «…» with „…“ inside (Russian), « … » (French, spaces
allowed), 「…」 and 『…』 (CJK), ‘…’ and straight "…" paired by position. Only outermost
quotes are reported; marks nested inside them are part of their text.

Speakers come from cue patterns around the quote in its sentence ("X said", "said X",
"according to X", "— заявил X", "по словам X", ...); a pronoun speaker resolves to the
last named speaker. A short quoted phrase with no cue and no reporting verb nearby is a
scare quote (the "liberation" of Kursk).

Cost: one pass over the text for marks (O(n) with a stack bounded by nesting), plus a
bounded regex window per quote.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Paragraph, Quote, Sentence

# opener -> closers it accepts
_PAIRS: dict[str, str] = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "「": "」",
    "『": "』",
    "‘": "’",
    "‚": "‘’",
}
_CLOSERS = set("”»」』’“‘")
SCARE_QUOTE_MAX_WORDS = 3
_WINDOW = 160  # characters of context read on each side of a quote for its cue


@dataclass(frozen=True)
class Span:
    start: int  # offset of the first character inside the marks
    end: int  # offset just past the last character inside the marks
    open_mark: str
    close_mark: str


def find_quote_spans(text: str, paras: list[Paragraph], language: str) -> list[Span]:
    """Outermost quoted spans of ``text``, paragraph by paragraph, in order."""
    spans: list[Span] = []
    for para in paras:
        spans.extend(_scan(text, para.start, para.end, language))
    return spans


def _scan(text: str, start: int, end: int, language: str) -> list[Span]:
    stack: list[tuple[str, int]] = []  # (opener, offset of the mark)
    found: list[Span] = []
    for i in range(start, end):
        ch = text[i]
        if ch == '"':
            if stack and stack[-1][0] == '"':
                _close(stack, len(stack) - 1, i, ch, found)
            elif _opens_here(text, i, start):
                stack.append((ch, i))
            continue
        if ch in _CLOSERS or (ch == "«" and stack and stack[-1][0] == "»"):
            depth = _matching_depth(stack, ch)
            if depth is not None and (ch not in "’" or not _is_apostrophe(text, i, end)):
                _close(stack, depth, i, ch, found)
                continue
        if ch == "»" and language == "de" and not stack:
            stack.append(("»", i))  # German »…«
        elif ch in _PAIRS and ch not in "‘‚" or (ch in "‘‚" and _opens_here(text, i, start)):
            stack.append((ch, i))
    return found


def _matching_depth(stack: list[tuple[str, int]], closer: str) -> int | None:
    for depth in range(len(stack) - 1, -1, -1):
        opener = stack[depth][0]
        if closer in _PAIRS.get(opener, "") or (opener == "»" and closer == "«"):
            return depth
    return None


def _close(stack: list[tuple[str, int]], depth: int, i: int, closer: str, found: list[Span]) -> None:
    opener, at = stack[depth]
    del stack[depth:]  # openers above it were never closed: dropped
    if not stack and i > at + 1:
        found.append(Span(at + 1, i, opener, closer))


def _opens_here(text: str, i: int, start: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:;,/«„“") and not after.isspace()


def _is_apostrophe(text: str, i: int, end: int) -> bool:
    after = text[i + 1] if i + 1 < end else " "
    before = text[i - 1] if i > 0 else " "
    return before.isalpha() and after.isalpha()


# -- speakers -----------------------------------------------------------------------------
_NAME = r"[A-ZА-ЯЁ][\w’'.-]*(?:\s+(?:[A-ZА-ЯЁ][\w’'-]*|de|von|van|bin|al-)){0,3}"
_PRONOUNS = {"he", "she", "they", "он", "она", "они"}
_EN_VERBS = (
    "said|says|added|adds|stressed|stresses|noted|notes|claimed|claims|insisted|insists|told|"
    "declared|declares|stated|states|warned|warns|argued|argues|wrote|writes|emphasised|emphasized|"
    "asserted|asserts|announced|announces|explained|explains|replied|pointed out|reported|reports"
)
_RU_VERBS = (
    r"заявил[аи]?|сказал[аи]?|подчеркнул[аи]?|отметил[аи]?|добавил[аи]?|сообщил[аи]?|"
    r"указал[аи]?|пояснил[аи]?|констатировал[аи]?|заверил[аи]?|напомнил[аи]?|признал[аи]?|"
    r"заявляет|говорит|подчеркивает|подчёркивает|отмечает"
)
_HEDGES = {"according to", "claimed", "claims", "по словам", "по данным", "как сообщили в", "как сообщили"}

_AFTER = [
    re.compile(rf"^[\s,]*[—–-]?\s*({_EN_VERBS})\s+(?:the\s+)?({_NAME}|he|she|they)", re.U),
    re.compile(rf"^[\s,]*[—–-]?\s*({_NAME}|he|she|they)\s+(?:also\s+)?({_EN_VERBS})\b", re.U),
    re.compile(rf"^[\s,]*[—–-]?\s*({_RU_VERBS})\s+({_NAME}|он|она|они)", re.U),
    re.compile(rf"^[\s,]*[—–-]?\s*({_NAME}|он|она|они)\s+(?:также\s+)?({_RU_VERBS})", re.U),
    re.compile(rf"^[\s,]*[—–-]?\s*(according to)\s+(?:the\s+)?({_NAME})", re.U),
    re.compile(rf"^[\s,]*[—–-]?\s*(по словам|по данным)\s+({_NAME})", re.U),
]
_BEFORE = [
    re.compile(rf"({_NAME}|[Hh]e|[Ss]he|[Tt]hey)\s+(?:also\s+)?({_EN_VERBS})(?:\s+\w+)?(?:\s+that)?[\s,:]*$", re.U),
    re.compile(rf"([Aa]ccording to)\s+(?:the\s+)?({_NAME})[\s,:]*$", re.U),
    re.compile(rf"({_NAME}|[Оо]н|[Оо]на|[Оо]ни)\s+(?:также\s+)?({_RU_VERBS})(?:,?\s+что)?[\s,:]*$", re.U),
    re.compile(rf"([Пп]о словам|[Кк]ак сообщили в|[Кк]ак сообщили|[Пп]о данным)\s+({_NAME})[\s,:]*$", re.U),
]
_REPORTING = re.compile(rf"\b(?:{_EN_VERBS}|according to|told|expressed|pledged|vowed)\b|{_RU_VERBS}|по словам", re.I | re.U)
# Words right before a quote that mark it as distancing, whatever else the sentence says.
_DISTANCING = re.compile(r"(?:so-called|self-styled|self-proclaimed|так называем\w*|самопровозглашенн\w*|самопровозглашённ\w*)\s*$", re.I | re.U)
_NOT_NAMES = {"the", "a", "an", "in", "on", "at", "this", "that", "it", "we", "i", "and", "but", "as", "when"}


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None


def attribute(text: str, sentence: Sentence, span: Span) -> Attribution:
    """Speaker and cue of one quote, read from its sentence around the marks."""
    after = text[span.end + 1 : min(sentence.end, span.end + 1 + _WINDOW)]
    before = text[max(sentence.start, span.start - 1 - _WINDOW) : max(sentence.start, span.start - 1)]
    for pattern in _AFTER:
        match = pattern.search(after)
        if match:
            return _attribution(match.group(1), match.group(2))
    for pattern in _BEFORE:
        match = pattern.search(before)
        if match:
            return _attribution(match.group(1), match.group(2))
    return Attribution(None, None)


def _attribution(first: str, second: str) -> Attribution:
    first_is_cue = bool(re.fullmatch(rf"{_EN_VERBS}|{_RU_VERBS}|according to|по словам|по данным|как сообщили в|как сообщили", first.lower()))
    cue, speaker = (first, second) if first_is_cue else (second, first)
    speaker = speaker.strip(" ,.")
    if speaker.split()[0].lower() in _NOT_NAMES:
        return Attribution(None, cue.lower())
    return Attribution(speaker, cue.lower())


def extract_quotes(label: str, text: str, paras: list[Paragraph], sents: list[Sentence], language: str) -> list[Quote]:
    """Quotes of one version with ids ``<label>:q<n>``, speakers resolved across the text."""
    quotes: list[Quote] = []
    last_named: str | None = None
    sentence_at = _sentence_index(sents)
    for span in find_quote_spans(text, paras, language):
        sentence = sents[sentence_at(span.start)]
        quoted = text[span.start : span.end]
        found = attribute(text, sentence, span)
        speaker = found.speaker
        if speaker and speaker.lower() in _PRONOUNS:
            speaker = last_named
        elif speaker:
            last_named = speaker
        words = len(quoted.split())
        distanced = bool(_DISTANCING.search(text[max(sentence.start, span.start - 40) : span.start - 1]))
        scare = found.cue is None and words <= SCARE_QUOTE_MAX_WORDS and (
            distanced or not _REPORTING.search(text[sentence.start : sentence.end].replace(quoted, ""))
        )
        quotes.append(
            Quote(
                id=f"{label}:q{len(quotes)}",
                sentence_index=sentence.index,
                start=span.start,
                end=span.end,
                text=quoted,
                speaker=speaker,
                attribution=found.cue,
                scare_quote=scare,
                open_mark=span.open_mark,
                close_mark=span.close_mark,
            )
        )
    return quotes


def is_hedged(cue: str | None) -> bool:
    return cue is not None and cue in _HEDGES


def _sentence_index(sents: list[Sentence]):
    starts = [s.start for s in sents]

    def find(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    return find
