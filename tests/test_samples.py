"""The shipped samples: they load once, and the comparison finds what was planted in them."""
from __future__ import annotations

from conftest import SAMPLES, sample

from service.samples import load_samples


def by_type(result: dict, kind: str) -> list[dict]:
    return [s for s in result["signals"] if s["type"] == kind]


def test_samples_are_marked_as_written_for_the_project():
    for path in SAMPLES.glob("*.json"):
        assert "not agency copy" in sample(path.name)["note"]


def test_loading_is_idempotent(app):
    services = app.extensions["compare"]
    first = load_samples(services, SAMPLES)
    assert all("loaded as" in line for line in first) and len(first) == 2
    second = load_samples(services, SAMPLES)
    assert all("already loaded" in line for line in second)
    assert services.storage.list_comparisons(10, 0)[1] == 2


def test_ceasefire_framings_show_the_planted_differences(client):
    response = client.post("/api/comparisons", json=sample("ceasefire-two-framings.json"))
    assert response.status_code == 201
    result = response.get_json()
    (altered,) = by_type(result, "quote_altered")
    assert altered["version"] == "Outlet B" and {"fragile", "real"} <= set(altered["evidence"]["dropped"])
    (missing,) = by_type(result, "quote_missing")
    assert missing["version"] == "Wire A" and missing["evidence"]["speaker"] == "Lena Marek"
    (numbers,) = by_type(result, "number_mismatch")
    assert numbers["evidence"]["numbers"] == ["15"] and numbers["evidence"]["counterpart_numbers"] == ["12"]
    (attribution,) = by_type(result, "attribution_changed")
    assert "claimed" in attribution["detail"]
    (scare,) = by_type(result, "scare_quote")
    assert scare["text"] == "humanitarian pause" and scare["version"] == "Outlet B"
    assert {s["version"] for s in by_type(result, "sentence_missing")} == {"Wire A", "Outlet B"}
    statuses = sorted(p["status"] for p in result["quote_pairs"])
    assert statuses == ["altered", "reworded"]  # the "as long as" / "for as long as" quote is noise


def test_lavrov_pair_translates_every_russian_sentence_and_quote_from_memory(client):
    body = sample("lavrov-kim-en-ru.json")
    tmx = (SAMPLES / body["translation_memory"]).read_bytes()
    assert client.post("/api/translation-memory", data=tmx, content_type="application/x-tmx+xml").status_code == 200
    result = client.post("/api/comparisons", json=body).get_json()
    russian = result["versions"][1]
    assert russian["language"] == "ru"
    assert {s["translation_origin"] for s in russian["sentences"]} == {"memory"}
    assert russian["quotes"] and {q["translation_origin"] for q in russian["quotes"]} == {"memory"}
    assert all(q["translation"] and q["translation"] != q["text"] for q in russian["quotes"])
    (altered,) = by_type(result, "quote_altered")
    assert altered["version"] == "Agency (RU)" and "firm" in altered["evidence"]["dropped"]
    assert altered["text"] == "принципиальную поддержку"
    reworded = [p for p in result["quote_pairs"] if "display" in " ".join(w for _, w in p["diff"])]
    assert reworded and reworded[0]["status"] == "reworded"
    (scare,) = by_type(result, "scare_quote")
    assert scare["text"] == "liberation" and scare["version"] == "Report (EN)"
    # Лавров and Lavrov are one speaker: no speaker change is reported between them.
    assert not [s for s in by_type(result, "attribution_changed") if "Лавров" in s["detail"]]
    missing_from_russian = [s for s in by_type(result, "sentence_missing") if s["version"] == "Report (EN)"]
    assert any("25,000" in s["text"] for s in missing_from_russian)
