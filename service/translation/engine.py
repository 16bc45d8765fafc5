"""The translation engine: one call translates a batch of segments, each with its origin.

Lookup order per distinct segment: ``identity`` when source and target are one language,
then the human translation ``memory``, then the ``cache`` of earlier machine output, then
the machine (a :class:`MachineTranslator`, Argos packages run through CTranslate2). Inputs
are deduplicated on their whitespace-normalised form, so the machine sees each distinct
segment once. Untranslated text is never passed off as a translation: where no package
covers the pair, a segment the memory and cache do not hold either raises the 422
``translation_unavailable`` error, or, when the caller can go on without it
(``required=False``), comes back as ``Translation(None, "none")``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from ..errors import missing_model
from ..model import Translation
from ..storage import CachedTranslation, Storage, normalise_segment


@dataclass(frozen=True)
class MachineOutput:
    text: str
    package: str  # e.g. "translate-ru_en"
    package_version: str


class MachineTranslator(Protocol):
    """What the engine needs from a machine translation backend."""

    def can_translate(self, source: str, target: str) -> bool: ...

    def route(self, source: str, target: str) -> tuple[str, str]:
        """(package name, version) identifying the output for caching."""
        ...

    def translate(self, segments: Sequence[str], source: str, target: str) -> list[MachineOutput]: ...


class TranslationEngine:
    def __init__(self, storage: Storage | None, machine: MachineTranslator | None = None):
        self.storage = storage
        self.machine = machine

    def translate(self, segments: Sequence[str], source: str, target: str,
                  required: bool = True) -> list[Translation]:
        """One :class:`Translation` per segment, in order; with ``required=False`` a segment
        nothing can translate is ``Translation(None, "none")`` instead of an error."""
        if source == target:
            return [Translation(s, "identity") for s in segments]
        keys = [normalise_segment(s) for s in segments]
        distinct = list(dict.fromkeys(keys))
        found: dict[str, Translation] = {}
        if self.storage is not None:
            for key, text in self.storage.lookup_memory(source, target, distinct).items():
                found[key] = Translation(text, "memory")
        remaining = [k for k in distinct if k not in found]
        if remaining:
            if not required and not self.can_translate(source, target):
                found.update(dict.fromkeys(remaining, Translation(None, "none")))
            else:
                found.update(self._machine(remaining, source, target))
        return [found[k] for k in keys]

    def can_translate(self, source: str, target: str) -> bool:
        """Whether a package (or a pivot) translates the pair."""
        return source == target or (self.machine is not None and self.machine.can_translate(source, target))

    def remembered(self, segments: Sequence[str], source: str, target: str) -> dict[str, str]:
        """The human translations the memory holds for ``segments``, by segment as given; no
        machine. Names ask here first: a person's name is never machine-translated."""
        if source == target or self.storage is None:
            return {}
        keys = {segment: normalise_segment(segment) for segment in segments}
        found = self.storage.lookup_memory(source, target, list(dict.fromkeys(keys.values())))
        return {segment: found[key] for segment, key in keys.items() if key in found}

    def _machine(self, keys: list[str], source: str, target: str) -> dict[str, Translation]:
        if not self.can_translate(source, target):
            raise missing_model(source, target)
        package, version = self.machine.route(source, target)
        found: dict[str, Translation] = {}
        if self.storage is not None:
            for key, text in self.storage.lookup_cache(package, version, source, target, keys).items():
                found[key] = Translation(text, "cache", f"{package}@{version}")
        todo = [k for k in keys if k not in found]
        if todo:
            outputs = self.machine.translate(todo, source, target)
            for key, out in zip(todo, outputs, strict=True):
                found[key] = Translation(out.text, "argos", f"{out.package}@{out.package_version}")
            if self.storage is not None:
                self.storage.store_cache(
                    CachedTranslation(out.package, out.package_version, source, target, key, out.text)
                    for key, out in zip(todo, outputs)
                )
        return found
