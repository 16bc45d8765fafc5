"""Every kind of invalid body or parameter gets its status and the API's error shape (on
LibreTranslate's routes, its shape ``{"error": "message"}``), and stores nothing.

Malformed JSON (syntax, invalid UTF-8, nesting past the limit) on every JSON route; a body
that is not JSON; fields of the wrong type, size or value named by their location
(``versions[1].text: ...``); NUL and other control characters, and unpaired surrogates,
refused naming the field and the character; bad list parameters; unknown ids and
methods; a missing translation model; and an unexpected failure, which says nothing of
its cause. Hostile inputs the service accepts (bidi controls, sizes) are in
test_hostile_inputs.py.
"""
from __future__ import annotations

import json

import pytest

from conftest import OTHER, REFERENCE
from support.http import assert_error, assert_lt_error, post

GOOD = {"language": "en", "text": "The council met on Monday. It approved the budget."}
JSON_ROUTES = ["/api/comparisons", "/api/translation-memory", "/translate", "/detect"]
LIBRETRANSLATE_ROUTES = {"/translate", "/detect"}


def assert_refused(response, path: str, code: str, words: str) -> str:
    """The route's error: the API's (with ``code``) or, on LibreTranslate's routes, its 400; the
    message says ``words``."""
    if path in LIBRETRANSLATE_ROUTES:
        return assert_lt_error(response, 400, words)
    message = assert_error(response, 400, code)["message"]
    assert words in message, message
    return message


def pair(text_a: str, text_b: str) -> list[dict]:
    return [{"label": "A", "language": "en", "text": text_a}, {"label": "B", "language": "en", "text": text_b}]


@pytest.fixture(autouse=True)
def nothing_stored(storage):
    yield
    assert storage.list_comparisons(10, 0)[1] == 0


def test_not_json_is_415(client):
    assert_error(post(client, data="versions=1", content_type="text/plain"), 415)
    assert_error(post(client, data="versions=1", content_type="application/x-www-form-urlencoded"), 415)


# -- malformed JSON -----------------------------------------------------------------------
@pytest.mark.parametrize("data", ["{", "{\"versions\": [}", "", "\xff\xfe"])
def test_malformed_json_is_400(client, data):
    assert_error(post(client, data=data.encode("latin-1") if data == "\xff\xfe" else data), 400, "malformed_json")


@pytest.mark.parametrize("raw", [
    b'{"versions": [{"text": "\xff\xfe"}]}',  # not UTF-8 at all
    b'{"versions": [{"text": "\xc0\xaf"}]}',  # overlong encoding of "/"
    b'{"versions": [{"text": "\xed\xa0\x80"}]}',  # a surrogate encoded in UTF-8
    b'{"title": "caf\xe9", "versions": []}',  # Latin-1, not UTF-8
])
@pytest.mark.parametrize("path", JSON_ROUTES)
def test_invalid_utf8_is_400_everywhere(client, raw, path):
    assert_refused(post(client, data=raw, path=path), path, "malformed_json", "not valid UTF-8")


@pytest.mark.parametrize("raw", [
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 100_000 + "1" + "}" * 100_000,
    '{"versions": [], "x": ' + "[" * 50 + "]" * 50 + "}",  # within what json parses, past what we accept
])
@pytest.mark.parametrize("path", JSON_ROUTES)
def test_deeply_nested_json_is_400(client, raw, path):
    assert_refused(post(client, data=raw, path=path), path, "malformed_json", "nested too deeply")


def test_invalid_utf8_in_a_tmx_file_is_400(client):
    tmx = (b'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru"/><body><tu>'
           b'<tuv xml:lang="ru"><seg>\xff\xfe</seg></tuv><tuv xml:lang="en"><seg>Yes.</seg></tuv></tu></body></tmx>')
    assert_error(post(client, data=tmx, path="/api/translation-memory", content_type="application/x-tmx+xml"),
                 400, "invalid_memory_file")


