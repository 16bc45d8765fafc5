"""LibreTranslate's own clients against the real server (gunicorn, tests/support/server.py).

The server runs with API keys, suggestions on, two tiny Argos packages built at test time
(ru→en and en→de, so ru→de pivots through English; tests/support/argos_package.py) and
translation-memory entries (ru→en and fr→en). Each client is used as its users use it and
sends the key its own way: ``libretranslatepy`` in a form body, ``deep-translator`` in the
query string of the POST, ``libretranslate-aio`` (httpx, sync and async) in a form body or
multipart fields. Every call each client offers is made:

* libretranslatepy 2.1: translate, detect, languages;
* deep-translator 1.11 ``LibreTranslator``: translate, translate_batch, translate_file (it
  reads the file itself and posts its text to /translate);
* libretranslate-aio 0.1: translate (one text, a batch, html, alternatives), detect,
  languages, translate_file (and the download of its URL), suggest, frontend_settings, health.

Memory entries give known translations; the packages' output (random weights: gibberish, but
deterministic) is compared with what the server's /translate answers for the same request.
"""
from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest

from support.server import request as http_request
from support.server import start_server
from support.translation import RU

KEY = "live-client-key-0123456789abcdef"
MEMORY = {
    "Стороны подтвердили курс на сотрудничество.": "The sides confirmed their course toward cooperation.",
    "Министр прибыл в Вонсан в пятницу утром.": "The minister arrived in Wonsan on Friday morning.",
}
FRENCH = ("Le ministre est arrivé dans la capitale vendredi matin pour des entretiens.",
          "The minister arrived in the capital on Friday morning for talks.")
RU_TEXT, EN_TEXT = next(iter(MEMORY.items()))
LANGUAGES = [
    {"code": "de", "name": "German", "targets": []},
    {"code": "en", "name": "English", "targets": ["de"]},
    {"code": "fr", "name": "French", "targets": ["en"]},
    {"code": "ru", "name": "Russian", "targets": ["de", "en"]},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, package_files):
    from service.translation.packages import PackageManager

    folder = tmp_path_factory.mktemp("libretranslate-live")
    packages = PackageManager(folder / "packages", str(folder / "no-index.json"))
    packages.install_file(package_files[("ru", "en")])
    packages.install_file(package_files[("en", "de")])
    live = start_server(folder, env={"COMPARE_API_KEYS": KEY, "COMPARE_SUGGESTIONS": "1"})
    try:
        entries = [{"source_language": "ru", "target_language": "en", "source": s, "target": t}
                   for s, t in MEMORY.items()]
        entries.append({"source_language": "fr", "target_language": "en", "source": FRENCH[0], "target": FRENCH[1]})
        status, _, body = http_request(f"{live.base}/api/translation-memory", {"entries": entries}, "POST",
                                       {"X-API-Key": KEY})
        assert (status, body) == (200, {"imported": 3})
        yield live.base
    finally:
        live.stop()


def server_translation(base: str, q, source: str, target: str) -> dict:
    """What the server's /translate answers, for comparison with a client's result."""
    status, _, body = http_request(f"{base}/translate", {"q": q, "source": source, "target": target,
                                                         "api_key": KEY}, "POST")
    assert status == 200, body
    return body


# -- libretranslatepy ------------------------------------------------------------------------
def test_libretranslatepy_translate_detect_languages(server):
    from libretranslatepy import LibreTranslateAPI

    lt = LibreTranslateAPI(server, api_key=KEY)
    assert lt.translate(RU_TEXT, "ru", "en") == EN_TEXT
    assert lt.translate(RU_TEXT, "auto", "en") == EN_TEXT
    machine = lt.translate(RU[0], "ru", "de")  # no memory entry: the packages, pivoting through English
    assert machine and machine != RU[0]
    assert machine == server_translation(server, RU[0], "ru", "de")["translatedText"]
    detected = lt.detect("Министр прибыл в столицу в пятницу для переговоров о торговле.")
    assert detected[0]["language"] == "ru" and detected[0]["confidence"] > 80
    short = lt.detect("Да.")
    assert short and set(short[0]) == {"language", "confidence"}  # a guess, not a refusal
    assert lt.languages() == LANGUAGES


