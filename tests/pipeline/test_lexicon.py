"""Loaded terms (service/pipeline/lexicon.py): inflected forms matched per language, and a
``loaded_term`` signal only where the counterpart does not use the same concept."""
from __future__ import annotations

import pytest

from service.pipeline.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_lexicon_matches_inflected_forms(lexicon):
    found = lexicon.find("в ходе специальной военной операции киевский режим", "ru")
    assert [(m.surface, m.term.concept) for m in found] == [
        ("специальной военной операции", "smo"), ("киевский режим", "kyiv_regime")]
    assert [m.term.concept for m in lexicon.find("The regime’s militants liberated the town.", "en")] == [
        "regime", "militant", "liberation"]
    assert [m.surface for m in lexicon.find("괴뢰들은 도발을 감행했다", "ko")] == ["괴뢰", "도발"]
    assert all(t.category and t.note and t.concept for t in lexicon.terms)


def test_loaded_term_only_where_the_counterpart_does_not_use_the_concept(client):
    body = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "The regime held elections on Sunday. Turnout was low."},
        {"language": "en", "text": "The government held elections on Sunday. Turnout was low."},
    ]}).get_json()
    (signal,) = [s for s in body["signals"] if s["type"] == "loaded_term"]
    assert signal["version"] == "v1" and signal["evidence"]["concept"] == "regime"
    assert signal["evidence"]["category"] == "delegitimising label"
    both = client.post("/api/comparisons", json={"versions": [
        {"language": "en", "text": "The regime held elections on Sunday."},
        {"language": "en", "text": "The regime held a vote on Sunday."},
    ]}).get_json()
    assert not [s for s in both["signals"] if s["type"] == "loaded_term"]
