"""The translation engine (service/translation/engine.py): one output per input in order,
memory before cache before machine, each distinct segment sent to the machine once, and
the 422 with the install command for a pair nothing can translate."""
from __future__ import annotations

import pytest

from service.errors import ServiceError
from service.model import Translation
from service.storage import MemoryEntry, Storage
from service.translation.argos import ArgosTranslator
from service.translation.engine import TranslationEngine
from support.translation import RU, CountingMachine


def test_one_output_per_input_in_order_and_machine_sees_each_distinct_segment_once(tmp_path, package_manager):
    machine = CountingMachine(ArgosTranslator(package_manager))
    engine = TranslationEngine(Storage(tmp_path / "db.sqlite3"), machine)
    segments = [RU[0], RU[1], RU[0], "  " + RU[1] + "\n", RU[2]]
    first = engine.translate(segments, "ru", "en")
    assert len(first) == 5 and all(isinstance(t, Translation) for t in first)
    assert [t.origin for t in first] == ["argos"] * 5
    assert first[0] == first[2] and first[1] == first[3]
    assert machine.calls == [RU]  # one batch, each distinct segment once
    assert first[0].package == "translate-ru_en@1.0"

    second = engine.translate(segments, "ru", "en")
    assert machine.calls == [RU]  # not called again
    assert [t.origin for t in second] == ["cache"] * 5
    assert [t.text for t in second] == [t.text for t in first]


def test_memory_beats_cache_beats_machine(tmp_path, package_manager):
    storage = Storage(tmp_path / "db.sqlite3")
    machine = CountingMachine(ArgosTranslator(package_manager))
    engine = TranslationEngine(storage, machine)
    engine.translate([RU[0]], "ru", "en")  # now cached
    storage.import_memory([MemoryEntry("ru", "en", RU[1], "The talks lasted three hours.")])
    result = engine.translate([RU[1], RU[0], RU[2]], "ru", "en")
    assert [t.origin for t in result] == ["memory", "cache", "argos"]
    assert result[0].text == "The talks lasted three hours."
    assert machine.calls == [[RU[0]], [RU[2]]]
    assert [t.origin for t in engine.translate(["Hello."], "en", "en")] == ["identity"]


def test_missing_pair_is_the_422_with_the_install_command(package_manager):
    engine = TranslationEngine(None, ArgosTranslator(package_manager))
    with pytest.raises(ServiceError) as caught:
        engine.translate(["안녕하세요."], "ko", "en")
    error = caught.value
    assert error.status == 422 and error.code == "translation_unavailable"
    assert error.hint.startswith("python -m service models install ko en")
