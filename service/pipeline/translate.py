"""Fill in the target-language text of every sentence and quote of a version.

Sentences go to the engine in one batch per language for the whole comparison. Quotes are translated in context:
a quote's counterpart is found inside the translation of the sentences it spans by its
quotation marks (translators keep them, though «» may become “”). Quotes are matched to
the quoted spans of that translation by order when the counts agree, otherwise by
relative position. Only quotes that cannot be found that way are translated on their own,
in one second batch; when even that is impossible (no package for the pair), the quote
keeps the translation of its sentence and says so (``translation_scope: "sentence"``)
rather than failing the comparison or passing untranslated text off as a translation.

A sentence neither the memory, the cache nor a package translates is left untranslated
(``translation=None``, origin ``"none"``), and so are the quotes inside it: the comparison
goes on with the originals (see :mod:`.compare`).

Speakers, relaying outlets and cues are put in the target language here too
(:mod:`.quote_names`): names from the memory, the gazetteer or transliteration, and what
those do not name (descriptions, cues without a gloss) in that same second batch, so a
comparison still makes at most two engine calls per language.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from ..errors import ServiceError
from ..model import Paragraph, Quote, Translation, Version
from .quote_names import QuoteNames
from .quotes import find_quote_spans


class Translator(Protocol):
    def translate(self, segments: Sequence[str], source: str, target: str,
                  required: bool = True) -> list[Translation]: ...

    def remembered(self, segments: Sequence[str], source: str, target: str) -> dict[str, str]:
        """Human translations only (the memory), by segment: names are looked up there first."""
        ...


def translate_versions(versions: list[Version], target: str, engine: Translator) -> None:
    """Translate every sentence and quote of a comparison: one engine call per language.

    All sentences of all versions in one language go to the engine together, so the
    machine sees each distinct segment of the comparison once, in one batch per package.
    """
    by_language: dict[str, list[Version]] = {}
    for version in versions:
        by_language.setdefault(version.language, []).append(version)
    names = QuoteNames(versions, target, engine)
    for language, group in by_language.items():
        sentences = [s for version in group for s in version.sentences]
        results = engine.translate([s.text for s in sentences], language, target, required=False)
        for sentence, result in zip(sentences, results, strict=True):
            sentence.translation = result.text
            sentence.translation_origin = result.origin
        alone = [item for version in group for item in _quotes_in_context(version, target)]
        wanted = names.requests(language)
        if alone or wanted:
            names.receive(language, _translate_alone(alone, wanted, language, target, engine))
    names.fill(versions)


def _quotes_in_context(version: Version, target: str) -> list[tuple[Quote, str, str]]:
    """Set each quote's translation from its sentences' translation; return those not found."""
    alone: list[tuple[Quote, str, str]] = []  # quote, window translation, its origin
    for first, last, quotes in _windows(version):
        sentences = version.sentences[first : last + 1]
        if any(s.translation is None for s in sentences):
            for quote in quotes:
                quote.translation, quote.translation_origin = None, "none"
            continue
        translated = " ".join(s.translation for s in sentences)
        origin = sentences[0].translation_origin
        spans = find_quote_spans(translated, [Paragraph(0, 0, len(translated))], target)
        window_start, window_end = sentences[0].start, sentences[-1].end
        for quote, span in _match(quotes, spans, window_start, window_end, len(translated)):
            if span is None:
                alone.append((quote, translated, origin))
                continue
            found = translated[span.start : span.end]
            # English puts the comma before the closing mark (“...,” he said); the
            # original quote does not hold it, so neither does its translation.
            if found[-1:] in ",;:" and quote.text[-1:] not in ",;:":
                found = found[:-1].rstrip()
            quote.translation, quote.translation_origin = found, origin
    return alone


def _translate_alone(alone: list[tuple[Quote, str, str]], names: list[str], language: str, target: str,
                     engine: Translator) -> dict[str, str]:
    """Translate the quotes not found in context and the ``names`` (see :mod:`.quote_names`) in
    one call; return the names' translations. Without a package for the pair, quotes keep their
    sentence's translation and names get what the memory holds."""
    try:
        results = engine.translate([q.text for q, _, _ in alone] + names, language, target)
    except ServiceError:
        for quote, translated, origin in alone:
            quote.translation, quote.translation_origin, quote.translation_scope = translated, origin, "sentence"
        return engine.remembered(names, language, target) if names else {}
    for (quote, _, _), result in zip(alone, results[: len(alone)], strict=True):
        quote.translation, quote.translation_origin = result.text, result.origin
    return {name: result.text for name, result in zip(names, results[len(alone):], strict=True)}


def _windows(version: Version) -> list[tuple[int, int, list[Quote]]]:
    """Runs of sentences joined by the quotes that span them, with their quotes in order."""
    windows: list[tuple[int, int, list[Quote]]] = []
    for quote in version.quotes:
        first = quote.sentence_index
        last = first
        while last + 1 < len(version.sentences) and version.sentences[last].end < quote.end:
            last += 1
        if windows and first <= windows[-1][1]:
            a, b, quotes = windows[-1]
            windows[-1] = (a, max(b, last), quotes + [quote])
        else:
            windows.append((first, last, [quote]))
    return windows


def _match(quotes: list[Quote], spans, start: int, end: int, translated_length: int):
    """Pair quotes with spans of the translation: by order, or else by relative position."""
    if len(spans) == len(quotes):
        return list(zip(quotes, spans))
    width = max(1, end - start)
    free = list(spans)
    pairs = []
    for quote in quotes:
        if not free:
            pairs.append((quote, None))
            continue
        where = (quote.start - start) / width
        best = min(free, key=lambda s: abs(s.start / max(1, translated_length) - where))
        free.remove(best)
        pairs.append((quote, best))
    return pairs
