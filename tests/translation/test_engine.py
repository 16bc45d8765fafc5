"""Offline translation through the real path: tiny generated Argos packages, CTranslate2, the engine.

The packages are built at test time (tests/support/argos_package.py) and their output is
gibberish, so these tests assert plumbing: order, counts, origins, caching, pivots, loading.
Meaning is covered by the translation memory tests.
"""
from __future__ import annotations

import json
import threading

import pytest

from service import create_app
from service.model import Translation
from service.translation.argos import ArgosTranslator
from service.translation.engine import TranslationEngine
from service.translation.packages import PackageError, PackageManager, ensure
from service.storage import MemoryEntry, Storage
from support.argos_package import build_argos_package

RU = ["Министр прибыл в столицу.", "Переговоры продолжались три часа.", "Стороны подписали заявление."]


@pytest.fixture(scope="session")
def package_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("argosmodels")
    return {
        ("ru", "en"): build_argos_package(folder, "ru", "en", seed=1),
        ("en", "de"): build_argos_package(folder, "en", "de", seed=2),
        ("ko", "en"): build_argos_package(folder, "ko", "en", seed=3, target_prefix="__en__"),
    }


@pytest.fixture
def manager(tmp_path, package_files):
    manager = PackageManager(tmp_path / "packages", str(tmp_path / "index.json"))
    manager.install_file(package_files[("ru", "en")])
    manager.install_file(package_files[("en", "de")])
    return manager


class CountingMachine:
    """Wraps the real ArgosTranslator and records what reaches the machine."""

    def __init__(self, inner: ArgosTranslator):
        self.inner = inner
        self.calls: list[list[str]] = []

    def can_translate(self, source, target):
        return self.inner.can_translate(source, target)

    def route(self, source, target):
        return self.inner.route(source, target)

    def translate(self, segments, source, target):
        self.calls.append(list(segments))
        return self.inner.translate(segments, source, target)


def test_install_from_file_and_list(manager, package_files):
    assert [p.pair for p in manager.installed()] == ["en-de", "ru-en"]
    assert manager.installed()[1].version == "1.0"
    info = manager.install_file(package_files[("ru", "en")])  # reinstalling replaces
    assert info.pair == "ru-en" and len(manager.installed()) == 2
    assert manager.remove("en", "de") and [p.pair for p in manager.installed()] == ["ru-en"]
    assert not manager.remove("en", "de")


def test_install_file_refuses_what_is_not_a_package(tmp_path, manager):
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(PackageError, match="not a zip"):
        manager.install_file(bogus)


def test_index_from_a_local_file_and_install_by_pair(tmp_path, package_files):
    index = tmp_path / "mirror" / "index.json"
    index.parent.mkdir()
    index.write_text(json.dumps([
        {"type": "translate", "from_code": "ko", "to_code": "en", "package_version": "1.0",
         "links": [str(package_files[("ko", "en")])]},
        {"type": "translate", "from_code": "de", "to_code": "en", "package_version": "1.1",
         "links": [str(tmp_path / "gone.argosmodel")]},
    ]))
    manager = PackageManager(tmp_path / "packages", str(index))
    assert [(p.pair, p.version) for p in manager.available()] == [("de-en", "1.1"), ("ko-en", "1.0")]
    assert manager.install("ko", "en").target_prefix == "__en__"
    lines = ensure(manager, [("ko", "en"), ("de", "en"), ("fr", "en")])
    assert lines[0] == "ko-en: installed"
    assert "de-en: MISSING" in lines[1] and "cannot read the package" in lines[1]
    assert "fr-en: MISSING" in lines[2] and "python -m service models install fr en" in lines[2]


def test_one_output_per_input_in_order_and_machine_sees_each_distinct_segment_once(tmp_path, manager):
    machine = CountingMachine(ArgosTranslator(manager))
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


def test_memory_beats_cache_beats_machine(tmp_path, manager):
    storage = Storage(tmp_path / "db.sqlite3")
    machine = CountingMachine(ArgosTranslator(manager))
    engine = TranslationEngine(storage, machine)
    engine.translate([RU[0]], "ru", "en")  # now cached
    storage.import_memory([MemoryEntry("ru", "en", RU[1], "The talks lasted three hours.")])
    result = engine.translate([RU[1], RU[0], RU[2]], "ru", "en")
    assert [t.origin for t in result] == ["memory", "cache", "argos"]
    assert result[0].text == "The talks lasted three hours."
    assert machine.calls == [[RU[0]], [RU[2]]]
    assert [t.origin for t in engine.translate(["Hello."], "en", "en")] == ["identity"]


def test_pivot_through_english(tmp_path, manager):
    machine = ArgosTranslator(manager)
    assert machine.can_translate("ru", "de") and not machine.can_translate("de", "ru")
    assert machine.route("ru", "de") == ("translate-ru_en+translate-en_de", "1.0+1.0")
    out = TranslationEngine(None, machine).translate(RU, "ru", "de")
    assert len(out) == 3 and all(t.origin == "argos" for t in out)
    assert out[0].package == "translate-ru_en+translate-en_de@1.0+1.0"


def test_target_prefix_is_sent_and_stripped(tmp_path, package_files):
    manager = PackageManager(tmp_path / "packages", "")
    manager.install_file(package_files[("ko", "en")])
    machine = ArgosTranslator(manager)
    out = machine.translate(["회담은 원산에서 열렸다.", "양측은 성명을 발표했다."], "ko", "en")
    assert len(out) == 2
    assert all(not o.text.startswith("__en__") for o in out)


