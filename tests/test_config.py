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
