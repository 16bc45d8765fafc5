"""Story pairing's parts: names as one key in every script, the time window, average
linkage, and the API, CLI and page that use them (its accuracy is measured by
tests/evaluation/test_pairing.py on the blind archive)."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from service.__main__ import cli
from service.encoder import SentenceEncoder
from service.ingest.mentions import mentions
from service.ingest.pairing import Article, Model, Pairer, average_linkage, figures
from support.pairing_eval import PAIRING

T0 = datetime(2026, 3, 3, 9, tzinfo=timezone.utc)


def test_one_person_and_one_place_whatever_the_script():
    keys = {"person:sergei_lavrov", "place:Pyongyang"}
    assert keys <= mentions("Foreign Minister Sergei Lavrov arrived in Pyongyang on Tuesday.")
    assert keys <= mentions("Министр Сергей Лавров прибыл в Пхеньян, где встретился с Ким Чен Ыном.")
    assert keys <= mentions("라브로프 외무장관이 평양에 도착했다.")
    assert keys <= mentions("拉夫罗夫抵达平壤。")
    assert "person:kim_jong_un" in mentions("встретился с Ким Чен Ыном")  # a case ending
    assert "place:US" in mentions("talks with the US") and "place:US" not in mentions("let us talk")


def test_figures_leave_out_small_counts_and_years():
    assert figures("In 2026, 25,000 tonnes of wheat arrived on 3 ships.", "en") == {"25000"}
    assert figures("2만 5천 톤의 밀이 도착했다", "ko") == {"25000"}


def _article(i: str, title: str, text: str, hours: float, language="en", outlet=None) -> Article:
    return Article(i, title, text, language, T0 + timedelta(hours=hours), outlet)


def test_only_articles_within_the_window_are_candidates():
    pairer = Pairer(SentenceEncoder(None, enabled=False), Model((0, 0, 0, 0, 0), 0, 0.5, window_hours=24))
    # the window is 24 hours and a day more (a date without a time stands for any hour of its day)
    read = pairer.read([_article("a", "A", "Text a.", 0), _article("b", "B", "Text b.", 40),
                        _article("c", "C", "Text c.", 80), Article("d", "D", "Text d.")])
    assert sorted(pairer.candidates(read)) == [(0, 1), (0, 3), (1, 2), (1, 3), (2, 3)]


def test_average_linkage_does_not_chain_look_alikes():
    # a-b and b-c are strong, a-c is not scored: single linkage would make one group of three
    groups = average_linkage(3, {(0, 1): 0.9, (1, 2): 0.8}, threshold=0.5)
    assert sorted(map(sorted, groups)) == [[0, 1], [2]]
    assert sorted(map(sorted, average_linkage(3, {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7}, 0.5))) == [[0, 1, 2]]
    assert sorted(map(sorted, average_linkage(2, {(0, 1): 0.4}, 0.5))) == [[0], [1]]


def test_one_outlet_in_one_language_is_never_two_versions():
    text = "Foreign Minister Sergei Lavrov arrived in Pyongyang on Tuesday for talks on 25,000 tonnes of grain."
    same = [_article("a", "Lavrov in Pyongyang", text, 0, outlet="X"), _article("b", "Lavrov in Pyongyang", text, 1, outlet="X")]
    other = [same[0], _article("c", "Lavrov in Pyongyang", text, 1, outlet="Y")]
    pairer = Pairer(SentenceEncoder(None))
    assert pairer.pair(same) == []
    [cluster] = pairer.pair(other)
    assert cluster.articles == ("a", "c") and "person:sergei_lavrov" in cluster.names and cluster.numbers == ("25000",)


def _records(n: int) -> list[dict]:
    lines = (PAIRING / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return [{k: v for k, v in json.loads(line).items() if k != "story"} for line in lines]


def test_pairings_api_with_given_articles(client):
    records = _records(20)
    answer = client.post("/api/pairings", json={"articles": records})
    assert answer.status_code == 200
    body = answer.json
    assert body["articles"] == 20 and body["clusters"]
    ids = {r["id"] for r in records}
    for cluster in body["clusters"]:
        assert set(cluster["articles"]) <= ids and len(cluster["articles"]) >= 2
        assert 0 <= cluster["score"] <= 1 and all(p["evidence"]["hours_apart"] is not None for p in cluster["pairs"])
    strict = client.post("/api/pairings", json={"articles": records, "threshold": 1.0}).json
    assert strict["clusters"] == [] and strict["threshold"] == 1.0
    twice = client.post("/api/pairings", json={"articles": [records[0], records[0]]})
    assert twice.status_code == 400 and "same id" in twice.json["error"]["message"]
    assert client.post("/api/pairings", json={"articles": [records[0]]}).status_code == 400


def test_pair_command_reads_an_archive(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPARE_DATABASE", str(tmp_path / "db.sqlite3"))
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _records(20)), encoding="utf-8")
    shown = CliRunner().invoke(cli, ["pair", str(archive)])
    assert shown.exit_code == 0 and re.search(r"^20 articles, \d+ clusters", shown.output)
    as_json = json.loads(CliRunner().invoke(cli, ["pair", str(archive), "--json"]).output)
    assert as_json["articles"] == 20 and as_json["clusters"]
    archive.write_text('{"title": "no text"}\n', encoding="utf-8")
    refused = CliRunner().invoke(cli, ["pair", str(archive)])
    assert refused.exit_code == 2 and "line 1" in refused.output


def test_the_page_lists_stored_clusters_and_one_click_compares(make_app):
    from service.ingest.archive import from_record
    from service.storage import StoredArticle

    app = make_app()
    storage = app.extensions["compare"].storage
    now = datetime.now(timezone.utc)
    for n, record in enumerate(_records(20)):
        article = from_record(record, str(n))
        published = (now - timedelta(days=2) + (article.published - T0)).isoformat()
        storage.save_article(StoredArticle(record["id"], f"https://news.example/{record['id']}", None, published,
                                           f"hash{n}", article.text, article.title, outlet=article.outlet,
                                           published=published, language=article.language))
    client = app.test_client()
    page = client.get("/pairings").get_data(as_text=True)
    assert "Cluster 1" in page and "Compare these articles" in page
    first = re.search(r'<form method="post" action="/pairings/compare">(.*?)</form>', page, re.S).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', first).group(1)
    chosen = re.findall(r'name="article" value="([^"]+)"', first)
    response = client.post("/pairings/compare", data={"csrf_token": token, "article": chosen})
    assert response.status_code == 303
    compared = client.get("/api/comparisons/" + response.headers["Location"].rsplit("/", 1)[1]).json
    assert [v["source_url"] for v in compared["versions"]] == [f"https://news.example/{i}" for i in chosen]
    assert client.post("/pairings/compare", data={"csrf_token": token, "article": chosen[:1]}).status_code == 400


def test_a_day_without_a_time_is_any_hour_of_it():
    pairer = Pairer(SentenceEncoder(None, enabled=False))
    seoul = Article("s", "A", "Text.", "ko", datetime(2026, 3, 4, tzinfo=timezone.utc), day_only=True)  # 23:00 KST
    new_york = Article("n", "B", "Text.", "en", datetime(2026, 3, 4, 14, 30, tzinfo=timezone.utc))
    _, evidence = pairer.features(*pairer.read([seoul, new_york]))
    assert evidence.hours_apart == 0.0


def test_pairing_work_is_bounded():
    from service.errors import ServiceError

    undated = [Article(str(n), f"Title {n}", f"Text number {n}.") for n in range(800)]  # every pair a candidate
    with pytest.raises(ServiceError) as refused:
        Pairer(SentenceEncoder(None, enabled=False)).pair(undated)
    assert refused.value.status == 413 and "publication time" in refused.value.hint
