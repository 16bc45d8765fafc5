"""Concurrency: 50 client threads against the real server (2 gunicorn workers x 8 threads).

Released together by a barrier, each thread posts 4 comparisons it keeps (200 in all) and,
between them, imports translation-memory entries, posts and deletes a scratch comparison,
and reads the lists. Then:

* every kept comparison was answered 201, all 200 ids are distinct, and each is stored
  exactly as answered; every scratch comparison is gone (404);
* every memory import was answered and all its entries are stored;
* no response was a 5xx and none — nor the server's log — mentions "database is locked":
  writers queue on SQLite's busy timeout inside short ``BEGIN IMMEDIATE`` transactions
  (service/storage.py) instead of failing.
"""
from __future__ import annotations

import threading
import time

from conftest import OTHER, REFERENCE
from support.server import request, start_server

THREADS = 50
KEPT_PER_THREAD = 4
MEMORY_ENTRIES_PER_THREAD = 3


def comparison(thread: int, number: int) -> dict:
    return {"title": f"Concurrent {thread}-{number}", "versions": [
        {"label": "A", "language": "en", "text": REFERENCE + f" It was story {thread}-{number}."},
        {"label": "B", "language": "en", "text": OTHER},
    ]}


def memory(thread: int) -> dict:
    return {"entries": [{"source_language": "ru", "target_language": "en", "source": f"Фраза {thread}-{k}.",
                         "target": f"Phrase {thread}-{k}."} for k in range(MEMORY_ENTRIES_PER_THREAD)]}


def test_fifty_threads_of_writes_deletes_and_imports(tmp_path):
    server = start_server(tmp_path, env={"COMPARE_WORKERS": "2", "COMPARE_THREADS": "8"})
    barrier = threading.Barrier(THREADS, timeout=60)
    lock = threading.Lock()
    kept: dict[tuple[int, int], tuple[int, dict]] = {}
    answers: list[tuple[str, int, object]] = []  # (what, status, body) of every other request
    scratch_ids: list[str] = []
    crashed: list[BaseException] = []

    def record(what: str, status: int, payload) -> None:
        with lock:
            answers.append((what, status, payload))

    def client(thread: int) -> None:
        try:
            barrier.wait()
            for number in range(KEPT_PER_THREAD):
                status, _, result = request(f"{server.base}/api/comparisons", comparison(thread, number), "POST")
                with lock:
                    kept[(thread, number)] = (status, result)
                if number == 0:
                    record("import", *request(f"{server.base}/api/translation-memory", memory(thread), "POST")[::2])
                elif number == 1:
                    status, _, scratch = request(f"{server.base}/api/comparisons", comparison(thread, 99), "POST")
                    record("scratch", status, scratch)
                    if status == 201:
                        with lock:
                            scratch_ids.append(scratch["id"])
                        record("delete", *request(f"{server.base}/api/comparisons/{scratch['id']}", method="DELETE")[::2])
                elif number == 2:
                    record("list", *request(f"{server.base}/api/comparisons?limit=5")[::2])
                    record("memory list", *request(f"{server.base}/api/translation-memory?limit=5")[::2])
        except BaseException as exc:  # noqa: BLE001 - reported below, with the thread's number
            with lock:
                crashed.append(exc)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(THREADS)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert not any(t.is_alive() for t in threads), "client threads still running after 300 s"
        elapsed = time.monotonic() - started
        assert not crashed, crashed[:3]

        everything = [(status, payload) for status, payload in kept.values()] + [(s, p) for _, s, p in answers]
        assert not [s for s, _ in everything if s >= 500], [p for s, p in everything if s >= 500][:3]
        assert not [p for _, p in everything if "locked" in str(p).lower()]
        refused = [(key, status, result) for key, (status, result) in kept.items() if status != 201]
        assert not refused, refused[:3]
        assert len(kept) == THREADS * KEPT_PER_THREAD == 200
        ids = [result["id"] for _, result in kept.values()]
        assert len(set(ids)) == len(ids), "two comparisons got the same id"
        by_what: dict[str, list[int]] = {}
        for what, status, _ in answers:
            by_what.setdefault(what, []).append(status)
        assert by_what["import"] == [200] * THREADS
        assert all(payload == {"imported": MEMORY_ENTRIES_PER_THREAD} for what, _, payload in answers if what == "import")
        assert by_what["scratch"] == [201] * THREADS and by_what["delete"] == [204] * THREADS
        assert set(by_what["list"]) == set(by_what["memory list"]) == {200}

        for (thread, number), (_, result) in kept.items():
            status, _, stored = request(f"{server.base}/api/comparisons/{result['id']}")
            assert status == 200 and stored == result, (thread, number)
        for scratch_id in scratch_ids:
            assert request(f"{server.base}/api/comparisons/{scratch_id}")[0] == 404
        status, _, listing = request(f"{server.base}/api/comparisons?limit=1")
        assert listing["total"] == 200
        status, _, entries = request(f"{server.base}/api/translation-memory?source_language=ru&limit=1000")
        assert len(entries["entries"]) == THREADS * MEMORY_ENTRIES_PER_THREAD
    finally:
        server.stop()
    log = server.log_tail(10**7)
    assert "database is locked" not in log and "Traceback" not in log, log[-3000:]
    print(f"\nconcurrency: {THREADS} threads, {len(ids)} comparisons acknowledged with {len(set(ids))} distinct ids, "
          f"all found; {THREADS} scratch comparisons deleted, {THREADS} memory imports "
          f"({THREADS * MEMORY_ENTRIES_PER_THREAD} entries) stored; {len(everything)} requests in {elapsed:.1f} s, "
          "no 5xx, no 'database is locked'")
