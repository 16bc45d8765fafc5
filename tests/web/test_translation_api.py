"""The translation routes: LibreTranslate's (service/web/libretranslate.py) — /translate,
/detect, /languages, /translate_file, /suggest, /frontend/settings, /health, its errors and
CORS — in-process on tiny generated Argos packages and memory entries (its real clients
against the real server: test_libretranslate_clients.py), and the translation memory API
(service/web/translation_api.py) — JSON, TMX and multipart imports, refusals, listing, and
memory translating a comparison with no model installed."""
from __future__ import annotations

import json
import re
from io import BytesIO

import pytest

from support.http import assert_error, assert_lt_error
from support.tmx import tmx, tu
from support.translation import RU


@pytest.fixture
def translating_client(make_app, package_files):
    app = make_app()
    packages = app.extensions["compare"].packages
    packages.install_file(package_files[("ru", "en")])
    packages.install_file(package_files[("en", "de")])
    return app.test_client()


# -- LibreTranslate's routes (service/web/libretranslate.py); its clients: test_libretranslate_clients.py
def test_languages_lists_installed_pairs_pivots_and_memory_pairs(translating_client):
    assert translating_client.get("/languages").get_json() == [
        {"code": "de", "name": "German", "targets": []},
        {"code": "en", "name": "English", "targets": ["de"]},
        {"code": "ru", "name": "Russian", "targets": ["de", "en"]},
    ]
    assert translating_client.get("/healthz").get_json()["translation_pairs"] == ["en-de", "ru-de", "ru-en"]
    entry = {"source_language": "ko", "target_language": "fr", "source": "네.", "target": "Oui."}
    translating_client.post("/api/translation-memory", json={"entries": [entry]})
    listed = {item["code"]: item["targets"] for item in translating_client.get("/languages").get_json()}
    assert listed["ko"] == ["fr"] and listed["fr"] == [] and listed["ru"] == ["de", "en"]


def test_languages_of_the_memory_alone(client):
    assert client.get("/languages").get_json() == []
    entry = {"source_language": "ru", "target_language": "en", "source": "Да.", "target": "Yes."}
    client.post("/api/translation-memory", json={"entries": [entry]})
    assert client.get("/languages").get_json() == [{"code": "en", "name": "English", "targets": []},
                                                   {"code": "ru", "name": "Russian", "targets": ["en"]}]


def test_translate_string_list_and_auto(translating_client):
    one = translating_client.post("/translate", json={"q": RU[0], "source": "ru", "target": "en"}).get_json()
    assert isinstance(one["translatedText"], str) and set(one) == {"translatedText"}
    many = translating_client.post("/translate", json={"q": RU, "source": "auto", "target": "en"}).get_json()
    assert len(many["translatedText"]) == 3 and many["translatedText"][0] == one["translatedText"]
    assert [d["language"] for d in many["detectedLanguage"]] == ["ru"] * 3
    assert all(0 < d["confidence"] <= 100 for d in many["detectedLanguage"])
    single_auto = translating_client.post("/translate", json={"q": RU[0], "source": "auto", "target": "en"}).get_json()
    assert single_auto["detectedLanguage"]["language"] == "ru"


def test_translate_reads_json_form_and_the_query_string(translating_client):
    expected = translating_client.post("/translate", json={"q": RU[0], "source": "ru", "target": "en"}).get_json()
    form = translating_client.post("/translate", data={"q": RU[0], "source": "ru", "target": "en"})
    query = translating_client.post("/translate", query_string={"q": RU[0], "source": "ru", "target": "en"})
    assert form.get_json() == query.get_json() == expected
    repeated = translating_client.post("/translate", data={"q": RU[:2], "source": "ru", "target": "en"}).get_json()
    assert len(repeated["translatedText"]) == 2 and repeated["translatedText"][0] == expected["translatedText"]


def test_translate_alternatives_are_empty_lists(translating_client):
    one = translating_client.post("/translate", json={"q": RU[0], "source": "ru", "target": "en", "alternatives": 3})
    assert one.get_json()["alternatives"] == []
    many = translating_client.post("/translate", data={"q": RU[:2], "source": "ru", "target": "en", "alternatives": "2"})
    assert many.get_json()["alternatives"] == [[], []]
    none = translating_client.post("/translate", json={"q": RU[0], "source": "ru", "target": "en", "alternatives": 0})
    assert "alternatives" not in none.get_json()
    assert_lt_error(translating_client.post("/translate", data={"q": RU[0], "source": "ru", "target": "en",
                                                                "alternatives": "many"}),
                    400, "Invalid request: alternatives parameter is not a number")


