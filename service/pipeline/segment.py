"""Paragraphs and sentences with character offsets into the original text.

Paragraphs: when the text has blank lines, blocks between them are paragraphs (single line
breaks inside a block are soft wraps); otherwise every non-empty line is a paragraph, which
is how most agency copy is pasted. Sentences: pysbd (Golden Rules based segmentation,
Sadvilkar & Neumann 2020) for the languages it knows, with one cached segmenter per
language; elsewhere a conservative rule that splits after ., !, ?, and CJK full stops
(plus any closing quotes or brackets) that are followed by a space or a CJK character.
Quotation marks come from the package's table (``service/data/quote_marks.toml``),
abbreviations and German ordinals from the language data (``service/data/languages``).

Article furniture (headline, dateline, byline, end mark, caption...: :mod:`.furniture`) is
no sentence: given its spans, sentences cover only the story around them, so a dateline never
opens the first sentence and a caption block yields none.

Offsets always index the original string: ``text[start:end] == sentence.text``.
Cost: linear in the text length (pysbd reads a paragraph, or a long paragraph window by window).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import pysbd
import razdel
import sentencex
from pysbd.languages import LANGUAGE_CODES as PYSBD_LANGUAGES

from ..language_data import languages, pooled, quote_marks
from ..lazy import once
from ..model import Furniture, Paragraph, Sentence
from .budget import Budget

#: longest text pysbd reads at once (its cost is superlinear in the length it is given)
PYSBD_WINDOW = 3000
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_NON_EMPTY_LINE = re.compile(r"[^\n]+")
_TERMINALS = re.compile(r"[.!?…。！？]")


@dataclass(frozen=True)
class _Rules:
    fallback_end: re.Pattern  # terminal punctuation, then closing marks, then space or CJK
    closing: str  # what may follow a text's last stop (rstrip)
    inner_boundary: re.Pattern  # a stop, closing marks, space, an opening mark and a capital
    abbreviation_before: re.Pattern  # a full stop that ends an abbreviation or an initial


@once
def _rules() -> _Rules:
    marks = quote_marks()
    straight = marks.straight + marks.straight_single
    # After a stop: the closers that open nothing (” » 」 』 ’) and the straight marks. The
    # fallback rule serves languages pysbd lacks, none of which closes with German «.
    closers = marks.closing_only + straight
    # Around a boundary pysbd missed (pysbd languages): no CJK marks before a Latin or
    # Cyrillic capital, and no ‚, which only stands inside a quote.
    inner_closers = marks.without_cjk(marks.closing_only + marks.outer_closers + straight)
    inner_openers = (marks.without_cjk("".join(m for m in marks.openers if m not in marks.inner_only))
                     + marks.outer_openers + straight)
    abbreviations = "|".join(re.escape(a) for a in pooled(lambda lang: lang.sentences.abbreviations))
    closing = rf"[{re.escape(closers)})\]]*"
    return _Rules(
        fallback_end=re.compile(rf"(?:[.!?…]+|[。！？]+){closing}(?=\s|$)|[。！？]{closing}"),
        closing=" \t\n" + closers + marks.outer_closers + ")]",
        inner_boundary=re.compile(rf"([.!?…]+[{re.escape(inner_closers)}]*)\s+"
                                  rf"(?=[{re.escape(inner_openers)}]?[A-ZА-ЯЁÄÖÜÉ])"),
        abbreviation_before=re.compile(rf"(?:\b(?:{abbreviations})|\b[A-ZА-ЯЁ]|(?:\b[A-Za-z]\.){{2,}}[A-Za-z]?)\.$"),
    )


@dataclass(frozen=True)
class _Conventions:
    """What one language writes its own way."""

    as_curly: dict | None  # its outer quotation marks (German »…«) as the “…” pysbd knows
    ordinal_end: re.Pattern | None  # a number's full stop that is an ordinal's ("zum 300. Geburtstag")


@once
def _conventions() -> dict[str, _Conventions]:
    found = {}
    for lang in languages():
        outer = quote_marks().outer(lang.code)
        words = "|".join(re.escape(w) for w in lang.sentences.before_ordinals)
        if outer or words:
            found[lang.code] = _Conventions(
                str.maketrans({**{o: "“" for o in outer}, **{c: "”" for c in outer.values()}}) if outer else None,
                re.compile(rf"\b(?:{words})\s+\d{{1,4}}\.$", re.I) if words else None,
            )
    return found


def paragraphs(text: str) -> list[Paragraph]:
    """Paragraph spans of ``text``, stripped of surrounding whitespace, in order."""
    if _BLANK_LINE.search(text):
        spans, cursor = [], 0
        for gap in _BLANK_LINE.finditer(text):
            spans.append((cursor, gap.start()))
            cursor = gap.end()
        spans.append((cursor, len(text)))
    else:
        spans = [(m.start(), m.end()) for m in _NON_EMPTY_LINE.finditer(text)]
    result = []
    for start, end in spans:
        start, end = _strip_span(text, start, end)
        if end > start:
            result.append(Paragraph(len(result), start, end))
    return result


def sentences(text: str, language: str, budget: Budget | None = None,
              furniture: Sequence[Furniture] = ()) -> tuple[list[Paragraph], list[Sentence]]:
    """Paragraphs and the sentences inside them, numbered across the whole text; the spans of
    ``furniture`` are left out of every sentence (a paragraph that is all furniture has none)."""
    budget = budget or Budget.unlimited()
    paras = paragraphs(text)
    cuts = sorted((f.start, f.end) for f in furniture)
    next_cut = 0  # paragraphs and cuts are both in text order: one pass over each
    result: list[Sentence] = []
    for para in paras:
        if para.index % 16 == 0:
            budget.check("segmentation")
        while next_cut < len(cuts) and cuts[next_cut][1] <= para.start:
            next_cut += 1
        inside = []
        while next_cut + len(inside) < len(cuts) and cuts[next_cut + len(inside)][0] < para.end:
            inside.append(cuts[next_cut + len(inside)])
        for piece_start, piece_end in _story_pieces(text, para, inside):
            for start, end in split_sentences(text, piece_start, piece_end, language, budget):
                result.append(Sentence(len(result), para.index, start, end, text[start:end]))
    return paras, result


def _story_pieces(text: str, para: Paragraph, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraph's spans outside the furniture ``cuts`` that fall in it, stripped; a piece
    left beside furniture with no letter or digit (a stray dash after a dateline) is dropped."""
    if not cuts:
        return [(para.start, para.end)]
    pieces, cursor = [], para.start
    for start, end in cuts + [(para.end, para.end)]:
        s, e = _strip_span(text, cursor, min(start, para.end))
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            pieces.append((s, e))
        cursor = max(cursor, end)
    return pieces


