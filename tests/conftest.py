"""Shared fixtures: ``make_app`` and the app, client and storage built with it; tiny Argos
packages and a package manager holding two of them; small story pairs.

``make_app(**overrides)`` is the one way a test builds an app: each call gets a fresh
folder under the test's ``tmp_path`` holding its database, packages and package index
(see tests/support/apps.py), with ``overrides`` applied on top.
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from support.apps import app_in

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def make_app(tmp_path):
    """``make_app(**overrides)``: an app in a fresh folder of ``tmp_path`` (``app``, ``app-1``, ...)."""
    numbers = itertools.count()

    def make(**overrides):
        number = next(numbers)
        return app_in(tmp_path / ("app" if number == 0 else f"app-{number}"), **overrides)

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def storage(app):
    return app.extensions["compare"].storage


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


REFERENCE = (
    "The minister arrived in the capital on Friday for a three-day visit. "
    "“We will always stand by our friends in firm and principled support,” the minister said.\n\n"
    "Officials said 12 people were injured in the clashes. "
    "The talks ended with a joint statement on trade."
)
OTHER = (
    "The minister arrived in the capital on Friday for a three-day visit. "
    "“We stand by our friends in principled support,” the minister said.\n\n"
    "Officials said 15 people were injured in the clashes. "
    "Protesters gathered outside the parliament building."
)


@pytest.fixture
def english_pair() -> dict:
    return {
        "title": "Minister's visit",
        "versions": [
            {"label": "Wire", "language": "en", "text": REFERENCE},
            {"label": "Outlet", "language": "en", "text": OTHER},
        ],
    }


# -- translation packages: built offline once per session (tests/support/argos_package.py) --
@pytest.fixture(scope="session")
def package_files(tmp_path_factory):
    from support.argos_package import build_argos_package

    folder = tmp_path_factory.mktemp("argosmodels")
    return {
        ("ru", "en"): build_argos_package(folder, "ru", "en", seed=1),
        ("en", "de"): build_argos_package(folder, "en", "de", seed=2),
        ("ko", "en"): build_argos_package(folder, "ko", "en", seed=3, target_prefix="__en__"),
    }


@pytest.fixture
def package_manager(tmp_path, package_files):
    """A package manager in ``tmp_path`` with ru-en and en-de installed (ru-de by pivot)."""
    from service.translation.packages import PackageManager

    manager = PackageManager(tmp_path / "packages", str(tmp_path / "index.json"))
    manager.install_file(package_files[("ru", "en")])
    manager.install_file(package_files[("en", "de")])
    return manager


# -- the real database and broker engines (throwaway servers) ------------------------------
@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server for the session (skipped where PostgreSQL is not
    installed: ``make test`` installs it)."""
    from support.engines import postgres_bin, postgres_server as start

    if postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed (make test installs it with apt-get)")
    with start() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty database on the session's PostgreSQL server."""
    return postgres_server.database()


@pytest.fixture
def redis_server(tmp_path):
    from support.engines import redis_bin, start_redis

    if redis_bin() is None:
        pytest.skip("Redis is not installed (make test installs it with apt-get)")
    server = start_redis(tmp_path)
    yield server
    server.stop()
