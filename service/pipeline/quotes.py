"""Quoted spans in a version, with speaker, attribution cue and a scare-quote flag.

Marks are paired with a stack per paragraph, so a quote never runs past its paragraph and
an unbalanced mark is dropped instead of swallowing text. Conventions: “…” (English,
Korean), „…“ and »…« (German), «…» with „…“ inside (Russian), « … » (French, spaces
allowed), 「…」 and 『…』 (CJK), ‘…’ and straight "…" paired by position. Only outermost
quotes are reported; marks nested inside them are part of their text.

Speakers and cues come from :mod:`service.pipeline.speakers`; a pronoun or description
("he", "the spokesman") resolves to the last named speaker. A short quoted phrase with
no cue and no reporting verb nearby, or one after "so-called", is a scare quote (the
"liberation" of Kursk).

Cost: one pass over the text for marks (O(n) with a stack bounded by nesting), plus the
bounded attribution windows of the speakers module.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Paragraph, Quote, Sentence
from . import speakers

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
CONTEXT = 300  # characters read on each side of a quote for cues, hedges and scare quotes
MAX_NESTING = 8  # bounds the stack, so a run of unbalanced marks costs O(n), not O(n^2)


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
        if len(stack) > MAX_NESTING:
            del stack[0]  # real quotes never nest this deep: the oldest opener was unbalanced
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


# -- scare quotes ---------------------------------------------------------------------
_EN_VERBS = speakers.VERBS["en"]
_RU_VERBS = speakers.VERBS["ru"]
# Cues by which an outlet keeps its distance from what it reports.
_HEDGE = re.compile(
    r"\b(?:according to|claimed|claims|alleged(?:ly)?|purportedly|по словам|по данным|по утверждению|"
    r"утвержда\w*|якобы|laut|zufolge|behauptet\w*|angeblich|selon|d['’]après|prétend\w*)\b|따르면|주장",
    re.I | re.U,
)
_REPORTING = re.compile(rf"\b(?:{_EN_VERBS}|according to|told|expressed|pledged|vowed)\b|{_RU_VERBS}|по словам", re.I | re.U)
# Words right before a quote that mark it as distancing, whatever else the sentence says.
_DISTANCING = re.compile(r"(?:so-called|self-styled|self-proclaimed|так называем\w*|самопровозглашенн\w*|самопровозглашённ\w*)\s*$", re.I | re.U)


def extract_quotes(label: str, text: str, paras: list[Paragraph], sents: list[Sentence], language: str) -> list[Quote]:
    """Quotes of one version with ids ``<label>:q<n>``, speakers resolved across the text."""
    quotes: list[Quote] = []
    last_named: str | None = None
    sentence_at = _sentence_index(sents)
    spans = find_quote_spans(text, paras, language)
    everything = [(s.start, s.end) for s in spans]
    span_starts = [s.start for s in spans]

    def nearby(span: Span) -> list[tuple[int, int]]:
        # Only quotes within reach of the attribution window need masking.
        lo = bisect.bisect_left(span_starts, span.start - 2000)
        hi = bisect.bisect_right(span_starts, span.end + 2000)
        return everything[lo:hi]

    named: list[str] = []
    quoted_sentences = {sentence_at(s.start) for s in spans}
    next_sentence = 0
    for span in spans:
        sentence = sents[sentence_at(span.start)]
        # Sentences without quotes may still name who speaks next ("Kim Yo Jong described
        # the drills as ... The statement also said ..."): remember their subjects.
        for between in sents[next_sentence : sentence.index]:
            if between.index not in quoted_sentences:
                subject = speakers.sentence_subject(between.text, language)
                if subject:
                    last_named = subject
        next_sentence = sentence.index + 1
        quoted = text[span.start : span.end]
        found = speakers.attribute(text, sents, sentence.index, span.start, span.end, nearby(span), language)
        speaker = found.speaker
        if speaker is None and found.anaphoric:
            speaker = last_named
        elif speaker:
            if language == "ko":
                speaker = speakers.korean_short_form(speaker, named)
            last_named = speaker
            named.append(speaker)
        # What surrounds the quote in its sentence, at most CONTEXT characters each side.
        before = text[max(sentence.start, span.start - 1 - CONTEXT) : max(sentence.start, span.start - 1)]
        after = text[span.end + 1 : min(sentence.end, span.end + 1 + CONTEXT)]
        words = len(quoted.split())
        distanced = bool(_DISTANCING.search(text[max(sentence.start, span.start - 40) : span.start - 1]))
        scare = words <= SCARE_QUOTE_MAX_WORDS and (distanced or (
            found.cue is None and not _REPORTING.search(before + " " + after)
        ))
        if scare:
            speaker = None
        hedge = _HEDGE.search(before + " " + after)
        quotes.append(
            Quote(
                id=f"{label}:q{len(quotes)}",
                sentence_index=sentence.index,
                start=span.start,
                end=span.end,
                text=quoted,
                speaker=speaker,
                attribution=found.cue,
                hedged=hedge.group(0).lower() if hedge else None,
                scare_quote=scare,
                open_mark=span.open_mark,
                close_mark=span.close_mark,
            )
        )
    return quotes


def _sentence_index(sents: list[Sentence]):
    starts = [s.start for s in sents]

    def find(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    return find
