"""The translation routes (service/web/translation_api.py): the LibreTranslate-compatible
/languages, /translate and /detect on tiny generated Argos packages, and the translation
memory API — JSON, TMX and multipart imports, refusals, listing, and memory translating a
comparison with no model installed."""
from __future__ import annotations

from io import BytesIO

import pytest

from support.http import assert_error
from support.tmx import tmx, tu
from support.translation import RU


@pytest.fixture
def translating_client(make_app, package_files):
    app = make_app()
    packages = app.extensions["compare"].packages
    packages.install_file(package_files[("ru", "en")])
    packages.install_file(package_files[("en", "de")])
    return app.test_client()


# -- /languages, /translate, /detect ---------------------------------------------------------
def test_languages_lists_installed_pairs_and_pivots(translating_client):
    assert translating_client.get("/languages").get_json() == [
        {"code": "en", "name": "English", "targets": ["de"]},
        {"code": "ru", "name": "Russian", "targets": ["de", "en"]},
    ]
    assert translating_client.get("/healthz").get_json()["translation_pairs"] == ["en-de", "ru-de", "ru-en"]


def test_translate_endpoint_string_list_and_auto(translating_client):
    one = translating_client.post("/translate", json={"q": RU[0], "source": "ru", "target": "en"}).get_json()
    assert isinstance(one["translatedText"], str) and "detectedLanguage" not in one
    many = translating_client.post("/translate", json={"q": RU, "source": "auto", "target": "en"}).get_json()
    assert len(many["translatedText"]) == 3
    assert [d["language"] for d in many["detectedLanguage"]] == ["ru"] * 3
    assert all(0 < d["confidence"] <= 100 for d in many["detectedLanguage"])
    form = translating_client.post("/translate", data={"q": RU[0], "source": "ru", "target": "en"})
    assert form.get_json()["translatedText"] == one["translatedText"]
    missing = translating_client.post("/translate", json={"q": "Guten Tag.", "source": "de", "target": "en"})
    assert "models install de en" in assert_error(missing, 422, "translation_unavailable")["hint"]
    assert_error(translating_client.post("/translate", json={"q": 5, "source": "ru", "target": "en"}), 400)


def test_translate_keeps_paragraph_spacing(translating_client):
    text = RU[0] + " " + RU[1] + "\n\n" + RU[2]
    out = translating_client.post("/translate", json={"q": text, "source": "ru", "target": "en"}).get_json()
    assert out["translatedText"].count("\n\n") == 1


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


def test_detect_too_short_says_so(translating_client):
    assert_error(translating_client.post("/detect", json={"q": "Da."}), 400, "language_undetectable")


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
