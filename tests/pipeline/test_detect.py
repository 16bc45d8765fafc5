"""Language detection (service/pipeline/detect.py): a version's language and its candidates,
and paragraphs written in another language than their version's."""
from __future__ import annotations


def test_paragraphs_in_another_language_are_reported(client):
    text = ("The minister arrived in the capital on Friday for talks with his counterpart.\n\n"
            "Министр прибыл в столицу в пятницу для переговоров со своим коллегой из соседней страны.\n\n"
            "The talks are expected to last two days and to end with a joint statement.")
    body = client.post("/api/comparisons", json={"versions": [{"language": "en", "text": text},
                                                               {"language": "en", "text": text}]}).get_json()
    (foreign,) = body["versions"][0]["foreign_paragraphs"]
    assert foreign["paragraph"] == 1 and foreign["language"] == "ru" and foreign["confidence"] > 0.9
    detected = client.post("/api/comparisons", json={"versions": [{"text": text}, {"text": text}]}).get_json()
    version = detected["versions"][0]
    assert version["language"] == "en" and version["language_detected"]
    assert version["language_candidates"][0]["language"] == "en" and len(version["language_candidates"]) <= 3