# -- fields --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, field",
    [
        ([GOOD, GOOD], "body"),
        ({}, "versions"),
        ({"versions": "two"}, "versions"),
        ({"versions": [GOOD]}, "versions"),
        ({"versions": [GOOD] * 7}, "versions"),
        ({"versions": [GOOD, "text"]}, "versions[1]"),
        ({"versions": [GOOD, {"language": "en"}]}, "versions[1].text"),
        ({"versions": [GOOD, {"text": 42}]}, "versions[1].text"),
        ({"versions": [GOOD, {"text": ""}]}, "versions[1].text"),
        ({"versions": [GOOD, {"text": " \n\t "}]}, "versions[1].text"),
        ({"versions": [{**GOOD, "label": "A"}, {**GOOD, "label": "a"}]}, "versions[1].label"),
        ({"versions": [{**GOOD, "label": "x" * 65}, GOOD]}, "versions[0].label"),
        ({"versions": [{**GOOD, "label": 7}, GOOD]}, "versions[0].label"),
        ({"versions": [{**GOOD, "language": "xx"}, GOOD]}, "versions[0].language"),
        ({"versions": [{**GOOD, "language": "english"}, GOOD]}, "versions[0].language"),
        ({"versions": [{**GOOD, "language": ["en"]}, GOOD]}, "versions[0].language"),
        ({"versions": [GOOD, GOOD], "target_language": "qq"}, "target_language"),
        ({"versions": [GOOD, GOOD], "title": {"a": 1}}, "title"),
        ({"versions": [{**GOOD, "published_at": "last Tuesday"}, GOOD]}, "versions[0].published_at"),
        ({"versions": [GOOD, {"text": "ok"}]}, "versions[1].language"),  # too short to detect
    ],
)
def test_invalid_bodies_are_400_naming_the_field(client, body, field):
    assert_error(post(client, body), 400, field=field)


def test_default_labels_clash_with_explicit_ones(client):
    assert_error(post(client, {"versions": [GOOD, {**GOOD, "label": "v1"}]}), 400, field="versions[1].label")


def test_language_undetectable_is_400_for_a_comparison_but_libretranslate_guesses(client):
    too_short = {"versions": [{"text": "Da."}, {"language": "en", "text": "Yes, it is."}]}
    assert_error(client.post("/api/comparisons", json=too_short), 400, "language_undetectable")
    # LibreTranslate always answers its best guess, however short the text
    guesses = client.post("/detect", json={"q": "Da."}).get_json()
    assert guesses and all(0 < g["confidence"] <= 100 for g in guesses)
    answer = client.post("/translate", json={"q": "Da.", "source": "auto", "target": "en"})
    # translated from the guess: here no package covers it, and the refusal names the guessed pair
    assert_lt_error(answer, 400, f"No translation package for {guesses[0]['language']}→en")


