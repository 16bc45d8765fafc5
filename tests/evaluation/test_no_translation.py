"""Comparison across languages with nothing to translate: the encoder and the anchors alone.

Every set of tests/data/eval with a non-English version is compared with its translation
memory withheld and no translation package installed, so every non-English sentence is
untranslated; then the blind cross-language sets of tests/data/eval/crosslingual (dev and
test halves, labelled from a brief by a session that had not read the code) the same way.
Prints alignment strict F1, quote-pair F1 and signal recall (run with -s); fails below the
floors of the issue on the main sets (alignment 0.90, quote pairs 0.85) and below the floors
recorded for the blind halves.

With the memory present, tests/evaluation/test_articles.py keeps its own alignment threshold.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from support.apps import app_in
from support.evaluation import EVAL_FOLDER, Scores, eval_sets, load, score_quote_pairs, score_set

FLOORS = {"alignment_f1": 0.90, "quote_pair_f1": 0.85}
#: the blind halves, a little under what was measured (issue 13's note): dev was studied
#: (alignment 0.891 at its first score, 0.979 after), test only scored (0.867 first, 0.896 second;
#: quote pairs 0.903 both times); only 01-16 have gold quote pairs
BLIND_FLOORS = {"dev": {"alignment_f1": 0.95, "quote_pair_f1": 0.90},
                "test": {"alignment_f1": 0.85, "quote_pair_f1": 0.85}}


def _cross_language(path: Path) -> bool:
    data = load(path)
    return len({v["language"] for v in data["versions"]}) > 1


def _score(paths: list[Path], folder: Path) -> Scores:
    client = app_in(folder).test_client()
    scores = Scores()
    for path in paths:
        data = load(path)
        body = {k: data[k] for k in ("title", "target_language", "versions")}
        response = client.post("/api/comparisons", json=body)
        assert response.status_code == 201, (path.name, response.get_json())
        result = response.get_json()
        non_english = [v for v in result["versions"] if v["language"] != data["target_language"]]
        # nothing may pass untranslated text off as a translation
        assert all(s["translation"] is None and s["translation_origin"] == "none"
                   for v in non_english for s in v["sentences"]), path.name
        assert all(result["summary"]["untranslated"][v["label"]] == len(v["sentences"]) for v in non_english)
        score_set(path.stem, data["gold"], result, scores)
        score_quote_pairs(path.stem, data["gold"], result, scores)
    return scores


@pytest.fixture(scope="module")
def main_sets(tmp_path_factory) -> Scores:
    scores = _score([p for p in eval_sets() if _cross_language(p)], tmp_path_factory.mktemp("untranslated"))
    print("\nno translation, main sets (memory withheld):\n" + scores.report())
    return scores


def _blind(half: str) -> list[Path]:
    return sorted((EVAL_FOLDER / "crosslingual" / half).glob("*.json"))


@pytest.fixture(scope="module", params=["dev", "test"])
def blind(request, tmp_path_factory) -> tuple[str, Scores]:
    paths = _blind(request.param)
    assert paths, f"no blind {request.param} sets"
    scores = _score(paths, tmp_path_factory.mktemp(f"blind-{request.param}"))
    print(f"\nno translation, blind {request.param} half ({len(paths)} sets):\n" + scores.report())
    return request.param, scores


def test_main_sets_cover_every_non_english_set():
    assert len([p for p in eval_sets() if _cross_language(p)]) >= 10


def test_alignment_without_translation(main_sets):
    assert main_sets.alignment.f1 >= FLOORS["alignment_f1"], "\n".join(main_sets.alignment.misses)


def test_quote_pairs_without_translation(main_sets):
    assert main_sets.quote_pairs.gold, "the main sets have no gold quote pairs"
    assert main_sets.quote_pairs.f1 >= FLOORS["quote_pair_f1"], "\n".join(main_sets.quote_pairs.misses)


def test_blind_halves_without_translation(blind):
    half, scores = blind
    floors = BLIND_FLOORS[half]
    # the test half is only scored: its failures name no set (the dev half's misses are for study)
    why = (lambda misses: scores.report()) if half == "test" else (lambda misses: "\n".join(misses))
    assert scores.alignment.f1 >= floors["alignment_f1"], why(scores.alignment.misses)
    assert scores.quote_pairs.f1 >= floors["quote_pair_f1"], why(scores.quote_pairs.misses)
