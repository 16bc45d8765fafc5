"""Storage: WAL, versioned schema with forward migrations, one transaction per write, restarts."""
from __future__ import annotations

import sqlite3

import pytest

from service.storage import MIGRATIONS, MemoryEntry, Storage


def result(comparison_id: str, title: str = "T", created_at: str = "2026-01-01T00:00:00+00:00") -> dict:
    return {
        "id": comparison_id, "title": title, "created_at": created_at, "target_language": "en",
        "versions": [{"label": "A", "language": "en"}, {"label": "B", "language": "ru"}],
        "summary": {"signals_by_type": {"quote_missing": 2}}, "signals": [],
    }


def test_new_database_is_wal_at_latest_version(tmp_path):
    storage = Storage(tmp_path / "nested" / "db.sqlite3")
    assert storage.schema_version() == len(MIGRATIONS)
    with sqlite3.connect(storage.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert storage.integrity_check() == "ok"


def test_old_database_is_migrated_forward_keeping_its_rows(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO comparisons VALUES ('old', 'Old', '2025-01-01', 'en', '[]', '[]', '{}', 'old', NULL, '{\"id\": \"old\"}')"
    )
    conn.commit()
    conn.close()
    storage = Storage(path)
    assert storage.schema_version() == len(MIGRATIONS)
    assert storage.get_comparison("old") == {"id": "old"}
    assert storage.import_memory([MemoryEntry("ru", "en", "Привет.", "Hello.")]) == 1


def test_comparisons_survive_a_new_handle(tmp_path):
    path = tmp_path / "db.sqlite3"
    Storage(path).save_comparison(result("abc"))
    again = Storage(path)
    assert again.get_comparison("abc")["title"] == "T"
    items, total = again.list_comparisons(10, 0)
    assert total == 1 and items[0]["labels"] == ["A", "B"] and items[0]["languages"] == ["en", "ru"]
    assert items[0]["signal_counts"] == {"quote_missing": 2}


def test_failed_write_leaves_nothing(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    storage.save_comparison(result("same"))
    with pytest.raises(sqlite3.IntegrityError):
        storage.save_comparison(result("same"))
    assert storage.list_comparisons(10, 0)[1] == 1
    good = MemoryEntry("ru", "en", "Да.", "Yes.")
    bad = MemoryEntry("ru", "en", None, "broken")  # NOT NULL violation mid-import
    with pytest.raises((sqlite3.IntegrityError, AttributeError)):
        storage.import_memory([good, bad])
    assert storage.lookup_memory("ru", "en", ["Да."]) == {}


def test_memory_lookup_normalises_whitespace_and_latest_wins(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    storage.import_memory([MemoryEntry("ru", "en", "Он  сказал.", "He said.")])
    storage.import_memory([MemoryEntry("ru", "en", "Он сказал.", "He stated.")])
    assert storage.lookup_memory("ru", "en", ["Он сказал.\n"]) == {"Он сказал.": "He stated."}
    assert storage.lookup_memory("ru", "de", ["Он сказал."]) == {}
    assert len(storage.list_memory("ru", "en", 10)) == 1


def test_sample_keys_make_loading_idempotent(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    storage.save_comparison(result("s1"), sample_key="sample:x")
    assert storage.has_sample("sample:x") and not storage.has_sample("sample:y")
    with pytest.raises(sqlite3.IntegrityError):
        storage.save_comparison(result("s2"), sample_key="sample:x")


def _boot(path, barrier, results) -> None:
    barrier.wait()
    try:
        Storage(path).migrate()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        results.put(f"{type(exc).__name__}: {exc}")


def test_workers_opening_a_new_database_together_all_start(tmp_path):
    """gunicorn's workers open a fresh database at the same moment; switching it to WAL used to
    fail one of them with "database is locked" (SQLite skips the busy handler there), and
    gunicorn then stopped the whole server. Eight processes, released together, twenty times."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for trial in range(20):
        path = tmp_path / f"fresh-{trial}.sqlite3"
        barrier, results = context.Barrier(8), context.Queue()
        processes = [context.Process(target=_boot, args=(path, barrier, results)) for _ in range(8)]
        for process in processes:
            process.start()
        outcomes = [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        assert outcomes == ["ok"] * 8, (trial, outcomes)
        assert Storage(path).schema_version() == len(MIGRATIONS)
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
