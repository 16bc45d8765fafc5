"""Fill in the target-language text of every sentence and quote of a version.

Sentences go to the engine in one batch per version. Quotes are translated in context:
the quote's counterpart is found inside its translated sentence by quotation marks
(translators keep them, though «» may become “”), matched by order when the sentence's
translation holds as many quoted spans as the original. Only quotes that cannot be
found that way (a quote spanning sentences, marks lost) are translated on their own, in
one second batch.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from ..model import Paragraph, Translation, Version
from .quotes import find_quote_spans


class Translator(Protocol):
    def translate(self, segments: Sequence[str], source: str, target: str) -> list[Translation]: ...


def translate_version(version: Version, target: str, engine: Translator) -> None:
    results = engine.translate([s.text for s in version.sentences], version.language, target)
    for sentence, result in zip(version.sentences, results, strict=True):
        sentence.translation = result.text
        sentence.translation_origin = result.origin

    alone = []
    by_sentence: dict[int, list] = {}
    for quote in version.quotes:
        by_sentence.setdefault(quote.sentence_index, []).append(quote)
    for index, quotes in by_sentence.items():
        sentence = version.sentences[index]
        inside = [q for q in quotes if q.end <= sentence.end]
        spans = find_quote_spans(
            sentence.translation, [Paragraph(0, 0, len(sentence.translation))], target
        )
        if inside and len(spans) == len(inside):
            for quote, span in zip(inside, spans):
                found = sentence.translation[span.start : span.end]
                # English puts the comma before the closing mark (“...,” he said); the
                # original quote does not hold it, so neither does its translation.
                if found[-1:] in ",;:" and quote.text[-1:] not in ",;:":
                    found = found[:-1].rstrip()
                quote.translation = found
                quote.translation_origin = sentence.translation_origin
        else:
            alone.extend(inside)
        alone.extend(q for q in quotes if q.end > sentence.end)
    if alone:
        results = engine.translate([q.text for q in alone], version.language, target)
        for quote, result in zip(alone, results, strict=True):
            quote.translation = result.text
            quote.translation_origin = result.origin
