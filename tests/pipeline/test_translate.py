"""Translating a comparison's versions (service/pipeline/translate.py): one machine batch
per language for the whole comparison, each distinct sentence once."""
from __future__ import annotations

from service.model import ComparisonRequest, VersionInput
from service.pipeline.compare import compare
from service.storage import Storage
from service.translation.argos import ArgosTranslator
from service.translation.engine import TranslationEngine
from support.translation import RU, CountingMachine


def test_one_machine_batch_per_language_for_the_whole_comparison(tmp_path, package_manager):
    machine = CountingMachine(ArgosTranslator(package_manager))
    engine = TranslationEngine(Storage(tmp_path / "db.sqlite3"), machine)
    request = ComparisonRequest((
        VersionInput("EN", "The minister arrived in the capital.", "en"),
        VersionInput("RU1", " ".join(RU[:2]), "ru"),
        VersionInput("RU2", " ".join(RU[1:]), "ru"),
    ), "en")
    compare(request, engine)
    assert len(machine.calls) == 1 and sorted(machine.calls[0]) == sorted(RU)  # RU[1] once, not twice