def split_sentences(text: str, start: int, end: int, language: str,
                    budget: Budget | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, as absolute offsets."""
    block = text[start:end]
    closing = _rules().closing
    if len(_TERMINALS.findall(block.rstrip(closing))) <= 1 and not _TERMINALS.search(block.rstrip(closing)[:-1]):
        return [(start, end)]  # at most one stop, at the very end: one sentence, no splitter needed
    splitter = _splitter(language)
    if splitter is not None:
        own = _conventions().get(language)
        # pysbd knows “…” but not German »…«: swap the marks one for one (offsets stay).
        shown = block.translate(own.as_curly) if own and own.as_curly else block
        spans = _split_missed_boundaries(shown, splitter(shown, language, budget))
        if own and own.ordinal_end:
            spans = _merge_ordinals(shown, spans, own.ordinal_end)
    else:
        spans = _fallback_spans(block)
    spans = _closers_to_their_sentence(block, spans)
    result = []
    for s, e in spans:
        s, e = _strip_span(block, s, e)
        if e > s:
            result.append((start + s, start + e))
    return result or [(start, end)]


def _splitter(language: str):
    """The function that splits ``language``'s text into sentence spans, as its data names it
    (``[sentences] splitter``); None where no library knows the language (the fallback rule)."""
    data = next((lang for lang in languages() if lang.code == language), None)
    name = data.sentences.splitter if data is not None else "pysbd"
    if name == "pysbd":
        return _pysbd_spans if language in PYSBD_LANGUAGES else None
    try:
        return _SPLITTERS[name]
    except KeyError:
        raise ValueError(f"language {language!r}: unknown sentence splitter {name!r} "
                         f"(known: pysbd, {', '.join(sorted(_SPLITTERS))})") from None


def _razdel_spans(block: str, language: str, budget: Budget | None) -> list[tuple[int, int]]:
    """razdel's sentences (natasha's rule-based Russian splitter, made for news text): offsets
    of its own, in linear time."""
    return [(s.start, s.stop) for s in razdel.sentenize(block)] or [(0, len(block))]


def _sentencex_spans(block: str, language: str, budget: Budget | None) -> list[tuple[int, int]]:
    """sentencex's sentences (Wikimedia's rule-based splitter, compiled): character offsets of
    its own, in linear time."""
    spans: list[tuple[int, int]] = []
    for b in sentencex.get_sentence_boundaries(language, block):
        start, end = b["start_index"], b["end_index"]
        # sentencex cuts after a full stop with no space after it ("window.__xss"): no boundary
        # unless a capital or an opening mark starts the next sentence ("released.Then")
        if spans and not block[start - 1].isspace() and not (block[start].isupper() or block[start] in _OPENERS):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans or [(0, len(block))]


_SPLITTERS = {"razdel": _razdel_spans, "sentencex": _sentencex_spans}
_OPENERS = "“‘\"'«„‚(["


@once
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


def _pysbd_spans(block: str, language: str, budget: Budget | None) -> list[tuple[int, int]]:
    """pysbd's sentences of ``block`` as offsets, read through windows of ``PYSBD_WINDOW``
    characters: pysbd's cost grows faster than linearly with the length of what it is
    given, so a long paragraph is read window by window. Each window's last sentence may
    be cut by the window's end, so the next window starts where it starts; a window with
    no boundary at all (one 3,000-character "sentence") is cut at its last space."""
    segmenter = _segmenter(language)
    if len(block) <= PYSBD_WINDOW:
        return _locate(block, segmenter.segment(block))
    spans: list[tuple[int, int]] = []
    cursor = 0
    while cursor < len(block):
        if budget is not None:
            budget.check("segmentation")
        end = min(len(block), cursor + PYSBD_WINDOW)
        window = block[cursor:end]
        pieces = _locate(window, segmenter.segment(window))
        if end == len(block):
            keep, advance = pieces, len(window)
        elif len(pieces) > 1 and pieces[-1][0] > 0:
            keep, advance = pieces[:-1], pieces[-1][0]
        else:
            cut = window.rfind(" ", PYSBD_WINDOW // 2)
            cut = cut if cut > 0 else len(window)
            keep, advance = [(0, cut)], cut
        spans.extend((cursor + s, cursor + e) for s, e in keep)
        cursor += advance
    return spans


def _locate(block: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Map pysbd's sentence strings back to offsets; pieces that cannot be found are merged."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = block.find(piece, cursor)
        if found < 0:
            continue  # pysbd altered the text; the gap is folded into the next span below
        if spans and found > cursor and block[cursor:found].strip():
            spans[-1] = (spans[-1][0], found)
        spans.append((found if spans or not block[:found].strip() else 0, found + len(piece)))
        cursor = found + len(piece)
    if not spans:
        return [(0, len(block))]
    if block[cursor:].strip():
        spans[-1] = (spans[-1][0], len(block))
    return spans


def _split_missed_boundaries(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split where pysbd kept two sentences together around quotation marks.

    pysbd does not end a sentence inside a quote (“… options. Had they waited …”) nor
    between a closing and an opening quote (“… a day.” “Every day …”). A full stop, then
    optional closing marks, space, optional opening marks and a capital letter is a
    boundary there too, unless the word before the stop is an abbreviation or an initial.
    """
    rules = _rules()
    result: list[tuple[int, int]] = []
    for start, end in spans:
        cursor = start
        for match in rules.inner_boundary.finditer(block, start, end):
            cut = match.end(1)
            if cut >= end or rules.abbreviation_before.search(block[max(cursor, cut - 12) : cut]):
                continue
            result.append((cursor, cut))
            cursor = cut
        result.append((cursor, end))
    return result


