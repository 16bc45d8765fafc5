"""Translation-memory files (service/translation/memory_files.py): TMX and JSON parsing,
language-code variants, inline markup, entity attacks, and malformed files named precisely."""
from __future__ import annotations

import pytest

from service.translation.memory_files import MemoryFileError, parse_json, parse_tmx
from support.tmx import tmx, tu


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
