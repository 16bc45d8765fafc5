"""Storage: one suite for both engines (SQLite, PostgreSQL on a throwaway server), then what
only a SQLite file has: WAL, migration of files from before Alembic, a full disk."""
from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from service.model import Comparison, Summary, Version
from sqlalchemy.exc import IntegrityError

from service.storage import SCHEMA_VERSION, MemoryEntry, Storage
from support.http import assert_error
from support.legacy import legacy_sqlite


def result(comparison_id: str, title: str = "T", created_at: str = "2026-01-01T00:00:00+00:00") -> Comparison:
    versions = [Version("A", "en", False, 1.0, "Text."), Version("B", "ru", False, 1.0, "Текст.")]
    return Comparison(comparison_id, title, created_at, "en", versions, [], [], [],
                      Summary({"quote_missing": 2}, {"A": 0.0, "B": 0.0}))


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path) -> str:
    """Where a storage lives, on each engine: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "db.sqlite3")
    return request.getfixturevalue("postgres_url")


def test_a_new_database_is_at_the_latest_schema(target):
    storage = Storage(target)
    assert storage.schema_version() == SCHEMA_VERSION and storage.integrity_check() == "ok"
    assert storage.health().status == "ok" and storage.health().writable
    assert Storage(target).migrate() == SCHEMA_VERSION  # a second process finds it migrated


def test_new_database_is_wal_at_latest_version(tmp_path):
    storage = Storage(tmp_path / "nested" / "db.sqlite3")
    assert storage.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(storage.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert storage.integrity_check() == "ok"


def test_old_database_is_migrated_forward_keeping_its_rows(tmp_path):
    path = tmp_path / "db.sqlite3"
    legacy_sqlite(path, 1)
    conn = sqlite3.connect(path)
    # a result as the first release stored it: no word diffs in its rows yet
    legacy = {"id": "old", "title": "Old", "created_at": "2025-01-01", "target_language": "en",
              "versions": [{"label": "A", "language": "en", "language_detected": False, "language_confidence": 1.0,
                            "text": "Hi.", "sentences": [{"index": 0, "paragraph": 0, "start": 0, "end": 3,
                                                          "text": "Hi.", "translation": "Hi.",
                                                          "translation_origin": "identity"}], "quotes": []}],
              "alignment": [{"kind": "only", "score": 0.0, "sentences": {"A": [0]}}], "quote_pairs": [],
              "signals": [], "summary": {"signals_by_type": {}, "coverage": {"A": 0.0}}}
    conn.execute("INSERT INTO comparisons VALUES ('old', 'Old', '2025-01-01', 'en', '[]', '[]', '{}', 'old', NULL, ?)",
                 (json.dumps(legacy),))
    conn.commit()
    conn.close()
    storage = Storage(path)
    assert storage.schema_version() == SCHEMA_VERSION
    loaded = storage.get_comparison("old")
    assert loaded.title == "Old" and loaded.alignment[0].diffs == {} and loaded.versions[0].sentences[0].text == "Hi."
    assert storage.import_memory([MemoryEntry("ru", "en", "Привет.", "Hello.")]) == 1


def test_comparisons_survive_a_new_handle(target):
    Storage(target).save_comparison(result("abc"))
    again = Storage(target)
    assert again.get_comparison("abc").title == "T"
    items, total = again.list_comparisons(10, 0)
    assert total == 1 and items[0]["labels"] == ["A", "B"] and items[0]["languages"] == ["en", "ru"]
    assert items[0]["signal_counts"] == {"quote_missing": 2}


def test_failed_write_leaves_nothing(target):
    storage = Storage(target)
    storage.save_comparison(result("same"))
    with pytest.raises(IntegrityError):
        storage.save_comparison(result("same"))
    assert storage.list_comparisons(10, 0)[1] == 1
    good = MemoryEntry("ru", "en", "Да.", "Yes.")
    bad = MemoryEntry("ru", "en", None, "broken")  # NOT NULL violation mid-import
    with pytest.raises((IntegrityError, AttributeError)):
        storage.import_memory([good, bad])
    assert storage.lookup_memory("ru", "en", ["Да."]) == {}


def test_memory_lookup_normalises_whitespace_and_latest_wins(target):
    storage = Storage(target)
    storage.import_memory([MemoryEntry("ru", "en", "Он  сказал.", "He said.")])
    storage.import_memory([MemoryEntry("ru", "en", "Он сказал.", "He stated.")])
    assert storage.lookup_memory("ru", "en", ["Он сказал.\n"]) == {"Он сказал.": "He stated."}
    assert storage.lookup_memory("ru", "de", ["Он сказал."]) == {}
    assert len(storage.list_memory("ru", "en", 10)) == 1


def test_memory_pairs_are_the_distinct_pairs_held(target):
    storage = Storage(target)
    assert storage.memory_pairs() == set()
    storage.import_memory([MemoryEntry("ru", "en", "Да.", "Yes."), MemoryEntry("ru", "en", "Нет.", "No."),
                           MemoryEntry("ko", "de", "네.", "Ja.")])
    assert storage.memory_pairs() == {("ru", "en"), ("ko", "de")}


def test_sample_keys_make_loading_idempotent(target):
    storage = Storage(target)
    storage.save_comparison(result("s1"), sample_key="sample:x")
    assert storage.has_sample("sample:x") and not storage.has_sample("sample:y")
    with pytest.raises(IntegrityError):
        storage.save_comparison(result("s2"), sample_key="sample:x")


def test_search_finds_a_phrase_inside_words_in_every_script(target):
    storage = Storage(target)
    lavrov = result("ru", title="Лавров в Пхеньяне")
    lavrov.versions[1].text = "Сергея Лаврова встретили в аэропорту. 台独势力 «ИЗВЕСТИЯ»"
    storage.save_comparison(lavrov)
    storage.save_comparison(result("other", title="Nothing here"))
    for query in ("Лавров", "лаврова", "ЛАВРОВ", "台独", "известия", "nothing"):
        items, total = storage.list_comparisons(10, 0, query)
        assert total == 1, query
        place = items[0]["found_in"][0]
        assert place["excerpt"][place["match"][0]:place["match"][1]].casefold() == query.casefold()
    assert storage.list_comparisons(10, 0, "100%_")[1] == 0  # LIKE's wildcards are text, not patterns
    assert storage.delete_comparison("ru") and storage.list_comparisons(10, 0, "Лавров")[1] == 0


def test_the_list_is_newest_first_and_pages(target):
    storage = Storage(target)
    for n in range(5):
        storage.save_comparison(result(f"c{n}", created_at="2026-01-01T00:00:00+00:00"))  # one second: by insertion
    items, total = storage.list_comparisons(2, 1)
    assert total == 5 and [i["id"] for i in items] == ["c3", "c2"]


def test_caches_keep_the_latest_value_per_segment(target):
    from service.storage import CachedTranslation

    storage = Storage(target)
    storage.store_cache([CachedTranslation("p", "1", "ru", "en", "Да.", "Yes."),
                         CachedTranslation("p", "1", "ru", "en", "Да. ", "Yeah.")])  # one key, twice in one call
    assert storage.lookup_cache("p", "1", "ru", "en", ["Да."]) == {"Да.": "Yeah."}
    storage.store_vectors("m", "ru", {"Да.": b"\x00\x01", "Нет.": b"\x02"})
    storage.store_vectors("m", "ru", {"Да.": b"\x03"})
    assert storage.lookup_vectors("m", "ru", ["Да.", "Нет.", "Может."]) == {"Да.": b"\x03", "Нет.": b"\x02"}


def test_each_job_is_claimed_and_finished_once_under_contention(target):
    """Eight threads race for each job: one claims it, one stores its comparison."""
    from concurrent.futures import ThreadPoolExecutor

    storage = Storage(target)
    ids = storage.create_batch("b", ["{}"] * 6, {2: json.dumps({"error": {"code": "bad"}})})
    assert len(ids) == 5 and storage.batch_status("b")["counts"] == {"queued": 5, "running": 0, "done": 0, "failed": 1}
    with ThreadPoolExecutor(8) as pool:
        claims = list(pool.map(lambda job: storage.claim_job(job), [job for job in ids for _ in range(8)]))
        assert sum(c is not None for c in claims) == len(ids)
        finished = list(pool.map(lambda n: storage.finish_job(ids[n % 5], result(f"r{n}"), json.dumps(_stored(f"r{n}"))),
                                 range(40)))
    assert sum(finished) == len(ids)
    assert storage.list_comparisons(100, 0)[1] == len(ids)
    status = storage.batch_status("b")
    assert status["counts"] == {"queued": 0, "running": 0, "done": 5, "failed": 1}
    assert status["failures"] == [{"position": 2, "job": "b-2", "error": {"error": {"code": "bad"}}}]
    assert [b["id"] for b in storage.list_batches()] == ["b"] and storage.jobs_by_state()["done"] == 5


def test_a_job_left_running_is_taken_back_only_when_stale(target):
    storage = Storage(target)
    storage.create_job("j", "{}", idempotency=("k", "d"))
    assert storage.create_job("j2", "{}", idempotency=("k", "d")) == "j"  # the key returns the first job
    assert storage.claim_job("j") == "{}"
    assert storage.claim_job("j", running_before="2000-01-01T00:00:00+00:00") is None  # still fresh
    assert storage.claim_job("j", running_before="9999-01-01T00:00:00+00:00") == "{}"  # its runner is gone
    storage.fail_job("j", json.dumps({"error": {"code": "x"}}))
    assert storage.get_job("j")["state"] == "failed" and storage.get_job("j")["error"] == {"error": {"code": "x"}}


def _stored(comparison_id: str) -> dict:
    from service.contract import dump_comparison

    return json.loads(dump_comparison(result(comparison_id)))


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
        assert Storage(path).schema_version() == SCHEMA_VERSION
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- a full disk: 507, nothing half-stored, /healthz says so --------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB file system of its own (tmpfs) when this machine lets the test mount one;
    otherwise None, and the test uses a storage double that fails at the write."""
    import subprocess

    folder = tmp_path / "small-disk"
    folder.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)],
                                 capture_output=True).returncode == 0
    except OSError:  # no mount command
        mounted = False
    yield folder if mounted else None
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder) -> None:
    with open(folder / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass


def test_a_full_disk_is_507_with_nothing_half_stored(tmp_path, make_app, small_disk, monkeypatch):
    from conftest import OTHER, REFERENCE

    folder = small_disk or tmp_path
    app = make_app(database=folder / "db.sqlite3", min_free_mb=1)
    client = app.test_client()
    body = {"versions": [{"language": "en", "text": REFERENCE * 40}, {"language": "en", "text": OTHER * 40}]}
    assert client.post("/api/comparisons", json=body).status_code == 201
    storage = app.extensions["compare"].storage
    if small_disk is not None:
        _fill(small_disk)
    else:  # a double at the write call: SQLite's own error for a full disk, at the commit
        real_connect = storage._connect

        class FullDisk:
            def __init__(self, conn):
                self.conn = conn

            def commit(self):
                raise sqlite3.OperationalError("database or disk is full")

            def __getattr__(self, name):
                return getattr(self.conn, name)

        monkeypatch.setattr(storage, "_connect", lambda: FullDisk(real_connect()))
        monkeypatch.setattr("shutil.disk_usage", lambda path: type("Usage", (), {"free": 0})())
    for _ in range(3):
        error = assert_error(client.post("/api/comparisons", json=body), 507, "storage_full")
        assert "disk" in error["hint"]
    memory = {"entries": [{"source_language": "ru", "target_language": "en", "source": "Да." * 500, "target": "Yes."}]}
    assert client.post("/api/translation-memory", json=memory).status_code == 507
    assert client.get("/api/comparisons").get_json()["total"] == 1  # reads still work
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["storage"] == "low_space"
    assert health.get_json()["storage_free_bytes"] < 1024 * 1024
    if small_disk is not None:
        assert storage.integrity_check() == "ok"
        (small_disk / "filler").unlink()
        assert client.post("/api/comparisons", json=body).status_code == 201
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/comparisons").get_json()["total"] == 2


def test_healthz_reports_a_database_that_cannot_be_written(client, storage):
    healthy = client.get("/healthz").get_json()
    assert healthy["storage"] == "ok" and healthy["storage_writable"] is True and healthy["storage_free_bytes"] > 0
    blocker = sqlite3.connect(storage.path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    import service.storage as storage_module

    original = storage_module.BUSY_TIMEOUT_SECONDS
    storage_module.BUSY_TIMEOUT_SECONDS = 0.2
    try:
        health = storage.health()
    finally:
        storage_module.BUSY_TIMEOUT_SECONDS = original
        blocker.rollback()
        blocker.close()
    assert health.writable is False and health.status in ("read_only", "unavailable")


# -- idempotency keys -----------------------------------------------------------------------
def test_an_idempotency_key_stores_one_comparison(target):
    from service.storage import IdempotencyConflict

    storage = Storage(target)
    assert storage.save_comparison(result("first"), idempotency=("key-1", "digest-a")) == "first"
    assert storage.save_comparison(result("second"), idempotency=("key-1", "digest-a")) == "first"
    assert storage.find_idempotent("key-1", "digest-a") == "first"
    assert storage.find_idempotent("key-2", "digest-a") is None
    with pytest.raises(IdempotencyConflict):
        storage.save_comparison(result("third"), idempotency=("key-1", "digest-b"))
    assert storage.list_comparisons(10, 0)[1] == 1
    storage.delete_comparison("first")  # the key goes with its comparison
    assert storage.find_idempotent("key-1", "digest-a") is None


def _article(article_id: str, url: str | None, body: str, fetched_at: str, **extra):
    from service.storage import StoredArticle

    return StoredArticle(id=article_id, url=url, requested_url=url, fetched_at=fetched_at,
                         content_hash=hashlib.sha256(body.encode()).hexdigest(), text=body,
                         html=f"<p>{body}</p>".encode(), **extra)


def test_articles_are_stored_once_per_revision(target):
    storage = Storage(target)
    first, new = storage.save_article(_article("a1", "https://x.test/a", "First text.", "2026-03-01T10:00:00+00:00",
                                               published="2026-03-01"))
    assert new and storage.get_article("a1").html == b"<p>First text.</p>"
    same, new = storage.save_article(_article("a2", "https://x.test/a", "First text.", "2026-03-01T11:00:00+00:00"))
    assert not new and same.id == "a1"
    changed, new = storage.save_article(_article("a3", "https://x.test/a", "Second text.", "2026-03-01T12:00:00+00:00",
                                                 published="2026-03-01"))
    assert new and storage.latest_article("https://x.test/a").id == "a3"
    storage.save_article(_article("u1", None, "An upload.", "2026-03-02T00:00:00+00:00"))
    listed = storage.list_articles()
    assert [a.id for a in listed] == ["a3", "u1"]  # the newest revision of each page, and the upload
    assert all(a.html is None for a in listed)  # lists leave the pages out
    assert [a.id for a in storage.list_articles(since="2026-03-02")] == ["u1"]


def test_comparison_sources_chain_and_feeds(target):
    from service.storage import ComparisonSources, FeedSource

    storage = Storage(target)
    article = _article("a1", "https://x.test/a", "Text.", "2026-03-01T10:00:00+00:00")
    storage.save_comparison(result("c1"), sources=ComparisonSources({"versions": [{"url": "https://x.test/a"}]},
                                                                    (article, None)))
    assert storage.comparisons_reading("https://x.test/a") == [("c1", {"versions": [{"url": "https://x.test/a"}]},
                                                                ("a1",))]
    revised = _article("a2", "https://x.test/a", "Text, revised.", "2026-03-02T10:00:00+00:00")
    storage.save_comparison(result("c2"), sources=ComparisonSources({"versions": []}, (revised,), supersedes="c1"))
    assert storage.superseding("c1") == "c2"
    assert [c[0] for c in storage.comparisons_reading("https://x.test/a")] == ["c2"]  # only the newest of a chain
    storage.delete_comparison("c2")  # c1 is again the newest of its chain; the article stays
    assert [c[0] for c in storage.comparisons_reading("https://x.test/a")] == ["c1"]
    assert storage.get_article("a2") is not None and storage.superseding("c1") is None

    source = FeedSource("s1", "https://x.test/rss", "X", "en", 900, "2026-03-01T00:00:00+00:00")
    assert storage.add_source(source) == (source, True)
    assert storage.add_source(FeedSource("s2", "https://x.test/rss", "Y", None, 60, "2026-03-02T00:00:00+00:00"))[1] is False
    assert storage.new_feed_items("s1", [("g1", "https://x.test/1", "One", None), ("g2", "https://x.test/2", None, None)]) \
        == ["g1", "g2"]
    assert storage.new_feed_items("s1", [("g2", "https://x.test/2", None, None), ("g3", "https://x.test/3", None, None)]) \
        == ["g3"]
    polled = storage.record_poll(source, '"e1"', None)
    assert storage.get_source("s1") == polled and polled.etag == '"e1"' and polled.polled_at
    assert storage.record_poll(polled, None, None, "timed out").etag == '"e1"'  # kept when the feed sends none
    assert sorted(storage.feed_item_urls("s1")) == ["https://x.test/1", "https://x.test/2", "https://x.test/3"]


def test_a_comparison_is_superseded_once(target):
    from service.storage import AlreadySuperseded, ComparisonSources

    storage = Storage(target)
    storage.save_comparison(result("c1"), sources=ComparisonSources({"versions": []}, (
        _article("a1", "https://x.test/a", "Text.", "2026-03-01T10:00:00+00:00"),)))
    revised = _article("a2", "https://x.test/a", "Text, revised.", "2026-03-02T10:00:00+00:00")
    storage.save_comparison(result("c2"), sources=ComparisonSources({"versions": []}, (revised,), supersedes="c1"))
    with pytest.raises(AlreadySuperseded):  # a second watcher's run of the same change
        storage.save_comparison(result("c3"), sources=ComparisonSources({"versions": []}, (revised,), supersedes="c1"))
    assert storage.get_comparison("c3") is None and storage.superseding("c1") == "c2"


def test_revisions_stored_in_one_second_keep_their_order(target):
    storage = Storage(target)
    for n in range(5):
        storage.save_article(_article(f"r{n}", "https://x.test/a", f"Text {n}.", "2026-03-01T10:00:00+00:00"))
    assert storage.latest_article("https://x.test/a").id == "r4"
    assert [a.id for a in storage.list_articles(since="2026-03-01", until="2026-03-01")] == ["r4"]
    assert storage.list_articles(since="2026-03-02") == []
