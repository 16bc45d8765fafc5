"""LibreTranslate's API, route by route, so that its existing clients work unchanged.

``POST /translate``, ``POST /detect``, ``GET /languages``, ``POST /translate_file`` (with
``GET /download_file/<name>``), ``POST /suggest``, ``GET /frontend/settings`` and
``GET /health`` take LibreTranslate's parameters and answer in its shapes, errors included:
``{"error": "message"}`` with 400 for bad parameters, 403 for a wrong API key, a disabled
feature or a cross-site write, 429 past the rate limit and 500 (see
:func:`service.web.errors.to_response`). Parameters are read as LibreTranslate reads them:
from a JSON body, else from ``request.values`` — the form and the query string of the POST
(deep-translator sends everything in the query string). A form may repeat ``q`` to send a
batch (``libretranslate-aio`` does); LibreTranslate itself would keep the first.

Text is split with this service's own segmenter and every sentence of a request goes through
the engine in one call (memory, cache, machine), then is put back with its original spacing.
Translated files are kept beside the database for :data:`FILE_LIFETIME` seconds (30 minutes,
as LibreTranslate keeps them), so every worker process serves the file any worker wrote.
"""
from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, request, send_file, url_for
from werkzeug.utils import secure_filename

from ..contract import (
    DetectRequest, Detected, FrontendSettings, LanguageInfo, SuggestRequest, TranslateFileForm, TranslatedFile,
    TranslateRequest, TranslateResponse, parse, text_problem,
)
from ..errors import ServiceError, bad_request
from ..languages import language_name
from ..pipeline import detect, segment
from ..storage import MemoryEntry
from ..translation.markup import translate_html
from ..translation.packages import routes
from .api import read_json_body, services

bp = Blueprint("libretranslate", __name__)

#: What /translate_file reads: plain UTF-8 text, and HTML (its text translated, its markup kept).
FILE_FORMATS = (".txt", ".html")
#: Seconds a translated file stays downloadable.
FILE_LIFETIME = 30 * 60
#: LibreTranslate's frontend timeout (ms), reported by /frontend/settings.
FRONTEND_TIMEOUT = 500
_FILE_NAME = re.compile(r"^[0-9a-f]{32}\.[A-Za-z0-9_.-]{1,200}$")


def invalid(message: str) -> ServiceError:
    """A 400 worded as LibreTranslate words it."""
    return bad_request(message, "invalid_request")


def _params() -> dict[str, Any]:
    """The request's parameters: the JSON object, else the form and the query string."""
    if request.is_json:
        body = read_json_body()
        if not isinstance(body, dict):
            raise invalid("Invalid JSON format")
        return body
    params: dict[str, Any] = {}
    for key in request.values.keys():
        values = [v.replace("\r\n", "\n").replace("\r", "\n") for v in request.values.getlist(key)]
        params[key] = values if key == "q" and len(values) > 1 else values[0]
    return params


def _require(params: dict[str, Any], *names: str) -> None:
    for name in names:
        if params.get(name) in (None, "", []):
            raise invalid(f"Invalid request: missing {name} parameter")


def _char_limit() -> int:
    return services().settings.max_version_chars


def _check_size(texts: list[str]) -> None:
    size, limit = sum(len(t) for t in texts), _char_limit()
    if size > limit:
        raise invalid(f"Invalid request: request ({size}) exceeds text limit ({limit})")


def _percent(confidence: float) -> float:
    return round(confidence * 100, 1)


def _guess(text: str) -> Detected:
    """The best guess for ``text``; like LibreTranslate, English with confidence 0 when there
    is nothing to judge by."""
    found = detect.best_guesses(text, top=1)
    language, confidence = found[0] if found else ("en", 0.0)
    return Detected(language=language, confidence=_percent(confidence))


def translate_texts(texts: list[str], source: str, target: str) -> list[str]:
    """Each text translated sentence by sentence (one engine call for all of them), every
    sentence put back where it stood."""
    splits = [segment.sentences(text, source)[1] if text.strip() else [] for text in texts]
    flat = [s.text for sentences in splits for s in sentences]
    results = iter(services().engine.translate(flat, source, target) if flat else [])
    out = []
    for text, sentences in zip(texts, splits):
        pieces, cursor = [], 0
        for sentence in sentences:
            pieces.append(text[cursor:sentence.start])
            pieces.append(next(results).text)
            cursor = sentence.end
        pieces.append(text[cursor:])
        out.append("".join(pieces))
    return out


def _translate_one(text: str, source: str, target: str, markup: str) -> str:
    if markup == "html":
        return translate_html(text, lambda nodes: translate_texts(nodes, source, target))
    return translate_texts([text], source, target)[0]