def test_translate_html_keeps_the_markup_and_translates_the_text(client):
    entries = [{"source_language": "ru", "target_language": "en", "source": s, "target": t} for s, t in [
        ("Министр прибыл.", "The minister arrived."), ("Переговоры & итоги", "Talks & results"), ("жирный", "bold")]]
    client.post("/api/translation-memory", json={"entries": entries})
    html = ('<div class="a" data-x=\'Министр прибыл.\'><p>  Министр прибыл.  </p><!-- Министр прибыл. -->'
            '<script>var s = "Министр прибыл.";</script><h2>Переговоры &amp; итоги</h2><b>жирный</b><br></div>')
    out = client.post("/translate", json={"q": html, "source": "ru", "target": "en", "format": "html"}).get_json()
    assert out["translatedText"] == (
        '<div class="a" data-x=\'Министр прибыл.\'><p>  The minister arrived.  </p><!-- Министр прибыл. -->'
        '<script>var s = "Министр прибыл.";</script><h2>Talks &amp; results</h2><b>bold</b><br></div>')
    plain = client.post("/translate", json={"q": "<b>жирный</b>", "source": "ru", "target": "en"})
    assert_lt_error(plain, 400, "No translation package for ru→en")  # as text, the tags are part of the sentence


def test_translate_keeps_paragraph_spacing(translating_client):
    text = RU[0] + " " + RU[1] + "\n\n" + RU[2]
    out = translating_client.post("/translate", json={"q": text, "source": "ru", "target": "en"}).get_json()
    assert out["translatedText"].count("\n\n") == 1


