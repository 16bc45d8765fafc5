"""The command line, run as a user runs it: `python -m service ...` in a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import OTHER, REFERENCE


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COMPARE_DATABASE": str(tmp_path / "db.sqlite3"),
           "COMPARE_PACKAGES_DIR": str(tmp_path / "packages"),
           "COMPARE_PACKAGE_INDEX": str(tmp_path / "missing-index.json")}
    return subprocess.run([sys.executable, "-m", "service", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_compare_prints_a_readable_summary(tmp_path):
    a, b = write(tmp_path, "wire.txt", REFERENCE), write(tmp_path, "outlet.txt", OTHER)
    done = run(tmp_path, "compare", a, b, "--lang", "en,en")
    assert done.returncode == 0, done.stderr
    assert "wire: en (given)" in done.stdout
    assert "quote_altered (outlet vs wire)" in done.stdout
    assert "sentence_missing" in done.stdout


def test_compare_json_is_the_api_result(tmp_path):
    a, b = write(tmp_path, "a.txt", REFERENCE), write(tmp_path, "b.txt", OTHER)
    done = run(tmp_path, "compare", a, b, "--json", "--labels", "A,B")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [v["label"] for v in result["versions"]] == ["A", "B"]
    assert all(v["language"] == "en" and v["language_detected"] for v in result["versions"])
    assert {"alignment", "quote_pairs", "signals", "summary"} <= set(result)


def test_compare_without_a_model_names_the_install_command(tmp_path):
    a = write(tmp_path, "a.txt", REFERENCE)
    b = write(tmp_path, "b.txt", "Министр прибыл в столицу в пятницу с трехдневным визитом.")
    done = run(tmp_path, "compare", a, b, "--lang", "en,ru")
    assert done.returncode == 2
    assert "python -m service models install ru en" in done.stderr
    assert "Traceback" not in done.stderr


def test_models_ensure_reports_missing_pairs_and_succeeds(tmp_path):
    done = run(tmp_path, "models", "ensure", "ru-en", "ko-en")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and all("MISSING" in line for line in lines)
    assert "python -m service models install ru en" in lines[0]
    assert "models install-file translate-ru_en" in lines[0]
    strict = run(tmp_path, "models", "ensure", "--strict", "ru-en")
    assert strict.returncode == 1


def test_models_list_is_empty_and_memory_import_reports(tmp_path):
    assert run(tmp_path, "models", "list").stdout == ""
    memory = write(tmp_path, "tm.json", json.dumps({"entries": [
        {"source_language": "ru", "target_language": "en", "source": "Да.", "target": "Yes."}]}))
    done = run(tmp_path, "memory", "import", memory)
    assert done.returncode == 0 and "imported 1 entries" in done.stdout
    bad = write(tmp_path, "bad.json", "{\"entries\": 3}")
    done = run(tmp_path, "memory", "import", bad)
    assert done.returncode == 1 and "entries" in done.stderr
