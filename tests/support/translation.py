"""Shared by the translation tests: Russian sentences the tiny packages translate, and a
machine translator that records what reaches the machine."""
from __future__ import annotations

from service.translation.argos import ArgosTranslator

RU = ["Министр прибыл в столицу.", "Переговоры продолжались три часа.", "Стороны подписали заявление."]


class CountingMachine:
    """Wraps the real ArgosTranslator and records what reaches the machine."""

    def __init__(self, inner: ArgosTranslator):
        self.inner = inner
        self.calls: list[list[str]] = []

    def can_translate(self, source, target):
        return self.inner.can_translate(source, target)

    def route(self, source, target):
        return self.inner.route(source, target)

    def translate(self, segments, source, target):
        self.calls.append(list(segments))
        return self.inner.translate(segments, source, target)
