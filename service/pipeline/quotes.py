"""Quoted spans in a version, with speaker, attribution cue and a scare-quote flag.

Marks are paired with a stack per paragraph, so a quote never runs past its paragraph and
an unbalanced mark is dropped instead of swallowing text. Conventions: “…” (English,
Korean), „…“ and »…« (German), «…» with „…“ inside (Russian), « … » (French, spaces
allowed), 「…」 and 『…』 (CJK), ‘…’ and straight "…" paired by position. Only outermost
quotes are reported; marks nested inside them are part of their text. The marks and their
conventions come from the package's one table, ``service/data/quote_marks.toml``.

Speakers and cues come from :mod:`service.pipeline.speakers`; a pronoun or description
("he", "the spokesman") resolves to the last named speaker. A short quoted phrase with
no cue and no reporting verb nearby, or one after "so-called", is a scare quote (the
"liberation" of Kursk). Hedges, distancing words and reporting verbs are language data
(``service/data/languages/*.toml``), pooled: each is looked for in every text.

Cost: one pass over the text for marks (O(n) with a stack bounded by nesting), plus the
bounded attribution windows of the speakers module.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from ..language_data import languages, pooled, quote_marks
from ..lazy import once
from ..model import Furniture, Paragraph, Quote, Sentence
from . import speakers
from .speaker_memory import SpeakerMemory

SCARE_QUOTE_MAX_WORDS = 3
_TERMINAL_INSIDE = (".", "!", "?", "。", "！", "？")
CONTEXT = 300  # characters read on each side of a quote for cues, hedges and scare quotes
EARLIER = 2000  # characters before a quote where a short name ("Kim") finds its full form
MAX_NESTING = 8  # bounds the stack, so a run of unbalanced marks costs O(n), not O(n^2)


@dataclass(frozen=True)
class Span:
    start: int  # offset of the first character inside the marks
    end: int  # offset just past the last character inside the marks
    open_mark: str
    close_mark: str


def find_quote_spans(text: str, paras: list[Paragraph], language: str) -> list[Span]:
    """Outermost quoted spans of ``text``, paragraph by paragraph, in order.

    A quote may run over several paragraphs the way copy writes it: its paragraphs but the
    last open with the mark and never close it ("…said: “One.¶“Two.¶“Three.”"). Such a
    quote is one span, from its first opening mark to its only closing one."""
    spans: list[Span] = []
    carried: tuple[str, int] | None = None  # (mark, offset) of a quote left open by the last paragraph
    for para in paras:
        found, dangling = _scan(text, para.start, para.end, language)
        if carried and text[para.start : para.start + 1] == carried[0]:
            if found and found[0].start == para.start + 1:  # the quote closes in this paragraph
                spans.append(Span(carried[1] + 1, found[0].end, carried[0], found[0].close_mark))
                found, carried = found[1:], None
            elif dangling and dangling[1] == para.start:  # it goes on through this one too
                continue
        carried = None  # a mark never closed and not carried on: unbalanced, dropped
        spans.extend(found)
        carried = dangling
    return spans


@dataclass(frozen=True)
class _Marks:
    """The quote-mark table as the scanner reads it, character by character."""

    pairs: dict[str, str]  # opener -> the marks that close it
    closers: frozenset[str]
    single: frozenset[str]  # open only where a quote can start
    straight: frozenset[str]  # open or close by position
    apostrophes: frozenset[str]
    outer: dict[str, dict[str, str]]  # language -> its own outermost pairs (German »…«)
    before_opener: str  # after these (or a space) a straight or single mark opens
    paired: frozenset[str]  # the straight marks, openers and closers: the marks the scanner reads


@once
def _marks() -> _Marks:
    marks = quote_marks()
    double_openers = "".join(m for m in marks.openers if m not in marks.single)
    return _Marks(dict(marks.pairs), frozenset(marks.closers), frozenset(marks.single), frozenset(marks.straight),
                  frozenset(marks.apostrophes), {code: dict(pairs) for code, pairs in marks.outer_pairs.items()},
                  "([{—–-:;,/" + marks.without_cjk(double_openers),
                  frozenset(marks.straight + marks.openers + marks.closers))


def _scan(text: str, start: int, end: int, language: str) -> tuple[list[Span], tuple[str, int] | None]:
    """The quotes of one paragraph, and the outermost opening mark it leaves open (if no
    quote opens after it and closes), which a next paragraph may carry on."""
    marks = _marks()
    pairs, closers, single, straight = marks.pairs, marks.closers, marks.single, marks.straight
    apostrophes = marks.apostrophes
    outer = marks.outer.get(language, {})  # German »…«: » opens only outside any quote, « closes it only on top
    outer_closers = frozenset(outer.values())
    relevant = marks.paired | outer.keys() | outer_closers
    stack: list[tuple[str, int]] = []  # (opener, offset of the mark)
    found: list[Span] = []
    for i in range(start, end):
        ch = text[i]
        if ch not in relevant:  # no mark: nothing opens or closes
            if len(stack) > MAX_NESTING:
                del stack[0]  # a straight mark (below) left the stack one too deep
            continue
        if ch in straight:
            if stack and stack[-1][0] == ch:
                _close(stack, len(stack) - 1, i, ch, found)
            elif _opens_here(text, i, start):
                stack.append((ch, i))
            continue
        if ch in closers or (ch in outer_closers and stack and outer.get(stack[-1][0]) == ch):
            depth = _matching_depth(stack, ch, pairs, outer)
            if depth is not None and (ch not in apostrophes or not _is_apostrophe(text, i, end)):
                _close(stack, depth, i, ch, found)
                continue
        if ch in outer and not stack:
            stack.append((ch, i))
        elif ch in pairs and ch not in single or (ch in single and _opens_here(text, i, start)):
            stack.append((ch, i))
        if len(stack) > MAX_NESTING:
            del stack[0]  # real quotes never nest this deep: the oldest opener was unbalanced
    dangling = stack[0] if stack and stack[0][0] not in straight and (not found or found[-1].start < stack[0][1]) else None
    return found, dangling


def _matching_depth(stack: list[tuple[str, int]], closer: str, pairs: dict[str, str],
                    outer: dict[str, str]) -> int | None:
    for depth in range(len(stack) - 1, -1, -1):
        opener = stack[depth][0]
        if closer in pairs.get(opener, "") or outer.get(opener) == closer:
            return depth
    return None


def _close(stack: list[tuple[str, int]], depth: int, i: int, closer: str, found: list[Span]) -> None:
    opener, at = stack[depth]
    del stack[depth:]  # openers above it were never closed: dropped
    if not stack and i > at + 1:
        found.append(Span(at + 1, i, opener, closer))


def _opens_here(text: str, i: int, start: int) -> bool:
    """Whether a straight or single mark at ``i`` opens a quote: after a space, opening
    punctuation or a double opener («"…"»), and before a non-space."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in _marks().before_opener) and not after.isspace()


