"""Hostile and pathological inputs: time and peak memory as their size doubles.

Each family of ``tests/support/hostile.py`` (right-to-left text sent as English, Latin with
Cyrillic look-alikes in one paragraph, an article repeated, digits and separators) at
25,000, 50,000 and 100,000 characters per version, and an inserted passage of k sentences,
each run through the whole API (validation, pipeline, storage) in a fresh process so that
peak memory is its own. Prints seconds, the ratio to the half size, and peak RSS.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (25_000, 50_000, 100_000)

_RUN = """
import json, resource, sys, tempfile, time
sys.path[:0] = [{tests!r}, {root!r}]
from support import hostile
from service import create_app
folder = tempfile.mkdtemp()
app = create_app({{"database": folder + "/db.sqlite3", "packages_dir": folder + "/pk",
                  "package_index": folder + "/none.json", "log_level": "ERROR", "time_budget": 0}})
client = app.test_client()
client.post("/api/comparisons", json=hostile.insertion(0))  # load models and tables first
family, size = sys.argv[1], int(sys.argv[2])
body = hostile.insertion(size) if family == "insertion" else hostile.FAMILIES[family](size)
started = time.perf_counter()
response = client.post("/api/comparisons", json=body)
print(json.dumps({{"status": response.status_code, "seconds": time.perf_counter() - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _measure(family: str, size: int) -> dict:
    script = _RUN.format(tests=str(ROOT / "tests"), root=str(ROOT))
    out = subprocess.run([sys.executable, "-c", script, family, str(size)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from support.hostile import FAMILIES

    print("\n== hostile inputs: whole API, fresh process each (seconds, ratio to half the size, peak RSS) ==")
    for family in sorted(FAMILIES):
        previous = None
        for size in SIZES:
            m = _measure(family, size)
            ratio = f"{m['seconds'] / previous:4.2f}x" if previous else "     "
            print(f"{family:17s} {size:>7,d} chars  status {m['status']}  {m['seconds']:6.2f} s  {ratio}"
                  f"  peak {m['rss_mb']:5.0f} MB")
            previous = m["seconds"]
    for k in (8, 16, 40):
        m = _measure("insertion", k)
        print(f"insertion         k={k:<5d}        status {m['status']}  {m['seconds']:6.2f} s")