def test_version_over_character_limit_is_413(client, app):
    limit = app.extensions["compare"].settings.max_version_chars
    assert_error(post(client, {"versions": [GOOD, {"language": "en", "text": "word " * (limit // 5 + 1)}]}), 413,
                 "too_large", "versions[1].text")


def test_body_over_size_limit_is_413(make_app):
    app = make_app(max_body_bytes=2000)
    response = app.test_client().post("/api/comparisons", data=json.dumps(
        {"versions": [GOOD, {"language": "en", "text": "word " * 1000}]}), content_type="application/json")
    assert_error(response, 413)
    assert app.extensions["compare"].storage.list_comparisons(10, 0)[1] == 0


# -- characters -----------------------------------------------------------------------------
@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\x9b"])
@pytest.mark.parametrize("field", ["versions[1].text", "versions[0].label", "title"])
def test_nul_and_control_characters_are_400_naming_the_field(client, storage, char, field):
    versions = pair(REFERENCE, OTHER)
    body = {"title": "Story", "versions": versions}
    if field == "title":
        body["title"] = f"Sto{char}ry"
    elif field == "versions[0].label":
        versions[0]["label"] = f"A{char}"
    else:
        versions[1]["text"] = OTHER[:40] + char + OTHER[40:]
    error = assert_error(post(client, body), 400, "invalid_text", field)
    assert f"U+{ord(char):04X}" in error["message"]
    if field == "versions[1].text":
        assert "at character 40" in error["message"]
    assert storage.list_comparisons(10, 0)[1] == 0


def test_control_characters_are_refused_on_every_json_route(client):
    entries = {"entries": [{"source_language": "ru", "target_language": "en", "source": "Да\x00.", "target": "Yes."}]}
    assert_error(post(client, entries, path="/api/translation-memory"), 400, "invalid_text", "entries[0].source")
    assert_lt_error(post(client, {"q": "Hello\x07 there", "source": "en", "target": "en"}, path="/translate"),
                    400, "q: the control character U+0007")
    assert_lt_error(post(client, {"q": ["fine", "bell\x07"], "source": "en", "target": "en"}, path="/translate"),
                    400, "q[1]: the control character U+0007")
    assert_lt_error(post(client, data="q=Hello%00there&source=en&target=en", path="/translate",
                         content_type="application/x-www-form-urlencoded"), 400, "q: the control character U+0000")
    assert_lt_error(post(client, {"q": "\x00" * 50}, path="/detect"), 400, "q: the control character U+0000")
    assert_error(client.get("/api/comparisons?q=%00"), 400, "invalid_text", "q")
    tmx = ('<tmx version="1.4"><header srclang="ru"/><body><tu><tuv xml:lang="ru"><seg>Да.</seg></tuv>'
           '<tuv xml:lang="en"><seg>Yes\u0085</seg></tuv></tu></body></tmx>').encode()
    error = assert_error(post(client, data=tmx, path="/api/translation-memory", content_type="application/x-tmx+xml"),
                         400, "invalid_memory_file")
    assert "U+0085" in error["message"]


def test_the_form_and_cli_path_refuses_control_characters_too(app):
    from service.errors import ServiceError

    with pytest.raises(ServiceError) as caught:  # what POST /comparisons and `compare` call
        app.extensions["compare"].run_comparison({"versions": pair(REFERENCE, "Text\x00" + OTHER)})
    assert caught.value.status == 400 and caught.value.message.startswith("versions[1].text:")


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud83d x"])
def test_unpaired_surrogates_are_400_not_500(client, escape):
    raw = '{"title": "T%s", "versions": [{"language": "en", "text": %s}, {"language": "en", "text": %s}]}' % (
        escape, json.dumps(REFERENCE), json.dumps(OTHER))
    error = assert_error(post(client, data=raw), 400, "invalid_text", "title")
    assert "surrogate" in error["message"]
    for path, raw in [("/api/translation-memory", '{"entries": [{"source_language": "ru", "target_language": "en", '
                                                  '"source": "Да\\ud800", "target": "Yes."}]}'),
                      ("/translate", '{"q": "Hi \\udc00", "source": "en", "target": "en"}'),
                      ("/detect", '{"q": "Hello there \\ud800 my friend"}')]:
        assert_refused(post(client, data=raw, path=path), path, "invalid_text", "surrogate")


# -- parameters, ids, methods ---------------------------------------------------------------
@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=x", "offset=-1", "q=" + "a" * 201])
def test_bad_list_parameters_are_400(client, query):
    assert_error(client.get(f"/api/comparisons?{query}"), 400)


def test_list_parameters_are_whole_numbers_as_documented(client):
    for query in ("offset=", "limit=", "limit=%D9%A5", "limit=+5", "limit=5_0", "offset=1000000001",
                  "q=" + "a" * 195 + "%20" * 6):
        assert_error(client.get(f"/api/comparisons?{query}"), 400)
    assert client.get("/api/comparisons?limit=5&offset=0").status_code == 200
    assert client.get("/?offset=&q=").status_code == 200  # the home page's form sends empty fields
    assert_error(client.get("/api/translation-memory?offset=99999999999999999999999"), 400)


def test_unknown_id_is_404(client):
    assert_error(client.get("/api/comparisons/does-not-exist"), 404, "not_found")
    assert_error(client.delete("/api/comparisons/does-not-exist"), 404, "not_found")


def test_wrong_method_is_405_with_allow(client):
    response = client.put("/api/comparisons")
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


# -- what the service cannot do ---------------------------------------------------------------
def test_missing_translation_model_is_422_with_install_hint_when_translation_is_required(client):
    """Untranslated is a state (tests/web/test_untranslated.py), unless the caller requires
    translations: then the 422 names the install command and the sentences left untranslated."""
    error = assert_error(post(client, {"require_translation": True, "versions": [
        GOOD, {"language": "ru", "text": "Совет собрался в понедельник."}]}), 422, "translation_unavailable")
    assert "python -m service models install ru en" in error["hint"]
    assert "1 of 1 sentences of 'v2' are untranslated" in error["message"]


def test_a_language_the_encoder_cannot_read_without_a_package_is_422(client):
    error = assert_error(post(client, {"versions": [GOOD, {"language": "uk", "text": "Рада зібралася в понеділок."}]}),
                         422, "translation_unavailable")
    assert "python -m service models install uk en" in error["hint"]
    assert "encoder does not read uk" in error["message"]


@pytest.mark.parametrize("value", ["yes", 1, "true", None])
def test_require_translation_must_be_a_json_boolean(client, value):
    assert_error(post(client, {"require_translation": value, "versions": [GOOD, GOOD]}), 400)


def test_unexpected_failure_is_a_generic_500(client, app, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret detail /etc/passwd SELECT * FROM comparisons")

    monkeypatch.setattr(app.extensions["compare"].storage, "save_comparison", explode)
    error = assert_error(post(client, {"versions": [GOOD, GOOD]}), 500)
    assert "secret" not in error["message"]
