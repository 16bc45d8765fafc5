"""Durability: kill -9 the real server (master and workers) mid-stream, restart it, lose nothing.

Several client threads post comparisons to gunicorn (``python -m service serve``) on a
temporary database; once enough have been answered 201, the whole process group gets
SIGKILL while requests are still in flight. After a restart on the same database:

* every comparison that was answered 201 is there, byte for byte the result the client got;
* nothing is partial: every stored row — acknowledged or committed just before the kill,
  its answer lost — is a whole comparison that validates against the OpenAPI schema, with
  its list columns agreeing with its JSON;
* SQLite's ``PRAGMA integrity_check`` says ``ok``.

Why it holds (service/storage.py): one ``BEGIN IMMEDIATE`` transaction per comparison,
committed before the 201 is sent, in WAL mode with ``synchronous=FULL``.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time

from conftest import OTHER, REFERENCE
from support.http import assert_matches
from support.server import CONNECTION_ERRORS, request, start_server

THREADS = 6
MAX_POSTS_PER_THREAD = 60  # bounded even if the kill never came
KILL_AFTER = 80  # acknowledged comparisons before the kill


def body(thread: int, number: int) -> dict:
    tag = f"{thread}-{number}"
    return {"title": f"Durability {tag}", "versions": [
        {"label": "Wire", "language": "en", "text": REFERENCE + f"\n\nThe report was number {thread * 100 + number}."},
        {"label": "Outlet", "language": "en", "text": OTHER + f"\n\nThe report ({tag}) was filed late."},
    ]}


def test_kill_9_mid_stream_loses_no_acknowledged_comparison(tmp_path):
    server = start_server(tmp_path)
    acknowledged: dict[str, dict] = {}
    refused: list[tuple[int, object]] = []
    cut_off = [0]  # requests that got no answer: the connection died with the server
    lock = threading.Lock()
    killed = threading.Event()

    def client(thread: int) -> None:
        for number in range(MAX_POSTS_PER_THREAD):
            if killed.is_set():
                return
            try:
                status, _, result = request(f"{server.base}/api/comparisons", body(thread, number), "POST", timeout=30)
            except CONNECTION_ERRORS:
                with lock:
                    cut_off[0] += 1
                return
            with lock:
                if status == 201:
                    acknowledged[result["id"]] = result
                else:
                    refused.append((status, result))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(THREADS)]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline and any(t.is_alive() for t in threads):
            time.sleep(0.01)
        in_flight = sum(t.is_alive() for t in threads)
        server.kill()  # SIGKILL to master and workers while the other threads are mid-request
        killed.set()
        gone_by = time.monotonic() + 10  # SIGKILL is delivered asynchronously; dying takes a moment
        while server.live_members() and time.monotonic() < gone_by:
            time.sleep(0.05)
        assert server.live_members() == [], "a worker survived the SIGKILL of its process group"
    finally:
        server.stop()
        for t in threads:
            t.join(timeout=60)
    assert not refused, refused[:3]
    assert len(acknowledged) >= KILL_AFTER, server.log_tail()
    answered = dict(acknowledged)

    restarted = start_server(tmp_path)
    try:
        for comparison_id, result in answered.items():
            status, _, fetched = request(f"{restarted.base}/api/comparisons/{comparison_id}")
            assert status == 200, f"acknowledged comparison {comparison_id} is gone after the restart"
            assert fetched == result, f"comparison {comparison_id} came back different"
        listed, offset = [], 0
        while True:
            status, _, page = request(f"{restarted.base}/api/comparisons?limit=100&offset={offset}")
            assert status == 200
            listed += page["items"]
            offset += 100
            if offset >= page["total"]:
                break
        for item in listed:
            status, _, stored = request(f"{restarted.base}/api/comparisons/{item['id']}")
            assert status == 200
            assert_matches(stored, "Comparison")  # whole, whether or not its 201 reached the client
            assert [v["label"] for v in stored["versions"]] == item["labels"] == ["Wire", "Outlet"]
            assert stored["summary"]["signals_by_type"] == item["signal_counts"]
            assert all(v["sentences"] for v in stored["versions"])
    finally:
        restarted.stop()

    stored_ids = {item["id"] for item in listed}
    assert set(answered) <= stored_ids
    with sqlite3.connect(tmp_path / "db.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT id, result FROM comparisons").fetchall()
    assert {row[0] for row in rows} == stored_ids
    assert all(json.loads(result)["id"] == row_id for row_id, result in rows)
    print(f"\ndurability: {len(answered)} acknowledged, {in_flight} clients mid-request at the kill, "
          f"{cut_off[0]} requests cut off, {len(stored_ids)} stored after the restart "
          f"({len(stored_ids) - len(answered)} committed without their answer), "
          f"{len(set(answered) & stored_ids)}/{len(answered)} acknowledged found whole, integrity_check ok")
