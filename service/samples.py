"""Load the sample article sets in ``samples/`` into storage, once each (idempotent).

A sample file is a POST body (API.md) plus optional ``note`` and ``translation_memory``
(a TMX file beside it, imported first so its sentences translate from memory). Each
sample is stored under a key made from its file name, so loading twice adds nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

from .errors import ServiceError
from .services import Services
from .translation.memory_files import parse_tmx

DEFAULT_FOLDER = Path("samples")


def load_samples(services: Services, folder: Path = DEFAULT_FOLDER) -> list[str]:
    """Import each sample's memory and store its comparison; one report line per sample."""
    lines = []
    for path in sorted(folder.glob("*.json")):
        key = f"sample:{path.stem}"
        if services.storage.has_sample(key):
            lines.append(f"{path.name}: already loaded")
            continue
        body = json.loads(path.read_text(encoding="utf-8"))
        memory = body.get("translation_memory")
        if memory:
            entries = parse_tmx((folder / memory).read_bytes())
            services.storage.import_memory(entries)
        try:
            result = services.run_comparison(body)
        except ServiceError as exc:
            lines.append(f"{path.name}: not loaded: {exc.message} {exc.hint or ''}".rstrip())
            continue
        services.storage.save_comparison(result, sample_key=key)
        lines.append(f"{path.name}: loaded as {result.id} ({len(result.signals)} signals)")
    return lines
