"""Translate the text of an HTML document or fragment and keep its markup byte for byte.

LibreTranslate's ``format=html``: tags, attributes, comments, doctypes and the contents of
``<script>`` and ``<style>`` are copied exactly as sent; every text node between them is
translated. The document is read by the standard library's :class:`html.parser.HTMLParser`
(the HTML tokenizer rules, tolerant of unclosed and stray tags); each event's position in
the source says which characters it covers, so everything that is not text is copied from
the source itself rather than rebuilt. A text node's character references (``&amp;``) are
decoded before translation and its translation is escaped again (``&``, ``<``, ``>``); the
spaces around a text node stay where they were.
"""
from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Callable

#: Elements whose content is code or style, never text to translate.
RAW_TEXT_ELEMENTS = frozenset({"script", "style"})


class _Tokens(HTMLParser):
    """Records (start offset, text or None) per event: text for a text node, None for markup."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.events: list[tuple[int, str | None]] = []
        self.raw = False

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _markup(self) -> None:
        self.events.append((self._at(), None))

    def handle_starttag(self, tag, attrs):
        self._markup()
        self.raw = tag in RAW_TEXT_ELEMENTS

    def handle_startendtag(self, tag, attrs):
        self._markup()

    def handle_endtag(self, tag):
        self._markup()
        self.raw = False

    def handle_data(self, data):
        self.events.append((self._at(), None if self.raw else data))

    handle_comment = handle_decl = handle_pi = unknown_decl = lambda self, data: self._markup()


def text_nodes(source: str) -> list[tuple[int, int, str | None]]:
    """(start, end, decoded text or None for markup) spans covering ``source`` in order;
    adjacent text events (split by the parser at a stray ``<``) are one node."""
    parser = _Tokens(source)
    parser.feed(source)
    parser.close()
    spans: list[tuple[int, int, str | None]] = []
    events = parser.events
    for i, (start, text) in enumerate(events):
        end = events[i + 1][0] if i + 1 < len(events) else len(source)
        if end <= start:
            continue
        if text is not None and spans and spans[-1][2] is not None and spans[-1][1] == start:
            previous = spans.pop()
            spans.append((previous[0], end, previous[2] + text))
        else:
            spans.append((start, end, text))
    if not spans or spans[-1][1] < len(source):  # anything the parser left unreported stays as it was
        tail = spans[-1][1] if spans else 0
        spans.append((tail, len(source), None))
    return spans


def translate_html(source: str, translate: Callable[[list[str]], list[str]]) -> str:
    """``source`` with each text node replaced by its translation; ``translate`` gets every
    node's text (spaces around it removed) in one call and returns one translation each."""
    spans = text_nodes(source)
    cores = []
    for _, _, text in spans:
        if text is not None and text.strip():
            cores.append(text.strip())
    translated = iter(translate(cores) if cores else [])
    pieces = []
    for start, end, text in spans:
        if text is None or not text.strip():
            pieces.append(source[start:end])
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        pieces.append(lead + html.escape(next(translated), quote=False) + trail)
    return "".join(pieces)
