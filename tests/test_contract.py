"""The typed contract: one definition of every limit and enumeration, used by the routes,
the OpenAPI document and the pages alike; stored results load back into the same records."""
from __future__ import annotations

import pytest

from conftest import OTHER, REFERENCE
from service.contract import COMPARISON, Limits, dump_comparison, load_comparison, request_models
from service.model import FURNITURE_KINDS, QUOTE_STATUSES, SIGNAL_CLASSES, SIGNAL_TYPES
from service.web.openapi import openapi_document
from service.web.present.labels import FURNITURE_LABELS, SIGNAL_LABELS, STATUS_LABELS
from support.http import assert_error


def test_every_signal_type_has_one_record_and_one_label():
    assert set(SIGNAL_CLASSES) == set(SIGNAL_TYPES) == set(SIGNAL_LABELS)
    assert set(QUOTE_STATUSES) <= set(STATUS_LABELS)
    assert set(FURNITURE_LABELS) == set(FURNITURE_KINDS)


def test_the_document_lists_each_evidence_record_and_the_types_once():
    schemas = openapi_document()["components"]["schemas"]
    for signal_type, record in SIGNAL_CLASSES.items():
        schema = schemas[record.__name__]
        assert schema["properties"]["type"]["const"] == signal_type
        assert schema["properties"]["evidence"]["$ref"].endswith("Evidence")


def test_a_stored_result_loads_back_into_the_same_records(client, storage, english_pair):
    created = client.post("/api/comparisons", json=english_pair).get_json()
    loaded = storage.get_comparison(created["id"])
    assert type(loaded.signals[0]).__name__ == SIGNAL_CLASSES[loaded.signals[0].type].__name__
    assert load_comparison(dump_comparison(loaded)) == loaded
    assert COMPARISON.dump_python(loaded, mode="json") == created


def test_limits_come_from_the_settings_for_the_routes_and_the_document(make_app):
    app = make_app(max_versions=3, max_label_chars=5)
    versions = [{"language": "en", "text": REFERENCE}] * 4
    response = app.test_client().post("/api/comparisons", json={"versions": versions})
    assert "at most 3 versions" in assert_error(response, 400)["message"]
    schemas = app.test_client().get("/openapi.json").get_json()["components"]["schemas"]
    assert schemas["ComparisonRequest"]["properties"]["versions"]["maxItems"] == 3
    label = schemas["VersionInput"]["properties"]["label"]
    assert {"type": "string", "maxLength": 5} in label["anyOf"]
    assert request_models(Limits(3, 100_000, 5, 300)) is request_models(Limits(3, 100_000, 5, 300))


@pytest.mark.parametrize("code", ["RU", "ru", " ru ", "ru-RU", "ru_RU"])
def test_languages_are_normalised_in_one_place_for_every_route(client, code):
    memory = {"entries": [{"source_language": code, "target_language": "EN", "source": "Да.", "target": "Yes."}]}
    assert client.post("/api/translation-memory", json=memory).status_code == 200
    listed = client.get(f"/api/translation-memory?source_language={code}&target_language=En").get_json()
    assert [(e["source_language"], e["target_language"]) for e in listed["entries"]] == [("ru", "en")]
    translated = client.post("/translate", json={"q": "Да.", "source": code, "target": "EN"}).get_json()
    assert translated == {"translatedText": "Yes."}
    body = {"target_language": "EN", "versions": [{"language": code, "text": "Да."}, {"language": "EN", "text": "Yes."}]}
    result = client.post("/api/comparisons", json=body).get_json()
    assert [v["language"] for v in result["versions"]] == ["ru", "en"] and result["target_language"] == "en"


def test_the_form_names_its_own_fields_from_the_error_location(client):
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    form = {"csrf_token": token, "text_0": REFERENCE, "language_0": "en", "text_2": OTHER, "language_2": "english"}
    page = client.post("/comparisons", data=form).get_data(as_text=True)
    assert "Version 3, language: unknown language code" in page  # the API says versions[1].language
