"""Articles by URL and as HTML: extraction on saved pages of varied layouts (written for the
tests, labelled in tests/data/html/labels.json), comparisons from two URLs served by a local
site, refusals without the allow-list, uploads through the API, the form and the CLI."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.__main__ import cli
from service.errors import ServiceError
from service.ingest.extract import extract
from support.site import news_site

PAGES = Path(__file__).resolve().parent.parent / "data" / "html"
LABELS = json.loads((PAGES / "labels.json").read_text(encoding="utf-8"))
PAGE_NAMES = sorted(name for name in LABELS if name != "feeds")


def _collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_extraction_finds_the_article_and_its_metadata(name):
    label = LABELS[name]
    page = extract((PAGES / name).read_bytes())
    body = _collapsed(page.text)
    assert page.title == label["title"]
    assert page.published == label["date"]
    assert page.author == label["author"]
    assert [s for s in label["body_contains"] if _collapsed(s) not in body] == []
    assert [s for s in label["body_excludes"] if s in body] == []
    assert "\n\n" in page.text  # paragraphs stay paragraphs


def test_a_page_without_an_article_is_422():
    with pytest.raises(ServiceError) as refused:
        extract("<html><body><nav>Home | World | Sport</nav></body></html>")
    assert refused.value.status == 422 and refused.value.code == "no_article"


def _changed(html: bytes, old: str, new: str) -> bytes:
    assert old.encode() in html
    return html.replace(old.encode(), new.encode())


MODERN = (PAGES / "modern_article.html").read_bytes()
EDITED = _changed(MODERN, "roughly 4,000 homes", "roughly 9,000 homes")


@pytest.fixture
def site():
    with news_site() as running:
        running.put("/a", MODERN)
        running.put("/b", EDITED)
        yield running


def test_a_comparison_from_two_urls(make_app, site):
    app = make_app(fetch_allow="127.0.0.1")
    response = app.test_client().post("/api/comparisons", json={"versions": [{"url": site.url("/a"), "label": "A"},
                                                                               {"url": site.url("/b"), "label": "B"}]})
    assert response.status_code == 201, response.json
    result = response.json
    assert result["title"] == LABELS["modern_article.html"]["title"]
    first = result["versions"][0]
    assert first["source_url"] == site.url("/a") and first["published_at"] == "2024-02-14"
    assert first["source"]["site"] == "The Lakeside Ledger" and first["source"]["author"] == "Danielle Okafor"
    assert "4,000 homes" in first["text"] and "cookies" not in first["text"]
    assert any(s["type"] == "number_mismatch" and "9,000" in s["text"] for s in result["signals"])
    storage = app.extensions["compare"].storage
    stored = storage.get_article(first["source"]["article_id"])
    assert stored.html == MODERN and stored.text == first["text"]  # the page as it came, and its extraction
    page = app.test_client().get(f"/comparisons/{result['id']}").get_data(as_text=True)
    assert f'href="{site.url("/a")}"' in page and "2024-02-14" in page


def test_private_addresses_are_refused_without_the_allow_list(make_app, site):
    app = make_app()
    response = app.test_client().post("/api/comparisons", json={"versions": [{"url": site.url("/a")},
                                                                               {"text": "Some text here."}]})
    assert response.status_code == 400 and response.json["error"]["code"] == "url_not_allowed"
    assert "COMPARE_FETCH_ALLOW" in response.json["error"]["hint"]
    assert site.hits["/a"] == 0
    storage = app.extensions["compare"].storage
    assert storage.count_comparisons() == 0 and storage.list_articles() == []


def test_a_failed_fetch_stores_nothing(make_app, site):
    app = make_app(fetch_allow="127.0.0.1")
    response = app.test_client().post("/api/comparisons", json={"versions": [{"url": site.url("/a")},
                                                                               {"url": site.url("/gone")}]})
    assert response.status_code == 502 and response.json["error"]["code"] == "fetch_failed"
    assert "404" in response.json["error"]["message"]
    assert app.extensions["compare"].storage.list_articles() == []


def test_refetching_an_unchanged_page_makes_no_new_revision(make_app, site):
    app = make_app(fetch_allow="127.0.0.1")
    client = app.test_client()
    body = {"versions": [{"url": site.url("/a")}, {"url": site.url("/b")}]}
    first = client.post("/api/comparisons", json=body).json
    second = client.post("/api/comparisons", json=body).json
    assert site.not_modified["/a"] == 1  # asked with If-None-Match the second time
    assert first["versions"][0]["source"]["article_id"] == second["versions"][0]["source"]["article_id"]
    assert len(app.extensions["compare"].storage.list_articles()) == 2


def test_exactly_one_of_text_url_or_html(make_app):
    client = make_app().test_client()
    both = client.post("/api/comparisons", json={"versions": [{"text": "A text.", "url": "https://example.org/a"},
                                                              {"text": "Another."}]})
    assert both.status_code == 400 and both.json["error"]["message"].startswith("versions[0]:")
    neither = client.post("/api/comparisons", json={"versions": [{"label": "x"}, {"text": "Another."}]})
    assert neither.status_code == 400 and neither.json["error"]["message"].startswith("versions[0].text:")
    assert "url or html" in neither.json["error"]["message"]
    scheme = client.post("/api/comparisons", json={"versions": [{"url": "file:///etc/passwd"}, {"text": "Another."}]})
    assert scheme.status_code == 400 and scheme.json["error"]["code"] == "url_not_allowed"
    assert "/etc/passwd" in scheme.json["error"]["message"]  # the client's own input, said back


def test_uploaded_html_in_the_api(make_app):
    app = make_app()
    russian = (PAGES / "russian_cp1251.html").read_bytes().decode("cp1251")
    response = app.test_client().post("/api/comparisons", json={"versions": [
        {"html": MODERN.decode("utf-8"), "label": "page"}, {"html": EDITED.decode("utf-8"), "label": "edited"}]})
    assert response.status_code == 201, response.json
    version = response.json["versions"][0]
    assert version["source"]["url"] is None and version["source"]["title"] == LABELS["modern_article.html"]["title"]
    assert version["published_at"] == "2024-02-14"
    ru = app.test_client().post("/api/comparisons", json={"versions": [{"html": russian}, {"html": russian}]})
    assert ru.status_code == 201 and ru.json["versions"][0]["language"] == "ru"


def test_the_form_takes_an_address_and_a_saved_page(make_app, site):
    app = make_app(fetch_allow="127.0.0.1")
    client = app.test_client()
    home = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    response = client.post("/comparisons", content_type="multipart/form-data", data={
        "csrf_token": token, "url_0": site.url("/a"), "label_1": "upload",
        "file_1": (io.BytesIO(EDITED), "edited.html")})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "9,000" in page and "upload" in page


def test_the_cli_compares_urls_and_saved_pages(tmp_path, site, monkeypatch):
    monkeypatch.setenv("COMPARE_DATABASE", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("COMPARE_PACKAGES_DIR", str(tmp_path / "packages"))
    monkeypatch.setenv("COMPARE_FETCH_ALLOW", "127.0.0.1")
    saved = tmp_path / "edited.html"
    saved.write_bytes(EDITED)
    result = CliRunner().invoke(cli, ["compare", site.url("/a"), str(saved), "--json"])
    assert result.exit_code == 0, result.output
    comparison = json.loads(result.output)
    assert [v["label"] for v in comparison["versions"]] == ["127.0.0.1", "edited"]
    assert any(s["type"] == "number_mismatch" for s in comparison["signals"])
    monkeypatch.delenv("COMPARE_FETCH_ALLOW")
    refused = CliRunner().invoke(cli, ["compare", site.url("/a"), str(saved)])
    assert refused.exit_code == 2 and "COMPARE_FETCH_ALLOW" in refused.output


def test_an_extracted_text_longer_than_a_version_may_be_is_413(make_app, site):
    app = make_app(fetch_allow="127.0.0.1", max_version_chars=500)
    response = app.test_client().post("/api/comparisons", json={"versions": [{"url": site.url("/a")},
                                                                               {"text": "Short."}]})
    assert response.status_code == 413 and response.json["error"]["message"].startswith("versions[0].url:")
    assert app.extensions["compare"].storage.list_articles() == []


def test_a_page_named_twice_is_fetched_once_and_an_upload_stored_once(make_app, site):
    app = make_app(fetch_allow="127.0.0.1")
    client = app.test_client()
    same = client.post("/api/comparisons", json={"versions": [{"url": site.url("/a"), "label": "one"},
                                                              {"url": site.url("/a"), "label": "two"}]})
    assert same.status_code == 201 and site.hits["/a"] == 1
    page = MODERN.decode("utf-8")
    for _ in range(2):
        assert client.post("/api/comparisons", json={"versions": [{"html": page}, {"text": "Another text about the rail yard.", "language": "en"}]}).status_code == 201
    stored = app.extensions["compare"].storage.list_articles()
    assert len(stored) == 2  # the fetched page once, the upload once


def test_a_page_reached_by_a_redirect_is_one_article(make_app, site):
    app = make_app(fetch_allow="127.0.0.1")
    client = app.test_client()
    first = client.post("/api/comparisons", json={"versions": [{"url": site.url("/a")}, {"url": site.url("/b")}]}).json
    services = app.extensions["compare"]
    from service.ingest.articles import Ingestor

    class Redirecting:  # the feed's link with tracking parameters, redirected to the page
        def get(self, url, **conditions):
            return services.ingestor.fetcher.get(site.url("/a"), **conditions)

    again = Ingestor(Redirecting(), services.storage).fetch_article(site.url("/a") + "?utm_source=rss")
    assert again.id == first["versions"][0]["source"]["article_id"]
