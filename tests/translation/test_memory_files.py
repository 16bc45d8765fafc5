"""Translation memory: TMX and JSON import (CLI and API), their edge cases, and lookups."""
from __future__ import annotations

import pytest

from service.translation.memory_files import MemoryFileError, parse_json, parse_tmx


def tmx(body: str, srclang: str = "ru", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<tmx version="1.4">'
        f'<header srclang="{srclang}" datatype="plaintext" segtype="sentence" adminlang="en" '
        f'creationtool="test" creationtoolversion="1" o-tmf="none"/><body>{body}</body></tmx>'
    ).encode()


def tu(ru_lang: str, ru: str, en_lang: str, en: str) -> str:
    return f'<tu><tuv xml:lang="{ru_lang}"><seg>{ru}</seg></tuv><tuv xml:lang="{en_lang}"><seg>{en}</seg></tuv></tu>'


@pytest.mark.parametrize("ru_lang, en_lang", [("ru", "en"), ("ru-RU", "en-GB"), ("RU", "EN"), ("ru_RU", "en_US")])
def test_language_code_variants(ru_lang, en_lang):
    (entry,) = parse_tmx(tmx(tu(ru_lang, "Да.", en_lang, "Yes."), srclang=ru_lang))
    assert (entry.source_language, entry.target_language, entry.source, entry.target) == ("ru", "en", "Да.", "Yes.")


def test_inline_tags_reduce_to_text_and_whitespace_normalises():
    seg_ru = 'Он <hi>сказал</hi>:<ph x="1">&lt;br/&gt;</ph> «<bpt i="1">&lt;b&gt;</bpt>да<ept i="1">&lt;/b&gt;</ept>».'
    (entry,) = parse_tmx(tmx(tu("ru", seg_ru, "en", "He   said:\n “yes”.")))
    assert entry.source == "Он сказал: «да»."
    assert entry.target == "He said: “yes”."


def test_billion_laughs_is_refused():
    prolog = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    with pytest.raises(MemoryFileError, match="entities"):
        parse_tmx(tmx(tu("ru", "&lol2;", "en", "x"), prolog=prolog))


def test_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    prolog = f'<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    with pytest.raises(MemoryFileError, match="entities"):
        parse_tmx(tmx(tu("ru", "&xxe;", "en", "x"), prolog=prolog))


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<tmx><body><tu>", "well-formed"),
        (b"<notes/>", "not <tmx>"),
        (tmx(""), "no translation units"),
        (tmx(tu("ru", "Да.", "zz", "Yes.")), "unknown xml:lang"),
        (tmx('<tu><tuv xml:lang="ru"><seg>Да.</seg></tuv><tuv xml:lang="en"></tuv></tu>'), "without <seg>"),
        (tmx(tu("de", "Ja.", "en", "Yes.")), "source language"),
    ],
)
def test_malformed_tmx_names_the_problem(data, message):
    with pytest.raises(MemoryFileError, match=message):
        parse_tmx(data)


def test_json_entries_validate_each_field():
    good = {"source_language": "ru", "target_language": "en", "source": "Да.", "target": "Yes."}
    assert len(parse_json({"entries": [good]})) == 1
    for bad, field in [({**good, "source": ""}, "entries[0].source"), ({**good, "target_language": "zz"}, "target_language"),
                       ("x", "entries[0]")]:
        with pytest.raises(MemoryFileError, match=field.replace("[", r"\[").replace("]", r"\]")):
            parse_json({"entries": [bad]})
    with pytest.raises(MemoryFileError):
        parse_json(b"{not json")


def test_api_imports_json_tmx_and_multipart_and_lists(client):
    entry = {"source_language": "ru", "target_language": "en", "source": "Да.", "target": "Yes."}
    assert client.post("/api/translation-memory", json={"entries": [entry]}).get_json() == {"imported": 1}
    response = client.post("/api/translation-memory", data=tmx(tu("ru", "Нет.", "en", "No.")),
                           content_type="application/x-tmx+xml")
    assert response.get_json() == {"imported": 1}
    from io import BytesIO

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
        response = client.post("/api/translation-memory", data=data, content_type=content_type)
        assert response.status_code == status
        assert response.get_json()["error"]["message"]
    half_bad = {"entries": [{"source_language": "ru", "target_language": "en", "source": "А.", "target": "A."},
                            {"source_language": "ru", "target_language": "en", "source": "Б.", "target": ""}]}
    assert client.post("/api/translation-memory", json=half_bad).status_code == 400
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
