"""The one way the suite builds an app: ``create_app`` with everything in a temporary folder.

The database, the installed translation packages and the package index always point
inside ``folder`` (the index at a file that does not exist), so no test reads what
``make run`` installed under ``./data`` or reaches the network for the Argos index;
``overrides`` are applied on top. The ``make_app`` fixture of tests/conftest.py calls
this for function-scoped apps; module- and session-scoped apps (evaluation, fuzzing, the
browser) call it with a folder of ``tmp_path_factory``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from service import create_app


def app_settings(folder: Path, **overrides: Any) -> dict[str, Any]:
    """The settings ``app_in`` passes to ``create_app``."""
    folder = Path(folder)
    return {"database": folder / "db.sqlite3", "packages_dir": folder / "packages",
            "package_index": str(folder / "no-index.json"), **overrides}


def app_in(folder: Path, **overrides: Any) -> Flask:
    """An app whose database, packages folder and package index are all in ``folder``."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    return create_app(app_settings(folder, **overrides))