def test_libretranslatepy_sees_libretranslates_errors(server):
    from libretranslatepy import LibreTranslateAPI

    for key, status, words in (("wrong-key", 403, "Invalid API key"), (None, 400, "get an API key")):
        with pytest.raises(urllib.error.HTTPError) as caught:
            LibreTranslateAPI(server, api_key=key).translate(RU_TEXT, "ru", "en")
        assert caught.value.code == status
        assert words in json.loads(caught.value.read())["error"]
    with pytest.raises(urllib.error.HTTPError) as caught:
        LibreTranslateAPI(server, api_key=KEY).translate("Guten Tag.", "de", "en")
    assert caught.value.code == 400
    assert "models install de en" in json.loads(caught.value.read())["error"]


# -- deep-translator -------------------------------------------------------------------------
def test_deep_translator_translate_batch_and_file(server, tmp_path):
    from deep_translator import LibreTranslator

    translator = LibreTranslator(source="ru", target="en", api_key=KEY, custom_url=server + "/")
    assert translator.translate(RU_TEXT) == EN_TEXT
    texts = list(MEMORY)
    assert translator.translate_batch(texts) == [MEMORY[t] for t in texts]
    document = tmp_path / "statement.txt"
    document.write_text(RU_TEXT + "\n", encoding="utf-8")
    assert translator.translate_file(str(document)) == EN_TEXT
    auto = LibreTranslator(source="auto", target="en", api_key=KEY, custom_url=server + "/")
    assert auto.translate(FRENCH[0]) == FRENCH[1]
    pivot = LibreTranslator(source="ru", target="de", api_key=KEY, custom_url=server + "/")
    assert pivot.translate(RU[1]) == server_translation(server, RU[1], "ru", "de")["translatedText"]


def test_deep_translator_sees_libretranslates_errors(server):
    from deep_translator import LibreTranslator
    from deep_translator.exceptions import AuthorizationException, ServerException

    with pytest.raises(AuthorizationException):  # 403: what deep-translator reads as a bad key
        LibreTranslator(source="ru", target="en", api_key="wrong-key", custom_url=server + "/").translate(RU_TEXT)
    with pytest.raises(ServerException):  # 400: no package for the pair
        LibreTranslator(source="de", target="en", api_key=KEY, custom_url=server + "/").translate("Guten Tag.")


# -- libretranslate-aio ----------------------------------------------------------------------
def test_libretranslate_aio_every_call(server, tmp_path):
    import httpx
    from libretranslate_aio import LibreTranslate

    with LibreTranslate(server, api_key=KEY) as lt:
        one = lt.translate(RU_TEXT, "ru", "en")
        assert (one.translated_text, one.detected_language, one.alternatives) == (EN_TEXT, None, None)

        batch = lt.translate([RU_TEXT, FRENCH[0]], "auto", "en")  # a form repeating q
        assert batch.translated_text == [EN_TEXT, FRENCH[1]]
        assert [d.language for d in batch.detected_language] == ["ru", "fr"]
        assert all(0 < d.confidence <= 100 for d in batch.detected_language)

        second_ru, second_en = list(MEMORY.items())[1]
        html = lt.translate(f'<p title="{RU_TEXT}">{RU_TEXT}</p>\n<p><i>{second_ru}</i></p>', "ru", "en", format="html")
        assert html.translated_text == f'<p title="{RU_TEXT}">{EN_TEXT}</p>\n<p><i>{second_en}</i></p>'

        alternatives = lt.translate(RU_TEXT, "ru", "en", alternatives=3)
        assert (alternatives.translated_text, alternatives.alternatives) == (EN_TEXT, [])
        batch_alternatives = lt.translate(list(MEMORY), "ru", "en", alternatives=2)
        assert batch_alternatives.alternatives == [[], []]

        detections = lt.detect("Министр прибыл в столицу в пятницу для переговоров о торговле.")
        assert detections[0].language == "ru" and detections[0].confidence > 80

        assert [(l.code, l.name, l.targets) for l in lt.languages()] == [
            (l["code"], l["name"], l["targets"]) for l in LANGUAGES]

        document = tmp_path / "statement.txt"
        document.write_text(f"{RU_TEXT}\n\n{list(MEMORY)[1]}\n", encoding="utf-8")
        translated_file = lt.translate_file(document, "ru", "en")
        assert translated_file.translated_file_url.startswith(f"{server}/download_file/")
        download = httpx.get(translated_file.translated_file_url)
        assert download.status_code == 200
        assert download.text == f"{EN_TEXT}\n\n{MEMORY[list(MEMORY)[1]]}\n"
        assert 'filename=statement.txt' in download.headers["content-disposition"]

        suggested = "Стороны подписали новое соглашение о торговле."
        assert lt.suggest(suggested, "The sides signed a new trade agreement.", "ru", "en") is True
        assert lt.translate(suggested, "ru", "en").translated_text == "The sides signed a new trade agreement."

        settings = lt.frontend_settings()
        assert (settings.char_limit, settings.api_keys, settings.key_required, settings.suggestions) == (
            100_000, True, True, True)
        assert settings.supported_files_format == [".txt", ".html"]
        assert (settings.language.source.code, settings.language.target.code) == ("auto", "en")
        assert settings.frontend_timeout == 500

        assert lt.health() is True


