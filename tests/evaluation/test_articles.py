"""The labelled evaluation set: quotes, speakers, alignment and signals against gold.

Prints the figures (run with -s to see them) and fails below the thresholds of the
comparison-engine issue. Translations come from each set's TMX (human), so the scores
measure the engine, not a translation model.
"""
from __future__ import annotations

import pytest

from support.apps import app_in
from support.evaluation import Scores, eval_sets, load, score_set

THRESHOLDS = {"quote_f1": 0.95, "speaker_accuracy": 0.90, "alignment_f1": 0.95,
              "signal_recall": 0.90, "signal_precision": 0.80}


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> Scores:
    client = app_in(tmp_path_factory.mktemp("eval")).test_client()
    scores = Scores()
    for path in eval_sets():
        data = load(path)
        if data.get("translation_memory"):
            tmx = (path.parent / data["translation_memory"]).read_bytes()
            response = client.post("/api/translation-memory", data=tmx, content_type="application/x-tmx+xml")
            assert response.status_code == 200, response.get_json()
        body = {k: data[k] for k in ("title", "target_language", "versions")}
        response = client.post("/api/comparisons", json=body)
        assert response.status_code == 201, (path.name, response.get_json())
        score_set(path.stem, data["gold"], response.get_json(), scores)
    print("\n" + scores.report())
    return scores


def test_there_are_enough_sets():
    assert len(eval_sets()) >= 12


def test_quotes(scores):
    assert scores.quotes.f1 >= THRESHOLDS["quote_f1"], "\n".join(scores.quotes.misses)


def test_speakers(scores):
    assert scores.speakers.recall >= THRESHOLDS["speaker_accuracy"], "\n".join(scores.speakers.misses)


def test_alignment(scores):
    assert scores.alignment.f1 >= THRESHOLDS["alignment_f1"], "\n".join(scores.alignment.misses)


def test_signals(scores):
    assert scores.signals.recall >= THRESHOLDS["signal_recall"], "\n".join(scores.signals.misses)
    assert scores.signals.precision >= THRESHOLDS["signal_precision"], "\n".join(scores.signals.misses)
