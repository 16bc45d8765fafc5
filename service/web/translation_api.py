"""The translation memory's API: imports (JSON, TMX, multipart), listing and the TMX export.

LibreTranslate's routes (``/translate``, ``/detect``, ``/languages``...) are in
:mod:`service.web.libretranslate`.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, Response, jsonify, request

from ..contract import Imported, MemoryImport, MemoryList, MemoryQuery, parse
from ..errors import ServiceError, bad_request
from ..translation.memory_files import MemoryFileError, memory_entries, parse_json, parse_tmx, write_tmx
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