def _is_apostrophe(text: str, i: int, end: int) -> bool:
    after = text[i + 1] if i + 1 < end else " "
    before = text[i - 1] if i > 0 else " "
    return before.isalpha() and after.isalpha()


# -- scare quotes ---------------------------------------------------------------------
_LOWER_WORD_BEFORE = re.compile(r"(?<![\w-])[a-zа-яё][\w-]*\s*$")


def _a_name_in_marks(quoted: str, before: str) -> bool:
    """Whether a quote is the name of what the word before it says ("агентство «Кабар»", "газета
    «Известия»"): a name, not anyone's words."""
    return bool(speakers.NAME_IN_MARKS.fullmatch(quoted)) and bool(_LOWER_WORD_BEFORE.search(before))


@dataclass(frozen=True)
class _Patterns:
    hedge: re.Pattern  # words by which an outlet keeps its distance from what it reports
    reporting: re.Pattern  # reporting verbs: a short quoted phrase near one is a quote
    distancing: re.Pattern  # right before a quote, they make it a scare quote whatever else is said


@once
def _patterns() -> _Patterns:
    """Hedges, reporting verbs and distancing words of every language, pooled."""
    reporting = [lang for lang in languages() if lang.quotes.reporting_cues]
    distancing = "|".join(pooled(lambda lang: lang.quotes.distancing)) or "(?!)"
    return _Patterns(
        hedge=re.compile(_any_of(languages(), lambda lang: lang.quotes.hedges,
                                 inside=lambda lang: not lang.word_boundaries), re.I | re.U),
        reporting=re.compile(_any_of(reporting, lambda lang: lang.attribution.cues + lang.quotes.reporting_words,
                                     inside=lambda lang: lang.quotes.reporting_in_words), re.I | re.U),
        distancing=re.compile(rf"(?:{distancing})\s*$", re.I | re.U),
    )


def _any_of(langs, words, inside) -> str:
    """One alternation of ``words(lang)`` for every language: whole words, or anywhere inside
    words for the languages where ``inside(lang)`` (Korean particles attach to the word)."""
    whole = dict.fromkeys(w for lang in langs if not inside(lang) for w in words(lang))
    within = dict.fromkeys(w for lang in langs if inside(lang) for w in words(lang))
    parts = ([rf"\b(?:{'|'.join(whole)})\b"] if whole else []) + list(within)
    return "|".join(parts) or "(?!)"


