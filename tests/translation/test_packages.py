"""Argos packages on disk (service/translation/packages.py): install from a file or by pair
from an index (a local index.json here), list, remove, and ``ensure`` reporting what is missing.

The packages are the tiny ones tests/support/argos_package.py builds (the session fixture
``package_files`` of tests/conftest.py)."""
from __future__ import annotations

import json

import pytest

from service.translation.packages import PackageError, PackageManager, ensure


def test_install_from_file_and_list(package_manager, package_files):
    manager = package_manager
    assert [p.pair for p in manager.installed()] == ["en-de", "ru-en"]
    assert manager.installed()[1].version == "1.0"
    info = manager.install_file(package_files[("ru", "en")])  # reinstalling replaces
    assert info.pair == "ru-en" and len(manager.installed()) == 2
    assert manager.remove("en", "de") and [p.pair for p in manager.installed()] == ["ru-en"]
    assert not manager.remove("en", "de")


def test_install_file_refuses_what_is_not_a_package(tmp_path, package_manager):
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(PackageError, match="not a zip"):
        package_manager.install_file(bogus)


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


def test_seed_copies_only_the_pairs_not_installed_and_keeps_the_installed_ones(tmp_path, package_manager, package_files):
    """The image's baked packages fill a /models volume at start; what the volume holds wins."""
    baked = PackageManager(tmp_path / "baked", str(tmp_path / "index.json"))
    baked.install_file(package_files[("ru", "en")])
    baked.install_file(package_files[("ko", "en")])
    kept = next(p for p in package_manager.installed() if p.pair == "ru-en")
    (kept.path / "marker").write_text("installed by hand")

    copied = package_manager.seed_from(baked.packages_dir)

    assert [p.pair for p in copied] == ["ko-en"]
    assert [p.pair for p in package_manager.installed()] == ["en-de", "ko-en", "ru-en"]
    assert (kept.path / "marker").read_text() == "installed by hand"
    assert package_manager.installed()[1].target_prefix == "__en__"
    assert not [f for f in package_manager.packages_dir.iterdir() if f.name.startswith(".")]
    assert package_manager.seed_from(baked.packages_dir) == []  # a second start copies nothing
    assert package_manager.seed_from(tmp_path / "no-such-folder") == []
