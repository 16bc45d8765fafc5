"""Settings: defaults, then COMPARE_* environment, then overrides; all documented in the README."""
from __future__ import annotations

from pathlib import Path

import pytest

from service import create_app
from service.config import Settings, describe

README = Path(__file__).resolve().parent.parent / "README.md"


def test_layers_override_in_order():
    env = {"COMPARE_PORT": "9000", "COMPARE_TARGET_LANGUAGE": "de", "UNRELATED": "x"}
    settings = Settings.load({"port": 9100}, environ=env)
    assert settings.port == 9100  # override beats environment
    assert settings.target_language == "de"  # environment beats default
    assert settings.max_version_chars == 100_000  # default
    assert isinstance(Settings.load(environ={"COMPARE_DATABASE": "/tmp/x.db"}).database, Path)


def test_bad_values_are_refused_with_the_variable_name():
    with pytest.raises(ValueError, match="COMPARE_PORT"):
        Settings.load(environ={"COMPARE_PORT": "eighty"})
    with pytest.raises(ValueError, match="unknown setting"):
        Settings.load({"no_such_setting": 1}, environ={})


def test_create_app_reads_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPARE_DATABASE", str(tmp_path / "env.sqlite3"))
    monkeypatch.setenv("COMPARE_MAX_VERSIONS", "3")
    app = create_app()
    services = app.extensions["compare"]
    assert services.storage.path == tmp_path / "env.sqlite3"
    assert services.settings.max_versions == 3


def test_pairs_parse():
    assert Settings.load({"models": "ru-en  KO-en"}, environ={}).pairs() == [("ru", "en"), ("ko", "en")]


def test_readme_documents_every_setting():
    readme = README.read_text(encoding="utf-8")
    for env_name, default, _ in describe():
        assert f"`{env_name}`" in readme, f"{env_name} is not in the README's settings table"


def test_test_apps_keep_everything_in_their_own_folder(make_app, tmp_path, monkeypatch):
    """The suite's make_app (tests/support/apps.py) never reads ./data or the network index,
    whatever the environment says; overrides still apply on top."""
    monkeypatch.setenv("COMPARE_PACKAGES_DIR", "data/argos-packages")
    monkeypatch.setenv("COMPARE_PACKAGE_INDEX", "https://example.invalid/index.json")
    first, second = make_app(), make_app(max_versions=3)
    for app in (first, second):
        settings = app.extensions["compare"].settings
        folder = settings.database.parent
        assert folder.parent == tmp_path and settings.packages_dir.parent == folder
        assert Path(settings.package_index).parent == folder and not Path(settings.package_index).exists()
    assert first.extensions["compare"].settings.database != second.extensions["compare"].settings.database
    assert second.extensions["compare"].settings.max_versions == 3