def test_missing_pair_is_the_422_with_the_install_command(tmp_path, manager):
    engine = TranslationEngine(None, ArgosTranslator(manager))
    with pytest.raises(Exception) as caught:
        engine.translate(["안녕하세요."], "ko", "en")
    error = caught.value
    assert error.status == 422 and error.hint.startswith("python -m service models install ko en")


def test_models_load_lazily_and_least_recently_used_is_unloaded(manager):
    machine = ArgosTranslator(manager, max_loaded=1)
    assert machine.loaded_pairs == []
    machine.translate(["Министр."], "ru", "en")
    assert machine.loaded_pairs == [("ru", "en")]
    machine.translate(["The minister."], "en", "de")
    assert machine.loaded_pairs == [("en", "de")]


def test_shared_across_threads(manager):
    machine = ArgosTranslator(manager)
    expected = [o.text for o in machine.translate(RU, "ru", "en")]
    results, errors = [], []

    def work():
        try:
            results.append([o.text for o in machine.translate(RU, "ru", "en")])
        except Exception as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == [expected] * 8


@pytest.fixture
def translating_client(tmp_path, package_files):
    app = create_app({"database": tmp_path / "db.sqlite3", "packages_dir": tmp_path / "packages"})
    packages = app.extensions["compare"].packages
    packages.install_file(package_files[("ru", "en")])
    packages.install_file(package_files[("en", "de")])
    return app.test_client()


def test_languages_lists_installed_pairs_and_pivots(translating_client):
    assert translating_client.get("/languages").get_json() == [
        {"code": "en", "name": "English", "targets": ["de"]},
        {"code": "ru", "name": "Russian", "targets": ["de", "en"]},
    ]
    assert translating_client.get("/healthz").get_json()["translation_pairs"] == ["en-de", "ru-de", "ru-en"]


def test_translate_endpoint_string_list_and_auto(translating_client):
    one = translating_client.post("/translate", json={"q": RU[0], "source": "ru", "target": "en"}).get_json()
    assert isinstance(one["translatedText"], str) and "detectedLanguage" not in one
    many = translating_client.post("/translate", json={"q": RU, "source": "auto", "target": "en"}).get_json()
    assert len(many["translatedText"]) == 3
    assert [d["language"] for d in many["detectedLanguage"]] == ["ru"] * 3
    assert all(0 < d["confidence"] <= 100 for d in many["detectedLanguage"])
    form = translating_client.post("/translate", data={"q": RU[0], "source": "ru", "target": "en"})
    assert form.get_json()["translatedText"] == one["translatedText"]
    missing = translating_client.post("/translate", json={"q": "Guten Tag.", "source": "de", "target": "en"})
    assert missing.status_code == 422 and "models install de en" in missing.get_json()["error"]["hint"]
    bad = translating_client.post("/translate", json={"q": 5, "source": "ru", "target": "en"})
    assert bad.status_code == 400


def test_translate_keeps_paragraph_spacing(translating_client):
    text = RU[0] + " " + RU[1] + "\n\n" + RU[2]
    out = translating_client.post("/translate", json={"q": text, "source": "ru", "target": "en"}).get_json()
    assert out["translatedText"].count("\n\n") == 1


@pytest.mark.parametrize(
    "text, language",
    [
        ("The minister arrived in the capital on Friday for talks on trade.", "en"),
        ("Министр прибыл в столицу в пятницу для переговоров о торговле.", "ru"),
        ("장관은 금요일에 무역 회담을 위해 수도에 도착했다.", "ko"),
        ("Der Minister traf am Freitag zu Gesprächen über den Handel in der Hauptstadt ein.", "de"),
    ],
)
def test_detect_endpoint(translating_client, text, language):
    found = translating_client.post("/detect", json={"q": text}).get_json()
    assert found[0]["language"] == language and found[0]["confidence"] > 80
    assert 1 <= len(found) <= 3


def test_detect_too_short_says_so(translating_client):
    response = translating_client.post("/detect", json={"q": "Da."})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "language_undetectable"


def test_comparison_uses_the_machine_then_the_cache(translating_client):
    body = {"versions": [{"language": "en", "text": "The minister arrived in the capital."},
                         {"language": "ru", "text": " ".join(RU)}]}
    first = translating_client.post("/api/comparisons", json=body).get_json()
    assert {s["translation_origin"] for s in first["versions"][1]["sentences"]} == {"argos"}
    second = translating_client.post("/api/comparisons", json=body).get_json()
    assert {s["translation_origin"] for s in second["versions"][1]["sentences"]} == {"cache"}


def test_one_machine_batch_per_language_for_the_whole_comparison(tmp_path, manager):
    from service.model import ComparisonRequest, VersionInput
    from service.pipeline.compare import compare

    machine = CountingMachine(ArgosTranslator(manager))
    engine = TranslationEngine(Storage(tmp_path / "db.sqlite3"), machine)
    request = ComparisonRequest((
        VersionInput("EN", "The minister arrived in the capital.", "en"),
        VersionInput("RU1", " ".join(RU[:2]), "ru"),
        VersionInput("RU2", " ".join(RU[1:]), "ru"),
    ), "en")
    compare(request, engine)
    assert len(machine.calls) == 1 and sorted(machine.calls[0]) == sorted(RU)  # RU[1] once, not twice


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
