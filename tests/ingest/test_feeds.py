"""Feeds: RSS and Atom read with feedparser (the fixtures' labels say which items each
holds), sources registered through the API and the CLI, and the watcher polling a local
site: new items stored, unchanged pages asked for conditionally and stored once, and a
comparison run again when an article it read changes, once per change."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from service.__main__ import cli
from service.errors import ServiceError
from service.ingest.feeds import Watcher, read_feed
from support.site import news_site

PAGES = Path(__file__).resolve().parent.parent / "data" / "html"
FEEDS = json.loads((PAGES / "labels.json").read_text(encoding="utf-8"))["feeds"]
ARTICLES = ["modern_article.html", "opengraph_meta.html", "rich_inline.html", "comments_heavy.html", "table_layout.html"]


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_feeds_are_read_in_document_order(name):
    feed = read_feed((PAGES / name).read_bytes())
    assert feed.title == FEEDS[name]["title"]
    assert [(i.url, i.title) for i in feed.items] == [(i["link"], i["title"]) for i in FEEDS[name]["items"]]
    assert all(i.published and i.published.endswith("+00:00") for i in feed.items)


def test_a_document_that_is_not_a_feed_is_422():
    with pytest.raises(ServiceError) as refused:
        read_feed(b"<html><body><p>Hello</p></body></html>")
    assert refused.value.code == "not_a_feed"


def _serve_feed(site, feed: bytes) -> list[str]:
    """The RSS fixture on the local site, its links moved there, each link serving a page."""
    text = feed.decode("utf-8").replace("http://news.example.test", site.base)
    site.put("/rss", text, "application/rss+xml; charset=utf-8")
    paths = [urlsplit(i.url).path for i in read_feed(text.encode()).items]
    for path, page in zip(paths, ARTICLES):
        site.put(path, (PAGES / page).read_bytes())
    return paths


def test_watch_stores_new_items_and_reruns_a_comparison_once_per_change(make_app):
    app = make_app(fetch_allow="127.0.0.1")
    client = app.test_client()
    services = app.extensions["compare"]
    with news_site() as site:
        paths = _serve_feed(site, (PAGES / "feed_rss.xml").read_bytes())
        registered = client.post("/api/sources", json={"url": site.url("/rss"), "outlet": "Northgate Herald",
                                                       "language": "en", "interval_seconds": 60})
        assert registered.status_code == 201
        again = client.post("/api/sources", json={"url": site.url("/rss"), "outlet": "Northgate Herald"})
        assert again.status_code == 200 and again.json["id"] == registered.json["id"]
        compared = client.post("/api/comparisons", json={"versions": [{"url": site.url(paths[0])},
                                                                       {"url": site.url(paths[1])}]}).json
        watcher = Watcher(services.storage, services.ingestor, services.rerun)
        source = services.storage.get_source(registered.json["id"])

        first = watcher.poll(source)
        assert (first.items, first.new_items, first.errors) == (5, 5, ())
        assert first.revisions == 3 and first.reruns == ()  # two pages were stored by the comparison already
        assert len(services.storage.list_articles()) == 5
        assert {a.outlet for a in services.storage.list_articles() if a.source_id} == {"Northgate Herald"}

        second = watcher.poll(services.storage.get_source(source.id))
        assert second.not_modified and second.revisions == 0 and second.reruns == ()
        assert site.not_modified["/rss"] == 1 and site.not_modified[paths[0]] >= 1

        edited = (PAGES / ARTICLES[0]).read_bytes().replace(b"roughly 4,000 homes", b"roughly 7,500 homes")
        site.put(paths[0], edited)
        third = watcher.poll(services.storage.get_source(source.id))
        assert third.revisions == 1 and len(third.reruns) == 1
        rerun = client.get(f"/api/comparisons/{third.reruns[0]}").json
        assert "7,500" in rerun["versions"][0]["text"]
        assert rerun["versions"][0]["source"]["article_id"] != compared["versions"][0]["source"]["article_id"]
        assert rerun["versions"][1]["source"]["article_id"] == compared["versions"][1]["source"]["article_id"]
        assert services.storage.superseding(compared["id"]) == rerun["id"]

        fourth = watcher.poll(services.storage.get_source(source.id))
        assert fourth.revisions == 0 and fourth.reruns == ()  # no duplicate revision, no second re-run
        assert services.storage.count_comparisons() == 2
        listed = client.get("/api/sources").json["sources"]
        assert listed[0]["polled_at"] and listed[0]["last_error"] is None


def test_watch_and_sources_from_the_cli(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPARE_DATABASE", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("COMPARE_PACKAGES_DIR", str(tmp_path / "packages"))
    monkeypatch.setenv("COMPARE_FETCH_ALLOW", "127.0.0.1")
    runner = CliRunner()
    with news_site() as site:
        _serve_feed(site, (PAGES / "feed_rss.xml").read_bytes())
        added = runner.invoke(cli, ["sources", "add", site.url("/rss"), "--outlet", "Northgate Herald"])
        assert added.exit_code == 0 and "registered" in added.output
        listed = runner.invoke(cli, ["sources", "list"])
        assert "not polled yet" in listed.output
        watched = runner.invoke(cli, ["watch", "--once"])
        assert watched.exit_code == 0, watched.output
        assert "5 items, 5 new, 5 articles new or changed" in watched.output
        again = runner.invoke(cli, ["watch", "--once"])
        assert again.output.strip() == ""  # polled a moment ago: not due yet


def test_an_unreachable_feed_is_recorded_not_raised(make_app):
    app = make_app()  # no allow-list: the local address is refused
    services = app.extensions["compare"]
    with news_site() as site:
        watcher = Watcher(services.storage, services.ingestor, services.rerun)
        source, _ = watcher.register(site.url("/rss"), "Local")
        report = watcher.poll(source)
    assert report.errors and "private" in report.errors[0]
    assert services.storage.get_source(source.id).last_error == report.errors[0]


def test_a_rerun_that_failed_is_tried_again_at_the_next_poll(make_app):
    app = make_app(fetch_allow="127.0.0.1")
    client = app.test_client()
    services = app.extensions["compare"]
    with news_site() as site:
        paths = _serve_feed(site, (PAGES / "feed_rss.xml").read_bytes())
        compared = client.post("/api/comparisons", json={"versions": [{"url": site.url(paths[0])},
                                                                       {"url": site.url(paths[1])}]}).json
        source, _ = Watcher(services.storage, services.ingestor, services.rerun).register(site.url("/rss"), "N")
        calls = []

        def failing_once(body, supersedes):
            calls.append(supersedes)
            if len(calls) == 1:
                raise RuntimeError("the database went away")
            return services.rerun(body, supersedes)

        watcher = Watcher(services.storage, services.ingestor, failing_once)
        site.put(paths[0], (PAGES / ARTICLES[0]).read_bytes().replace(b"roughly 4,000 homes", b"roughly 6,000 homes"))
        first = watcher.poll(source)
        assert first.revisions == 4 and first.reruns == () and first.errors  # 3 new, 1 changed; its re-run failed
        second = watcher.poll(services.storage.get_source(source.id))
        assert second.revisions == 0 and len(second.reruns) == 1 and calls == [compared["id"], compared["id"]]
        assert services.storage.superseding(compared["id"]) == second.reruns[0]


def test_a_feed_read_from_a_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPARE_DATABASE", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("COMPARE_PACKAGES_DIR", str(tmp_path / "packages"))
    monkeypatch.setenv("COMPARE_FETCH_ALLOW", "127.0.0.1")
    with news_site() as site:
        _serve_feed(site, (PAGES / "feed_rss.xml").read_bytes())
        saved = tmp_path / "feed.xml"
        saved.write_bytes(site.pages["/rss"][1])
        runner = CliRunner()
        first = runner.invoke(cli, ["sources", "read", str(saved), "--outlet", "Northgate Herald", "--language", "en"])
        assert first.exit_code == 0 and first.output.startswith("5 items, 5 articles new or changed"), first.output
        again = runner.invoke(cli, ["sources", "read", str(saved), "--outlet", "Northgate Herald"])
        assert again.output.startswith("5 items, 0 articles new or changed")
    not_a_feed = tmp_path / "page.xml"
    not_a_feed.write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["sources", "read", str(not_a_feed), "--outlet", "X"])
    assert refused.exit_code == 2 and "not an RSS or Atom feed" in refused.output