def extract_quotes(label: str, text: str, paras: list[Paragraph], sents: list[Sentence], language: str,
                   furniture: Sequence[Furniture] = ()) -> list[Quote]:
    """Quotes of one version with ids ``<label>:q<n>``, speakers resolved across the text.

    Quotes inside ``furniture`` (a scare quote in a headline) are left out: every quote
    belongs to a sentence, and furniture has none.
    """
    patterns = _patterns()
    quotes: list[Quote] = []
    sentence_at = _sentence_index(sents)
    spans = _outside(find_quote_spans(text, paras, language), furniture)
    # speakers are read in the text without its furniture: a dateline opening the first sentence
    # ("Pyongyang, August 14 (KCNA) -- A spokesman for …") is not the sentence's subject
    plain = _blank(text, furniture)
    everything = [(s.start, s.end) for s in spans]
    span_starts = [s.start for s in spans]

    def nearby(span: Span) -> list[tuple[int, int]]:
        # Only quotes within reach of the attribution window need masking.
        lo = bisect.bisect_left(span_starts, span.start - 2000)
        hi = bisect.bisect_right(span_starts, span.end + 2000)
        return everything[lo:hi]

    memory = SpeakerMemory(language)
    scare_subjects: dict[int, str | None] = {}
    # every sentence a quote spans (a quote may run over paragraphs) is no subject's sentence
    quoted_sentences = {i for s in spans for i in range(sentence_at(s.start), sentence_at(max(s.start, s.end - 1)) + 1)}
    next_sentence = 0
    for span in spans:
        sentence = sents[sentence_at(span.start)]
        for between in sents[next_sentence : sentence.index]:
            if between.index not in quoted_sentences:
                memory.read_sentence(plain[between.start : between.end], text[max(0, between.start - EARLIER) : between.start],
                                     thorough=between.index >= sentence.index - 2)
        next_sentence = sentence.index + 1
        quoted = text[span.start : span.end]
        found = speakers.attribute(plain, sents, sentence.index, span.start, span.end, nearby(span), language)
        # What surrounds the quote in its sentence, at most CONTEXT characters each side.
        before = text[max(sentence.start, span.start - 1 - CONTEXT) : max(sentence.start, span.start - 1)]
        after = text[span.end + 1 : min(sentence.end, span.end + 1 + CONTEXT)]
        words = _words(quoted)
        distanced = bool(patterns.distancing.search(text[max(sentence.start, span.start - 40) : span.start - 1]))
        # a quote that is a whole sentence of its own ("“Today it did.”") is speech, however short
        sentence_of_its_own = not re.search(r"\w", before + after) and quoted.rstrip().endswith(_TERMINAL_INSIDE)
        scare = words <= SCARE_QUOTE_MAX_WORDS and not sentence_of_its_own and (distanced or _a_name_in_marks(quoted, before) or (
            found.cue is None and not patterns.reporting.search(before + " " + after)
        ))
        speaker = None
        earlier = text[max(0, span.start - EARLIER) : span.start]
        if scare:  # a term held at a distance: nobody's words, but its sentence may name who speaks next
            if sentence.index not in scare_subjects:  # once per sentence, from its opening words
                scare_subjects[sentence.index] = speakers.sentence_subject(plain[sentence.start : sentence.end][: 2 * CONTEXT],
                                                                           language)
            if scare_subjects[sentence.index]:
                memory.name(scare_subjects[sentence.index], earlier)
        else:
            speaker = memory.speaker(found, earlier)
        hedge = patterns.hedge.search(before + " " + after)
        quotes.append(
            Quote(
                id=f"{label}:q{len(quotes)}",
                sentence_index=sentence.index,
                start=span.start,
                end=span.end,
                text=quoted,
                speaker=speaker,
                attribution=found.cue,
                reported_by=found.reported_by,
                hedged=hedge.group(0).lower() if hedge else None,
                scare_quote=scare,
                open_mark=span.open_mark,
                close_mark=span.close_mark,
            )
        )
    return quotes


def _blank(text: str, furniture: Sequence[Furniture]) -> str:
    """``text`` with its furniture blanked out by spaces (offsets unchanged)."""
    if not furniture:
        return text
    chars = list(text)
    for item in furniture:
        chars[item.start : item.end] = " " * (item.end - item.start)
    return "".join(chars)


def _outside(spans: list[Span], furniture: Sequence[Furniture]) -> list[Span]:
    """The spans that start in no furniture item (both lists are in text order)."""
    if not furniture:
        return spans
    items = sorted((f.start, f.end) for f in furniture)
    starts = [start for start, _ in items]
    kept = []
    for span in spans:
        at = bisect.bisect_right(starts, span.start) - 1
        if at < 0 or span.start >= items[at][1]:
            kept.append(span)
    return kept


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


def _words(quoted: str) -> int:
    """Words in a quote: spaces separate them, but Chinese and Japanese write none (about two
    characters a word), and a Korean word is several syllables long."""
    cjk = len(_CJK.findall(quoted))
    spaced = len(_CJK.sub(" ", quoted).split())
    if not cjk:
        return spaced
    return spaced + (cjk + 1) // 2 if " " not in quoted.strip() else max(spaced, len(quoted.split()))


def _sentence_index(sents: list[Sentence]):
    starts = [s.start for s in sents]

    def find(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    return find
