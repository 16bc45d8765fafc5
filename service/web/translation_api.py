"""Translation endpoints: the translation memory, and LibreTranslate-compatible routes.

``POST /translate``, ``POST /detect`` and ``GET /languages`` answer exactly as
LibreTranslate does (``translatedText``, ``detectedLanguage``, confidences in percent), so
its existing clients work; they accept JSON or form-encoded bodies like LibreTranslate.
Text sent to ``/translate`` is split with our own segmenter and each sentence goes
through the engine (memory, cache, machine), then is put back with the original spacing.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..errors import ServiceError, bad_request
from ..languages import is_known, language_name
from ..pipeline import detect, segment
from ..translation.memory_files import MemoryFileError, parse_json, parse_tmx
from ..translation.packages import routes
from ..validation import check_strings
from .api import WHOLE_NUMBER, read_json_body, services
from .openapi import MAX_OFFSET

bp = Blueprint("translation", __name__)

TMX_TYPES = ("application/x-tmx+xml", "application/xml", "text/xml")
MAX_TRANSLATE_ITEMS = 200


# -- translation memory ---------------------------------------------------------------
@bp.post("/api/translation-memory")
def import_memory():
    try:
        if request.mimetype in TMX_TYPES:
            entries = parse_tmx(request.get_data())
        elif request.mimetype == "multipart/form-data":
            upload = request.files.get("file")
            if upload is None:
                raise bad_request("file: a multipart field named file is required.")
            data = upload.read()
            is_json = (upload.filename or "").lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"[")
            entries = parse_json(data) if is_json else parse_tmx(data)
        elif request.is_json:
            entries = parse_json(read_json_body())
        else:
            raise ServiceError(
                415, "unsupported_media_type", "Send JSON, a TMX file or a multipart upload.",
                "Content-Type: application/json, application/x-tmx+xml or multipart/form-data with a field named file.",
            )
    except MemoryFileError as exc:
        raise bad_request(str(exc), "invalid_memory_file") from None
    return jsonify({"imported": services().storage.import_memory(entries)})


@bp.get("/api/translation-memory")
def list_memory():
    source = request.args.get("source_language") or None
    target = request.args.get("target_language") or None
    for name, value in (("source_language", source), ("target_language", target)):
        if value is not None and not is_known(value):
            raise bad_request(f"{name}: unknown language code {value[:20]!r}.", "unknown_language")
    raw_limit, raw_offset = request.args.get("limit", "100"), request.args.get("offset", "0")
    if not (WHOLE_NUMBER.fullmatch(raw_limit) and WHOLE_NUMBER.fullmatch(raw_offset)):
        raise bad_request("limit, offset: expected whole numbers.")
    limit, offset = int(raw_limit), int(raw_offset)
    if not 1 <= limit <= 1000 or not 0 <= offset <= MAX_OFFSET:
        raise bad_request(f"limit: must be between 1 and 1000; offset: between 0 and {MAX_OFFSET}.")
    entries = services().storage.list_memory(source, target, limit, offset)
    return jsonify({
        "entries": [e.__dict__ for e in entries], "limit": limit, "offset": offset,
    })


# -- LibreTranslate-compatible ---------------------------------------------------------
def _body() -> dict:
    if request.is_json:
        body = read_json_body()
        if not isinstance(body, dict):
            raise bad_request("body: expected a JSON object.")
        return body
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = request.form.to_dict()
        check_strings(form)
        return form
    raise ServiceError(415, "unsupported_media_type", "Send JSON or a form.", "Content-Type: application/json")


def _percent(confidence: float) -> float:
    return round(confidence * 100, 1)


def _detect(text: str) -> detect.Detection:
    try:
        return detect.detect(text)
    except detect.TooShortToDetect as exc:
        raise bad_request(f"q: the language cannot be judged ({exc}).", "language_undetectable",
                          "Send a longer text or name the source language.") from None


@bp.post("/detect")
def detect_language():
    body = _body()
    text = body.get("q")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("q: a non-empty string is required.")
    found = _detect(text)
    return jsonify([{"language": code, "confidence": _percent(p)} for code, p in found.candidates])


@bp.post("/translate")
def translate():
    body = _body()
    q, source, target = body.get("q"), body.get("source"), body.get("target")
    many = isinstance(q, list)
    items = q if many else [q]
    if not items or not all(isinstance(t, str) for t in items):
        raise bad_request("q: a string or a non-empty list of strings is required.")
    if len(items) > MAX_TRANSLATE_ITEMS:
        raise bad_request(f"q: at most {MAX_TRANSLATE_ITEMS} texts per request.")
    limit = services().settings.max_version_chars
    if sum(len(t) for t in items) > limit:
        raise ServiceError(413, "too_large", f"q: at most {limit} characters per request.")
    if not isinstance(target, str) or not is_known(target.lower()):
        raise bad_request(f"target: unknown language code {str(target)[:20]!r}.", "unknown_language")
    target = target.lower()
    if not isinstance(source, str):
        raise bad_request("source: a language code or auto is required.")
    source = source.lower()
    if source != "auto" and not is_known(source):
        raise bad_request(f"source: unknown language code {source[:20]!r}.", "unknown_language")

    detected = []
    translated = []
    for text in items:
        language = source
        if source == "auto":
            found = _detect(text)
            language = found.language
            detected.append({"language": found.language, "confidence": _percent(found.confidence)})
        translated.append(_translate_text(text, language, target))
    answer: dict = {"translatedText": translated if many else translated[0]}
    if source == "auto":
        answer["detectedLanguage"] = detected if many else detected[0]
    return jsonify(answer)


def _translate_text(text: str, source: str, target: str) -> str:
    """Translate sentence by sentence and put each back where it stood."""
    if not text.strip():
        return text
    _, sentences = segment.sentences(text, source)
    results = services().engine.translate([s.text for s in sentences], source, target)
    pieces, cursor = [], 0
    for sentence, result in zip(sentences, results):
        pieces.append(text[cursor:sentence.start])
        pieces.append(result.text)
        cursor = sentence.end
    pieces.append(text[cursor:])
    return "".join(pieces)


@bp.get("/languages")
def languages():
    available = routes(services().packages.installed_pairs())
    targets: dict[str, set[str]] = {}
    for source, target in available:
        targets.setdefault(source, set()).add(target)
    return jsonify([
        {"code": code, "name": language_name(code) or code, "targets": sorted(found)}
        for code, found in sorted(targets.items())
    ])
