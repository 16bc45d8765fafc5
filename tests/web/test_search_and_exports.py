"""Everyday use: full-text search over stored comparisons (any script, inside words, where it
was found), the CSV a spreadsheet opens right (byte-order mark, evidence in columns), and the
translation memory exported as TMX that imports back the same."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from conftest import SAMPLES, sample
from service.storage import SCHEMA_VERSION, Storage
from support.http import assert_error
from support.legacy import legacy_sqlite


@pytest.fixture
def lavrov(client) -> dict:
    body = sample("lavrov-kim-en-ru.json")
    imported = client.post("/api/translation-memory", data=(SAMPLES / body["translation_memory"]).read_bytes(),
                           content_type="application/x-tmx+xml")
    assert imported.status_code == 200
    response = client.post("/api/comparisons", json={k: body[k] for k in ("title", "versions")})
    assert response.status_code == 201
    return response.get_json()


def search(client, q: str) -> dict:
    response = client.get("/api/comparisons", query_string={"q": q})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_search_finds_a_name_inside_inflected_words_in_any_case_and_says_where(client, lavrov, english_pair):
    client.post("/api/comparisons", json=english_pair)
    found = search(client, "лавров")  # the text has "Сергея Лаврова"
    assert found["total"] == 1 and found["items"][0]["id"] == lavrov["id"]
    places = found["items"][0]["found_in"]
    assert {p["field"] for p in places} <= {"title", "label", "speaker", "quote", "text", "translation"}
    text_hit = next(p for p in places if p["field"] == "text")
    start, end = text_hit["match"]
    assert text_hit["version"] == "Agency (RU)" and text_hit["excerpt"][start:end] == "Лавров"
    assert search(client, "Sergei Lavrov")["items"][0]["found_in"][0]["field"] == "speaker"
    assert search(client, "MINISTER")["total"] == 2  # both comparisons' texts
    assert search(client, "no such words anywhere")["total"] == 0
    listed = search(client, "")
    assert listed["total"] == 2 and all(item["found_in"] is None for item in listed["items"])


def test_search_in_korean_chinese_and_short_queries(client):
    response = client.post("/api/comparisons", json={"versions": [
        {"label": "KO", "language": "ko", "text": "라브로프 장관은 평양에 도착했다고 밝혔다. 회담은 이틀간 계속된다."},
        {"label": "ZH", "language": "zh", "text": "外交部发言人说，台独势力必须停止挑衅。会谈将持续两天。"},
    ]})
    assert response.status_code == 201, response.get_json()
    assert search(client, "라브로프")["total"] == 1  # "라브로프 장관은": a particle attached
    assert search(client, "台独")["total"] == 1  # two characters: below the trigram index, still found
    hit = search(client, "台独")["items"][0]["found_in"][0]
    assert hit["excerpt"][hit["match"][0]:hit["match"][1]] == "台独"


def test_a_deleted_comparison_leaves_the_search(client, lavrov):
    assert client.delete(f"/api/comparisons/{lavrov['id']}").status_code == 204
    assert search(client, "Лавров")["total"] == 0


def test_the_migration_indexes_comparisons_stored_before_the_search(tmp_path, client, lavrov, storage):
    # a database at schema 4 (no search index) holding the comparison, then opened again
    old = tmp_path / "old.sqlite3"
    legacy_sqlite(old, 4)
    with sqlite3.connect(old) as conn:
        with sqlite3.connect(storage.path) as current:
            row = current.execute("SELECT id, title, created_at, target_language, labels, languages, signal_counts,"
                                  " search_text, sample_key, result FROM comparisons").fetchone()
        conn.execute("INSERT INTO comparisons VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
    upgraded = Storage(old)
    assert upgraded.schema_version() == SCHEMA_VERSION
    items, total = upgraded.list_comparisons(10, 0, "Лавров")
    assert total == 1 and items[0]["id"] == lavrov["id"] and items[0]["found_in"]


def test_the_home_page_shows_where_the_term_was_found(client, lavrov):
    html = client.get("/", query_string={"q": "Лавров"}).get_data(as_text=True)
    assert "<mark>Лавров</mark>" in html and "1 matching" in html


def test_the_cli_searches(make_app, lavrov, client, monkeypatch):
    from click.testing import CliRunner

    from service.__main__ import cli

    settings = client.application.extensions["compare"].settings
    monkeypatch.setenv("COMPARE_DATABASE", str(settings.database))
    monkeypatch.setenv("COMPARE_PACKAGES_DIR", str(settings.packages_dir))
    done = CliRunner().invoke(cli, ["search", "Лавров"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("1 comparison match “Лавров”") and lavrov["id"] in done.output
    assert "text (Agency (RU)):" in done.output


def test_csv_has_a_byte_order_mark_and_the_evidence_in_columns(client, lavrov):
    response = client.get(f"/api/comparisons/{lavrov['id']}.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == len(lavrov["signals"])
    quotes = {q["id"]: q for v in lavrov["versions"] for q in v["quotes"]}
    for row, signal in zip(rows, lavrov["signals"]):
        evidence = signal["evidence"]
        assert json.loads(row["evidence"]) == evidence
        if "counterpart_quote" in evidence:
            assert row["quote"] == quotes[evidence["quote"]]["text"]
            assert row["counterpart_quote"] == quotes[evidence["counterpart_quote"]]["text"]
        if signal["type"] == "number_mismatch":
            assert row["numbers"] == "; ".join(evidence["numbers"])
    altered = [r for r in rows if r["type"] == "quote_altered"]
    assert altered and all(r["changes"] for r in altered)  # "unconditional” dropped (qualifier)"-style words


def test_translation_memory_exports_as_tmx_that_imports_back_the_same(client, make_app):
    client.post("/api/translation-memory", data=(SAMPLES / "lavrov-kim-ru-en.tmx").read_bytes(),
                content_type="application/x-tmx+xml")
    client.post("/api/translation-memory", json={"entries": [
        {"source_language": "ko", "target_language": "en", "source": "회담은 <계속> & “된다”", "target": "Talks go on & <on>"}]})
    exported = client.get("/api/translation-memory.tmx")
    assert exported.status_code == 200 and exported.mimetype == "application/x-tmx+xml"
    assert b'srclang="*all*"' in exported.data  # two source languages: each unit names its own
    other = make_app().test_client()
    imported = other.post("/api/translation-memory", data=exported.data, content_type="application/x-tmx+xml")
    assert imported.get_json()["imported"] == 10
    listing = lambda c: c.get("/api/translation-memory", query_string={"limit": 1000}).get_json()["entries"]
    assert listing(other) == listing(client)
    only_korean = client.get("/api/translation-memory.tmx", query_string={"source_language": "ko"}).data
    assert only_korean.count(b"<tu ") == 1 and b'srclang="ko"' in only_korean
    assert_error(client.get("/api/translation-memory.tmx", query_string={"source_language": "xx"}), 400)
