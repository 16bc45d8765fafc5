"""Writes from other web sites are refused; the pages' own forms and programs still write."""
from __future__ import annotations

import io
import re

import pytest

from conftest import OTHER, REFERENCE
from support.http import assert_error, assert_lt_error

MEMORY = {"entries": [{"source_language": "ru", "target_language": "en", "source": "Да.", "target": "Yes."}]}
TMX = ('<tmx version="1.4"><header srclang="ru"/><body><tu><tuv xml:lang="ru"><seg>Да.</seg></tuv>'
       '<tuv xml:lang="en"><seg>Planted.</seg></tuv></tu></body></tmx>').encode()
CROSS_SITE = [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
              {"Origin": "https://evil.example"}, {"Origin": "null"},
              {"Origin": "http://localhost.evil.example"}]


def assert_refused(response) -> None:
    assert_error(response, 403, "cross_site_request")


def assert_refused_lt(response) -> None:
    """The same refusal on a LibreTranslate route, in its error shape."""
    assert_lt_error(response, 403, "another site")


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_cross_site_form_post_cannot_plant_memory_entries(client, storage, headers):
    # what a page on another site can make a browser send with no preflight: a multipart form
    response = client.post("/api/translation-memory", headers=headers,
                           data={"file": (io.BytesIO(TMX), "memory.tmx")}, content_type="multipart/form-data")
    assert_refused(response)
    assert storage.list_memory(None, None, 10) == []


@pytest.mark.parametrize("headers", CROSS_SITE[:3])
def test_cross_site_posts_are_refused_on_every_write(client, storage, headers):
    form = "application/x-www-form-urlencoded"
    assert_refused_lt(client.post("/translate", data="q=Hello&source=en&target=en", content_type=form, headers=headers))
    assert_refused_lt(client.post("/detect", data="q=Hello there my friend", content_type=form, headers=headers))
    body = {"versions": [{"language": "en", "text": REFERENCE}, {"language": "en", "text": OTHER}]}
    assert_refused(client.post("/api/comparisons", json=body, headers=headers))
    created = client.post("/api/comparisons", json=body).get_json()
    assert_refused(client.delete(f"/api/comparisons/{created['id']}", headers=headers))
    assert storage.list_comparisons(10, 0)[1] == 1


def test_programs_and_same_origin_pages_still_write(client, storage):
    assert client.post("/api/translation-memory", json=MEMORY).status_code == 200  # curl: no Origin
    same = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}
    assert client.post("/api/translation-memory", json=MEMORY, headers=same).status_code == 200
    older_browser = {"Origin": "http://localhost"}  # no Fetch Metadata, but its own origin
    assert client.post("/detect", json={"q": "Hello there my friend"}, headers=older_browser).status_code == 200
    home = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    form = {"csrf_token": token, "text_0": REFERENCE, "language_0": "en", "text_1": OTHER, "language_1": "en"}
    response = client.post("/comparisons", data=form, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert client.get("/", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200  # reads are open


def test_a_user_typing_the_address_is_not_cross_site(client):
    # "none": navigations the user started (address bar, bookmark)
    assert client.post("/detect", json={"q": "Hello there my friend"}, headers={"Sec-Fetch-Site": "none"}).status_code == 200
