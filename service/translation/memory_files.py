"""Read translation-memory files (TMX 1.4 and the API's JSON shape) into MemoryEntry lists,
and write the memory out as TMX 1.4 that reads back the same.

TMX is parsed with defusedxml, which refuses entity declarations (billion laughs) and
external entities. ``xml:lang`` variants (``ru``, ``ru-RU``, ``RU``, ``ru_RU``) reduce to
the ISO 639-1 code; inline markup inside ``<seg>`` (``<bpt>``, ``<ph>``, ``<hi>``...)
is reduced to its text, dropping the native-code placeholders. Segments must be text (no
control characters but whitespace, no lone surrogates; see :mod:`service.contract`). Any problem raises
:class:`MemoryFileError` naming it, and nothing is imported (the caller stores the whole
list in one transaction).
"""
from __future__ import annotations

import json
from typing import Any, Iterable
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..contract import MAX_SEGMENT_CHARS, MemoryImport, normalise_language, parse, text_problem
from ..errors import ServiceError
from ..storage import MemoryEntry

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose text is native markup, not translatable content (TMX 1.4 §3.7).
_PLACEHOLDERS = {"bpt", "ept", "ph", "it", "ut"}


class MemoryFileError(ValueError):
    """The file cannot be imported; the message says what is wrong with it."""


def language_code(value: str | None) -> str | None:
    return normalise_language(value) if value else None


def parse_tmx(data: bytes, target_language: str | None = None) -> list[MemoryEntry]:
    """Every (source, target) pair of a TMX file; the source language is the header's srclang."""
    if not data.strip():
        raise MemoryFileError("the TMX file is empty")
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise MemoryFileError(f"the TMX file declares entities, which are refused ({type(exc).__name__})") from exc
    except SafeET.ParseError as exc:
        raise MemoryFileError(f"the TMX file is not well-formed XML ({exc})") from exc
    if root.tag != "tmx":
        raise MemoryFileError(f"the root element is <{root.tag}>, not <tmx>")
    header = root.find("header")
    source = language_code(header.get("srclang") if header is not None else None)
    body = root.find("body")
    if body is None:
        raise MemoryFileError("the TMX file has no <body>")
    entries: list[MemoryEntry] = []
    every_language = (header is not None and header.get("srclang") == ALL_LANGUAGES)
    for number, tu in enumerate(body.iter("tu"), start=1):
        if every_language:  # srclang="*all*": each unit names its own source language
            source = language_code(tu.get("srclang"))
        segments: dict[str, str] = {}
        for tuv in tu.iter("tuv"):
            lang = language_code(tuv.get(XML_LANG) or tuv.get("lang"))
            seg = tuv.find("seg")
            if lang is None:
                raise MemoryFileError(f"translation unit {number} has a <tuv> with a missing or unknown xml:lang")
            if seg is None:
                raise MemoryFileError(f"translation unit {number} has a <tuv> without <seg>")
            segments[lang] = _seg_text(seg)
        tu_source = source if source in segments else None
        if tu_source is None:
            raise MemoryFileError(
                f"translation unit {number} has no segment in the header's source language ({source or 'missing'})"
            )
        for lang, text in segments.items():
            if lang == tu_source or (target_language and lang != target_language):
                continue
            entries.append(_entry(tu_source, lang, segments[tu_source], text, f"translation unit {number}"))
    if not entries:
        raise MemoryFileError("the TMX file holds no translation units with a source and a target segment")
    return entries


ALL_LANGUAGES = "*all*"  # TMX 1.4: a header srclang for units in several source languages
TMX_NOTE = "Exported from the translation memory of the story comparison service."


def write_tmx(entries: Iterable[MemoryEntry], creation_date: str) -> bytes:
    """The entries as a TMX 1.4 file (UTF-8): one ``<tu>`` per entry, its ``srclang`` on the
    unit, the header's ``*all*`` unless every entry has one source language. ``parse_tmx``
    reads it back into the same entries."""
    entries = list(entries)
    sources = {e.source_language for e in entries}
    root = Element("tmx", version="1.4")
    ElementTree.SubElement(root, "header", {
        "creationtool": "story-compare", "creationtoolversion": "1", "segtype": "sentence",
        "o-tmf": "story-compare", "adminlang": "en", "datatype": "plaintext", "creationdate": creation_date,
        "srclang": sources.pop() if len(sources) == 1 else ALL_LANGUAGES,
    })
    body = ElementTree.SubElement(root, "body")
    for entry in entries:
        tu = ElementTree.SubElement(body, "tu", srclang=entry.source_language)
        for language, text in ((entry.source_language, entry.source), (entry.target_language, entry.target)):
            tuv = ElementTree.SubElement(tu, "tuv", {XML_LANG: language})
            ElementTree.SubElement(tuv, "seg").text = text
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def parse_json(payload: Any) -> list[MemoryEntry]:
    """Entries of ``{"entries": [{"source_language", "target_language", "source", "target"}]}``,
    checked by the API's own model (:class:`service.contract.MemoryImport`)."""
    if isinstance(payload, (bytes, str)):
        try:
            payload = json.loads(payload)
        except (ValueError, RecursionError) as exc:
            raise MemoryFileError(f"the JSON is malformed ({exc})") from exc
    try:
        return memory_entries(parse(MemoryImport, payload))
    except ServiceError as exc:
        raise MemoryFileError(exc.message) from None


def memory_entries(body: MemoryImport) -> list[MemoryEntry]:
    """The entries of a validated import body, ready to store."""
    return [_entry(e.source_language, e.target_language, e.source, e.target, f"entries[{i}]")
            for i, e in enumerate(body.entries)]


def _entry(source_lang: str, target_lang: str, source: str, target: str, where: str) -> MemoryEntry:
    if not source.strip() or not target.strip():
        raise MemoryFileError(f"{where}: empty segment")
    problem = text_problem(source) or text_problem(target)
    if problem:
        raise MemoryFileError(f"{where}: {problem}")
    if len(source) > MAX_SEGMENT_CHARS or len(target) > MAX_SEGMENT_CHARS:
        raise MemoryFileError(f"{where}: a segment is longer than {MAX_SEGMENT_CHARS} characters")
    return MemoryEntry(source_lang, target_lang, " ".join(source.split()), " ".join(target.split()))


def _seg_text(seg: Element) -> str:
    """The text of ``<seg>`` and its inline elements, in order, without placeholders' content.
    Iterative, so that inline markup nested thousands deep cannot exhaust the stack."""
    parts: list[str] = []
    stack: list[Element | str] = [seg]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        parts.append(item.text or "")
        for child in reversed(list(item)):
            stack.append(child.tail or "")
            if child.tag not in _PLACEHOLDERS:
                stack.append(child)
    return "".join(parts)
