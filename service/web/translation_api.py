"""Translation endpoints: the translation memory, and LibreTranslate-compatible routes.

``POST /translate``, ``POST /detect`` and ``GET /languages`` answer exactly as
LibreTranslate does (``translatedText``, ``detectedLanguage``, confidences in percent), so
its existing clients work; they accept JSON or form-encoded bodies like LibreTranslate.
Text sent to ``/translate`` is split with our own segmenter and each sentence goes
through the engine (memory, cache, machine), then is put back with the original spacing.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, Response, jsonify, request

from ..contract import (
    DetectRequest, Detected, Imported, LanguageInfo, MemoryImport, MemoryList, MemoryQuery, TranslateRequest,
    TranslateResponse, parse,
)
from ..errors import ServiceError, bad_request
from ..languages import language_name
from ..pipeline import detect, segment
from ..translation.memory_files import MemoryFileError, memory_entries, parse_json, parse_tmx, write_tmx
from ..translation.packages import routes
from .api import read_json_body, services

bp = Blueprint("translation", __name__)

TMX_TYPES = ("application/x-tmx+xml", "application/xml", "text/xml")


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
            entries = memory_entries(parse(MemoryImport, read_json_body()))
        else:
            raise ServiceError(
                415, "unsupported_media_type", "Send JSON, a TMX file or a multipart upload.",
                "Content-Type: application/json, application/x-tmx+xml or multipart/form-data with a field named file.",
            )
    except MemoryFileError as exc:
        raise bad_request(str(exc), "invalid_memory_file") from None
    return jsonify(Imported(imported=services().storage.import_memory(entries)).model_dump())


@bp.get("/api/translation-memory")
def list_memory():
    query = parse(MemoryQuery, request.args.to_dict())
    entries = services().storage.list_memory(query.source_language, query.target_language, query.limit, query.offset)
    listed = MemoryList(entries=[vars(e) for e in entries], limit=query.limit, offset=query.offset)
    return jsonify(listed.model_dump())


@bp.get("/api/translation-memory.tmx")
def export_memory():
    """The memory (for a pair when asked) as a TMX 1.4 file that the import reads back the same."""
    query = parse(MemoryQuery, {k: v for k, v in request.args.to_dict().items() if k in ("source_language",
                                                                                          "target_language")})
    entries = services().storage.all_memory(query.source_language, query.target_language)
    created = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return Response(write_tmx(entries, created), mimetype="application/x-tmx+xml",
                    headers={"Content-Disposition": 'attachment; filename="translation-memory.tmx"'})


# -- LibreTranslate-compatible ---------------------------------------------------------
def _body() -> dict:
    if request.is_json:
        return read_json_body()
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.to_dict()
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
    body = parse(DetectRequest, _body())
    found = _detect(body.q)
    return jsonify([Detected(language=code, confidence=_percent(p)).model_dump() for code, p in found.candidates])


@bp.post("/translate")
def translate():
    body = parse(TranslateRequest, _body())
    texts = body.texts
    limit = services().settings.max_version_chars
    if sum(len(t) for t in texts) > limit:
        raise ServiceError(413, "too_large", f"q: at most {limit} characters per request.")
    detected, translated = [], []
    for text in texts:
        language = body.source
        if body.source == "auto":
            found = _detect(text)
            language = found.language
            detected.append(Detected(language=found.language, confidence=_percent(found.confidence)))
        translated.append(_translate_text(text, language, body.target))
    many = isinstance(body.q, list)
    answer = TranslateResponse(translatedText=translated if many else translated[0])
    if body.source == "auto":
        answer.detectedLanguage = detected if many else detected[0]
    return jsonify(answer.model_dump(exclude_none=True))


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
        LanguageInfo(code=code, name=language_name(code) or code, targets=sorted(found)).model_dump()
        for code, found in sorted(targets.items())
    ])
