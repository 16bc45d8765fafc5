"""Read translation-memory files: TMX 1.4 and the API's JSON shape, into MemoryEntry lists.

TMX is parsed with defusedxml, which refuses entity declarations (billion laughs) and
external entities. ``xml:lang`` variants (``ru``, ``ru-RU``, ``RU``, ``ru_RU``) reduce to
the ISO 639-1 code; inline markup inside ``<seg>`` (``<bpt>``, ``<ph>``, ``<hi>``...)
is reduced to its text, dropping the native-code placeholders. Segments must be text (no
control characters but whitespace, no lone surrogates; see :mod:`service.validation`). Any problem raises
:class:`MemoryFileError` naming it, and nothing is imported (the caller stores the whole
list in one transaction).
"""
from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..languages import is_known
from ..storage import MemoryEntry
from ..validation import text_problem

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose text is native markup, not translatable content (TMX 1.4 §3.7).
_PLACEHOLDERS = {"bpt", "ept", "ph", "it", "ut"}
MAX_SEGMENT_CHARS = 20_000


class MemoryFileError(ValueError):
    """The file cannot be imported; the message says what is wrong with it."""


def language_code(value: str | None) -> str | None:
    if not value:
        return None
    code = value.replace("_", "-").split("-")[0].strip().lower()
    return code if is_known(code) else None


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
    for number, tu in enumerate(body.iter("tu"), start=1):
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


def parse_json(payload: Any) -> list[MemoryEntry]:
    """Entries of ``{"entries": [{"source_language", "target_language", "source", "target"}]}``."""
    if isinstance(payload, (bytes, str)):
        try:
            payload = json.loads(payload)
        except (ValueError, RecursionError) as exc:
            raise MemoryFileError(f"the JSON is malformed ({exc})") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("entries"), list):
        raise MemoryFileError('entries: expected {"entries": [...]}')
    if not payload["entries"]:
        raise MemoryFileError("entries: the list is empty")
    result = []
    for i, item in enumerate(payload["entries"]):
        where = f"entries[{i}]"
        if not isinstance(item, dict):
            raise MemoryFileError(f"{where}: expected an object")
        for key in ("source_language", "target_language", "source", "target"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise MemoryFileError(f"{where}.{key}: a non-empty string is required")
        source, target = language_code(item["source_language"]), language_code(item["target_language"])
        if source is None or target is None:
            bad = "source_language" if source is None else "target_language"
            raise MemoryFileError(f"{where}.{bad}: unknown language code {item[bad]!r}")
        result.append(_entry(source, target, item["source"], item["target"], where))
    return result


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
