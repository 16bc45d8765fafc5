"""A Russian/English pair compared with NO translation: the encoder and the anchors alone.

The Lavrov sample (seed-sized: an English report and a Russian agency report) runs through
the whole pipeline with no translation memory and no package, so every Russian sentence is
untranslated and alignment and quote pairing read the encoder's vectors of the originals.
Prints, in one process:

* the first comparison of a fresh process (every model loads: detection, segmentation,
  natasha, pymorphy3, WordNet, the encoder);
* "cold": models loaded, no vector cached (a new database each run), median of runs;
* "cached": the vectors in the database's cache, median of runs;
* the encoder alone on the pair's sentences and quotes, from nothing: vectors a second;
* each text ten times as long (ten copies as ten times the paragraphs; identical sentences
  are encoded once, as the service does), cold and cached, and their ratio to the pair;
* the process's peak resident memory.
"""
from __future__ import annotations

import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 11


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from service.config import Settings
    from service.contract import dump_comparison
    from service.services import build_services

    body = json.loads((ROOT / "samples" / "lavrov-kim-en-ru.json").read_text(encoding="utf-8"))
    body = {k: body[k] for k in ("title", "versions")}
    big = {**body, "versions": [{**v, "text": "\n\n".join([v["text"]] * 10)} for v in body["versions"]]}
    before = _rss_mb()

    def fresh():
        folder = Path(tempfile.mkdtemp(prefix="bench-untranslated-"))
        return build_services(Settings.load({"database": folder / "db.sqlite3", "packages_dir": folder / "pk"}))

    def run(services, payload) -> float:
        started = time.perf_counter()
        result = services.run_comparison(payload)
        dump_comparison(result)
        elapsed = (time.perf_counter() - started) * 1000
        assert sum(result.summary.untranslated.values()) > 0, "the bench must run untranslated"
        return elapsed

    services = fresh()
    first = run(services, body)
    untranslated = services.run_comparison(body).summary.untranslated

    def cold(payload, runs: int) -> float:
        return statistics.median(run(fresh(), payload) for _ in range(runs))

    def cached(payload, runs: int) -> float:
        warm = fresh()
        run(warm, payload)
        return statistics.median(run(warm, payload) for _ in range(runs))

    small_cold, small_cached = cold(body, RUNS), cached(body, RUNS)
    large_cold, large_cached = cold(big, 3), cached(big, 5)

    texts = []
    for v in services.run_comparison(body).versions:
        texts.append(([s.text for s in v.sentences] + [q.text for q in v.quotes], v.language))
    encoder = fresh().encoder
    started = time.perf_counter()
    for batch, language in texts:
        encoder.vectors(batch, language)
    encoded = time.perf_counter() - started
    count = sum(len(set(b)) for b, _ in texts)

    chars = sum(len(v["text"]) for v in body["versions"])
    print(f"\n== untranslated: Lavrov sample ({chars} characters, {untranslated} sentences untranslated), "
          "no memory, no package ==")
    print(f"first comparison of a fresh process (all models load): {first:7.0f} ms")
    print(f"cold (models loaded, no vector cached), median:       {small_cold:7.1f} ms  (goal <= 1000 ms)")
    print(f"vectors cached, median:                               {small_cached:7.1f} ms  (goal <= 100 ms)")
    print(f"encoder alone, from nothing: {count} texts in {encoded * 1000:.0f} ms = {count / encoded:.0f} vectors/s")
    print(f"each text 10x, cold:   {large_cold:7.1f} ms = {large_cold / small_cold:.1f}x the pair (goal <= 12x)")
    print(f"each text 10x, cached: {large_cached:7.1f} ms = {large_cached / small_cached:.1f}x the pair (goal <= 12x)")
    print(f"resident memory: {before:.0f} MB at start, peak {_rss_mb():.0f} MB")
