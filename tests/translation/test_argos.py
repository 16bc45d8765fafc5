"""The machine translator (service/translation/argos.py) on tiny generated Argos packages and
real CTranslate2: routes and pivots through English, target prefixes, lazy loading with
least-recently-used unloading, one translator shared by threads.

The packages' output is gibberish (random weights), so these tests assert plumbing:
order, counts, origins, routes, loading."""
from __future__ import annotations

import threading

from service.translation.argos import ArgosTranslator
from service.translation.engine import TranslationEngine
from service.translation.packages import PackageManager
from support.translation import RU


def test_pivot_through_english(package_manager):
    machine = ArgosTranslator(package_manager)
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


def test_models_load_lazily_and_least_recently_used_is_unloaded(package_manager):
    machine = ArgosTranslator(package_manager, max_loaded=1)
    assert machine.loaded_pairs == []
    machine.translate(["Министр."], "ru", "en")
    assert machine.loaded_pairs == [("ru", "en")]
    machine.translate(["The minister."], "en", "de")
    assert machine.loaded_pairs == [("en", "de")]


def test_shared_across_threads(package_manager):
    machine = ArgosTranslator(package_manager)
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


def test_the_device_setting_reaches_ctranslate2(make_app, package_manager, monkeypatch):
    """COMPARE_DEVICE=cuda is for GPU workers; this machine has none, so the boundary (the
    ctranslate2.Translator constructor) is watched, and the real CPU path still translates."""
    import ctranslate2

    app = make_app(device="cuda")
    assert app.extensions["compare"].engine.machine.device == "cuda"
    seen = []
    real = ctranslate2.Translator

    def watched(path, device="cpu", **options):
        seen.append(device)
        return real(path, device="cpu", **options)  # no GPU here: load it on the CPU

    monkeypatch.setattr(ctranslate2, "Translator", watched)
    machine = ArgosTranslator(package_manager, device="cuda")
    assert machine.translate([RU[0]], "ru", "en")[0].text
    assert seen == ["cuda"]
    assert ArgosTranslator(package_manager).device == "cpu"  # the default
