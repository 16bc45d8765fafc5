"""A worker warms its pipeline up before its first job: the word data that loads on first use
loads then, and nothing is stored."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, sys
from service.config import Settings
from service.services import build_services
folder = sys.argv[1]
services = build_services(Settings.load({"database": folder + "/db.sqlite3", "packages_dir": folder + "/pk",
                                         "package_index": folder + "/no-index.json", "encoder": "off"}))
before = {m for m in ("nltk.corpus.reader.wordnet", "pymorphy3", "natasha") if m in sys.modules}
services.warm_up()
after = {m for m in ("nltk.corpus.reader.wordnet", "pymorphy3", "natasha") if m in sys.modules}
print(json.dumps({"before": sorted(before), "after": sorted(after),
                  "stored": services.storage.list_comparisons(10, 0)[1]}))
"""


def test_warm_up_loads_the_word_data_and_stores_nothing(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "nltk.corpus.reader.wordnet" not in report["before"]
    assert {"nltk.corpus.reader.wordnet", "pymorphy3"} <= set(report["after"])
    assert report["stored"] == 0
