"""Comparison engine latency, translations from memory: the Lavrov sample and 10x its size.

The sample pair (an English report and a Russian agency report, seed-sized) runs through
the whole pipeline - detection, segmentation, quotes and speakers, translation from the
translation memory, alignment, diffs and signals - and is dumped as the API's JSON, but
not stored or sent over HTTP. Then each text
repeated ten times (as ten times as many paragraphs). Prints median latency, the ratio of
the two, and peak memory of the process.
"""
from __future__ import annotations

import json
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 21


def main() -> None:
    from service.config import Settings
    from service.contract import dump_comparison
    from service.services import build_services
    from service.translation.memory_files import parse_tmx

    folder = Path(tempfile.mkdtemp(prefix="bench-engine-"))
    services = build_services(Settings.load({"database": folder / "db.sqlite3", "packages_dir": folder / "pk"}))
    body = json.loads((ROOT / "samples" / "lavrov-kim-en-ru.json").read_text(encoding="utf-8"))
    services.storage.import_memory(parse_tmx((ROOT / "samples" / body["translation_memory"]).read_bytes()))
    big = {**body, "versions": [{**v, "text": "\n\n".join([v["text"]] * 10)} for v in body["versions"]]}
    services.run_comparison(body)  # load profiles, dictionaries, lexicons once

    def median_ms(payload: dict, runs: int) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            dump_comparison(services.run_comparison(payload))  # the API's result, as JSON
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    chars = sum(len(v["text"]) for v in body["versions"])
    small = median_ms(body, RUNS)
    large = median_ms(big, max(5, RUNS // 4))
    tracemalloc.start()
    services.run_comparison(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n== engine: Lavrov sample ({chars} characters in 2 versions), translations from memory ==")
    print(f"median latency, sample pair:        {small:7.1f} ms  (goal <= 50 ms)")
    print(f"median latency, each text 10x:      {large:7.1f} ms  = {large / small:.1f}x the time (goal <= 12x)")
    print(f"peak Python allocations, 10x pair:  {peak / 2**20:7.1f} MB")
    print(f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
