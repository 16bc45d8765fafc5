"""Shared fixtures: an app on a temporary database, its client, and small story pairs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from service import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def app(tmp_path):
    return create_app({"database": tmp_path / "db.sqlite3", "packages_dir": tmp_path / "packages",
                       "package_index": str(tmp_path / "no-index.json")})


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