def test_libretranslate_aio_async_client(server, tmp_path):
    from libretranslate_aio import AsyncLibreTranslate

    document = tmp_path / "page.html"
    document.write_text(f"<html><body><h1>{RU_TEXT}</h1></body></html>", encoding="utf-8")

    async def calls():
        async with AsyncLibreTranslate(server, api_key=KEY) as lt:
            translated = await lt.translate(list(MEMORY), "ru", "en")
            detected = await lt.detect(FRENCH[0])
            languages = await lt.languages()
            translated_file = await lt.translate_file(document, "auto", "en")
            download = await lt._client.get(translated_file.translated_file_url)
            suggested = await lt.suggest("Переговоры продлились два часа.", "The talks lasted two hours.", "ru", "en")
            settings = await lt.frontend_settings()
            healthy = await lt.health()
            return translated, detected, languages, download, suggested, settings, healthy

    translated, detected, languages, download, suggested, settings, healthy = asyncio.run(calls())
    assert translated.translated_text == list(MEMORY.values())
    assert detected[0].language == "fr"
    assert [l.code for l in languages] == [l["code"] for l in LANGUAGES]
    assert download.text == f"<html><body><h1>{EN_TEXT}</h1></body></html>"
    assert suggested is True and settings.suggestions is True and healthy is True


def test_libretranslate_aio_typed_errors(server):
    from libretranslate_aio import BadRequestError, ForbiddenError, LibreTranslate

    with LibreTranslate(server, api_key="wrong-key") as lt:
        with pytest.raises(ForbiddenError, match="Invalid API key"):
            lt.translate(RU_TEXT, "ru", "en")
    with LibreTranslate(server) as lt:
        with pytest.raises(BadRequestError, match="get an API key"):
            lt.detect(RU_TEXT)
    with LibreTranslate(server, api_key=KEY) as lt:
        with pytest.raises(BadRequestError, match="Invalid request: missing q parameter"):
            lt.translate("", "ru", "en")
        with pytest.raises(BadRequestError, match="file format not supported"):
            lt.translate_file(__file__, "ru", "en")  # a .py file
        assert lt.languages()  # reads need no key


def test_a_rate_limited_server_answers_libretranslates_429(tmp_path):
    from libretranslate_aio import LibreTranslate, RateLimitError

    limited = start_server(tmp_path, env={"COMPARE_RATE_LIMIT": "2/minute", "COMPARE_WORKERS": "1"})
    try:
        with LibreTranslate(limited.base) as lt:
            lt.languages()  # (the start-up's /healthz is never counted)
            lt.frontend_settings()
            with pytest.raises(RateLimitError, match="^Slowdown: "):
                lt.languages()
    finally:
        limited.stop()