# -- /translate, /detect, /languages --------------------------------------------------------
@bp.post("/translate")
def translate():
    params = _params()
    _require(params, "q", "source", "target")
    if not request.is_json and "alternatives" in params:
        try:
            params["alternatives"] = int(params["alternatives"])
        except ValueError:
            raise invalid("Invalid request: alternatives parameter is not a number") from None
    markup = params.get("format")
    if isinstance(markup, str) and markup not in ("", "text", "html"):
        raise invalid(f"{markup[:40]} format is not supported")
    body = parse(TranslateRequest, {**params, "format": markup or None})
    texts = body.texts
    _check_size(texts)
    markup = body.format or "text"
    detected: list[Detected] = []
    translated = []
    if body.source == "auto":
        detected = [_guess(text) for text in texts]
        translated = [_translate_one(text, d.language, body.target, markup) for text, d in zip(texts, detected)]
    elif markup == "html":
        translated = [_translate_one(text, body.source, body.target, markup) for text in texts]
    else:
        translated = translate_texts(texts, body.source, body.target)
    many = isinstance(body.q, list)
    answer = TranslateResponse(translatedText=translated if many else translated[0])
    if detected:
        answer.detectedLanguage = detected if many else detected[0]
    if max(0, body.alternatives) > 0:
        # One translation per text: memory, cache and machine each give a single best one.
        answer.alternatives = [[] for _ in texts] if many else []
    return jsonify(answer.model_dump(exclude_none=True))


@bp.post("/detect")
def detect_language():
    params = _params()
    _require(params, "q")
    body = parse(DetectRequest, params)
    found = detect.best_guesses(body.q) or [("en", 0.0)]
    return jsonify([Detected(language=code, confidence=_percent(p)).model_dump() for code, p in found])


def translatable_pairs() -> set[tuple[str, str]]:
    """Every pair an installed package (or a pivot through English) or the memory translates."""
    pairs = set(routes(services().packages.installed_pairs())) | services().storage.memory_pairs()
    return {(a, b) for a, b in pairs if a != b}


@bp.get("/languages")
def languages():
    targets: dict[str, set[str]] = {}
    for source, target in translatable_pairs():
        targets.setdefault(source, set()).add(target)
        targets.setdefault(target, set())
    return jsonify([
        LanguageInfo(code=code, name=language_name(code) or code, targets=sorted(found)).model_dump()
        for code, found in sorted(targets.items())
    ])


# -- /translate_file and /download_file ----------------------------------------------------
def _files_dir() -> Path:
    return services().settings.database.parent / "translated-files"


def _prune(folder: Path) -> None:
    """Remove translated files older than FILE_LIFETIME."""
    cutoff = time.time() - FILE_LIFETIME
    for path in folder.glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # another worker removed it first


@bp.post("/translate_file")
def translate_file():
    upload = request.files.get("file")
    if upload is None:
        raise invalid("Invalid request: missing file parameter")
    params = {k: v for k, v in _params().items() if k != "file"}
    _require(params, "source", "target")
    form = parse(TranslateFileForm, params)
    if not upload.filename:
        raise invalid("Invalid request: empty file")
    extension = os.path.splitext(upload.filename)[1].lower()
    if extension not in FILE_FORMATS:
        raise invalid("Invalid request: file format not supported")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise invalid("Invalid request: the file is not UTF-8 text") from None
    problem = text_problem(text)
    if problem:
        raise invalid(f"file: {problem}.")
    _check_size([text])
    source = _guess(text).language if form.source == "auto" else form.source
    translated = _translate_one(text, source, form.target, "html" if extension == ".html" else "text")

    folder = _files_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _prune(folder)
    stem = secure_filename(os.path.splitext(upload.filename)[0]) or "file"  # "отчёт" has no ASCII left
    name = f"{uuid.uuid4().hex}.{stem}{extension}"
    partial = folder / f".{name}.part"
    partial.write_text(translated, encoding="utf-8")
    partial.replace(folder / name)
    url = url_for("libretranslate.download_file", filename=name, _external=True)
    return jsonify(TranslatedFile(translatedFileUrl=url).model_dump())


@bp.get("/download_file/<string:filename>")
def download_file(filename: str):
    if not _FILE_NAME.fullmatch(filename):
        raise invalid("Invalid filename")
    path = _files_dir() / filename
    if not path.is_file() or path.stat().st_mtime < time.time() - FILE_LIFETIME:
        raise ServiceError(404, "not_found", "No such translated file (translated files are kept for 30 minutes).")
    return send_file(path, as_attachment=True, download_name=filename.split(".", 1)[1], max_age=0)


# -- /suggest, /frontend/settings, /health ------------------------------------------------
@bp.post("/suggest")
def suggest():
    if not services().settings.suggestions:
        raise ServiceError(403, "suggestions_disabled", "Suggestions are disabled on this server.",
                           "The operator turns them on with COMPARE_SUGGESTIONS=1.")
    params = _params()
    _require(params, "q", "s", "source", "target")
    body = parse(SuggestRequest, params)
    services().storage.import_memory([MemoryEntry(body.source, body.target, body.q, body.s)])
    return jsonify({"success": True})


@bp.get("/frontend/settings")
def frontend_settings():
    settings = services().settings
    keys = bool(current_app.extensions.get("compare_api_keys"))
    target = settings.target_language
    answer = FrontendSettings(
        charLimit=_char_limit(), frontendTimeout=FRONTEND_TIMEOUT, apiKeys=keys, keyRequired=keys,
        suggestions=settings.suggestions, filesTranslation=True, supportedFilesFormat=list(FILE_FORMATS),
        language={"source": {"code": "auto", "name": "Auto Detect"},
                  "target": {"code": target, "name": language_name(target) or target}},
    )
    return jsonify(answer.model_dump())


@bp.get("/health")
def health():
    if not services().storage.check():
        raise ServiceError(503, "not_ready", "The storage does not answer.")
    return jsonify({"status": "ok"})
