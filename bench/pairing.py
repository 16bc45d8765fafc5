"""Story pairing over stored-size archives: 500, 1,000 and 2,000 articles.

The archive is the labelled pairing archive (tests/data/eval/pairing, dev and test halves)
repeated: copy k is moved k × 9 weeks later, with its id, title and lead made its own (so
every copy's vectors are computed, not found in the cache) — the density of articles per
time window stays that of the archive, as it does when a newsroom's archive grows. Prints,
per size: the time to pair with no vector cached (a fresh database), the time with the
vectors cached in storage, the candidate pairs scored, and the ratio of each time to the
500-article one (near-linear: 2,000 articles should take about 4× as long as 500, not 16×);
then the process's peak resident memory.
"""
from __future__ import annotations

import resource
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (500, 1000, 2000)


def _archive(size: int):
    from service.ingest.archive import read_path

    base = [a for half in ("dev", "test") for a in read_path(ROOT / "tests" / "data" / "eval" / "pairing" / f"{half}.jsonl")]
    articles = []
    copy = 0
    while len(articles) < size:
        shift = timedelta(weeks=9 * copy)
        for a in base:
            if len(articles) == size:
                break
            mark = f" [{copy}]" if copy else ""
            articles.append(replace(a, id=f"{a.id}-{copy}", title=a.title + mark, text=a.text + mark,
                                    published=a.published + shift if a.published else None))
        copy += 1
    return articles


def main() -> None:
    from service.encoder import SentenceEncoder
    from service.ingest.pairing import Pairer
    from service.storage import Storage

    print("pairing (stored articles, the labelled archive repeated at the same density)")
    first: dict[str, float] = {}
    for size in SIZES:
        articles = _archive(size)
        storage = Storage(Path(tempfile.mkdtemp(prefix="bench-pairing-")) / "db.sqlite3")
        pairer = Pairer(SentenceEncoder(storage))
        pairer.pair(articles[:2])  # the model and the gazetteers load before the clock starts
        timings = {}
        for state in ("cold", "cached"):
            started = time.perf_counter()
            clusters = pairer.pair(articles)
            timings[state] = time.perf_counter() - started
        candidates = sum(1 for _ in pairer.candidates(pairer.read(articles)))
        first = first or timings
        print(f"  {size:5d} articles: cold {timings['cold']:6.2f} s ({timings['cold'] / first['cold']:4.1f}×), "
              f"cached {timings['cached']:6.2f} s ({timings['cached'] / first['cached']:4.1f}×), "
              f"{candidates} candidate pairs, {len(clusters)} clusters")
    print(f"  peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
