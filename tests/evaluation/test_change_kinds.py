"""The change-kind evaluation: does the comparison catch one-word changes of meaning and
name their kind, and forgive literal translation? Run through the whole API.

The labelled pairs of ``tests/data/eval/changes`` (written blind, split by their writer
into a dev half that may be studied and a test half that is only scored) are compared one
by one: each pair's two sides become the two versions of a comparison, a non-English
side's English translation is given as translation memory. A quote pair is read from
``quote_pairs`` (altered or not, and its changes); a sentence pair from the
``claim_changed`` and ``number_mismatch`` signals between the two sentences.

Printed, for each set: the share of changed pairs the comparison flags (meaning-change
recall), the share of equivalent pairs it flags (false alarms), and per-kind recall (a
gold kind counts when the comparison names it for that pair). ``dev2`` and ``dev3`` are
further study sets written blind by other writers.

The issue asks for recall 0.95 and false alarms 0.10 on the test half (``TARGETS``); the
comparison does not reach them yet (see the README's figures), so the test half is held
to ``FLOORS``, just under what it measures today: a regression guard, not the target.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support.apps import app_in

FOLDER = Path(__file__).resolve().parent.parent / "data" / "eval" / "changes"
TARGETS = {"recall": 0.95, "false_alarms": 0.10}
FLOORS = {"recall": 0.90, "false_alarms": 0.25}
STUDY_SETS = tuple(sorted(p.stem for p in FOLDER.glob("dev*.json")))
#: held-out halves, only scored: ``test`` (held to FLOORS) and later writers' ``test2``…
HELD_OUT = tuple(sorted(p.stem for p in FOLDER.glob("test*.json")))
MEANING = ("negation", "modality", "time", "antonym", "qualifier", "actor", "quantity")


@dataclass
class Tally:
    changed: int = 0
    caught: int = 0
    equivalent: int = 0
    false_alarms: int = 0
    kinds: Counter = field(default_factory=Counter)
    kinds_named: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.changed if self.changed else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.equivalent if self.equivalent else 0.0

    def report(self, name: str) -> str:
        kinds = ", ".join(f"{k} {self.kinds_named[k]}/{self.kinds[k]} ({self.kinds_named[k] / self.kinds[k]:.2f})"
                          for k in MEANING if self.kinds[k])
        return (f"{name}: meaning-change recall {self.recall:.3f} ({self.caught}/{self.changed}), "
                f"false alarms on equivalents {self.false_alarm_rate:.3f} ({self.false_alarms}/{self.equivalent})\n"
                f"  per-kind recall: {kinds}")


def _memory(pairs: list[dict]) -> dict:
    entries = []
    for pair in pairs:
        for side in (pair["reference"], pair["other"]):
            if side["language"] != "en":
                entries.append({"source_language": side["language"], "target_language": "en",
                                "source": side["text"], "target": side["translation"]})
    return {"entries": entries}


def _judged(client, pair: dict) -> tuple[bool, set[str]]:
    """(flagged as changed, the meaning kinds named) for one labelled pair."""
    body = {"target_language": "en", "versions": [
        {"label": "reference", "language": pair["reference"]["language"], "text": pair["reference"]["text"]},
        {"label": "other", "language": pair["other"]["language"], "text": pair["other"]["text"]}]}
    response = client.post("/api/comparisons", json=body)
    assert response.status_code == 201, (pair["id"], response.get_json())
    result = response.get_json()
    if pair["unit"] == "quote":
        pairs = result["quote_pairs"]
        if not pairs:  # the quotes were not even paired: each is reported missing
            return any(s["type"] == "quote_missing" for s in result["signals"]), set()
        return pairs[0]["status"] == "altered", {c["kind"] for c in pairs[0]["changes"]} & set(MEANING)
    kinds = set()
    flagged = False
    for signal in result["signals"]:
        if signal["type"] == "claim_changed":
            flagged = True
            kinds |= {c["kind"] for c in signal["evidence"]["changes"]}
        elif signal["type"] == "number_mismatch":
            flagged = True
            kinds.add("quantity")
    return flagged, kinds & set(MEANING)


def evaluate(folder: Path, half: str) -> Tally:
    pairs = json.loads((FOLDER / f"{half}.json").read_text(encoding="utf-8"))["pairs"]
    client = app_in(folder / half).test_client()
    assert client.post("/api/translation-memory", json=_memory(pairs)).status_code == 200
    tally = Tally()
    for pair in pairs:
        flagged, kinds = _judged(client, pair)
        if pair["label"] == "changed":
            tally.changed += 1
            tally.caught += flagged
            for change in pair["changes"]:
                tally.kinds[change["kind"]] += 1
                tally.kinds_named[change["kind"]] += change["kind"] in kinds
            if not flagged and half not in HELD_OUT:
                tally.misses.append(f"missed {pair['id']} ({pair['languages']}, {pair['unit']})")
        else:
            tally.equivalent += 1
            tally.false_alarms += flagged
            if flagged and half not in HELD_OUT:
                tally.misses.append(f"false alarm {pair['id']} ({pair['languages']}, {pair['unit']}): {sorted(kinds)}")
    return tally


@pytest.fixture(scope="module")
def tallies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("changes")
    found = {half: evaluate(folder, half) for half in (*STUDY_SETS, *HELD_OUT)}
    print()
    for half, tally in found.items():
        print(tally.report(half))
    for half in STUDY_SETS:
        print(f"{half}, for study:\n  " + "\n  ".join(found[half].misses))
    return found


def test_the_set_is_large_and_balanced_enough():
    pairs = [p for half in ("dev", "test") for p in json.loads((FOLDER / f"{half}.json").read_text())["pairs"]]
    assert len(pairs) >= 150
    assert sum(p["label"] == "equivalent" for p in pairs) >= len(pairs) / 3
    assert {p["languages"] for p in pairs} >= {"en/en", "ru/en", "ko/en", "zh/en", "ja/en", "de/en", "fr/en"}


# The test half is only scored: its failures name no pair (the study sets' misses are printed
# for study).
def test_meaning_changes_are_caught_on_the_test_half(tallies):
    assert tallies["test"].recall >= FLOORS["recall"], tallies["test"].report("test")


def test_literal_translations_are_not_flagged_on_the_test_half(tallies):
    assert tallies["test"].false_alarm_rate <= FLOORS["false_alarms"], tallies["test"].report("test")
