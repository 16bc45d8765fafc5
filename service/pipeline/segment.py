"""Paragraphs and sentences with character offsets into the original text.

Paragraphs: when the text has blank lines, blocks between them are paragraphs (single line
breaks inside a block are soft wraps); otherwise every non-empty line is a paragraph, which
is how most agency copy is pasted. Sentences: pysbd (Golden Rules based segmentation,
Sadvilkar & Neumann 2020) for the languages it knows, with one cached segmenter per
language; elsewhere a conservative rule that splits after ., !, ?, and CJK full stops
(plus any closing quotes or brackets) that are followed by a space or a CJK character.

Offsets always index the original string: ``text[start:end] == sentence.text``.
Cost: linear in the text length (pysbd reads a paragraph, or a long paragraph window by window).
"""
from __future__ import annotations

import re

import pysbd
from pysbd.languages import LANGUAGE_CODES as PYSBD_LANGUAGES

from ..lazy import once
from ..model import Paragraph, Sentence
from .budget import Budget

#: longest text pysbd reads at once (its cost is superlinear in the length it is given)
PYSBD_WINDOW = 3000
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_NON_EMPTY_LINE = re.compile(r"[^\n]+")
# Fallback sentence end: terminal punctuation, then closing marks, then space or CJK.
_FALLBACK_END = re.compile(
    r"(?:[.!?…]+|[。！？]+)[\"'”’»」』)\]]*(?=\s|$)|[。！？][\"'”’»」』)\]]*"
)
_TERMINALS = re.compile(r"[.!?…。！？]")
_CLOSING = " \t\n\"'”’»«」』)]"
_INNER_BOUNDARY = re.compile(r"([.!?…]+[”’»«\"']*)\s+(?=[“‘«»„\"']?[A-ZА-ЯЁÄÖÜÉ])")
_ABBREVIATION_BEFORE = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|Sr|Jr|Gen|Col|Lt|Sgt|Capt|Rep|Sen|Gov|Inc|Ltd|Co|Corp|No|vs|etc|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|Av|Ave|Hr|Fr|Nr|Abs|bzw|ca|usw|z\.B|г|гг|им|ул|т\.е|т\.д|т\.п|Mme|Mlle|MM)"
    r"|\b[A-ZА-ЯЁ]|(?:\b[A-Za-z]\.){2,}[A-Za-z]?)\.$"
)
_GUILLEMETS_AS_CURLY = str.maketrans({"»": "“", "«": "”"})
# German ordinals ("zum 300. Geburtstag", "am 3. Oktober") end in a full stop that pysbd
# takes for a sentence end when an article or contraction stands before the number.
_GERMAN_ORDINAL_END = re.compile(
    r"\b(?:zum|zur|am|im|vom|beim|der|die|das|dem|den|des|seinem|seinen|ihrem|ihren|bis zum|seit dem)\s+\d{1,4}\.$",
    re.I,
)


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


def sentences(text: str, language: str, budget: Budget | None = None) -> tuple[list[Paragraph], list[Sentence]]:
    """Paragraphs and the sentences inside them, numbered across the whole text."""
    budget = budget or Budget.unlimited()
    paras = paragraphs(text)
    result: list[Sentence] = []
    for para in paras:
        if para.index % 16 == 0:
            budget.check("segmentation")
        for start, end in split_sentences(text, para.start, para.end, language, budget):
            result.append(Sentence(len(result), para.index, start, end, text[start:end]))
    return paras, result


def split_sentences(text: str, start: int, end: int, language: str,
                    budget: Budget | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, as absolute offsets."""
    block = text[start:end]
    if len(_TERMINALS.findall(block.rstrip(_CLOSING))) <= 1 and not _TERMINALS.search(block.rstrip(_CLOSING)[:-1]):
        return [(start, end)]  # at most one stop, at the very end: one sentence, no splitter needed
    if language in PYSBD_LANGUAGES:
        # pysbd knows “…” but not German »…«: swap the marks one for one (offsets stay).
        shown = block.translate(_GUILLEMETS_AS_CURLY) if language == "de" else block
        spans = _split_missed_boundaries(shown, _pysbd_spans(shown, language, budget))
        if language == "de":
            spans = _merge_ordinals(shown, spans)
    else:
        spans = _fallback_spans(block)
    result = []
    for s, e in spans:
        s, e = _strip_span(block, s, e)
        if e > s:
            result.append((start + s, start + e))
    return result or [(start, end)]


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
    result: list[tuple[int, int]] = []
    for start, end in spans:
        cursor = start
        for match in _INNER_BOUNDARY.finditer(block, start, end):
            cut = match.end(1)
            if cut >= end or _ABBREVIATION_BEFORE.search(block[max(cursor, cut - 12) : cut]):
                continue
            result.append((cursor, cut))
            cursor = cut
        result.append((cursor, end))
    return result


def _merge_ordinals(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and _GERMAN_ORDINAL_END.search(block[merged[-1][0] : merged[-1][1]].rstrip()):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _fallback_spans(block: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for match in _FALLBACK_END.finditer(block):
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