def test_translate_errors_are_libretranslates(translating_client, app):
    t = translating_client
    for body, words in [
        ({"source": "ru", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": "", "source": "ru", "target": "en"}, "Invalid request: missing q parameter"),
        ({"q": "Да.", "target": "en"}, "Invalid request: missing source parameter"),
        ({"q": "Да.", "source": "ru"}, "Invalid request: missing target parameter"),
        ({"q": "Да.", "source": "ru", "target": "en", "format": "pdf"}, "pdf format is not supported"),
        ({"q": "Да.", "source": "xx", "target": "en"}, "unknown language code 'xx'"),
        ({"q": 5, "source": "ru", "target": "en"}, "q: "),
    ]:
        assert_lt_error(t.post("/translate", json=body), 400, words)
    assert_lt_error(t.post("/translate", json=["q"]), 400, "Invalid JSON format")
    missing = t.post("/translate", json={"q": "Guten Tag.", "source": "de", "target": "en"})
    assert "models install de en" in assert_lt_error(missing, 400, "No translation package for de→en")
    limit = app.extensions["compare"].settings.max_version_chars
    too_much = t.post("/translate", json={"q": ["а" * limit, "б"], "source": "ru", "target": "en"})
    assert_lt_error(too_much, 400, f"Invalid request: request ({limit + 1}) exceeds text limit ({limit})")
    assert_lt_error(t.get("/translate"), 405)


@pytest.mark.parametrize(
    "text, language",
    [
        ("The minister arrived in the capital on Friday for talks on trade.", "en"),
        ("Министр прибыл в столицу в пятницу для переговоров о торговле.", "ru"),
        ("장관은 금요일에 무역 회담을 위해 수도에 도착했다.", "ko"),
        ("Der Minister traf am Freitag zu Gesprächen über den Handel in der Hauptstadt ein.", "de"),
    ],
)
def test_detect_endpoint(translating_client, text, language):
    found = translating_client.post("/detect", json={"q": text}).get_json()
    assert found[0]["language"] == language and found[0]["confidence"] > 80
    assert 1 <= len(found) <= 3
    assert translating_client.post("/detect", data={"q": text}).get_json() == found


def test_detect_always_guesses(translating_client):
    short = translating_client.post("/detect", json={"q": "Да."}).get_json()
    assert short and 0 < short[0]["confidence"] <= 100  # a guess (langdetect: uk or ru), never a refusal
    assert translating_client.post("/detect", data={"q": "12 345"}).get_json() == [{"language": "en", "confidence": 0.0}]
    assert_lt_error(translating_client.post("/detect", json={}), 400, "Invalid request: missing q parameter")


def test_suggest_is_off_by_default_and_stores_into_the_memory_when_on(client, make_app):
    suggestion = {"q": "Министр прибыл в столицу.", "s": "The minister reached the capital.", "source": "ru", "target": "en"}
    assert_lt_error(client.post("/suggest", data=suggestion), 403, "Suggestions are disabled on this server.")
    assert client.get("/api/translation-memory").get_json()["entries"] == []
    assert client.get("/frontend/settings").get_json()["suggestions"] is False

    on = make_app(suggestions=True).test_client()
    assert on.get("/frontend/settings").get_json()["suggestions"] is True
    assert on.post("/suggest", data=suggestion).get_json() == {"success": True}
    assert on.post("/translate", json={"q": suggestion["q"], "source": "ru", "target": "en"}).get_json() == {
        "translatedText": "The minister reached the capital."}
    better = {**suggestion, "s": "The minister arrived in the capital."}
    assert on.post("/suggest", json=better).get_json() == {"success": True}  # a later suggestion replaces it
    entries = on.get("/api/translation-memory").get_json()["entries"]
    assert [(e["source"], e["target"]) for e in entries] == [(suggestion["q"], "The minister arrived in the capital.")]
    assert_lt_error(on.post("/suggest", data={**suggestion, "s": ""}), 400, "Invalid request: missing s parameter")
    assert_lt_error(on.post("/suggest", data={**suggestion, "source": "auto"}), 400, "source: ")


def test_translate_file_txt_and_html(translating_client):
    t = translating_client
    text = RU[0] + " " + RU[1] + "\n\n" + RU[2] + "\n"
    expected = t.post("/translate", json={"q": text, "source": "ru", "target": "en"}).get_json()["translatedText"]
    answer = t.post("/translate_file", data={"file": (BytesIO(text.encode()), "report.txt"), "source": "ru",
                                             "target": "en"}, content_type="multipart/form-data").get_json()
    url = answer["translatedFileUrl"]
    assert re.fullmatch(r"http://localhost/download_file/[0-9a-f]{32}\.report\.txt", url)
    download = t.get(url.removeprefix("http://localhost"))
    assert download.status_code == 200 and download.get_data(as_text=True) == expected
    assert 'filename=report.txt' in download.headers["Content-Disposition"]

    page = "<html><body><p>" + RU[0] + "</p></body></html>"
    answer = t.post("/translate_file", data={"file": (BytesIO(page.encode()), "page.html"), "source": "auto",
                                             "target": "en"}, content_type="multipart/form-data").get_json()
    assert answer["translatedFileUrl"].endswith(".page.html")
    translated = t.get(answer["translatedFileUrl"].removeprefix("http://localhost")).get_data(as_text=True)
    first = t.post("/translate", json={"q": RU[0], "source": "ru", "target": "en"}).get_json()["translatedText"]
    assert translated == f"<html><body><p>{first}</p></body></html>"

    cyrillic = t.post("/translate_file", data={"file": (BytesIO(RU[0].encode()), "../../отчёт.txt"), "source": "ru",
                                               "target": "en"}, content_type="multipart/form-data").get_json()
    assert re.fullmatch(r"http://localhost/download_file/[0-9a-f]{32}\.file\.txt", cyrillic["translatedFileUrl"])


def test_translate_file_refusals(translating_client):
    t = translating_client

    def send(name, data, **fields):
        form = {"source": "ru", "target": "en", **fields}
        if name is not None:
            form["file"] = (BytesIO(data), name)
        return t.post("/translate_file", data=form, content_type="multipart/form-data")

    assert_lt_error(send(None, b""), 400, "Invalid request: missing file parameter")
    assert_lt_error(send("a.pdf", b"%PDF"), 400, "Invalid request: file format not supported")
    assert_lt_error(send("a.txt", b"\xff\xfe bad"), 400, "not UTF-8 text")
    assert_lt_error(send("a.txt", b"ok", target=""), 400, "Invalid request: missing target parameter")
    assert_lt_error(send("a.txt", "Guten Tag.".encode(), source="de"), 400, "No translation package for de→en")
    assert_lt_error(t.get("/download_file/" + "0" * 32 + ".a.txt"), 404, "No such translated file")
    assert_lt_error(t.get("/download_file/secret.txt"), 400, "Invalid filename")
    assert_lt_error(t.get("/download_file/..%2F..%2Fdb.sqlite3"), 404)  # no route takes a slash


def test_frontend_settings_and_health(make_app):
    keyed = make_app(api_keys="k3y-for-tests-0123456789", target_language="de", max_version_chars=5000)
    settings = keyed.test_client().get("/frontend/settings").get_json()
    assert settings == {
        "charLimit": 5000, "frontendTimeout": 500, "apiKeys": True, "keyRequired": True, "suggestions": False,
        "filesTranslation": True, "supportedFilesFormat": [".txt", ".html"],
        "language": {"source": {"code": "auto", "name": "Auto Detect"}, "target": {"code": "de", "name": "German"}},
    }
    assert keyed.test_client().get("/health").get_json() == {"status": "ok"}
    assert make_app().test_client().get("/frontend/settings").get_json()["apiKeys"] is False


def test_rate_limit_is_libretranslates_429(make_app):
    client = make_app(rate_limit="2/minute").test_client()
    statuses = [client.get("/languages") for _ in range(3)]
    assert [r.status_code for r in statuses[:2]] == [200, 200]
    assert assert_lt_error(statuses[2], 429).startswith("Slowdown: ")
    assert statuses[2].headers["Retry-After"]


# -- CORS (service/web/cors.py) ---------------------------------------------------------------
def test_cors_is_off_by_default(client):
    response = client.get("/languages", headers={"Origin": "https://a.example"})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers
    posted = client.post("/translate", json={"q": "Hi.", "source": "en", "target": "en"},
                         headers={"Origin": "https://a.example"})
    assert_lt_error(posted, 403, "another site")  # a page of another site may not write
    assert "Access-Control-Allow-Origin" not in posted.headers
    preflight = client.options("/translate", headers={"Origin": "https://a.example",
                                                      "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_cors_for_listed_origins_on_the_libretranslate_routes_only(make_app):
    client = make_app(cors_origins="https://a.example, http://localhost:3000").test_client()
    browser = {"Origin": "https://a.example", "Sec-Fetch-Site": "cross-site"}
    preflight = client.options("/translate", headers={**browser, "Access-Control-Request-Method": "POST",
                                                      "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Origin" in preflight.headers["Vary"]
    translated = client.post("/translate", json={"q": "Hi.", "source": "en", "target": "en"}, headers=browser)
    assert translated.get_json() == {"translatedText": "Hi."}  # an allowed page may POST here
    assert translated.headers["Access-Control-Allow-Origin"] == "https://a.example"
    for path in ("/languages", "/frontend/settings", "/health"):
        assert client.get(path, headers={"Origin": "http://localhost:3000"}).headers[
            "Access-Control-Allow-Origin"] == "http://localhost:3000"
    error = client.post("/translate", json={}, headers=browser)
    assert error.status_code == 400 and error.headers["Access-Control-Allow-Origin"] == "https://a.example"
    other = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    assert "Access-Control-Allow-Origin" not in client.get("/languages", headers=other).headers
    assert_lt_error(client.post("/translate", json={"q": "Hi.", "source": "en", "target": "en"}, headers=other),
                    403, "another site")
    api = client.get("/api/comparisons", headers=browser)  # never on the API
    assert api.status_code == 200 and "Access-Control-Allow-Origin" not in api.headers
    assert_error(client.post("/api/translation-memory", json={"entries": []}, headers=browser), 403, "cross_site_request")


def test_cors_any_origin_and_bad_settings(make_app):
    client = make_app(cors_origins="*").test_client()
    response = client.get("/languages", headers={"Origin": "https://anyone.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    with pytest.raises(ValueError, match="COMPARE_CORS_ORIGINS"):
        make_app(cors_origins="a.example")


def test_comparison_uses_the_machine_then_the_cache(translating_client):
    body = {"versions": [{"language": "en", "text": "The minister arrived in the capital."},
                         {"language": "ru", "text": " ".join(RU)}]}
    first = translating_client.post("/api/comparisons", json=body).get_json()
    assert {s["translation_origin"] for s in first["versions"][1]["sentences"]} == {"argos"}
    second = translating_client.post("/api/comparisons", json=body).get_json()
    assert {s["translation_origin"] for s in second["versions"][1]["sentences"]} == {"cache"}


# -- /api/translation-memory -----------------------------------------------------------------
def test_api_imports_json_tmx_and_multipart_and_lists(client):
    entry = {"source_language": "ru", "target_language": "en", "source": "Да.", "target": "Yes."}
    assert client.post("/api/translation-memory", json={"entries": [entry]}).get_json() == {"imported": 1}
    response = client.post("/api/translation-memory", data=tmx(tu("ru", "Нет.", "en", "No.")),
                           content_type="application/x-tmx+xml")
    assert response.get_json() == {"imported": 1}
    response = client.post("/api/translation-memory", data={"file": (BytesIO(tmx(tu("ru", "Мир.", "en", "Peace."))), "tm.tmx")},
                           content_type="multipart/form-data")
    assert response.get_json() == {"imported": 1}
    listed = client.get("/api/translation-memory?source_language=ru&target_language=en").get_json()
    assert [e["target"] for e in listed["entries"]] == ["Yes.", "No.", "Peace."]


def test_api_refuses_bad_files_and_imports_nothing(client):
    for data, content_type, status in [
        (b"<tmx", "application/x-tmx+xml", 400),
        (b"", "application/x-tmx+xml", 400),
        (b'{"entries": []}', "application/json", 400),
        (b"plain", "text/plain", 415),
    ]:
        assert_error(client.post("/api/translation-memory", data=data, content_type=content_type), status)
    half_bad = {"entries": [{"source_language": "ru", "target_language": "en", "source": "А.", "target": "A."},
                            {"source_language": "ru", "target_language": "en", "source": "Б.", "target": ""}]}
    assert_error(client.post("/api/translation-memory", json=half_bad), 400)
    assert client.get("/api/translation-memory").get_json()["entries"] == []


def test_memory_translates_a_russian_version_with_no_model(client):
    entries = [
        {"source_language": "ru", "target_language": "en", "source": "Министр прибыл в столицу в пятницу.",
         "target": "The minister arrived in the capital on Friday."},
        {"source_language": "ru", "target_language": "en", "source": "«Мы всегда будем рядом», — заявил министр.",
         "target": "“We will always be there,” the minister said."},
    ]
    client.post("/api/translation-memory", json={"entries": entries})
    body = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "The minister arrived in the capital on Friday. “We will always be there,” he said."},
        {"language": "ru", "text": "Министр прибыл в столицу в пятницу. «Мы всегда будем рядом», — заявил министр."},
    ]}).get_json()
    russian = body["versions"][1]
    assert [s["translation_origin"] for s in russian["sentences"]] == ["memory", "memory"]
    (quote,) = russian["quotes"]
    assert quote["translation"] == "We will always be there"
    assert quote["translation_origin"] == "memory"
    assert body["quote_pairs"][0]["status"] in ("identical", "reworded")


def test_the_readmes_libretranslate_examples_work_after_the_samples_load(app):
    """README.md's curl lines for /translate and /detect, sent as written to an app that loaded
    the samples as `make run` does (no package installed: the sample memory translates)."""
    from pathlib import Path

    from service.samples import load_samples
    from conftest import SAMPLES

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    translate = re.search(r"8000/translate -H 'Content-Type: application/json' \\\n\s*-d '([^']+)'", readme)
    detect = re.search(r"8000/detect -d '([^']+)'", readme)
    assert translate and detect, "the README's /translate and /detect examples moved"
    load_samples(app.extensions["compare"], SAMPLES)
    client = app.test_client()
    body = json.loads(translate.group(1))
    answer = client.post("/translate", data=translate.group(1), content_type="application/json").get_json()
    assert answer["detectedLanguage"] == [{"language": "ru", "confidence": 100.0}]
    expected = {e.source: e.target for e in app.extensions["compare"].storage.list_memory("ru", "en", 1000)}
    assert answer["translatedText"] == [expected[q] for q in body["q"]]
    found = client.post("/detect", data=detect.group(1), content_type="application/x-www-form-urlencoded").get_json()
    assert found[0]["language"] == "ru"