def _merge_ordinals(block: str, spans: list[tuple[int, int]], ordinal_end: re.Pattern) -> list[tuple[int, int]]:
    """Join a sentence that pysbd ended at an ordinal's full stop to the next one: German
    ordinals ("zum 300. Geburtstag", "am 3. Oktober") end in a full stop that pysbd takes for
    a sentence end when an article or contraction stands before the number."""
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and ordinal_end.search(block[merged[-1][0] : merged[-1][1]].rstrip()):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _closers_to_their_sentence(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A closing quotation mark the splitter left at the start of the next sentence (pysbd
    splits Chinese "。” 他说" after the stop) goes back to the sentence it closes."""
    closers = quote_marks().closing_only
    result: list[tuple[int, int]] = []
    for s, e in spans:
        lead = s
        while lead < e and (block[lead] in closers or (lead > s and block[lead].isspace())):
            lead += 1
        # only marks (and the space after them) move: "” 他强调…" keeps "他强调…"
        moved = len(block[s:lead].rstrip())
        if result and moved and all(ch in closers for ch in block[s:s + moved]):
            result[-1] = (result[-1][0], s + moved)
            s += moved
        if block[s:e].strip():
            result.append((s, e))
    return result


def _fallback_spans(block: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for match in _rules().fallback_end.finditer(block):
        spans.append((cursor, match.end()))
        cursor = match.end()
    if block[cursor:].strip():
        spans.append((cursor, len(block)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
